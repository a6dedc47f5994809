"""Agencies' submissions: one YAML file or filled-in XLSX form per submission under ``units/``.

Each submission is read on its own; whatever is wrong with it (it does not parse, a value has
the wrong type or is negative, a check of the plan fails, the agency is not on the roster)
becomes a located problem and the submission is kept as *invalid*, so the status table can
list it while the others are consolidated.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..content import Content, FieldPath, format_path, load_content
from ..number_words import ValueProblem
from ..paths import check_input, input_problem
from ..pdfinput import PdfInputError, open_pdf, refuse_signed_active
from ..problems import Problem, Problems, Text
from ..vietnamese import MAX_NUMBER_CHARS, parse_date, parse_number
from .expressions import Expressions
from .plan import SUBMISSION_KEYS, LoadedPlan, Truong

YAML_SUFFIXES = (".yaml", ".yml")
XLSX_SUFFIX = ".xlsx"
_SO_HIEU = re.compile(r"^(?P<so>\d+)/(?P<ky_hieu>[A-ZĐ][A-Za-zĐđÀ-ỹ0-9&]*"
                      r"(?:-[A-ZĐ][A-Za-zĐđÀ-ỹ0-9&]*)+)$")


@dataclass
class Submission:
    """One file from ``units/``: its values when valid, its problems otherwise."""

    file: Path
    unit_code: str | None = None
    so_hieu: str | None = None
    ngay: dt.date | None = None
    ngay_nhan: dt.date | None = None
    nguoi_ky: str | None = None
    chuc_vu: str | None = None
    pdf: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)
    derived: dict[str, int | float | None] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    received_line: int | None = None  # where ngay_nhan is written, for a conflict's message

    @property
    def valid(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def number(self) -> int | None:
        match = _SO_HIEU.match(self.so_hieu or "")
        return int(match["so"]) if match else None

    @property
    def code(self) -> str | None:
        match = _SO_HIEU.match(self.so_hieu or "")
        return match["ky_hieu"] if match else None

    def numbers(self) -> dict[str, Any]:
        """What expressions and totals see: list fields count their items, absent numbers are
        0, and the formulas' values once derived."""
        out: dict[str, Any] = {}
        for name, value in self.values.items():
            out[name] = len(value) if isinstance(value, list) else value
        out.update(self.derived)
        return out

    def same_content(self, other: Submission) -> bool:
        return (self.values, self.so_hieu, self.ngay) == (other.values, other.so_hieu,
                                                          other.ngay)


def unit_files(loaded: LoadedPlan) -> list[Path]:
    folder = loaded.units_dir
    if not folder.is_dir():
        return []
    # not only regular files: a FIFO or a folder named like a submission is reported
    return sorted(p for p in folder.iterdir() if not p.name.startswith((".", "~"))
                  and p.suffix.lower() in (*YAML_SUFFIXES, XLSX_SUFFIX))


def read_submissions(loaded: LoadedPlan, expressions: Expressions) -> list[Submission]:
    return [read_submission(path, loaded, expressions) for path in unit_files(loaded)]


def read_submission(path: Path, loaded: LoadedPlan, expressions: Expressions) -> Submission:
    submission = Submission(path)
    try:
        check_input(path)  # a FIFO named *.xlsx would block the reader forever
        if path.suffix.lower() == XLSX_SUFFIX:
            from .forms import read_form

            content = read_form(path, loaded.plan)
        else:
            content = load_content(path)
    except Problems as exc:
        submission.problems.extend(exc.items)
        submission.unit_code = _code_of_name(path, loaded)
        return submission
    except Exception as exc:  # a hostile agency file makes that agency invalid, not the run
        submission.problems.append(Problem(path, Text(
            f"Không đọc được tệp của cơ quan ({type(exc).__name__}: {exc}).",
            f"Cannot read the agency's file ({type(exc).__name__}: {exc}).")))
        submission.unit_code = _code_of_name(path, loaded)
        return submission
    _Reader(submission, content, loaded).read()
    if submission.valid:
        submission.derived = expressions.derive(submission.numbers())
        numbers = submission.numbers()
        for check in expressions.failed_checks(numbers):
            submission.problems.append(_located(content, (check.truong,),
                                                expressions.check_message(check, numbers)))
    return submission


def _code_of_name(path: Path, loaded: LoadedPlan) -> str | None:
    """The agency a file that could not be read belongs to, by its name (``SGDDT.xlsx``, as
    ``vanban form`` names it): that agency is then *invalid*, not *missing*."""
    stem = path.stem.casefold()
    return next((u.ma for u in loaded.plan.don_vi if u.ma.casefold() == stem), None)


def _located(content: Content, path: FieldPath, message: Text,
             hint: Text | None = None) -> Problem:
    pos = content.position(path)
    return Problem(content.path, message, pos.line if pos else None,
                   pos.column if pos else None, format_path(path) or None, hint)


_KIND_NAMES = {
    "so": Text("một số nguyên không âm", "a whole number, not negative"),
    "ngay": Text("một ngày (15/12/2017)", "a date (15/12/2017)"),
    "chu": Text("một đoạn chữ", "text"),
    "danh_sach": Text("một danh sách (mỗi dòng bắt đầu bằng '- ')",
                      "a list (each line starting with '- ')"),
}


class _Reader:
    """Check one loaded submission against the plan, filling in ``submission``."""

    def __init__(self, submission: Submission, content: Content, loaded: LoadedPlan) -> None:
        self.s = submission
        self.content = content
        self.loaded = loaded
        self.plan = loaded.plan

    def problem(self, path: FieldPath, message: Text, hint: Text | None = None) -> None:
        self.s.problems.append(_located(self.content, path, message, hint))

    def read(self) -> None:
        data = self.content.data
        if not isinstance(data, dict):
            self.problem((), Text("Tệp số liệu phải là một nhóm trường (don_vi:, so_hieu:, …).",
                                  "A submission must be a group of fields (don_vi:, …)."))
            return
        self.read_header(data)
        declared = {f.ma: f for f in self.plan.truong}
        for name in data:
            if name not in declared and name not in SUBMISSION_KEYS:
                known = [*SUBMISSION_KEYS, *declared]
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
                self.problem((name,), Text(f"Trường '{name}' không có trong kế hoạch.",
                                           f"Field '{name}' is not in the plan."),
                             Text(f"Có phải ý bạn là '{close[0]}'?", f"Did you mean "
                                  f"'{close[0]}'?") if close else
                             Text("Các trường: " + ", ".join(known) + ".",
                                  "Fields: " + ", ".join(known) + "."))
        for item in self.plan.truong:
            self.s.values[item.ma] = self.value(item, data.get(item.ma))

    def read_header(self, data: dict[str, Any]) -> None:
        code = self.text("don_vi", data.get("don_vi"), required=True)
        if code is not None:
            unit = self.plan.unit(code)
            if unit is None:
                roster = [u.ma for u in self.plan.don_vi]
                names = {u.ten.casefold(): u.ma for u in self.plan.don_vi}
                close = difflib.get_close_matches(code, roster, n=1, cutoff=0.5)
                guess = names.get(code.casefold()) or (close[0] if close else None)
                self.problem(("don_vi",), Text(
                    f"Cơ quan «{code}» không có trong danh sách của kế hoạch.",
                    f"Agency '{code}' is not on the plan's roster."),
                    Text(f"Có phải ý bạn là '{guess}'?", f"Did you mean '{guess}'?") if guess
                    else Text("Dùng mã cơ quan trong plan.yaml (don_vi[].ma).",
                              "Use an agency code from plan.yaml (don_vi[].ma)."))
            self.s.unit_code = code
        so_hieu = self.text("so_hieu", data.get("so_hieu"), required=True)
        if so_hieu is not None and not _SO_HIEU.match(so_hieu):
            self.problem(("so_hieu",), Text(
                f"Số, ký hiệu «{so_hieu}» không đúng dạng.",
                f"Number and code '{so_hieu}' is not well formed."),
                Text("Viết số/ký hiệu, ví dụ: 245/ĐA-STC.", "Write number/code, e.g. "
                     "245/ĐA-STC."))
        else:
            self.s.so_hieu = so_hieu
        self.s.ngay = self.date("ngay", data.get("ngay"), required=True)
        self.s.ngay_nhan = self.date("ngay_nhan", data.get("ngay_nhan"), required=True)
        where = self.content.positions.get(("ngay_nhan",))
        self.s.received_line = where.line if where else None
        if self.s.ngay and self.s.ngay_nhan and self.s.ngay_nhan < self.s.ngay:
            self.problem(("ngay_nhan",), Text(
                "Ngày nhận trước ngày ban hành văn bản.",
                "The received date is before the document's date."))
        self.s.nguoi_ky = self.text("nguoi_ky", data.get("nguoi_ky"), required=True)
        self.s.chuc_vu = self.text("chuc_vu", data.get("chuc_vu"))
        pdf = self.text("tep_pdf", data.get("tep_pdf"))
        if pdf is not None:
            self.s.pdf = self.pdf_path(pdf)

    def pdf_path(self, name: str) -> Path | None:
        folder = self.loaded.units_dir.resolve()
        path = (folder / name).resolve()
        if not path.is_relative_to(folder) or path.suffix.lower() != ".pdf":
            self.problem(("tep_pdf",), Text(
                "Tệp PDF phải là tệp .pdf nằm trong thư mục units/.",
                "The PDF must be a .pdf file inside the units/ folder."))
            return None
        if not path.exists():
            self.problem(("tep_pdf",), Text(f"Không tìm thấy tệp PDF «{name}».",
                                            f"PDF file '{name}' not found."))
            return None
        why = input_problem(path)
        if why is not None:
            self.problem(("tep_pdf",), Text(f"Không dùng được tệp PDF «{name}»: {why.vi}.",
                                            f"Cannot use PDF file '{name}': {why.en}."))
            return None
        try:  # it goes into the dossier: it must open, with sane pages, no signed scripts
            refuse_signed_active(open_pdf(path))
        except PdfInputError as exc:
            self.problem(("tep_pdf",), Text(
                f"Tệp PDF «{name}» bị hỏng, có mật khẩu hoặc không dùng được: {exc.text.vi}",
                f"PDF file '{name}' is damaged, password-protected or unusable: "
                f"{exc.text.en}"),
                Text("Gửi lại tệp PDF không đặt mật khẩu.",
                     "Send the PDF again without a password."))
            return None
        return path

    def missing(self, name: str, label: str | None = None) -> None:
        self.problem((name,), Text(f"Thiếu trường bắt buộc '{name}'" +
                                   (f" ({label})." if label else "."),
                                   f"Required field '{name}' is missing."),
                     Text(f"Thêm dòng '{name}: …'.", f"Add a line '{name}: …'."))

    def wrong(self, name: str, kind: str, value: Any) -> None:
        want = _KIND_NAMES[kind]
        if len(str(value)) > 60:  # a message quotes what was typed, not a page of it
            value = str(value)[:57] + "…"
        self.problem((name,), Text(f"Sai kiểu dữ liệu: '{name}' cần {want.vi} (đang là "
                                   f"«{value}»).", f"Wrong type: '{name}' needs {want.en} "
                                   f"(got {value!r})."))

    def text(self, name: str, value: Any, *, required: bool = False) -> str | None:
        if value is None or value == "":
            if required:
                self.missing(name)
            return None
        if isinstance(value, bool | dict | list):
            self.wrong(name, "chu", value)
            return None
        return str(value).strip()

    def date(self, name: str, value: Any, *, required: bool = False) -> dt.date | None:
        if value is None or value == "":
            if required:
                self.missing(name)
            return None
        if not isinstance(value, str | dt.date):  # (a datetime is a date: parse_date takes it)
            self.wrong(name, "ngay", value)
            return None
        try:
            return parse_date(value)
        except ValueProblem as exc:
            self.problem((name,), Text(exc.message_vi, exc.message_en))
            return None

    def number(self, name: str, value: Any) -> int | None:
        try:
            number = parse_number(value)
        except ValueProblem as exc:
            if isinstance(value, str) and len(value) > MAX_NUMBER_CHARS:  # 5,000 digits …
                self.problem((name,), Text(exc.message_vi, exc.message_en))
            else:
                self.wrong(name, "so", value)
            return None
        if isinstance(number, Decimal):
            # YAML reads 1.200 as the decimal 1.2: the clerk most likely meant 1200.
            self.problem((name,), Text(f"'{name}' phải là số nguyên (đang là {value}).",
                                       f"'{name}' must be a whole number (got {value})."),
                         Text('Viết số không có dấu chấm (1200) hoặc trong ngoặc kép ("1.200").',
                              'Write the number without dots (1200) or in quotes ("1.200").'))
            return None
        if number < 0:
            self.problem((name,), Text(f"'{name}' không được là số âm (đang là {number}).",
                                       f"'{name}' must not be negative (got {number})."))
            return None
        return number

    def value(self, item: Truong, value: Any) -> Any:
        name = item.ma
        if value is None or value == "" or value == []:
            if item.required:
                self.missing(name, item.ten)
            return {"so": 0, "danh_sach": [], "chu": ""}.get(item.kieu)
        if item.kieu == "so":
            return self.number(name, value)
        if item.kieu == "ngay":
            return self.date(name, value)
        if item.kieu == "chu":
            return self.text(name, value) or ""
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.wrong(name, "danh_sach", value)
            return []
        return [str(v).strip() for v in value if str(v).strip()]


def iter_valid(submissions: list[Submission]) -> Iterator[Submission]:
    return (s for s in submissions if s.valid)

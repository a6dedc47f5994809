"""``vanban consolidate``: a plan folder → documents, workbook and dossiers, in a few steps.

    read the plan → read each submission → resolve who sent what → aggregate per scope
    → build the Documents → write the DOCX and the workbook → PDF → dossiers

Every output is written atomically. A broken submission is reported and listed, the others
are consolidated; a broken plan stops everything (nothing can be computed without it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..build import write_atomic
from ..docx.writer import render_docx
from ..model import Document
from ..problems import Problem, Problems, Text
from .aggregate import Row, Scope, build_scopes, whole_plan
from .document import DocumentBuilder, scope_blocks, submission_blocks
from .dossier import DossierPart, build_dossier
from .expressions import Expressions
from .pdfs import PdfTask, convert, soffice_available
from .plan import LoadedPlan, load_plan
from .status import INVALID, MISSING, StatusReport, resolve
from .submissions import Submission, read_submissions
from .tables import Layout, layout
from .workbook import write_workbook

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
UNITS_OUT = "don-vi"
WORKBOOK = "tong-hop.xlsx"
DOSSIER = "dossier.pdf"


@dataclass
class Planned:
    """A Document to write, where, and what it is in the dossier."""

    document: Document
    docx: Path
    role: str  # tong_hop, ho_so, tinh_trang, don_doc, to_trinh
    scope: Scope | None = None
    row: Row | None = None

    @property
    def pdf(self) -> Path:
        return self.docx.with_suffix(".pdf")


@dataclass
class Result:
    loaded: LoadedPlan
    report: StatusReport
    scopes: list[Scope]
    whole: Scope
    submissions: list[Submission]
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    documents: list[Planned] = field(default_factory=list)
    tables: list[Layout] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return EXIT_INVALID if any(p.severity == "error" for p in self.problems) else EXIT_OK


def analyse(plan_dir: Path) -> Result:
    """Everything up to the figures, nothing written (raises :class:`Problems` for the plan)."""
    loaded = load_plan(plan_dir)
    expressions = Expressions(loaded)
    submissions = read_submissions(loaded, expressions)
    report = resolve(loaded.plan, submissions)
    scopes = build_scopes(loaded, report, expressions)
    whole = whole_plan(loaded, report, expressions, scopes)
    result = Result(loaded, report, scopes, whole, submissions)
    for s in submissions:
        result.problems.extend(s.problems)
    result.problems.extend(report.problems)
    result.tables = [layout(loaded.plan, spec, whole) for spec in loaded.plan.bang]
    return result


def consolidate(plan_dir: Path, out_dir: Path, *, pdf: bool = True,
                workers: int | None = None, lang: str = "vi") -> Result:
    clock = time.perf_counter()
    result = analyse(plan_dir)
    result.seconds["read"] = time.perf_counter() - clock
    plan = result.loaded.plan
    _plan_documents(result, out_dir)
    clock = time.perf_counter()
    for planned in result.documents:
        try:
            data = render_docx(planned.document)
        except Exception as exc:  # one document failing must not stop the others
            result.problems.append(Problem(planned.docx, Text(
                f"Không dựng được tệp DOCX: {type(exc).__name__}: {exc}.",
                f"Cannot write the DOCX: {type(exc).__name__}: {exc}.")))
            continue
        write_atomic(planned.docx, data)
        result.outputs.append(planned.docx)
    workbook = out_dir / WORKBOOK
    write_atomic(workbook, write_workbook(result.loaded, result.report, result.whole,
                                          result.tables, plan.han_nop))
    result.outputs.append(workbook)
    result.seconds["docx"] = time.perf_counter() - clock
    if pdf:
        _pdfs_and_dossiers(result, out_dir, workers, lang)
    return result


def _defaults(loaded: LoadedPlan, spec: dict[str, Any]) -> dict[str, Any]:
    plan = loaded.plan
    return {"co_quan": plan.co_quan.model_dump(exclude_none=True), "dia_danh": plan.dia_danh,
            **({} if "so" in spec or "chua_cap_so" in spec else {"chua_cap_so": True})}


def _plan_documents(result: Result, out_dir: Path) -> None:
    loaded = result.loaded
    plan = loaded.plan
    builder = DocumentBuilder(loaded)

    def build(section: str, spec: dict[str, Any], variables: dict[str, Any],
              defaults: dict[str, Any], special: Any, target: Path, role: str,
              scope: Scope | None = None, row: Row | None = None) -> Document | None:
        try:
            document = builder.build(section, spec, variables, defaults, special)
        except Problems as exc:
            result.problems.extend(exc.items)
            return None
        result.documents.append(Planned(document, target, role, scope, row))
        return document

    consolidated: list[tuple[Scope, Document]] = []
    for scope in result.scopes:
        if not scope.rows:  # nothing to compile: no document rather than one full of zeros
            name = scope.single_group.ten if scope.single_group else plan.ten
            result.problems.append(Problem(loaded.path, Text(
                f"Không có văn bản hợp lệ nào của khối {name}: không lập văn bản tổng hợp.",
                f"No valid submission in group '{name}': no consolidated document."),
                severity="warning"))
            continue
        folder = out_dir if len(result.scopes) == 1 else out_dir / scope.key
        spec = plan.tong_hop
        slug = str(spec.get("loai", "tong-hop"))
        document = build("tong_hop", spec, scope.variables(loaded), _defaults(loaded, spec),
                         scope_blocks(loaded, scope, result.report, {}),
                         folder / f"{slug}.docx", "tong_hop", scope)
        if document is not None:
            consolidated.append((scope, document))
    for scope in result.scopes:
        for row in scope.rows:
            _plan_submission(result, builder, row, out_dir / UNITS_OUT / f"{row.unit.ma}.docx")
    whole = result.whole
    whole_vars = whole.variables(loaded)
    if plan.tinh_trang is not None:
        build("tinh_trang", plan.tinh_trang, whole_vars, _defaults(loaded, plan.tinh_trang),
              scope_blocks(loaded, whole, result.report, {}), out_dir / "tinh-trang.docx",
              "tinh_trang")
    if plan.don_doc is not None:
        spec = dict(plan.don_doc)
        states = (MISSING, INVALID) if spec.pop("gui_ca_khong_hop_le", False) else (MISSING,)
        recipients = [u for u in result.report.units if u.state in states and u.unit]
        if not recipients:  # a reminder left from an earlier run would be wrong now
            for stale in (out_dir / "don-doc.docx", out_dir / "don-doc.pdf"):
                stale.unlink(missing_ok=True)
        else:
            variables = {**whole_vars, "thieu": [{"ten": u.name, "ma": u.code,
                                                  "trang_thai": u.label()} for u in recipients]}
            defaults = {**_defaults(loaded, spec), "kinh_gui": [u.name for u in recipients]}
            build("don_doc", spec, variables, defaults, None, out_dir / "don-doc.docx",
                  "don_doc")
    if plan.to_trinh is not None:
        variables = {**whole_vars, "cac_de_an": [
            {"nhom": v["nhom"], "trich_yeu": d.trich_yeu, "so_ky_hieu": d.number_and_code,
             "ngay": d.ngay, "tong": s.totals, "so_don_vi": len(s.rows),
             "chua_dat": v["chua_dat"]}
            for s, d in consolidated for v in [s.variables(loaded)]]}
        build("to_trinh", plan.to_trinh, variables, _defaults(loaded, plan.to_trinh),
              scope_blocks(loaded, whole, result.report, {}), out_dir / "to-trinh.docx",
              "to_trinh")


def _plan_submission(result: Result, builder: DocumentBuilder, row: Row, target: Path) -> None:
    """An agency's submission as a document of its own (for the dossier), unless it sent
    its own PDF."""
    if row.submission.pdf is not None:
        return
    loaded = result.loaded
    unit, group, s = row.unit, row.group, row.submission
    defaults: dict[str, Any] = {
        "co_quan": {"ten": unit.ten_co_quan or unit.ten.upper(),
                    "viet_tat": unit.viet_tat or unit.ma,
                    **({"chu_quan": chu_quan} if (chu_quan := unit.chu_quan or group.chu_quan)
                       else {})},
        "so": s.number, "ky_hieu": s.code, "ngay": s.ngay,
        "dia_danh": unit.dia_danh or loaded.plan.dia_danh,
        "nguoi_ky": {"chuc_vu": s.chuc_vu or group.chuc_vu_ky, "ho_ten": s.nguoi_ky,
                     **({"quyen_han": group.quyen_han, "thu_truong": group.thu_truong}
                        if group.quyen_han else {})},
    }
    variables = {**row.variables(), "don_vi": row.variables(), "ke_hoach": {
        "ten": loaded.plan.ten, "han_nop": loaded.plan.han_nop}, "bien": loaded.plan.bien}
    try:
        document = builder.build("ho_so", loaded.plan.ho_so, variables, defaults,
                                 submission_blocks(loaded, row))
    except Problems as exc:
        result.problems.extend(exc.items)
        return
    result.documents.append(Planned(document, target, "ho_so", row=row))


def _pdfs_and_dossiers(result: Result, out_dir: Path, workers: int | None, lang: str) -> None:
    clock = time.perf_counter()
    written = set(result.outputs)
    tasks = [PdfTask(p.docx, p.pdf, p.document.trich_yeu or p.document.doc_type.name,
                     p.document.co_quan.author, p.document.ngay)
             for p in result.documents if p.docx in written]
    if not tasks:
        return
    if not soffice_available():
        result.problems.append(Problem(None, Text(
            "Chưa cài LibreOffice: không tạo PDF và hồ sơ PDF.",
            "LibreOffice is not installed: no PDF and no dossier."), severity="warning"))
        return
    errors = convert(tasks, lang=lang, workers=workers)
    for pdf, error in errors.items():
        if error:
            result.problems.append(Problem(pdf, Text(f"Không tạo được PDF: {error}",
                                                     f"PDF failed: {error}")))
        else:
            result.outputs.append(pdf)
    result.seconds["pdf"] = time.perf_counter() - clock
    clock = time.perf_counter()
    for planned in result.documents:
        if planned.role == "tong_hop" and planned.scope and not errors.get(planned.pdf, "x"):
            _dossier(result, planned, errors, out_dir)
    result.seconds["dossier"] = time.perf_counter() - clock


def _dossier(result: Result, planned: Planned, errors: dict[Path, str | None],
             out_dir: Path) -> None:
    assert planned.scope is not None
    rendered = {p.row.unit.ma: p.pdf for p in result.documents
                if p.role == "ho_so" and p.row is not None}
    parts = []
    for row in planned.scope.rows:
        s = row.submission
        pdf = s.pdf or rendered.get(row.unit.ma)
        if pdf is None or (s.pdf is None and errors.get(pdf, "x")):
            result.problems.append(Problem(s.file, Text(
                f"Hồ sơ thiếu văn bản của {row.unit.ten} (không có PDF).",
                f"The dossier lacks {row.unit.ten}'s document (no PDF)."), severity="warning"))
            continue
        parts.append(DossierPart(f"{row.unit.ten} — {s.so_hieu}", row.unit.ma, pdf))
    doc = planned.document
    title = doc.trich_yeu or doc.doc_type.name
    dossier = build_dossier(
        planned.pdf, _bookmark(doc),
        [appendix.ten for appendix in doc.phu_luc],
        parts, title=title, author=doc.co_quan.author, date=doc.ngay)
    target = planned.docx.parent / DOSSIER
    write_atomic(target, dossier.data)
    result.outputs.append(target)
    for name in dossier.missing_appendices:
        result.problems.append(Problem(target, Text(
            f"Không tìm thấy trang đầu của phụ lục «{name}» để đặt dấu trang.",
            f"The first page of appendix '{name}' was not found for its bookmark."),
            severity="warning"))


def _bookmark(doc: Document) -> str:
    """``Đề án số 12/ĐA-SNV: Tinh giản …`` (no number on a draft numbered after signing)."""
    name = doc.doc_type.name[:1] + doc.doc_type.name[1:].lower()
    number = "" if doc.chua_cap_so else f" số {doc.number_and_code}"
    return f"{name}{number}: {doc.trich_yeu}" if doc.trich_yeu else f"{name}{number}"

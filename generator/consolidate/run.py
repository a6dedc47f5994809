"""``vanban consolidate``: a plan folder → documents, workbook and dossiers, in a few steps.

    read the plan → read each submission → resolve who sent what → aggregate per scope
    → build the Documents → write the DOCX and the workbook → PDF → dossiers

Every output is written atomically. A broken submission is reported and listed, the others
are consolidated; a broken plan stops everything (nothing can be computed without it).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..build import retried_text
from ..docx.writer import render_docx
from ..model import Document
from ..paths import OutputError, OutputFolder
from ..pdfinput import PdfInputError
from ..problems import Problem, Text
from .aggregate import Scope, build_scopes, whole_plan
from .dossier import DossierPart, build_dossier
from .expressions import Expressions
from .outputs import Planned, plan_documents
from .pdfs import PdfTask, convert, soffice_available
from .plan import LoadedPlan, load_plan
from .status import StatusReport, resolve
from .submissions import Submission, read_submissions
from .tables import Layout, layout
from .workbook import write_workbook

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
WORKBOOK = "tong-hop.xlsx"
DOSSIER = "dossier.pdf"


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
                workers: int | None = None, lang: str = "vi",
                templates: Sequence[Path] = ()) -> Result:
    clock = time.perf_counter()
    result = analyse(plan_dir)
    result.seconds["read"] = time.perf_counter() - clock
    plan = result.loaded.plan
    result.documents = plan_documents(result.loaded, result.report, result.scopes,
                                      result.whole, out_dir, result.problems, templates)
    clock = time.perf_counter()
    folder = OutputFolder(out_dir)
    for planned in result.documents:
        try:
            data = render_docx(planned.document)
        except Exception as exc:  # one document failing must not stop the others
            result.problems.append(Problem(planned.docx, Text(
                f"Không dựng được tệp DOCX: {type(exc).__name__}: {exc}.",
                f"Cannot write the DOCX: {type(exc).__name__}: {exc}.")))
            continue
        _write(result, folder, planned.docx, data)
    _write(result, folder, out_dir / WORKBOOK, write_workbook(
        result.loaded, result.report, result.whole, result.tables, plan.han_nop))
    result.seconds["docx"] = time.perf_counter() - clock
    if pdf:
        _pdfs_and_dossiers(result, out_dir, workers, lang)
    return result


def _pdfs_and_dossiers(result: Result, out_dir: Path, workers: int | None, lang: str) -> None:
    clock = time.perf_counter()
    written = set(result.outputs)
    folder, tasks = OutputFolder(out_dir), []
    for p in result.documents:
        if p.docx not in written:
            continue
        try:  # the PDF's name too: no symbolic link or FIFO planted there
            folder.check(p.pdf)
        except OutputError as exc:
            result.problems.append(exc.problem)
            continue
        tasks.append(PdfTask(p.docx, p.pdf, p.document.trich_yeu or p.document.doc_type.name,
                             p.document.co_quan.author, p.document.ngay))
    if not tasks:
        return
    if not soffice_available():
        result.problems.append(Problem(None, Text(
            "Chưa cài LibreOffice: không tạo PDF và hồ sơ PDF.",
            "LibreOffice is not installed: no PDF and no dossier."), severity="warning"))
        return
    replaced: list[int] = []
    errors = convert(tasks, lang=lang, workers=workers, replaced=replaced)
    retried = retried_text(sum(replaced))
    if retried is not None:
        result.problems.append(Problem(None, retried, severity="warning"))
    failed = [pdf for pdf, error in errors.items() if error]
    result.outputs.extend(pdf for pdf, error in errors.items() if not error)
    if len(failed) > 1 and len(failed) == len(errors) and len(set(errors.values())) == 1:
        error = errors[failed[0]]  # one cause (LibreOffice would not start): said once
        result.problems.append(Problem(None, Text(
            f"Không tạo được PDF nào ({len(failed)} văn bản): {error}",
            f"No PDF could be made ({len(failed)} documents): {error}")))
    else:
        for pdf in failed:
            result.problems.append(Problem(pdf, Text(f"Không tạo được PDF: {errors[pdf]}",
                                                     f"PDF failed: {errors[pdf]}")))
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
    target = planned.docx.parent / DOSSIER
    try:
        dossier = build_dossier(
            planned.pdf, _bookmark(doc),
            [appendix.ten for appendix in doc.phu_luc],
            parts, title=title, author=doc.co_quan.author, date=doc.ngay)
    except PdfInputError as exc:
        result.problems.append(Problem(target, Text(f"Không lập được hồ sơ PDF: {exc.text.vi}",
                                                    f"Cannot make the dossier: {exc.text.en}")))
        return
    except Exception as exc:  # pypdf on a hostile part: this dossier fails, not the run
        result.problems.append(Problem(target, Text(
            f"Không lập được hồ sơ PDF ({type(exc).__name__}: {exc}).",
            f"Cannot make the dossier ({type(exc).__name__}: {exc}).")))
        return
    if not _write(result, OutputFolder(out_dir), target, dossier.data):
        return
    for name in dossier.missing_appendices:
        result.problems.append(Problem(target, Text(
            f"Không tìm thấy trang đầu của phụ lục «{name}» để đặt dấu trang.",
            f"The first page of appendix '{name}' was not found for its bookmark."),
            severity="warning"))


def _write(result: Result, folder: OutputFolder, target: Path, data: bytes) -> bool:
    """Write one output; a failure (disk full, a link leading out) is that file's problem."""
    try:
        folder.write(target, data)
    except OutputError as exc:
        result.problems.append(exc.problem)
        return False
    result.outputs.append(target)
    return True


def _bookmark(doc: Document) -> str:
    """``Đề án số 12/ĐA-SNV: Tinh giản …`` (no number on a draft numbered after signing)."""
    name = doc.doc_type.name[:1] + doc.doc_type.name[1:].lower()
    number = "" if doc.chua_cap_so else f" số {doc.number_and_code}"
    return f"{name}{number}: {doc.trich_yeu}" if doc.trich_yeu else f"{name}{number}"

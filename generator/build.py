"""The build pipeline: content files → validated Documents → DOCX (→ PDF).

Each document is built on its own: a failure is reported and the rest of the batch goes on.
Outputs mirror the input paths under the output folder and are replaced atomically.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .content import Content, FieldPath, format_path, load_content
from .docx.writer import document_title, render_docx
from .emphasis import plain
from .files import write_atomic  # noqa: F401  (re-exported: generator.cli, older callers)
from .model import Document
from .paths import OutputError, OutputFolder, input_problem, unreadable, walk_inputs
from .problems import Problem, Problems, Text
from .template_content import apply_template
from .validate import validate

if TYPE_CHECKING:
    from .pdf import PdfMetadata

CONTENT_SUFFIXES = (".yaml", ".yml")
PLAN_FILE = "plan.yaml"


@dataclass(frozen=True)
class Source:
    path: Path  # the content file
    relative: Path  # its path relative to the folder given (or its name), for the output
    problem: Text | None = None  # named like a content file but not one (a FIFO, a device)


@dataclass
class Outcome:
    source: Source
    document: Document | None = None
    content: Content | None = None
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def discover(paths: Iterable[Path]) -> Iterator[Source]:
    """Content files named or found under folders; plan folders are left to ``consolidate``."""
    for given in paths:
        if given.is_dir():
            for found in walk_inputs(given, CONTENT_SUFFIXES,
                                     skip_dir=lambda d: (d / PLAN_FILE).exists()):
                yield Source(found.path, found.relative, found.problem)
            continue
        if not os.path.lexists(given):
            raise Problems([Problem(given, Text("Không tìm thấy tệp hoặc thư mục.",
                                                "No such file or folder."))])
        yield Source(given, Path(given.name), input_problem(given))


def output_path(out_dir: Path, source: Source, suffix: str) -> Path:
    """``out_dir/<relative path>.<suffix>``, refused if it would leave ``out_dir``."""
    target = (out_dir / source.relative).with_suffix(suffix)
    try:
        return OutputFolder(out_dir).check(target, source.path)
    except OutputError as exc:
        raise Problems([exc.problem]) from None


def load(path: Path, templates: Sequence[Path] = ()) -> tuple[Content, Document]:
    """Read one content file, fill in its template if it names one, and validate it
    (raises :class:`Problems`). ``templates``: the user's folders, searched first."""
    content = apply_template(load_content(path), templates)
    return content, validate(content)


def load_document(path: Path, templates: Sequence[Path] = ()) -> Document:
    return load(path, templates)[1]


def build_one(source: Source, out_dir: Path | None, templates: Sequence[Path] = ()) -> Outcome:
    """Validate one file and, with an output folder, write its DOCX."""
    outcome = Outcome(source)
    if source.problem is not None:
        outcome.problems.append(unreadable(source.path, source.problem))
        return outcome
    try:
        # the content is kept even when it is invalid: the PDF's font check still reports
        # its characters (every problem of a file in one run)
        outcome.content = apply_template(load_content(source.path), templates)
        outcome.document = validate(outcome.content)
        outcome.problems.extend(outcome.content.warnings)
        if out_dir is not None:
            target = output_path(out_dir, source, ".docx")
            OutputFolder(out_dir).write(target, render_docx(outcome.document), source.path)
            outcome.outputs.append(target)
    except Problems as exc:
        outcome.problems.extend(exc.items)
    except OutputError as exc:
        outcome.problems.append(exc.problem)
    return outcome


def _strings(data: object, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key != "hinh":  # a figure's file name is never printed
                yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, path + (index,))


def font_problems(content: Content) -> list[Problem]:
    """Characters Times New Roman (Liberation Serif) cannot draw, where the clerk typed them.

    A character no installed font has would print as a box: an error. One that only a
    fallback font draws (an emoji) is a warning: an official document should be all Times.
    """
    from .pdf import check_font_coverage

    problems = []
    for path, text in _strings(content.data):
        coverage = check_font_coverage(plain(text))  # what is printed: no emphasis marks
        if not (coverage.missing or coverage.fallback):
            continue
        pos = content.position(path)
        for chars, severity in ((coverage.missing, "error"), (coverage.fallback, "warning")):
            if not chars:
                continue
            at = max(text.find(chars[0]), 0)  # where it was typed, marks included
            line = text.count("\n", 0, at) + 1
            column = at - text.rfind("\n", 0, at)
            at_line = (pos.line + line - 1) if pos else None
            at_column = (pos.column + column - 1 if line == 1 else column) if pos else None
            message = coverage.messages("vi")[0 if severity == "error" else -1]
            message_en = coverage.messages("en")[0 if severity == "error" else -1]
            problems.append(Problem(content.path, Text(message, message_en), at_line, at_column,
                                    format_path(path) or None, severity=severity))
    return problems


def pdf_metadata(doc: Document) -> PdfMetadata:
    from .pdf import PdfMetadata

    return PdfMetadata(title=document_title(doc), author=doc.co_quan.author,
                       subject=doc.doc_type.name.capitalize(),
                       keywords=doc.number_and_code.replace("\u00a0", "").strip(),
                       date=doc.ngay)


def convert_pdfs(outcomes: list[Outcome], *, pdfa: bool, workers: int | None = None) -> int:
    """Render the DOCX of every successful outcome to a PDF beside it, in one worker pool.

    A character no font can draw fails that document's PDF; a conversion failure is recorded
    on its outcome; without LibreOffice every outcome gets one clear problem (the DOCX stay).
    Returns how many LibreOffice workers crashed or hung and were replaced (their documents
    were retried), for the run's summary.
    """
    from .pdf import LibreOfficeMissing, PdfConverter, PdfJob

    jobs: dict[Path, Outcome] = {}
    for outcome in outcomes:
        if outcome.content is None or (outcome.ok and not outcome.outputs):
            continue  # unreadable, or not written (validate only)
        was_ok = outcome.ok
        fonts = font_problems(outcome.content)  # also for an invalid file: said in one run
        outcome.problems.extend(fonts)
        if not was_ok or any(p.severity == "error" for p in fonts):
            continue
        docx = outcome.outputs[0]
        jobs[docx] = outcome
    if not jobs:
        return 0
    try:
        # fonts were checked above on the content, where the clerk can be told the line
        with PdfConverter(workers=workers, pdfa=pdfa, lang="vi", check_fonts=False,
                          progress=None) as converter:
            results = converter.convert([
                PdfJob(docx, docx.with_suffix(".pdf"), pdf_metadata(o.document))  # type: ignore[arg-type]
                for docx, o in jobs.items()])
            replaced = converter.replaced
    except LibreOfficeMissing as exc:
        for outcome in jobs.values():
            outcome.problems.append(Problem(outcome.source.path,
                                            Text(exc.message_vi, exc.message_en)))
        return 0
    for result in results:
        outcome = jobs[result.job.docx]
        if result.ok:
            outcome.outputs.append(result.job.pdf)
        else:
            outcome.problems.append(Problem(outcome.source.path, Text(
                f"Không tạo được PDF: {result.error}",
                f"Could not make the PDF: {result.error_en or result.error}")))
    return replaced


def retried_text(replaced: int) -> Text | None:
    """The run summary's line about LibreOffice workers replaced during the run."""
    if not replaced:
        return None
    return Text(f"LibreOffice bị dừng đột ngột hoặc treo {replaced} lần; tiến trình đã được "
                "thay và văn bản đang chuyển dở được chuyển lại.",
                f"LibreOffice crashed or hung {replaced} time(s); the process was replaced "
                "and the document being converted was retried.")

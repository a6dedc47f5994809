"""Building one row's outputs — the same code in process and on a queue worker.

A job carries everything needed (the filled content data, the output names relative to
the batch folder, the content hash); building it twice writes the same bytes to the same
names (atomic renames), so a job delivered twice is harmless.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from generator import __version__
from generator.build import pdf_metadata
from generator.content import Content
from generator.docx.writer import render_docx
from generator.model import Document
from generator.paths import OutputError, OutputFolder
from generator.problems import Problems
from generator.validate import validate

from .values import canonical


@dataclass
class RowJob:
    row: int
    key: str
    data: dict[str, Any]
    docx: str  # relative to the batch folder
    pdf: str | None
    out_dir: str  # the batch folder (shared by every machine, same path)
    pdfa: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RowResult:
    row: int
    key: str
    ok: bool
    pages: int = 0
    error_vi: str | None = None
    error_en: str | None = None
    worker: str | None = None


def content_key(data: dict[str, Any], *, pdf: bool, pdfa: bool) -> str:
    """The content hash of a row's input: its filled content, the formats, vanban's version."""
    blob = json.dumps({"data": canonical(data), "pdf": pdf, "pdfa": pdfa, "v": __version__},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def document_of(job: RowJob) -> Document:
    return validate(Content(Path(job.out_dir) / job.docx, job.data, {}))


def write_docx(job: RowJob) -> Document:
    """Validate and write the row's DOCX inside the batch folder (generator/paths.py's rule:
    no symbolic link leading out, no FIFO under its name); raises Problems or OutputError."""
    document = document_of(job)
    OutputFolder(Path(job.out_dir)).write(Path(job.out_dir) / job.docx, render_docx(document))
    return document


def not_written(job: RowJob, exc: Exception) -> RowResult:
    """The row's result when its DOCX could not be written (``exc`` from write_docx)."""
    if isinstance(exc, OutputError):
        vi, en = exc.problem.message("vi"), exc.problem.message("en")
    elif isinstance(exc, Problems):  # both languages, not str(exc) (English only)
        vi = "; ".join(p.render("vi") for p in exc.items)
        en = "; ".join(p.render("en") for p in exc.items)
    else:
        vi = en = str(exc)
    return RowResult(job.row, job.key, False, 0, f"Không ghi được DOCX: {vi}",
                     f"Could not write the DOCX: {en}")


# ------------------------------------------------------------------- queue worker side

_converter: Any = None
_lock = threading.Lock()


def _pool(pdfa: bool) -> Any:
    """This process's own LibreOffice pool (one worker), started on the first job."""
    global _converter
    with _lock:
        if _converter is None or _converter.pdfa != pdfa:
            from generator.pdf import PdfConverter

            if _converter is not None:
                _converter.close()
            _converter = PdfConverter(workers=1, pdfa=pdfa, check_fonts=False, progress=False)
            _converter.start()
            atexit.register(_converter.close)
        return _converter


def build_row(job: RowJob, converter: Any = None) -> RowResult:
    """DOCX, then PDF through ``converter`` (or this process's pool). Never raises for a
    problem of the document; raises only when the machine itself fails."""
    from generator.pdf import LibreOfficeMissing, PdfJob

    try:
        document = write_docx(job)
    except OutputError as exc:  # (a Problems of the content is the caller's, as before)
        return not_written(job, exc)
    if job.pdf is None:
        return RowResult(job.row, job.key, True)
    out = Path(job.out_dir)
    pdf_job = PdfJob(out / job.docx, out / job.pdf, pdf_metadata(document))
    try:
        result = (converter or _pool(job.pdfa)).convert([pdf_job])[0]
    except LibreOfficeMissing as exc:
        return RowResult(job.row, job.key, False, 0, exc.message_vi, exc.message_en)
    if not result.ok:
        return RowResult(job.row, job.key, False, 0, f"Không tạo được PDF: {result.error}",
                         f"Could not make the PDF: {result.error_en or result.error}")
    return RowResult(job.row, job.key, True, result.pages)


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    """The queue's entry point (RQ calls it with the job's dict; the dict it returns is the
    job's result)."""
    import socket

    result = build_row(RowJob(**job))
    result.worker = socket.gethostname()
    return asdict(result)

"""DOCX → PDF for a consolidation: the project's LibreOffice pool when it is installed
(``generator.pdf``), otherwise one headless ``soffice`` run for the whole batch.

The fallback exists so that a dossier can be made before the pool lands; it does not
finish the PDF (metadata, fixed ids) the way the pool does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..files import write_atomic
from ..tempdirs import private_folder


@dataclass(frozen=True)
class PdfTask:
    docx: Path
    pdf: Path
    title: str
    author: str
    date: dt.date


def pool_available() -> bool:
    try:
        from generator.pdf import PdfConverter  # noqa: F401
    except ImportError:
        return False
    return True


def soffice_available() -> bool:
    return shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


def convert(tasks: list[PdfTask], *, lang: str = "vi", workers: int | None = None,
            replaced: list[int] | None = None) -> dict[Path, str | None]:
    """Convert every task; the error (or ``None``) per PDF path. Never raises for one file.
    ``replaced`` receives how many LibreOffice workers crashed or hung and were replaced."""
    if not tasks:
        return {}
    try:
        from generator.pdf import LibreOfficeMissing, PdfConverter, PdfJob, PdfMetadata
    except ImportError:
        return _convert_with_soffice(tasks)
    jobs = [PdfJob(t.docx, t.pdf, PdfMetadata(title=t.title, author=t.author, date=t.date))
            for t in tasks]
    try:
        with PdfConverter(workers=workers, lang=lang) as converter:
            results = converter.convert(jobs)
            if replaced is not None:
                replaced.append(converter.replaced)
    except LibreOfficeMissing as exc:  # the pool could not start: every PDF fails, said once
        return {t.pdf: str(exc) for t in tasks}
    return {r.job.pdf: (None if r.ok else (r.error or "PDF")) for r in results}


def _convert_with_soffice(tasks: list[PdfTask]) -> dict[Path, str | None]:
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        return {t.pdf: "LibreOffice (soffice) is not installed" for t in tasks}
    out: dict[Path, str | None] = {}
    with private_folder("vanban-consolidate-") as root:
        inputs = []
        (root / "in").mkdir()
        for i, task in enumerate(tasks):  # unique names: two folders may hold de-an.docx
            copy = root / "in" / f"{i:05d}.docx"
            with contextlib.suppress(OSError):  # an unreadable DOCX is reported below
                shutil.copyfile(task.docx, copy)
                inputs.append(str(copy))
        command = [binary, f"-env:UserInstallation={(root / 'profile').as_uri()}",
                   "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                   str(root / "out"), *inputs]
        # On a timeout whatever was converted is used; the rest is reported below.
        with contextlib.suppress(subprocess.TimeoutExpired):
            if inputs:
                subprocess.run(command, capture_output=True, timeout=60 + 10 * len(tasks),
                               check=False)
        for i, task in enumerate(tasks):
            made = root / "out" / f"{i:05d}.pdf"
            if made.is_file() and made.stat().st_size:
                write_atomic(task.pdf, made.read_bytes())
                out[task.pdf] = None
            else:
                out[task.pdf] = "LibreOffice could not convert the document"
    return out

"""DOCX → PDF through a pool of LibreOffice workers, finished with pypdf.

    from generator.pdf import PdfConverter, PdfJob, PdfMetadata
    with PdfConverter() as conv:
        results = conv.convert([PdfJob(docx, pdf, metadata)])
"""

from generator.pdf.finish import PdfMetadata, finish_pdf
from generator.pdf.fontcheck import FontCoverage, check_font_coverage
from generator.pdf.messages import INSTALL_COMMAND, message
from generator.pdf.pool import (
    LibreOfficeMissing,
    PdfConverter,
    PdfJob,
    PdfResult,
    atomic_write,
    estimate_timeout,
)

__all__ = [
    "INSTALL_COMMAND",
    "FontCoverage",
    "LibreOfficeMissing",
    "PdfConverter",
    "PdfJob",
    "PdfMetadata",
    "PdfResult",
    "atomic_write",
    "check_font_coverage",
    "estimate_timeout",
    "finish_pdf",
    "message",
]

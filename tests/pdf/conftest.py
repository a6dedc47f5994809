"""Fixtures for the PDF tests: real LibreOffice, real DOCX files made with python-docx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pdfsamples import libreoffice_available, make_corrupt_zip, make_docx

from generator.pdf import PdfConverter


@pytest.fixture(scope="session")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docx")
    make_docx(folder / "letter.docx")
    make_docx(folder / "one.docx", pages=1, extra="Trang một.")
    for i in range(8):
        make_docx(folder / f"batch-{i}.docx", pages=1 + i % 2, extra=f"Văn bản số {i}.")
    (folder / "garbage.docx").write_bytes(b"This is not a zip file at all.\n" * 20)
    make_corrupt_zip(folder / "broken.docx")
    return folder


@pytest.fixture(scope="module")
def pool() -> Iterator[PdfConverter]:
    """One shared pool per test module (starting LibreOffice costs ~1 s)."""
    if not libreoffice_available():
        pytest.skip("LibreOffice + python3-uno not installed")
    with PdfConverter(workers=2, progress=False) as conv:
        yield conv



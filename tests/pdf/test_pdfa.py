"""--pdfa: PDF/A-2b. No validator can be installed here; check what can be checked."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pdfcheck import fonts, info_as_xmp, xmp_fields
from pdfsamples import META, requires_lo
from pypdf import PdfReader

from generator.pdf import PdfConverter, PdfJob

pytestmark = requires_lo


@pytest.fixture(scope="module")
def pdfa(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("pdfa")
    with PdfConverter(workers=1, pdfa=True, progress=False) as conv:
        results = conv.convert([PdfJob(inputs / "letter.docx", out / "a.pdf", META)])
        # LibreOffice stamps the time (to the second) into several places, the sRGB
        # output-intent profile among them: convert again in another second.
        time.sleep(1.1)
        results += conv.convert([PdfJob(inputs / "letter.docx", out / "b.pdf", META)])
    assert all(r.ok for r in results), [r.error for r in results]
    yield out / "a.pdf"


def test_pdfa_identification_in_xmp(pdfa: Path) -> None:
    xmp = xmp_fields(pdfa)
    assert xmp["pdfaid:part"] == "2" and xmp["pdfaid:conformance"] == "B"


def test_pdfa_info_and_xmp_agree(pdfa: Path) -> None:
    info, xmp = info_as_xmp(pdfa), xmp_fields(pdfa)
    assert set(info) >= {"/Title", "/Author", "/Subject", "/Keywords", "/Creator",
                         "/Producer", "/CreationDate", "/ModDate"}
    for key, value in info.items():
        assert xmp.get(key) == value, key


def test_pdfa_fonts_embedded(pdfa: Path) -> None:
    found = fonts(pdfa)
    assert found and all(found.values()), found


def test_pdfa_not_encrypted_with_output_intent_and_id(pdfa: Path) -> None:
    reader = PdfReader(pdfa)
    assert not reader.is_encrypted
    root = reader.trailer["/Root"]
    intents = root["/OutputIntents"]
    assert len(intents) >= 1
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent
    assert len(reader.trailer["/ID"]) == 2
    assert reader.pdf_header >= "%PDF-1.4"
    assert root["/Lang"] == "vi-VN"


def test_pdfa_deterministic(pdfa: Path) -> None:
    assert pdfa.read_bytes() == pdfa.with_name("b.pdf").read_bytes()


def test_pdfa_binary_comment_after_header(pdfa: Path) -> None:
    # PDF/A: the header is followed by a comment line of at least four bytes > 127.
    second = pdfa.read_bytes().split(b"\n", 2)[1]
    assert second.startswith(b"%") and sum(b > 127 for b in second) >= 4

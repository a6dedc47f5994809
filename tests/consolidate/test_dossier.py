"""The dossier: merged PDFs with a bookmark per appendix and per agency, and page labels."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.enum.text import WD_BREAK
from pypdf import PdfReader

from generator.consolidate.dossier import DossierPart, build_dossier

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice is not installed")


def _docx(path: Path, pages: list[str]) -> None:
    word = WordDocument()
    for i, text in enumerate(pages):
        paragraph = word.add_paragraph(text)
        if i < len(pages) - 1:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
    word.save(str(path))


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """Small PDFs made by LibreOffice: a 3-page plan with two appendices, two agencies."""
    folder = tmp_path_factory.mktemp("dossier")
    sources = {
        "main": ["ĐỀ ÁN tinh giản biên chế", "PHỤ LỤC I\nTỔ CHỨC BỘ MÁY TRƯỚC VÀ SAU SẮP XẾP",
                 "PHỤ LỤC II\nBIÊN CHẾ VÀ LỘ TRÌNH"],
        "STC": ["Đề án của Sở Tài chính", "Trang hai"],
        "SYT": ["Đề án của Sở Y tế"],
    }
    for name, pages in sources.items():
        _docx(folder / f"{name}.docx", pages)
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                    *(str(folder / f"{n}.docx") for n in sources)],
                   check=True, capture_output=True, timeout=180)
    return {name: folder / f"{name}.pdf" for name in sources}


def _build(pdfs, appendices=("TỔ CHỨC BỘ MÁY TRƯỚC VÀ SAU SẮP XẾP", "BIÊN CHẾ VÀ LỘ TRÌNH")):
    parts = [DossierPart("Sở Tài chính — 10/ĐA-STC", "STC", pdfs["STC"]),
             DossierPart("Sở Y tế — 11/ĐA-SYT", "SYT", pdfs["SYT"])]
    return build_dossier(pdfs["main"], "Đề án", list(appendices), parts, title="Đề án thử",
                         author="Sở Nội vụ", date=dt.date(2017, 12, 20))


@needs_soffice
def test_pages_bookmarks_and_labels(pdfs, tmp_path):
    result = _build(pdfs)
    path = tmp_path / "dossier.pdf"
    path.write_bytes(result.data)
    reader = PdfReader(path)
    assert len(reader.pages) == result.pages == 6
    assert reader.page_labels == ["1", "PL I-1", "PL II-1", "STC-1", "STC-2", "SYT-1"]
    outline = reader.outline
    heads = [item for item in outline if not isinstance(item, list)]
    assert [(h.title, reader.get_destination_page_number(h)) for h in heads] == [
        ("Đề án", 0), ("Hồ sơ của các cơ quan, đơn vị", 3)]
    appendices, agencies = (item for item in outline if isinstance(item, list))
    assert [(a.title, reader.get_destination_page_number(a)) for a in appendices] == [
        ("TỔ CHỨC BỘ MÁY TRƯỚC VÀ SAU SẮP XẾP", 1), ("BIÊN CHẾ VÀ LỘ TRÌNH", 2)]
    assert [(a.title, reader.get_destination_page_number(a)) for a in agencies] == [
        ("Sở Tài chính — 10/ĐA-STC", 3), ("Sở Y tế — 11/ĐA-SYT", 5)]
    assert reader.metadata.title == "Đề án thử"
    assert result.missing_appendices == []


@needs_soffice
def test_appendix_not_found_is_reported_not_guessed(pdfs, tmp_path):
    result = _build(pdfs, ("TỔ CHỨC BỘ MÁY TRƯỚC VÀ SAU SẮP XẾP", "KHÔNG CÓ PHỤ LỤC NÀY"))
    assert result.missing_appendices == ["KHÔNG CÓ PHỤ LỤC NÀY"]
    path = tmp_path / "d.pdf"
    path.write_bytes(result.data)
    assert PdfReader(path).page_labels[:3] == ["1", "PL I-1", "PL I-2"]


@needs_soffice
def test_one_appendix_is_labelled_without_a_number(pdfs, tmp_path):
    path = tmp_path / "d.pdf"
    path.write_bytes(_build(pdfs, ("TỔ CHỨC BỘ MÁY TRƯỚC VÀ SAU SẮP XẾP",)).data)
    assert PdfReader(path).page_labels[:3] == ["1", "PL-1", "PL-2"]


@needs_soffice
def test_dossier_is_deterministic(pdfs):
    assert _build(pdfs).data == _build(pdfs).data


@needs_soffice
def test_fallback_conversion_without_the_pool(tmp_path):
    """Before the LibreOffice pool is installed, one soffice run converts the batch; two
    documents of the same name in different folders do not collide."""
    import datetime as dt

    from generator.consolidate.pdfs import PdfTask, _convert_with_soffice

    tasks = []
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        _docx(tmp_path / folder / "de-an.docx", [f"Văn bản {folder}"])
        tasks.append(PdfTask(tmp_path / folder / "de-an.docx", tmp_path / folder / "de-an.pdf",
                             "t", "a", dt.date(2017, 12, 20)))
    tasks.append(PdfTask(tmp_path / "missing.docx", tmp_path / "missing.pdf", "t", "a",
                         dt.date(2017, 12, 20)))
    errors = _convert_with_soffice(tasks)
    assert errors[tmp_path / "a" / "de-an.pdf"] is None
    assert errors[tmp_path / "missing.pdf"]
    assert "Văn bản b" in PdfReader(tmp_path / "b" / "de-an.pdf").pages[0].extract_text()

"""`vanban build` writes a PDF beside each DOCX through the LibreOffice worker pool."""

from __future__ import annotations

import shutil
import subprocess

from pypdf import PdfReader

from generator.cli import main

from .conftest import LETTER, MINIMAL


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return " ".join(out.split())


def docx_text_via_libreoffice(docx, folder) -> str:
    """The DOCX opened by LibreOffice itself and saved as text: what the PDF must hold."""
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation=file://{folder}/p",
                    "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir",
                    str(folder), str(docx)], check=True, capture_output=True, timeout=180)
    text = (folder / (docx.stem + ".txt")).read_text(encoding="utf-8-sig")
    # a code's hyphen is a w:noBreakHyphen: LibreOffice's text export gives U+2011 for it,
    # its PDF export "-" (what a reader copies)
    return " ".join(text.replace("\u2011", "-").split())


def test_letter_pdf_matches_docx(tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(LETTER), "-o", str(out)]) == 0
    pdf, docx = out / "4208-VP-NC.pdf", out / "4208-VP-NC.docx"
    reader = PdfReader(pdf)
    assert len(reader.pages) == 2
    text = pdf_text(pdf)
    # every word LibreOffice reads from the DOCX is in the PDF (header, tables, signature)
    words = docx_text_via_libreoffice(docx, tmp_path).split()
    missing = [w for w in words if w not in text]
    assert not missing, missing[:20]
    meta = reader.metadata
    assert meta.title.startswith("CÔNG VĂN V/v thực hiện Kết luận")
    assert meta.author == "Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn"
    assert meta["/Keywords"] == "4208/VP-NC" and meta["/Creator"] == "vanban"
    assert meta["/CreationDate"].startswith("D:20171207")


def test_pdf_is_deterministic(tmp_path):
    for run in ("a", "b"):
        assert main(["build", str(LETTER), "-o", str(tmp_path / run)]) == 0
    assert (tmp_path / "a" / "4208-VP-NC.pdf").read_bytes() == \
        (tmp_path / "b" / "4208-VP-NC.pdf").read_bytes()


def test_format_docx_only(tmp_path):
    assert main(["build", str(LETTER), "-o", str(tmp_path), "--format", "docx"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["4208-VP-NC.docx"]


def test_emoji_is_a_warning_and_unknown_glyph_an_error(tmp_path, capsys):
    content = tmp_path / "content"
    content.mkdir()
    (content / "emoji.yaml").write_text(
        MINIMAL.replace("trước ngày 15/12/2017", "trước ngày 15/12/2017 😀"), encoding="utf-8")
    (content / "nofont.yaml").write_text(
        MINIMAL.replace("trước ngày 15/12/2017", "trước ngày 15/12/2017 \U00013000"),
        encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(content), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "emoji.yaml, dòng 14" in err and "Cảnh báo" in err
    assert "nofont.yaml, dòng 14" in err and "U+13000" in err
    assert (out / "emoji.pdf").is_file()
    assert not (out / "nofont.pdf").exists()


def test_missing_libreoffice_keeps_the_docx(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    assert main(["build", str(LETTER), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "apt-get install" in err
    assert (tmp_path / "out" / "4208-VP-NC.docx").is_file()

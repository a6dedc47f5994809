"""Electronic copies (Mẫu 3.2): the scan with the copier's signature text, top right."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from generator.build import load_document
from generator.cli import main
from generator.docx.writer import render_docx
from generator.pdf.ecopy import stamp_text

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "content" / "2017" / "4208-VP-NC.yaml"
STAMP = "SAO Y; Sở Nội vụ tỉnh Lạng Sơn; 08/12/2017 09:15:30 +07:00"


def scan_of_letter(folder: Path, dpi: int, gray: bool = False) -> Path:
    """A 'scan': the letter's first page rendered to an image, saved as a PDF at ``dpi``."""
    docx = folder / "letter.docx"
    docx.write_bytes(render_docx(load_document(LETTER)))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/p", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
                   check=True, capture_output=True, timeout=180)
    args = ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png"]
    subprocess.run(args + (["-gray"] if gray else []) + [str(folder / "letter.pdf"),
                                                           str(folder / "page")], check=True)
    image = Image.open(next(folder.glob("page*.png")))
    image = image.convert("L" if gray else "RGB")
    scan = folder / f"scan-{dpi}.pdf"
    image.save(scan, resolution=dpi)
    return scan


def stamp_position(pdf: Path) -> tuple[float, float, float, float]:
    page = PdfReader(pdf).pages[0]
    found: list[tuple[float, float]] = []

    def visit(text, cm, tm, font, size):  # noqa: ANN001 - pypdf's visitor signature
        if text.strip().startswith("SAO Y"):
            found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    assert found, "no stamp text on page 1"
    return (*found[0], float(page.mediabox.width), float(page.mediabox.height))


def test_stamp_text_format():
    when = dt.datetime(2017, 12, 8, 9, 15, 30)
    assert stamp_text("sao-y", "Sở Nội  vụ tỉnh Lạng Sơn", when) == STAMP
    assert stamp_text("trich-sao", "VP", when).startswith("TRÍCH SAO; VP; ")


def test_electronic_copy(tmp_path, capsys):
    scan = scan_of_letter(tmp_path, 200)
    out = tmp_path / "out" / "ban-sao.pdf"
    assert main(["copy", str(scan), "-o", str(out), "--by", "Sở Nội vụ tỉnh Lạng Sơn",
                 "--time", "2017-12-08T09:15:30"]) == 0
    err = capsys.readouterr().err
    assert "dpi" not in err and "đen trắng" not in err  # colour, 200 dpi: as the decree asks
    assert "chưa được ký số" in err  # no key given: the copy is written, unsigned
    reader = PdfReader(out)
    assert reader.pdf_header >= "%PDF-1.4"
    assert len(reader.pages) == 1 and STAMP in reader.pages[0].extract_text()
    x, y, width, height = stamp_position(out)
    assert x > width / 2 and y > height - 72  # top right, in the top inch of page 1
    fonts = [f.get_object() for f in
             reader.pages[0]["/Resources"]["/Font"].values()]  # text only from our overlay
    assert all("/FontFile2" in f["/FontDescriptor"] or "/FontFile" in f["/FontDescriptor"]
               for f in (x.get("/DescendantFonts", [x])[0].get_object() for x in fonts))
    assert any("LiberationSerif" in str(f["/BaseFont"]) for f in fonts)


def test_low_resolution_grey_scan_warns(tmp_path, capsys):
    scan = scan_of_letter(tmp_path, 100, gray=True)
    assert main(["copy", str(scan), "-o", str(tmp_path / "c.pdf"), "--by", "VP",
                 "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "100 dpi" in err and "colour" in err


@pytest.mark.parametrize(("args", "code"), [
    (["--time", "08/12/2017"], 2),
    (["--form", "sao-chep"], 2),
])
def test_bad_arguments(tmp_path, args, code):
    scan = tmp_path / "x.pdf"
    scan.write_bytes(b"%PDF-1.4 broken")
    assert main(["copy", str(scan), "-o", str(tmp_path / "o.pdf"), "--by", "VP", *args]) == code


def test_unreadable_scan(tmp_path, capsys):
    scan = tmp_path / "x.pdf"
    scan.write_bytes(b"not a pdf")
    assert main(["copy", str(scan), "-o", str(tmp_path / "o.pdf"), "--by", "VP"]) == 1
    assert "Không đọc được" in capsys.readouterr().err
    assert not (tmp_path / "o.pdf").exists()

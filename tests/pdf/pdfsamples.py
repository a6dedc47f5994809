"""Sample DOCX files (python-docx) and helpers shared by the PDF tests."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from generator.pdf import PdfMetadata
from generator.pdf.pool import find_soffice, find_uno_python

HEADER_TEXT = "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"
BODY = [
    "Kính gửi: Sở Nội vụ; Sở Tài chính; Ủy ban nhân dân các huyện, thành phố.",
    "Thực hiện ý kiến chỉ đạo của Chủ tịch UBND tỉnh tại Công văn số 4208/VP-NC, "
    "Văn phòng UBND tỉnh đề nghị các cơ quan, đơn vị khẩn trương triển khai thực hiện.",
    "1. Rà soát, tổng hợp kết quả thực hiện; báo cáo trước ngày 15 tháng 12 năm 2017.",
    "- Đảm bảo đúng thời hạn, chất lượng; tránh chồng chéo, trùng lặp.",
]
TABLE = [("Nơi nhận:", "KT. CHÁNH VĂN PHÒNG"), ("- Như trên;", "PHÓ CHÁNH VĂN PHÒNG")]
META = PdfMetadata(
    title="CÔNG VĂN V/v triển khai ý kiến chỉ đạo của Chủ tịch UBND tỉnh",
    author="VĂN PHÒNG UBND TỈNH LẠNG SƠN",
    subject="Triển khai ý kiến chỉ đạo",
    keywords="4208/VP-NC",
    creator="vanban",
    language="vi-VN",
    date=datetime(2017, 12, 7),
)


def _page_field(paragraph) -> None:  # noqa: ANN001 - python-docx paragraph
    """A PAGE field (w:fldSimple) so the header shows the page number."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)  # noqa: SLF001


def make_docx(path: Path, *, extra: str = "", pages: int = 2) -> Path:
    """A small công văn: Times New Roman 14, Vietnamese text, PAGE field header, a table.

    ``pages`` pages, separated by hard page breaks, so the page count is known.
    """
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), "Times New Roman")
    header = doc.sections[0].header.paragraphs[0]
    header.text = HEADER_TEXT + " – trang "
    _page_field(header)
    for page in range(pages):
        for text in BODY:
            doc.add_paragraph(text)
        if extra:
            doc.add_paragraph(extra)
        if page < pages - 1:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    table = doc.add_table(rows=len(TABLE), cols=2)
    for r, (left, right) in enumerate(TABLE):
        table.cell(r, 0).text = left
        table.cell(r, 1).text = right
    doc.core_properties.created = datetime(2017, 12, 7)
    doc.core_properties.modified = datetime(2017, 12, 7)
    doc.save(str(path))
    return path


def make_corrupt_zip(path: Path) -> Path:
    """A zip that looks like a DOCX, with a document.xml that is not XML at all."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"><Override PartName="/word/document.xml" '
                    'ContentType="application/vnd.openxmlformats-officedocument.'
                    'wordprocessingml.document.main+xml"/></Types>')
        zf.writestr("word/document.xml", b"\x00\x01 this is not xml <<<")
    return path


def libreoffice_available() -> bool:
    try:
        find_soffice()
        find_uno_python()
    except Exception:
        return False
    return True


requires_lo = pytest.mark.skipif(not libreoffice_available(),
                                 reason="LibreOffice + python3-uno not installed")


def pdftotext(pdf: Path) -> str:
    if not shutil.which("pdftotext"):
        from pypdf import PdfReader
        return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def pool_processes(root: Path) -> list[str]:
    """Processes whose command line mentions the pool's private folder."""
    out = subprocess.run(["pgrep", "-af", str(root)], capture_output=True, text=True,
                         check=False).stdout
    return [line for line in out.splitlines() if "pgrep" not in line]

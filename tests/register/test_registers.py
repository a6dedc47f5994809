"""Printed registers (Phụ lục IV), incoming documents, the ĐẾN stamp, envelope and slip."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.shared import Mm

from generator import nd30
from generator.cli import main
from generator.problems import Problems
from generator.register import Office, RegisterError
from generator.register.forms import FORMS
from generator.register.incoming import fields_from_text

from ..conftest import DECREE_DIR

D = dt.date


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _decree_tables() -> list[list[str]]:
    form = docx.Document(str(DECREE_DIR / "Phuluc4.docx"))
    return [[_norm(c.text) for c in t.rows[0].cells] for t in form.tables
            if len(t.rows) >= 2 and _norm(t.rows[1].cells[0].text) == "(1)"]


def test_columns_are_the_decrees() -> None:
    """Each register's columns, in order, as Phụ lục IV's own tables name them."""
    decree = _decree_tables()
    ours = [[name for name, _ in FORMS[slug].columns]
            for slug in ("di", "buu-dien", "ban-luu", "den", "theo-doi")]
    assert [len(c) for c in ours] == [10, 6, 9, 10, 7]
    assert [[n.replace("Số, ký hiệu ngày", "Số, ký hiệu, ngày") for n in cols]
            for cols in decree] == [[n.replace("Số, ký hiệu ngày", "Số, ký hiệu, ngày")
                                     for n in cols] for cols in ours]


@pytest.fixture
def filled(office_folder: Path, write_draft) -> Path:
    with Office.open(office_folder) as office:
        office.allocate("hanh-chinh", D(2025, 1, 2), "phòng A")
        office.reserve("hanh-chinh", D(2025, 1, 3), "phòng B")
        office.release("hanh-chinh", 2, year=2025, reason="dự thảo không ban hành")
        office.issue(write_draft(), date=D(2025, 1, 6), pdf=False)
    return office_folder


def test_outgoing_register_docx_and_xlsx(filled: Path) -> None:
    with Office.open(filled) as office:
        written = office.print_register("di", year=2025, formats=["docx", "xlsx"])
    assert [p.name for p in written] == ["so-di-2025.docx", "so-di-2025.xlsx"]
    document = docx.Document(str(written[0]))
    sections = document.sections
    assert [s.orientation for s in sections] == [0, 1]  # cover portrait, table landscape
    assert round(sections[1].page_width.mm) == 297
    texts = [p.text for p in document.paragraphs]
    for line in ("SỞ NỘI VỤ", "SỔ ĐĂNG KÝ VĂN BẢN ĐI", "Năm: 2025",
                 "Từ ngày 02/01/2025 đến ngày 06/01/2025", "Từ số 01 đến số 03",
                 "Quyển số: 1"):
        assert texts.count(line) == 2, line  # the cover and the first page
    table = document.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[1] == [f"({i})" for i in range(1, 11)]
    assert rows[2][:2] == ["01", "02/01/2025"] and rows[2][9] == "Số đang giữ cho phòng A"
    assert rows[3][9] == "Hủy số: dự thảo không ban hành"
    assert rows[4] == ["03/SNV-TCBM", "06/01/2025", "Công văn: đôn đốc gửi Đề án",
                       "Trần Văn B", "Sở Tài chính; Lãnh đạo Sở", "VT, TCBM", "3", "", "", ""]
    sheet = openpyxl.load_workbook(written[1]).active
    assert sheet.page_setup.orientation == "landscape"
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=6)]
    assert values[0][0] == "Số, ký hiệu văn bản" and values[0][9] == "Ghi chú"
    assert values[4][:3] == ["03/SNV-TCBM", "06/01/2025", "Công văn: đôn đốc gửi Đề án"]


def test_register_ranges_search_report(filled: Path, capsys) -> None:
    with Office.open(filled) as office:
        docx_path = office.print_register("di", year=2025, formats=["docx"], first=3,
                                          last=3)[0]
        assert [r.so for r in office.search(words="ĐỀ ÁN")] == [3]
        assert office.search(words="không có", year=2025) == []
        assert [r.so for r in office.search(recipient="tài chính", signer="trần")] == [3]
    rows = docx.Document(str(docx_path)).tables[0].rows
    assert len(rows) == 3 and rows[2].cells[0].text == "03/SNV-TCBM"
    assert main(["register", "report", "--office", str(filled), "--year", "2025"]) == 0
    assert "Công văn\t1\nTổng cộng\t1" in capsys.readouterr().out
    report = openpyxl.load_workbook(filled / "registers" / "bao-cao-2025.xlsx").active
    assert [report.cell(5, 1).value, report.cell(5, 2).value] == ["Công văn", 1]


def test_post_register_is_portrait(filled: Path) -> None:
    with Office.open(filled) as office:
        path = office.print_register("buu-dien", year=2025, formats=["docx"])[0]
    document = docx.Document(str(path))
    assert [s.orientation for s in document.sections] == [0, 0]
    assert [c.text for c in document.tables[0].rows[2].cells] == [
        "", "03/SNV-TCBM", "Sở Tài chính; Lãnh đạo Sở", "", "", ""]


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_receive_a_vanban_pdf_and_print_the_incoming_registers(
        office_folder: Path, make_office, write_draft) -> None:
    sender = make_office(name="sender")
    with Office.open(sender) as office:
        sent = office.issue(write_draft(), date=D(2025, 3, 14))
    original = sent.pdf.read_bytes()
    with Office.open(office_folder, user="văn thư") as office:
        got = office.receive(sent.pdf, date=D(2025, 3, 17),
                             fields={"don_vi_nhan": "Phòng TCBM",
                                     "han_giai_quyet": D(2025, 3, 31)})
        assert (got.number, got.source) == (1, "metadata")
        assert got.fields["so_ky_hieu"] == "01/SNV-TCBM"
        assert got.fields["ngay_van_ban"] == D(2025, 3, 14)
        assert got.fields["trich_yeu"] == "đôn đốc gửi Đề án"
        assert "SỞ NỘI VỤ" in got.fields["tac_gia"]
        assert got.stored.read_bytes() == original == sent.pdf.read_bytes()
        stamped = _pdf_text(got.stamped)
        assert "ĐẾN" in stamped and "Số: 01\n" in stamped and "17/03/2025" in stamped
        assert "ĐẾN" not in _pdf_text(got.stored)
        with pytest.raises(RegisterError, match="22.2"):
            office.receive(sent.pdf, date=D(2025, 3, 16), stamp=False)
        second = office.receive(sent.pdf, date=D(2025, 3, 18), stamp=False)
        assert second.number == 2
        written = office.print_register("den", year=2025, formats=["pdf", "xlsx"])
        follow = office.print_register("theo-doi", year=2025, formats=["docx"])[0]
        assert office.audit_log()[0].hanh_dong == "vao-so-den"
    text = _pdf_text(written[1])
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in text and "17/03/2025" in text and "01/SNV-" in text
    assert "Phòng TCBM" in text
    rows = docx.Document(str(follow)).tables[0].rows
    assert [c.text for c in rows[2].cells][:4] == [
        "01", "Công văn, số 01/SNV-TCBM, ngày 14/03/2025, SỞ NỘI VỤ, UBND TỈNH LẠNG SƠN",
        "Phòng TCBM", "31/03/2025"]


def test_receive_reads_the_text_of_another_file(make_office, build_docx) -> None:
    folder = make_office()
    from ..conftest import MINIMAL

    source = build_docx(MINIMAL)
    with Office.open(folder) as office:
        got = office.receive(source, date=D(2025, 1, 9), fields={"don_vi_nhan": "Phòng A"})
    assert got.source == "text" and got.stamped is None  # a DOCX is not stamped
    assert got.fields["so_ky_hieu"] == "05/SNV-TCBM"
    assert got.fields["ngay_van_ban"] == D(2020, 1, 5)
    assert got.fields["trich_yeu"] == "đôn đốc gửi Đề án"


def test_text_layer_fields() -> None:
    text = ("UBND TỈNH LẠNG SƠN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI VỤ\n"
            "Độc lập - Tự do - Hạnh phúc\nSố: 89/2025/QĐ-UBND\nLạng Sơn, ngày 7 tháng 12 năm "
            "2025\nQUYẾT ĐỊNH\nBan hành Quy chế làm việc\n")
    assert fields_from_text(text) == {
        "so_ky_hieu": "89/2025/QĐ-UBND", "tac_gia": "UBND TỈNH LẠNG SƠN SỞ NỘI VỤ",
        "ngay_van_ban": D(2025, 12, 7), "ten_loai": "Quyết định",
        "trich_yeu": "Ban hành Quy chế làm việc"}


def test_image_only_scan_needs_the_fields(make_office, tmp_path: Path) -> None:
    from PIL import Image

    scan = tmp_path / "scan.pdf"
    Image.new("RGB", (400, 560), "white").save(scan, "PDF", resolution=50)
    folder = make_office()
    with Office.open(folder) as office:
        with pytest.raises(RegisterError) as info:
            office.receive(scan, date=D(2025, 1, 9), stamp=False)
        assert "OCR" in info.value.message.vi and "scan.den.yaml" in info.value.hint.vi
        (tmp_path / "scan.den.yaml").write_text("so_ky_hieu: 12/UBND-VP\ntac_gia: UBND huyện"
                                                "\nngay_van_bam: 2025-01-05\n", "utf-8")
        with pytest.raises(Problems) as bad:
            office.receive(scan, date=D(2025, 1, 9), stamp=False)
        assert bad.value.items[0].line == 3 and "ngay_van_ban" in bad.value.items[0].render()
        (tmp_path / "scan.den.yaml").write_text("so_ky_hieu: 12/UBND-VP\ntac_gia: UBND huyện"
                                                "\nngay_van_ban: 05/01/2025\n", "utf-8")
        got = office.receive(scan, date=D(2025, 1, 9), stamp=False)
        assert office.incoming() == [] or office.incoming()[0].so_ky_hieu == "12/UBND-VP"
    assert got.fields["ngay_van_ban"] == D(2025, 1, 5) and got.number == 1


def test_stamp_envelope_and_slip(filled: Path, capsys) -> None:
    args = ["--office", str(filled)]
    assert main(["register", "stamp", *args]) == 0
    stamp = docx.Document(str(filled / "registers" / "dau-den.docx")).tables[0]
    grid = stamp._tbl.tblGrid
    width = sum(int(c.get(docx.oxml.ns.qn("w:w"))) for c in grid.iterchildren())
    heights = [r.height for r in stamp.rows]
    assert abs(width - nd30.mm(50)) <= 2 and abs(sum(heights) - Mm(35)) < Mm(0.1)
    assert stamp.rows[1].cells[0].text == "ĐẾN"
    assert main(["register", "envelope", "03/SNV-TCBM", *args]) == 0
    envelope = docx.Document(str(filled / "registers" / "bi-03-SNV-TCBM.docx"))
    text = "\n".join(c.text for t in envelope.tables for c in t._cells)
    assert "Số/ký hiệu văn bản: 03/SNV-TCBM" in text and "Kính gửi: Sở Tài chính" in text
    assert "Kính gửi: Lãnh đạo Sở" in text  # one envelope per recipient
    assert round(envelope.sections[0].page_width.mm) == 220
    assert main(["register", "slip", "1", *args, "--year", "2025"]) == 1
    assert "không có số đến 01" in capsys.readouterr().err


def test_long_register_is_cut_into_page_tables(filled: Path) -> None:
    from generator.register.forms import FORMS, ROWS_PER_TABLE, Register, register_docx

    rows = [[f"{n:02d}/SNV-TCBM", "06/01/2025", "Công văn", "", "", "", "", "", "", ""]
            for n in range(1, 2 * ROWS_PER_TABLE + 11)]
    with Office.open(filled) as office:
        data = register_docx(office.config, Register(FORMS["di"], 2025, rows))
    path = filled / "long.docx"
    path.write_bytes(data)
    document = docx.Document(str(path))
    assert [len(t.rows) - 2 for t in document.tables] == [ROWS_PER_TABLE, ROWS_PER_TABLE, 10]
    assert document.tables[1].rows[2].cells[0].text == f"{ROWS_PER_TABLE + 1:02d}/SNV-TCBM"
    breaks = document.element.body.xpath(".//w:pageBreakBefore")
    assert len(breaks) == 2

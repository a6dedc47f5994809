"""Class 3, spreadsheets claiming huge extents: a sheet whose <dimension> says A1:XFD1048576,
a cell at row 1.048.576 or thousands of columns would make openpyxl allocate a cell for every
claimed place. Every reader of an outside XLSX (consolidate's agency forms, merge data, the web
desk's uploads) passes generator.archives.check_xlsx first, with the budgets of
generator/limits.py: refused quickly, naming the file and the sheet."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from generator import limits
from generator.archives import SheetTooLarge, check_xlsx

from .conftest import ROOT, copy_plan, run
from .test_archives import rewrite

SHEET_PART = "xl/worksheets/sheet1.xml"
HUGE_DIMENSION = b'<dimension ref="A1:XFD1048576"/>'
FAR_ROW = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
WIDE_ROW = b'<row r="3"><c r="ZZZ3" t="inlineStr"><is><t>x</t></is></c></row>'


def claim(source: Path, target: Path, how: str) -> Path:
    """``source`` with its first sheet claiming a huge extent in one of three ways."""
    with zipfile.ZipFile(source) as z:
        xml = z.read(SHEET_PART)
    if how == "dimension":
        xml, n = re.subn(rb"<dimension [^>]*/>", HUGE_DIMENSION, xml)
        if not n:
            xml = xml.replace(b"<sheetData", HUGE_DIMENSION + b"<sheetData", 1)
    elif how == "far-row":
        xml = re.sub(rb"<dimension [^>]*/>", b"", xml).replace(b"</sheetData>",
                                                                FAR_ROW + b"</sheetData>")
    else:  # thousands of columns, without a row of that many cells
        xml = re.sub(rb"<dimension [^>]*/>", b"", xml)
        xml = re.sub(rb'<row r="3"[^>]*>.*?</row>', WIDE_ROW, xml, count=1, flags=re.S)
        if WIDE_ROW not in xml:
            xml = xml.replace(b"</sheetData>", WIDE_ROW + b"</sheetData>")
    return rewrite(source, target, {SHEET_PART: xml})


HOW = ["dimension", "far-row", "wide"]


def test_consolidate_refuses_each_agency_naming_file_and_sheet(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path / "plan")
    assert run(["form", plan, "-o", tmp_path / "forms"], tmp_path).returncode == 0
    agencies = ["SNV", "STC", "HL"]
    for code, how in zip(agencies, HOW, strict=True):
        (plan / "units" / f"{code}.yaml").unlink()
        claim(tmp_path / "forms" / f"{code}.xlsx", plan / "units" / f"{code}.xlsx", how)
    started = time.monotonic()
    proc = run(["consolidate", plan, "-o", tmp_path / "out", "--format", "docx"], tmp_path)
    assert time.monotonic() - started < 60
    assert proc.returncode == 1, proc.stderr
    for code, rows, columns in [("SNV", "1.048.576", "16.384"), ("STC", "1.048.576", "4"),
                                ("HL", "", "18.278")]:
        line = next(x for x in proc.stderr.splitlines() if f"{code}.xlsx" in x)
        assert "Không đọc được biểu mẫu XLSX: trang tính «Biểu mẫu»: trang tính khai báo tới" \
            in line, line
        assert f"{columns} cột" in line and (not rows or f"{rows} dòng" in line), line
        assert "vanban chỉ đọc tối đa 100.000 dòng, 1.000 cột" in line
    # the agency of each file (named as `vanban form` names it) is invalid, not missing
    invalid = next(x for x in proc.stdout.splitlines() if "Không hợp lệ:" in x)
    assert all(name in invalid for name in ("Sở Nội vụ", "Sở Tài chính", "UBND huyện Hữu Lũng"))
    assert not any(name in line for line in proc.stdout.splitlines() if "Chưa nộp:" in line
                   for name in ("Sở Nội vụ", "Sở Tài chính", "Hữu Lũng"))
    # the other agencies are consolidated
    assert (tmp_path / "out" / "tong-hop.xlsx").is_file()
    assert (tmp_path / "out" / "bao-cao.docx").is_file()
    english = run(["--lang", "en", "consolidate", plan, "-o", tmp_path / "out-en", "--format",
                   "docx"], tmp_path)
    assert "sheet «Biểu mẫu»: the sheet claims up to 1,048,576 rows × 16,384 columns" \
        in english.stderr


def _data(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append(["STT", "Đơn vị"])
    sheet.append([1, "Phòng số 1"])
    sheet.append([2, "Phòng số 2"])
    workbook.save(path)
    return path


@pytest.mark.parametrize("how", HOW)
def test_merge_refuses_data_claiming_a_huge_sheet(tmp_path: Path, how: str) -> None:
    data = claim(_data(tmp_path / "plain.xlsx"), tmp_path / "data.xlsx", how)
    template = ROOT / "content" / "merge" / "giay-moi.yaml"
    started = time.monotonic()
    proc = run(["merge", template, data, "-o", tmp_path / "out", "--format", "docx"], tmp_path)
    assert time.monotonic() - started < 30
    assert proc.returncode == 2, proc.stderr
    assert f"Không đọc được tệp {data}: trang tính «Danh sách»: trang tính khai báo tới" \
        in proc.stderr, proc.stderr
    assert not list((tmp_path / "out").glob("*.docx")) if (tmp_path / "out").exists() else True


def test_budget_is_one_place_and_reads_within_it(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet within the budget is read; lower the budget and the same sheet is refused."""
    data = _data(tmp_path / "plain.xlsx")
    check_xlsx(data)
    monkeypatch.setattr(limits, "MAX_SHEET_ROWS", 2)
    with pytest.raises(SheetTooLarge) as caught:
        check_xlsx(data)
    assert caught.value.sheet == "Danh sách" and caught.value.part == SHEET_PART
    assert "3 dòng × 2 cột" in caught.value.message("vi")


@pytest.mark.parametrize("kind, value, words", [
    ("n", "9" * 5000, "ô B2: số có 5.000 chữ số (tối đa 30)"),
    ("n", "inf", "ô B2: «inf» không phải số đọc được"),
    ("s", "99", "ô B2: ô trỏ tới chuỗi dùng chung số 99, không có trong tệp"),
    ("d", "hôm qua", "ô B2: «hôm qua» không phải ngày (ISO 8601) đọc được"),
    ("b", "đúng", "ô B2: «đúng» không phải giá trị đúng/sai đọc được"),
])
def test_cells_openpyxl_cannot_read_are_named(tmp_path: Path, kind: str, value: str,
                                              words: str) -> None:
    """Values that make openpyxl give up on the whole workbook with English text are found
    first and named by sheet and cell — for every reader (merge shown here)."""
    plain = _data(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(plain) as z:
        xml = z.read(SHEET_PART)
    cell = f'<c r="B2" t="{kind}"><v>{value}</v></c>'.encode()
    xml = re.sub(rb'<c r="B2"[^>]*>.*?</c>', cell, xml, count=1, flags=re.S)
    data = rewrite(plain, tmp_path / "data.xlsx", {SHEET_PART: xml})
    template = ROOT / "content" / "merge" / "giay-moi.yaml"
    proc = run(["merge", template, data, "-o", tmp_path / "out", "--format", "docx"], tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert f"Không đọc được tệp {data}: trang tính «Danh sách», {words}" in proc.stderr, \
        proc.stderr
    assert "Unable to read workbook" not in proc.stderr


def test_uncalculated_formula_and_impossible_date_serial(tmp_path: Path) -> None:
    """A formula written by a program (no value stored beside it) is named by its cell — it
    was read as an empty cell ("missing field", or silently nothing for an optional one); a
    date cell whose serial is no date gets the Vietnamese message only, without openpyxl's
    English UserWarning."""
    from openpyxl import load_workbook

    plan = copy_plan(tmp_path / "plan")
    assert run(["form", plan, "-o", tmp_path / "forms"], tmp_path).returncode == 0
    cells = {}
    for code, key, value in (("SNV", "kien_nghi", '=HYPERLINK("http://x","y")'),
                             ("STC", "ngay", 40_000_000), ("HL", "ngay", -5)):
        workbook = load_workbook(tmp_path / "forms" / f"{code}.xlsx")
        sheet = workbook.active
        for row in sheet.iter_rows(min_row=6):
            if row[0].value in ("so_hieu", "nguoi_ky"):
                row[2].value = "Nguyễn Văn A" if row[0].value == "nguoi_ky" else "1/BC-X"
            elif row[0].value in ("ngay", "ngay_nhan"):
                row[2].value = "12/12/2017"
            elif row[0].value not in ("don_vi", "chuc_vu", "lop_tieu_bieu", "kien_nghi"):
                row[2].value = 1
            if row[0].value == key:
                row[2].value = value
                row[2].number_format = "dd/mm/yyyy"
                cells[code] = row[2].row
        (plan / "units" / f"{code}.yaml").unlink()
        workbook.save(plan / "units" / f"{code}.xlsx")
    proc = run(["consolidate", plan, "-o", tmp_path / "out", "--format", "docx"], tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert f"SNV.xlsx: Lỗi: Không đọc được biểu mẫu XLSX: trang tính «Biểu mẫu», ô " \
           f"C{cells['SNV']}: ô chứa công thức «=HYPERLINK(\"http://x\",\"y\")» chưa được tính" \
           in proc.stderr, proc.stderr
    assert f"STC.xlsx, dòng {cells['STC']}, cột 3 (trường ngay): Lỗi: Không đọc được ngày" \
        in proc.stderr, proc.stderr
    # a serial before 1900 (-5 is 25/12/1899) is a mistyped date, not an agency's ngày
    assert f"HL.xlsx, dòng {cells['HL']}, cột 3 (trường ngay): Lỗi: Ngày «25/12/1899»: năm " \
           "1899 nằm ngoài 1900–2099" in proc.stderr, proc.stderr
    assert "UserWarning" not in proc.stderr and "openpyxl" not in proc.stderr
    assert (tmp_path / "out" / "bao-cao.docx").is_file()  # the other agencies: consolidated

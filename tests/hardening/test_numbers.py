"""Class 6 (part): numbers at and past the 30 digits a document may carry. A 30-digit figure
in an agency's submission is summed and printed with Vietnamese grouping (Babel rounds in a
28-digit decimal context: it used to end in InvalidOperation); a float written with an
exponent (``1.0e+300`` in YAML, ``1E+300`` in an XLSX cell) is refused like the 301 digits it
stands for, naming the line or the cell — that agency invalid, the others consolidated.
Also merge data: a NUL or a bidirectional control in a cell is that row's problem, named by
row and column, never written into a DOCX."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import load_workbook

from generator.vietnamese import format_money, format_number

from .conftest import ROOT, copy_plan, run

THIRTY = "123456789012345678901234567890"


def test_thirty_digits_are_formatted() -> None:
    assert format_number(int(THIRTY)) == "123.456.789.012.345.678.901.234.567.890"
    assert format_number(int(THIRTY), 1) == "123.456.789.012.345.678.901.234.567.890,0"
    assert format_money(10**29) == "100.000.000.000.000.000.000.000.000.000 đồng"


def _submission(plan: Path, code: str, old: str, new: str) -> Path:
    path = plan / "units" / f"{code}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_consolidate_prints_thirty_digits_and_refuses_an_exponent(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path / "plan")
    _submission(plan, "SNV", "kinh_phi_ke_hoach: 500", f"kinh_phi_ke_hoach: {THIRTY}")
    bad = _submission(plan, "STC", "so_lop: ", "so_lop: 1.0e+300 #")
    line = next(i for i, text in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("so_lop:"))
    proc = run(["consolidate", plan, "-o", tmp_path / "out", "--format", "docx"], tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert f"STC.yaml, dòng {line}, cột 9 (trường so_lop): Lỗi: Số 1.0e+300 quá lớn (hơn 30 " \
           "chữ số)" in proc.stderr, proc.stderr
    with zipfile.ZipFile(tmp_path / "out" / "bao-cao.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "123.456.789.012.345.678.901.234.5" in body  # the sum, grouped, 30 digits
    rows = [r for r in load_workbook(tmp_path / "out" / "tong-hop.xlsx").active
            .iter_rows(values_only=True) if r and "Sở Nội vụ" in r]
    assert rows, "the other agencies are consolidated"


def test_an_xlsx_cell_with_an_exponent_is_named(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path / "plan")
    assert run(["form", plan, "-o", tmp_path / "forms"], tmp_path).returncode == 0
    workbook = load_workbook(tmp_path / "forms" / "SGDDT.xlsx")
    sheet = workbook.active
    row = next(r for r in sheet.iter_rows(min_row=6) if r[0].value == "so_lop")
    row[2].value = 1e300
    workbook.save(plan / "units" / "SGDDT.xlsx")
    proc = run(["consolidate", plan, "-o", tmp_path / "out", "--format", "docx"], tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert f"SGDDT.xlsx: Lỗi: Không đọc được biểu mẫu XLSX: trang tính «{sheet.title}», ô " \
           f"C{row[2].row}: số «1e+300» lớn hơn 30 chữ số" in proc.stderr, proc.stderr
    assert (tmp_path / "out" / "bao-cao.docx").is_file()


def test_merge_refuses_control_characters_in_a_cell(tmp_path: Path) -> None:
    data = tmp_path / "du-lieu.csv"
    data.write_text("Đơn vị,Ngày họp,Giờ,Địa điểm\n"
                    "Sở A\x00B,14/12/2017,8 giờ,Hội trường\n"
                    "Sở \u202eC,14/12/2017,8 giờ,Hội trường\n"
                    "Sở D,14/12/2017,8 giờ,Hội trường\n", encoding="utf-8")
    proc = run(["merge", ROOT / "content" / "merge" / "giay-moi.yaml", data, "--column",
                "Đơn vị=thanh_phan", "-o", tmp_path / "out", "--format", "docx"], tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "du-lieu.csv, dòng 2, cột A (Đơn vị): Lỗi: Ký tự điều khiển NUL không in được, " \
           "không được có trong tệp (ký tự thứ 5 của ô)." in proc.stderr, proc.stderr
    assert "du-lieu.csv, dòng 3, cột A (Đơn vị): Lỗi: Ký tự điều khiển hướng chữ U+202E" \
        in proc.stderr
    built = sorted(p.name for p in (tmp_path / "out").rglob("*.docx"))
    assert built == ["dong-00004.docx"], built

"""The summary workbook and the agencies' XLSX forms (written, filled, read back)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from generator.consolidate.forms import FIRST_ROW, SHEET, VALUE_COL, write_form
from generator.consolidate.plan import load_plan
from generator.consolidate.run import analyse, consolidate
from generator.consolidate.status import INVALID, ON_TIME
from generator.consolidate.workbook import OPINIONS_SHEET, STATUS_SHEET
from generator.consolidate.xlsx import save


def test_workbook_sheets_and_cells(make_plan, standard_units, tmp_path):
    consolidate(make_plan(standard_units), tmp_path / "out", pdf=False)
    book = load_workbook(tmp_path / "out" / "tong-hop.xlsx")
    assert book.sheetnames == [STATUS_SHEET, "bien_che", OPINIONS_SHEET]
    status = book[STATUS_SHEET]
    assert [status.cell(r, 2).value for r in range(4, 8)] == [
        "Sở Tài chính", "Sở Y tế", "UBND huyện Cao Lộc", "UBND huyện Hữu Lũng"]
    assert status.cell(5, 7).value == "Trễ hạn 2 ngày" and status.cell(5, 8).value == 2
    assert status.cell(7, 7).value == "Chưa nộp"
    table = book["bien_che"]
    rows = [[c.value for c in row] for row in table.iter_rows(min_row=4)]
    assert rows[-1] == [None, "Tổng cộng", 380, 46, 3, 12.1, None]
    assert rows[3] == [None, "Cộng sở, ngành", 300, 42, 2, 14.0, None]
    assert table.cell(5, 6).number_format == "#,##0.0"


def _fill(plan_dir, code: str, values: dict) -> bytes:
    plan = load_plan(plan_dir).plan
    book = load_workbook(BytesIO(write_form(plan, plan.unit(code))))
    sheet = book[SHEET]
    for row in range(FIRST_ROW, sheet.max_row + 1):
        name = sheet.cell(row, 1).value
        if name in values:
            sheet.cell(row, VALUE_COL, values[name])
    return save(book, plan.han_nop)


FILLED = {"so_hieu": "21/ĐA-UBND", "ngay": dt.datetime(2017, 12, 10),
          "ngay_nhan": "14/12/2017", "nguoi_ky": "Trần Văn B", "bien_che": 90, "giam": 9.0,
          "sap_nhap": "Hợp nhất phòng A và phòng B\nSáp nhập phòng C", "kien_nghi": "Không"}


def test_form_has_every_field_with_validation(make_plan):
    folder = make_plan()
    plan = load_plan(folder).plan
    book = load_workbook(BytesIO(write_form(plan, plan.unit("HL"))))
    sheet = book[SHEET]
    codes = [sheet.cell(r, 1).value for r in range(FIRST_ROW, sheet.max_row + 1)]
    assert codes[:4] == ["don_vi", "so_hieu", "ngay", "ngay_nhan"]
    assert codes[-5:] == [f.ma for f in plan.truong]
    assert sheet.cell(FIRST_ROW, VALUE_COL).value == "HL"
    kinds = {dv.type for dv in sheet.data_validations.dataValidation}
    assert kinds == {"whole", "date", "textLength"}
    whole = next(dv for dv in sheet.data_validations.dataValidation if dv.type == "whole")
    assert whole.operator == "greaterThanOrEqual" and whole.formula1 == "0"
    assert sheet.protection.sheet
    assert not sheet.cell(FIRST_ROW + 1, VALUE_COL).protection.locked
    assert sheet.cell(FIRST_ROW, VALUE_COL).protection.locked  # the agency's code


def test_form_command_writes_one_workbook_per_agency(make_plan, tmp_path):
    from generator.cli import main

    assert main(["form", str(make_plan()), "-o", str(tmp_path / "forms")]) == 0
    assert sorted(p.name for p in (tmp_path / "forms").iterdir()) == [
        "CLO.xlsx", "HL.xlsx", "STC.xlsx", "SYT.xlsx"]


def test_filled_form_is_read_as_a_submission(make_plan, standard_units):
    folder = make_plan(standard_units)
    (folder / "units" / "HL.xlsx").write_bytes(_fill(folder, "HL", FILLED))
    result = analyse(folder)
    assert not result.problems, [p.render() for p in result.problems]
    status = result.report.of("HL")
    assert status.state == ON_TIME
    s = status.chosen
    assert (s.so_hieu, s.ngay, s.ngay_nhan) == ("21/ĐA-UBND", dt.date(2017, 12, 10),
                                                dt.date(2017, 12, 14))
    assert s.values["giam"] == 9 and s.values["sap_nhap"] == ["Hợp nhất phòng A và phòng B",
                                                              "Sáp nhập phòng C"]


@pytest.mark.parametrize(("field", "value", "words"),
                         [("giam", -2, "không được là số âm"),
                          ("bien_che", "nhiều", "Sai kiểu dữ liệu"),
                          ("giam", 200, "lớn hơn biên chế")])
def test_bad_value_in_a_form_is_located_at_its_row(make_plan, standard_units, field, value,
                                                   words):
    folder = make_plan(standard_units)
    (folder / "units" / "HL.xlsx").write_bytes(_fill(folder, "HL", {**FILLED, field: value}))
    result = analyse(folder)
    (problem,) = result.problems
    codes = ["don_vi", "so_hieu", "ngay", "ngay_nhan", "nguoi_ky", "chuc_vu"] + [
        f.ma for f in result.loaded.plan.truong]
    assert problem.line == FIRST_ROW + codes.index(field)
    assert problem.column == VALUE_COL and problem.field == field
    assert words in problem.render("vi")
    assert result.report.of("HL").state == INVALID


def test_a_file_that_is_not_a_workbook_is_invalid(make_plan, standard_units):
    folder = make_plan(standard_units)
    (folder / "units" / "HL.xlsx").write_bytes(b"not a zip file")
    result = analyse(folder)
    (problem,) = result.problems
    assert problem.file.name == "HL.xlsx" and "XLSX" in problem.render("vi")
    assert result.exit_code == 1
    assert sorted(r.unit.ma for r in result.whole.rows) == ["CLO", "STC", "SYT"]


def test_workbook_and_forms_are_deterministic(make_plan):
    import time

    plan = load_plan(make_plan()).plan
    first = write_form(plan, plan.unit("HL"))
    time.sleep(1.1)  # openpyxl stamps the save time to the second: it must not show
    assert write_form(plan, plan.unit("HL")) == first

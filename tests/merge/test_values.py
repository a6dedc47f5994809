"""Cells as clerks type them: dates, numbers, text; the heading → variable rule; names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from generator.merge.mapping import ColumnMap, plain_name
from generator.merge.names import safe_name
from generator.merge.sheet import DataProblem
from generator.merge.values import CellProblem, VnDate, convert


@pytest.mark.parametrize(("value", "number_format", "shown"), [
    (dt.datetime(2017, 12, 7), "dd/mm/yyyy", "07/12/2017"),
    ("07/12/2017", "General", "07/12/2017"),
    ("7/12/2017", "General", "07/12/2017"),
    ("2017-12-07", "General", "07/12/2017"),
    (1234567, "#,##0", "1.234.567"),
    (2017, "General", "2017"),
    (1234567.0, "General", "1234567"),
    (1234.5, "#,##0.0", "1.234,5"),
    ("1.234.567", "General", "1.234.567"),
    ("  Sở Y tế \n", "General", "Sở Y tế"),
])
def test_cells_print_as_typed(value: object, number_format: str, shown: str) -> None:
    assert str(convert(value, number_format)) == shown


def test_dates_are_dates() -> None:
    value = convert("07/12/2017")
    assert isinstance(value, dt.date) and isinstance(value, VnDate)
    assert value == dt.date(2017, 12, 7)
    assert isinstance(convert(1234.5), Decimal)


@pytest.mark.parametrize("text", ["30/02/2018", "31/04/2019", "12/13/2017"])
def test_impossible_text_date_is_a_cell_problem(text: str) -> None:
    with pytest.raises(CellProblem) as caught:
        convert(text)
    assert "không có thật" in caught.value.vi


@pytest.mark.parametrize("value", ["25/12/2205", dt.datetime(1899, 12, 25),
                                   dt.datetime(2205, 1, 1, 8, 30)])
def test_a_mistyped_year_is_a_cell_problem(value: object) -> None:
    with pytest.raises(CellProblem) as caught:
        convert(value)
    assert "có lẽ gõ nhầm năm" in caught.value.vi and "mistyped year" in caught.value.en


def test_a_date_cell_with_a_time_prints_both() -> None:
    assert convert(dt.datetime(2017, 12, 14, 8, 30)) == "08 giờ 30, 14/12/2017"


def test_empty_cells_have_no_value() -> None:
    assert convert(None) is None and convert("   ") is None


@pytest.mark.parametrize(("heading", "variable"), [
    ("Họ và tên", "ho_va_ten"), ("Đơn vị", "don_vi"), ("Số tiền (đồng)", "so_tien_dong"),
    ("Ngày  họp", "ngay_hop"), ("ho_ten", "ho_ten"),
])
def test_heading_rule(heading: str, variable: str) -> None:
    assert ColumnMap([heading], {}).variables[heading] == variable


def test_explicit_map_matches_headings_as_written() -> None:
    columns = ColumnMap(["Họ và tên", "Hồ sơ"], {"họ và TÊN": "ho_ten"})
    assert columns.variables == {"Họ và tên": "ho_ten", "Hồ sơ": "ho_so"}
    with pytest.raises(DataProblem):  # «Hổ sơ» is not «Hồ sơ»: diacritics count
        ColumnMap(["Hồ sơ"], {"Hổ sơ": "x"})


def test_two_headings_for_one_variable_are_refused() -> None:
    with pytest.raises(DataProblem) as caught:
        ColumnMap(["Họ tên", "Hồ tên"], {})
    assert "--column" in caught.value.message.vi


def test_safe_names() -> None:
    assert plain_name("Nguyễn Văn Đức") == "nguyen_van_duc"
    assert safe_name("UBND huyện Cao Lộc / Phòng Nội vụ", 3) == "ubnd-huyen-cao-loc-phong-noi-vu"
    assert safe_name("../../etc/passwd", 4) == "etc-passwd"
    assert safe_name(None, 5) == "dong-00005"
    assert safe_name("CON", 6) == "con-r6"
    assert len(safe_name("A" * 300, 7)) <= 80

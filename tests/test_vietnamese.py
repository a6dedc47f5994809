"""Vietnamese dates, numbers, ordinals, Roman numerals and điểm letters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from generator.nd30 import DIEM_LETTERS
from generator.vietnamese import (
    DRAFT_BLANK,
    ValueProblem,
    capitalize_first,
    diem_letter,
    format_money,
    format_number,
    full_date,
    month_text,
    number_text,
    ordinal,
    parse_date,
    parse_number,
    roman,
    short_date,
    weekday_name,
)

# --- dates (spec §3.3) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "text"),
    [
        (dt.date(2017, 12, 7), "ngày 07 tháng 12 năm 2017"),
        (dt.date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
        (dt.date(2020, 2, 29), "ngày 29 tháng 02 năm 2020"),
        (dt.date(2020, 3, 5), "ngày 05 tháng 3 năm 2020"),
        (dt.date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
    ],
)
def test_full_date_leading_zeros(date: dt.date, text: str) -> None:
    assert full_date(date) == text


def test_full_date_with_blank_day_for_a_draft() -> None:
    expected = f"ngày {DRAFT_BLANK} tháng 12 năm 2017"
    assert full_date(dt.date(2017, 12, 7), blank_day=True) == expected


def test_month_text_pads_only_january_and_february() -> None:
    assert [month_text(m) for m in (1, 2, 3, 12)] == ["01", "02", "3", "12"]


@pytest.mark.parametrize(
    ("date", "text"),
    [(dt.date(2017, 12, 15), "15/12/2017"), (dt.date(2018, 3, 1), "01/03/2018")],
)
def test_short_date(date: dt.date, text: str) -> None:
    assert short_date(date) == text


def test_number_text_leading_zero() -> None:
    assert number_text(5) == "05"
    assert number_text(4208) == "4208"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("07/12/2017", dt.date(2017, 12, 7)),
        ("7/12/2017", dt.date(2017, 12, 7)),
        ("2017-12-07", dt.date(2017, 12, 7)),
        ("2017-12-7", dt.date(2017, 12, 7)),
        ("07-12-2017", dt.date(2017, 12, 7)),
        ("07.12.2017", dt.date(2017, 12, 7)),
        (" 7 / 3 / 2020 ", dt.date(2020, 3, 7)),
        ("29/02/2020", dt.date(2020, 2, 29)),
        ("０７/１２/２０１７", dt.date(2017, 12, 7)),  # full-width digits from some IMEs
    ],
)
def test_parse_date_clerk_forms(text: str, date: dt.date) -> None:
    assert parse_date(text) == date


def test_parse_date_passes_dates_through() -> None:
    assert parse_date(dt.date(2017, 12, 7)) == dt.date(2017, 12, 7)
    assert parse_date(dt.datetime(2017, 12, 7, 8, 30)) == dt.date(2017, 12, 7)
    assert type(parse_date(dt.datetime(2017, 12, 7, 8, 30))) is dt.date


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31/02/2018", "tháng 2 năm 2018 chỉ có 28 ngày"),
        ("29/02/2019", "tháng 2 năm 2019 chỉ có 28 ngày"),
        ("31/04/2018", "tháng 4 năm 2018 chỉ có 30 ngày"),
        ("07/13/2017", "không có tháng 13"),
        ("12/00/2017", "không có tháng 0"),
        ("00/12/2017", "không có ngày 0"),
        ("2018-02-30", "chỉ có 28 ngày"),
    ],
)
def test_parse_date_impossible_dates_say_why(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why) as info:
        parse_date(text)
    assert isinstance(info.value, ValueProblem)
    assert "does not exist" in info.value.message_en


@pytest.mark.parametrize("value", ["", "hôm nay", "07/12/17", "07/12-2017", "2017/12/07", 20171207])
def test_parse_date_unreadable_forms(value: object) -> None:
    with pytest.raises(ValueProblem, match="Không đọc được ngày"):
        parse_date(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("date", "name"),
    [
        (dt.date(2017, 12, 4), "thứ Hai"),
        (dt.date(2017, 12, 5), "thứ Ba"),
        (dt.date(2017, 12, 6), "thứ Tư"),
        (dt.date(2017, 12, 7), "thứ Năm"),
        (dt.date(2017, 12, 8), "thứ Sáu"),
        (dt.date(2017, 12, 9), "thứ Bảy"),
        (dt.date(2017, 12, 10), "Chủ nhật"),
    ],
)
def test_weekday_name(date: dt.date, name: str) -> None:
    assert weekday_name(date) == name


# --- numbers and money -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1234567, None, "1.234.567"),
        (0, None, "0"),
        (-1500, None, "-1.500"),
        (1234567.5, None, "1.234.567,5"),
        (Decimal("1234.5"), 2, "1.234,50"),
        (1234.567, 0, "1.235"),
        (12.5, 1, "12,5"),
    ],
)
def test_format_number_in_vi_locale(value: float, decimals: int | None, text: str) -> None:
    assert format_number(value, decimals) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1234567, "1.234.567 đồng"),
        (0, "0 đồng"),
        (500, "500 đồng"),
        (Decimal("1200000.00"), "1.200.000 đồng"),
        (-15000, "-15.000 đồng"),
    ],
)
def test_format_money(amount: int | Decimal, text: str) -> None:
    assert format_money(amount) == text


def test_format_money_other_currency_or_none() -> None:
    assert format_money(1500, currency="USD") == "1.500 USD"
    assert format_money(1500, currency="") == "1.500"


def test_format_money_refuses_fractions_of_a_dong() -> None:
    with pytest.raises(ValueProblem, match="phần lẻ"):
        format_money(Decimal("10.5"))


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234.567", 1234567),
        ("1.500", 1500),
        ("1234567", 1234567),
        ("1 200 000", 1200000),
        ("1\u00a0200\u00a0000", 1200000),
        ("-1.000", -1000),
        ("1.234.567,5", Decimal("1234567.5")),
        ("12,5", Decimal("12.5")),
        ("1.5", Decimal("1.5")),
        (7, 7),
        (2.0, 2),
        (2.5, Decimal("2.5")),
        (Decimal("3.00"), 3),
    ],
)
def test_parse_number(text: str, number: int | Decimal) -> None:
    result = parse_number(text)
    assert result == number
    assert type(result) is type(number)


@pytest.mark.parametrize("value", ["abc", "1.2.3", "1,234,567", "", True, None, float("nan")])
def test_parse_number_refuses_garbage(value: object) -> None:
    with pytest.raises(ValueProblem, match="Không đọc được số"):
        parse_number(value)  # type: ignore[arg-type]


# --- ordinals, Roman numerals, điểm letters ---------------------------------------------------


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "thứ nhất"),
        (2, "thứ hai"),
        (3, "thứ ba"),
        (4, "thứ tư"),
        (5, "thứ năm"),
        (10, "thứ mười"),
        (11, "thứ mười một"),
        (14, "thứ mười bốn"),
        (15, "thứ mười lăm"),
        (21, "thứ hai mươi mốt"),
        (24, "thứ hai mươi tư"),
        (100, "thứ một trăm"),
    ],
)
def test_ordinal(n: int, text: str) -> None:
    assert ordinal(n) == text


def test_ordinal_southern() -> None:
    assert ordinal(4, dialect="nam") == "thứ tư"
    assert ordinal(24, dialect="nam") == "thứ hai mươi bốn"


@pytest.mark.parametrize("n", [0, -1, True, "1"])
def test_ordinal_refuses_non_positive(n: object) -> None:
    with pytest.raises(ValueProblem, match="Số thứ tự"):
        ordinal(n)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "I"), (2, "II"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (1994, "MCMXCIV"),
     (3999, "MMMCMXCIX")],
)
def test_roman(n: int, text: str) -> None:
    assert roman(n) == text


@pytest.mark.parametrize("n", [0, -3, 4000, 2.0])
def test_roman_out_of_range(n: object) -> None:
    with pytest.raises(ValueProblem, match="La Mã"):
        roman(n)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("index", "letter"), [(1, "a"), (4, "d"), (5, "đ"), (6, "e"), (7, "g"), (22, "x"), (23, "y")]
)
def test_diem_letter_follows_the_decree(index: int, letter: str) -> None:
    assert diem_letter(index) == letter


def test_diem_letters_skip_f_j_w_z() -> None:
    letters = [diem_letter(i) for i in range(1, len(DIEM_LETTERS) + 1)]
    assert not {"f", "j", "w", "z"} & set(letters)
    assert "".join(letters) == "abcdđeghiklmnopqrstuvxy"


@pytest.mark.parametrize("index", [0, 24, -1])
def test_diem_letter_out_of_range(index: int) -> None:
    with pytest.raises(ValueProblem, match="điểm"):
        diem_letter(index)


def test_capitalize_first_keeps_the_rest() -> None:
    assert capitalize_first("ủy ban nhân dân tỉnh Quảng Ninh") == "Ủy ban nhân dân tỉnh Quảng Ninh"
    assert capitalize_first("") == ""


@pytest.mark.parametrize("value", ["25/12/2205", "2205-12-25", "31/12/1899",
                                   dt.date(9999, 12, 31), dt.datetime(1899, 12, 25)])
def test_parse_date_refuses_a_mistyped_year(value: object) -> None:
    with pytest.raises(ValueProblem, match=r"nằm ngoài 1900–2099, có lẽ gõ nhầm năm") as info:
        parse_date(value)  # type: ignore[arg-type]
    assert "probably a mistyped year" in info.value.message_en


def test_parse_date_keeps_the_years_around_them() -> None:
    assert parse_date("01/01/1900") == dt.date(1900, 1, 1)
    assert parse_date("31/12/2099") == dt.date(2099, 12, 31)

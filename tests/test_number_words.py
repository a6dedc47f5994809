"""Numbers and money in Vietnamese words, against hand-checked readings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.number_words import ValueProblem, money_in_words, number_to_words

# Amount → the northern reading as written on a document (hand-checked).
MONEY_NORTH = [
    (0, "Không đồng"),
    (1, "Một đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (14, "Mười bốn đồng"),
    (15, "Mười lăm đồng"),
    (19, "Mười chín đồng"),
    (20, "Hai mươi đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi tư đồng"),
    (25, "Hai mươi lăm đồng"),
    (27, "Hai mươi bảy đồng"),
    (31, "Ba mươi mốt đồng"),
    (55, "Năm mươi lăm đồng"),
    (90, "Chín mươi đồng"),
    (99, "Chín mươi chín đồng"),
    (100, "Một trăm đồng"),
    (101, "Một trăm linh một đồng"),
    (104, "Một trăm linh bốn đồng"),
    (105, "Một trăm linh năm đồng"),
    (110, "Một trăm mười đồng"),
    (111, "Một trăm mười một đồng"),
    (115, "Một trăm mười lăm đồng"),
    (121, "Một trăm hai mươi mốt đồng"),
    (200, "Hai trăm đồng"),
    (999, "Chín trăm chín mươi chín đồng"),
    (1_000, "Một nghìn đồng"),
    (1_001, "Một nghìn không trăm linh một đồng"),
    (1_005, "Một nghìn không trăm linh năm đồng"),
    (1_010, "Một nghìn không trăm mười đồng"),
    (1_015, "Một nghìn không trăm mười lăm đồng"),
    (1_050, "Một nghìn không trăm năm mươi đồng"),
    (1_100, "Một nghìn một trăm đồng"),
    (2_024, "Hai nghìn không trăm hai mươi tư đồng"),
    (10_000, "Mười nghìn đồng"),
    (15_000, "Mười lăm nghìn đồng"),
    (21_000, "Hai mươi mốt nghìn đồng"),
    (50_500, "Năm mươi nghìn năm trăm đồng"),
    (100_000, "Một trăm nghìn đồng"),
    (105_000, "Một trăm linh năm nghìn đồng"),
    (500_000, "Năm trăm nghìn đồng"),
    (1_000_000, "Một triệu đồng"),
    (1_000_001, "Một triệu không trăm linh một đồng"),
    (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
    (1_200_000, "Một triệu hai trăm nghìn đồng"),
    (1_234_567, "Một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy đồng"),
    (10_500_000, "Mười triệu năm trăm nghìn đồng"),
    (15_000_000, "Mười lăm triệu đồng"),
    (125_000_000, "Một trăm hai mươi lăm triệu đồng"),
    (1_000_000_000, "Một tỷ đồng"),
    (1_000_000_001, "Một tỷ không trăm linh một đồng"),
    (1_000_100_000, "Một tỷ một trăm nghìn đồng"),
    (1_050_000_000, "Một tỷ không trăm năm mươi triệu đồng"),
    (
        2_345_678_901,
        "Hai tỷ ba trăm bốn mươi lăm triệu sáu trăm bảy mươi tám nghìn chín trăm linh một đồng",
    ),
    (15_000_000_000, "Mười lăm tỷ đồng"),
    (1_000_000_000_000, "Một nghìn tỷ đồng"),
    (1_000_000_000_005, "Một nghìn tỷ không trăm linh năm đồng"),
    (1_000_000_000_000_000_000, "Một tỷ tỷ đồng"),
]

MONEY_SOUTH = [
    (105, "Một trăm lẻ năm đồng"),
    (24, "Hai mươi bốn đồng"),
    (14, "Mười bốn đồng"),
    (21, "Hai mươi mốt đồng"),
    (25, "Hai mươi lăm đồng"),
    (1_000, "Một ngàn đồng"),
    (1_005, "Một ngàn không trăm lẻ năm đồng"),
    (1_200_000, "Một triệu hai trăm ngàn đồng"),
    (1_000_000_001, "Một tỷ không trăm lẻ một đồng"),
    (234_000, "Hai trăm ba mươi bốn ngàn đồng"),
    (1_000_000_000_000, "Một ngàn tỷ đồng"),
]


def test_table_has_at_least_forty_hand_checked_amounts() -> None:
    assert len(MONEY_NORTH) + len(MONEY_SOUTH) >= 40
    assert len({amount for amount, _ in MONEY_NORTH}) == len(MONEY_NORTH)


@pytest.mark.parametrize(("amount", "words"), MONEY_NORTH)
def test_money_in_words_northern(amount: int, words: str) -> None:
    assert money_in_words(amount) == words


@pytest.mark.parametrize(("amount", "words"), MONEY_SOUTH)
def test_money_in_words_southern(amount: int, words: str) -> None:
    assert money_in_words(amount, dialect="nam") == words


@pytest.mark.parametrize(("amount", "words"), MONEY_NORTH)
def test_number_to_words_is_the_lower_case_reading(amount: int, words: str) -> None:
    expected = words.removesuffix(" đồng")
    assert number_to_words(amount) == expected[0].lower() + expected[1:]


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (-5, "âm năm"),
        (-1_200_000, "âm một triệu hai trăm nghìn"),
    ],
)
def test_zero_and_negative_numbers(number: int, words: str) -> None:
    assert number_to_words(number) == words


def test_negative_money_is_capitalised() -> None:
    assert money_in_words(-15_000) == "Âm mười lăm nghìn đồng"


def test_mot_stays_mot_after_muoi() -> None:
    assert number_to_words(11) == "mười một"
    assert "mười mốt" not in number_to_words(211_011)


def test_tu_is_only_after_muoi() -> None:
    assert number_to_words(4) == "bốn"
    assert number_to_words(14) == "mười bốn"
    assert number_to_words(104) == "một trăm linh bốn"
    assert number_to_words(44) == "bốn mươi tư"


def test_currency_can_be_changed_or_left_out() -> None:
    assert money_in_words(2_000, currency="USD") == "Hai nghìn USD"
    assert money_in_words(2_000, currency="") == "Hai nghìn"


def test_integral_decimal_amount_is_accepted() -> None:
    assert money_in_words(Decimal("1200000.00")) == "Một triệu hai trăm nghìn đồng"


@pytest.mark.parametrize("amount", [Decimal("1200000.5"), Decimal("NaN"), Decimal("Infinity")])
def test_fraction_of_a_dong_is_refused(amount: Decimal) -> None:
    with pytest.raises(ValueProblem, match="tiền đồng|Số tiền") as info:
        money_in_words(amount)
    assert "VND" in info.value.message_en or "integer" in info.value.message_en


@pytest.mark.parametrize("value", [1.5, "100", True, None])
def test_non_integer_types_are_refused(value: object) -> None:
    with pytest.raises(ValueProblem):
        money_in_words(value)  # type: ignore[arg-type]
    with pytest.raises(ValueProblem):
        number_to_words(value)  # type: ignore[arg-type]


def test_unknown_dialect_is_refused() -> None:
    with pytest.raises(ValueProblem, match="bac"):
        number_to_words(5, dialect="trung")  # type: ignore[arg-type]


def test_value_problem_is_a_value_error_with_both_languages() -> None:
    problem = ValueProblem("thông báo", "message")
    assert isinstance(problem, ValueError)
    assert str(problem) == "thông báo"
    assert problem.message("en") == "message"

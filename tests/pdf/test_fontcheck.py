"""check_font_coverage: what Liberation Serif (Times New Roman) cannot draw."""

from __future__ import annotations

import pytest

from generator.pdf import check_font_coverage

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxy AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY "
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ "
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ "
    "– — “” ‘’ … § № ° ½ × ÷ ≤ ≥ 0123456789 %&<>\"'/\\()[]{}"
)


@pytest.mark.parametrize("style", [(False, False), (True, False), (False, True), (True, True)])
def test_vietnamese_fully_covered(style: tuple[bool, bool]) -> None:
    cov = check_font_coverage(VIETNAMESE, bold=style[0], italic=style[1])
    assert cov.ok and cov.missing == () and cov.fallback == ()
    assert cov.messages() == []


def test_decomposed_text_is_covered_too() -> None:
    # "Việt" typed with combining marks (NFD) still draws: the marks are in the font.
    import unicodedata
    assert check_font_coverage(unicodedata.normalize("NFD", "Việt Nam")).ok


def test_emoji_is_a_fallback_warning_with_position() -> None:
    cov = check_font_coverage("Kính gửi:\nSở Nội vụ 😀 xin chào")
    assert cov.ok
    assert cov.fallback == ("😀",) and cov.missing == ()
    assert cov.where["😀"] == (2, 11)
    assert cov.fonts["😀"]
    [warning] = cov.messages()
    assert "U+1F600" in warning and "2:11" in warning and "Times New Roman" in warning


def test_character_no_font_has_is_missing() -> None:
    char = "\U0010fffd"  # private use, plane 16: no installed font draws it
    cov = check_font_coverage(f"Số {char} ký hiệu")
    assert not cov.ok and cov.missing == (char,)
    [error] = cov.messages()
    assert "U+10FFFD" in error and "ô trống" in error
    assert "boxes" in cov.messages("en")[0]


def test_control_and_format_characters_are_ignored() -> None:
    assert check_font_coverage("a\tb\r\nc\u200bd\u00ad").ok

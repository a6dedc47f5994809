"""Checker rules for layouts it used to misjudge: a wrapped place/date line (H6), a table
outside the text area (P5), căn cứ of every type (B5), and the Mẫu 1.6, 1.8, 1.9 layouts."""

from __future__ import annotations

from checkdoc import default_styles, sz

from generator.check import check_docx

HCM = "Thành phố Hồ Chí Minh, ngày 28 tháng 11 năm 2025"


def _styles(**changes: tuple[str, str]) -> dict[str, tuple[str, str]]:
    s = default_styles()
    s.update(changes)
    return s


def test_place_and_date_wrapping_in_its_cell_fails_h6(make_doc) -> None:
    report = check_docx(make_doc(date=HCM))
    assert report.failed_rules == {"H6"}
    (h6,) = [r for r in report.errors if r.rule_id == "H6"]
    assert "hai dòng" in h6.text("vi") and "two lines" in h6.text("en")


def test_long_place_and_date_that_fits_passes_h6(make_doc) -> None:
    """A long place name that fits its cell passes H6 (13 pt: only the F3 warning)."""
    thirteen = _styles(DiaDanh=('<w:jc w:val="center"/>', sz(13) + "<w:i/>"))
    report = check_docx(make_doc(date="Bà Rịa - Vũng Tàu, ngày 28 tháng 11 năm 2025",
                                 styles=thirteen))
    assert "H6" not in report.failed_rules
    assert report.failed_rules == {"F3"}  # 13/14/13 is not one of the two pairings

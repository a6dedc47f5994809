"""Checker rules for layouts it used to misjudge: a wrapped place/date line (H6), a table
outside the text area (P5), căn cứ of every type (B5), and the Mẫu 1.6, 1.8, 1.9 layouts."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
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


def _with_table(path: Path, table_xml: str) -> Path:
    """The document with ``table_xml`` inserted before its signature table (the last one)."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    xml = parts["word/document.xml"].decode()
    at = xml.rindex("<w:tbl>")
    parts["word/document.xml"] = (xml[:at] + table_xml + "<w:p/>" + xml[at:]).encode()
    out = path.with_name("t-" + path.name)
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out


def _data_table(widths: list[int], *, jc: str = "", indent: int = 0,
                borders: bool = True) -> str:
    line = "single" if borders else "nil"
    edges = "".join(f'<w:{s} w:val="{line}" w:sz="4"/>' for s in
                    ("top", "left", "bottom", "right", "insideH", "insideV"))
    cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:r>'
                    f"<w:t>Ô {i}</w:t></w:r></w:p></w:tc>" for i, w in enumerate(widths))
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>{jc}'
            f'<w:tblInd w:w="{indent}" w:type="dxa"/><w:tblBorders>{edges}</w:tblBorders>'
            "</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
            + f"</w:tblGrid><w:tr>{cells}</w:tr></w:tbl>")


TEXT_WIDTH = 11906 - 1701 - 851  # checkdoc's A4 with 30 / 15 mm side margins


@pytest.mark.parametrize(("table", "fails"), [
    (_data_table([3000, 3000, 3354]), False),  # exactly the text area
    (_data_table([3000, 3000, 3354], jc='<w:jc w:val="center"/>'), False),
    (_data_table([4000, 4000, 3000]), True),  # 19 mm wider: into the right margin
    (_data_table([3000, 3000, 3000], indent=-900), True),  # shifted into the left margin
    (_data_table([5000, 5000, 2000], jc='<w:jc w:val="center"/>'), True),  # both margins
    (_data_table([4000, 4000, 1800], borders=False), False),  # borderless, on the paper
    (_data_table([6000, 6000, 2000], borders=False), True),  # borderless, off the page
], ids=["fits", "fits-centred", "too-wide", "into-left-margin", "centred-too-wide",
        "borderless-in-margin", "borderless-off-page"])
def test_table_outside_the_text_area_fails_p5(make_doc, table: str, fails: bool) -> None:
    report = check_docx(_with_table(make_doc(), table))
    assert report.failed_rules == ({"P5"} if fails else set()), [
        (r.rule_id, r.text("en")) for r in report.errors + report.warnings]
    if fails:
        (p5,) = [r for r in report.errors if r.rule_id == "P5"]
        assert "vùng chữ" in p5.text("vi") and "table 2" in p5.where("en")

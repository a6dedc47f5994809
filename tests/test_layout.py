"""The letter's layout, re-read with styles resolved (docDefaults → style chain → run).

Each assertion is what a clerk would check with a ruler and their eyes: spec §1–§4, §3.6.
"""

from __future__ import annotations

import pytest

from generator import nd30
from generator.check.resolve import load_docx
from generator.fonts import text_width_twips

from .conftest import DECREE_DIR

MM = nd30.TWIPS_PER_MM


@pytest.fixture(scope="module")
def letter(letter_docx):
    doc = load_docx(letter_docx)
    paras = list(doc.paragraphs())
    return doc, paras


def find(paras, text):
    matches = [p for p in paras if p.text == text]
    assert matches, f"no paragraph {text!r}"
    return matches[0]


def starting(paras, prefix):
    return [p for p in paras if p.text.startswith(prefix)]


def sizes(p):
    return {r.size_pt for r in p.runs if r.text.strip()}


def is_bold(p):
    return all(r.bold for r in p.runs if r.text.strip())


def is_italic(p):
    return all(r.italic for r in p.runs if r.text.strip())


def line_under(paras, p):
    """The ruled paragraph right after ``p``: its drawn length in twips."""
    after = paras[paras.index(p) + 1]
    assert after.text == "" and "top" in after.borders, "no line under " + p.text
    return after.cell_width_twips - after.left_twips - after.right_twips, after


def test_page_a4_portrait_margins(letter):
    doc, _ = letter
    (section,) = doc.sections
    assert (section.page_width, section.page_height) == (11906, 16838)
    assert section.orientation == "portrait"
    for side, (low, high) in nd30.MARGIN_RANGES_MM.items():
        value = getattr(section, f"margin_{side}") / MM
        assert low - 0.5 <= value <= high + 0.5, side


def test_all_text_times_new_roman_black(letter):
    _, paras = letter
    runs = [r for p in paras for r in p.runs if r.text.strip()]
    assert runs and {r.font for r in runs} == {"Times New Roman"}
    assert {r.color for r in runs} <= {None, "000000"}


def test_named_styles_everywhere(letter):
    _, paras = letter
    assert all(p.style_name and p.style_name.startswith("VB ") for p in paras)


def test_header_block(letter):
    _, paras = letter
    parent, issuer = find(paras, "UBND TỈNH LẠNG SƠN"), find(paras, "VĂN PHÒNG")
    assert sizes(parent) == {13} and not is_bold(parent) and parent.alignment == "center"
    assert sizes(issuer) == {13} and is_bold(issuer) and issuer.alignment == "center"
    assert parent.where.table[0][1:] == issuer.where.table[0][1:] == (0, 0)  # left column
    length, rule = line_under(paras, issuer)
    width = text_width_twips("VĂN PHÒNG", 13, bold=True)
    assert width / 3 <= length <= width / 2
    assert abs(rule.left_twips - rule.right_twips) <= 1  # centred under the name


def test_national_title_and_motto(letter):
    _, paras = letter
    qh, tn = find(paras, nd30.QUOC_HIEU), find(paras, nd30.TIEU_NGU)
    assert qh.where.table[0][1:] == (0, 1) and is_bold(qh) and qh.alignment == "center"
    assert is_bold(tn) and tn.alignment == "center"
    length, _ = line_under(paras, tn)
    width = text_width_twips(nd30.TIEU_NGU, 14, bold=True)
    assert abs(length - width) <= 0.1 * width
    date = find(paras, "Lạng Sơn, ngày 07 tháng 12 năm 2017")
    assert is_italic(date) and date.alignment == "center"
    pairing = (next(iter(sizes(qh))), next(iter(sizes(tn))), next(iter(sizes(date))))
    assert pairing in nd30.SIZE_PAIRINGS


def test_number_and_subject(letter):
    _, paras = letter
    number = find(paras, "Số: 4208/VP-NC")
    date = find(paras, "Lạng Sơn, ngày 07 tháng 12 năm 2017")
    assert sizes(number) == {13} and not is_bold(number) and not is_italic(number)
    # same row of the header table: Số and the date stand on the same line
    assert number.where.table[0][:2] == date.where.table[0][:2]
    (vv,) = starting(paras, "V/v ")
    assert sizes(vv) <= {12, 13} and not is_bold(vv) and vv.alignment == "center"
    assert vv.space_before_twips == 120 and vv.where.table == number.where.table
    assert "bottom" not in vv.borders and paras[paras.index(vv) + 1].text != ""


def test_kinh_gui_dashes_under_the_colon(letter):
    _, paras = letter
    label = find(paras, "Kính gửi:")
    items = [p for p in paras[paras.index(label) + 1:][:2]]
    assert [p.text[:2] for p in items] == ["- ", "- "]
    assert items[0].text.endswith(";") and items[1].text.endswith(".")
    colon_x = label.left_twips + label.first_line_twips + text_width_twips("Kính gửi", 14)
    for item in items:
        dash_x = item.left_twips + item.first_line_twips  # hanging indent is negative
        assert abs(dash_x - colon_x) <= 1
        assert sizes(item) == {14} and not is_bold(item)


def test_body_paragraphs(letter):
    _, paras = letter
    start = paras.index(find(paras, "Kính gửi:")) + 3
    end = paras.index(find(paras, "Nơi nhận:"))
    body = paras[start:end]
    assert len(body) == 10
    for p in body:
        assert p.alignment == "both"
        assert abs(p.first_line_twips / nd30.TWIPS_PER_CM - 1.0) <= 0.05
        assert p.space_before_twips >= 120
        assert p.line_spacing == (240, "auto")
        assert sizes(p) == {14} and not is_bold(p) and not is_italic(p)
    assert [p.text[:2] for p in body[1:8]] == ["1.", "- ", "- ", "2.", "- ", "- ", "- "]
    assert body[-1].text.endswith("thực hiện./.")


def test_signature_and_recipients(letter):
    _, paras = letter
    label = find(paras, "Nơi nhận:")
    assert sizes(label) == {12} and is_bold(label) and is_italic(label)
    assert label.alignment == "left" and label.left_twips == 0
    items = starting(paras, "- ")[-7:]
    assert items[0].text == "- Như trên;" and items[-1].text == "- Lưu: VT, NC."
    for item in items:
        assert sizes(item) == {11} and not is_bold(item) and not is_italic(item)
    first_title = find(paras, "KT. CHÁNH VĂN PHÒNG")
    for text in ("KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Nguyễn Văn A"):
        p = find(paras, text)
        assert sizes(p) <= {13, 14} and is_bold(p) and p.alignment == "center"
        assert p.where.table[0][1:] == (0, 1)
    # "Nơi nhận:" level with the authority line: same row, same space above
    assert label.where.table[0][:2] == first_title.where.table[0][:2]
    assert label.space_before_twips == first_title.space_before_twips


def test_page_number_in_header_hidden_on_page_one(letter):
    doc, _ = letter
    (section,) = doc.sections
    assert section.title_page
    default = doc.header_paragraphs(0, "default")
    fields = [p for p in default if "PAGE" in p.fields]
    assert fields and fields[0].alignment == "center"
    assert sizes(fields[0]) | {fields[0].mark.size_pt} <= {13, 14}
    assert not any("PAGE" in p.fields for p in doc.header_paragraphs(0, "first"))
    assert not doc.footer_paragraphs(0, "default")


def test_decree_file_read_by_the_same_resolver():
    """The decree's own file, laid out by the Government Office, gives the spec's sizes."""
    doc = load_docx(DECREE_DIR / "30_2020_ND_CP.docx")
    paras = list(doc.paragraphs())
    qh = find(paras, nd30.QUOC_HIEU)
    tn = find(paras, nd30.TIEU_NGU)
    date = find(paras, "Hà Nội, ngày 05 tháng 3 năm 2020")
    assert (sizes(qh), is_bold(qh)) == ({13}, True)
    assert (sizes(tn), is_bold(tn)) == ({14}, True)
    assert (sizes(date), is_italic(date)) == ({14}, True)
    # (a few runs name the face "Times New Roman Bold", as Word files from old templates do)
    assert all(r.font.startswith("Times New Roman") for p in paras for r in p.runs
               if r.text.strip())
    section = doc.sections[0]  # A4 (the decree's file rounds to 11907 × 16840 twips)
    assert abs(section.page_width / MM - 210) < 0.5 and abs(section.page_height / MM - 297) < 0.5


@pytest.mark.parametrize("sizes", [nd30.DEFAULT_SIZES, nd30.SMALL_SIZES])
def test_chosen_sizes_lie_in_the_decrees_ranges(sizes):
    from dataclasses import asdict

    chosen = asdict(sizes)
    assert set(nd30.SIZE_RANGES) <= set(chosen)
    for name, (low, high) in nd30.SIZE_RANGES.items():
        assert low <= chosen[name] <= high, name
    pairing = (sizes.quoc_hieu, sizes.tieu_ngu, sizes.dia_danh)
    assert pairing in nd30.SIZE_PAIRINGS

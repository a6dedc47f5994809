"""Tables, appendices, landscape sections and footnotes, re-read from the DOCX's XML."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.build import Source, build_one
from generator.check.resolve import load_docx

from .conftest import CONTENT

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
REPORT = CONTENT / "examples" / "bao-cao.yaml"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outcome = build_one(Source(REPORT, Path("bao-cao.yaml")), tmp_path_factory.mktemp("r"))
    assert outcome.ok, [p.render("en") for p in outcome.problems]
    return outcome.outputs[0]


def part(docx: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(docx) as zf:
        return etree.fromstring(zf.read(name))


def cell_text(tc: etree._Element) -> str:
    return "".join(tc.itertext())


def data_tables(docx: Path) -> list[etree._Element]:
    body = part(docx, "word/document.xml")
    return [t for t in body.iter(q("tbl")) if t.find("w:tblPr/w:tblBorders", NS) is not None]


def test_tables_have_borders_and_repeated_header(report):
    tables = data_tables(report)
    assert len(tables) == 2
    for table, header_rows in zip(tables, (2, 1), strict=True):  # the first has a unit row
        rows = table.findall("w:tr", NS)
        assert all(r.find("w:trPr/w:tblHeader", NS) is not None for r in rows[:header_rows])
        assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[header_rows:])
        borders = table.find("w:tblPr/w:tblBorders", NS)
        assert {b.tag.split("}")[1] for b in borders} >= {"top", "bottom", "insideH", "insideV"}
        assert all(b.get(q("val")) == "single" for b in borders)


def test_unit_row_has_no_side_borders(report):
    unit = data_tables(report)[0].findall("w:tr", NS)[0].findall("w:tc", NS)
    assert len(unit) == 1 and cell_text(unit[0]) == "Đơn vị tính: người"
    assert unit[0].find("w:tcPr/w:gridSpan", NS).get(q("val")) == "5"
    nil = {b.tag.split("}")[1] for b in unit[0].find("w:tcPr/w:tcBorders", NS)
           if b.get(q("val")) == "nil"}
    assert nil == {"top", "left", "right"}


def test_group_label_merged_vertically(report):
    table = data_tables(report)[0]
    first_cells = [r.findall("w:tc", NS)[0] for r in table.findall("w:tr", NS)[2:]]
    merges = [(c.find("w:tcPr/w:vMerge", NS), cell_text(c)) for c in first_cells]
    kinds = [None if m is None else (m.get(q("val")) or "continue") for m, _ in merges]
    # Khối tỉnh: 3 rows + its subtotal; Khối huyện: 2 rows; then the total row
    assert kinds == ["restart", "continue", "continue", "continue", "restart", "continue", None]
    assert [text for (_, text), k in zip(merges, kinds, strict=True) if k == "restart"] == [
        "Khối tỉnh", "Khối huyện"]


def test_numbers_vietnamese_and_right_aligned(report):
    doc = load_docx(report)
    cells = {p.text: p for p in doc.paragraphs() if p.where.table}
    for text in ("1.250", "4,4%", "245.600.000", "4.215.750.000"):
        assert cells[text].alignment == "right", text
    assert cells["15/06/2017"].alignment == "center"
    ordinals = [p for p in doc.paragraphs() if p.where.table and p.text in ("1", "2", "3")
                and p.where.table[-1][2] == 0]  # the STT column of the appendix table
    assert len(ordinals) == 3 and {p.alignment for p in ordinals} == {"center"}


def test_totals_sum_number_columns(report):
    first, detail = data_tables(report)
    rows = [[cell_text(c) for c in r.findall("w:tc", NS)] for r in first.findall("w:tr", NS)]
    assert rows[5] == ["", "Cộng", "1.357", "43", ""]  # the group's subtotal
    assert rows[-1] == ["Tổng cộng", "1.765", "54", ""]  # percentages are not added up
    total = detail.findall("w:tr", NS)[-1].findall("w:tc", NS)
    assert total[0].find("w:tcPr/w:gridSpan", NS).get(q("val")) == "2"
    assert [cell_text(c) for c in total] == ["Tổng cộng", "1.357", "23", "11", "9",
                                             "4.773.350.000", ""]


def test_column_widths_fill_the_text_width(report):
    first, detail = data_tables(report)
    widths = [int(c.get(q("w"))) for c in first.find("w:tblGrid", NS)]
    assert widths[0] == round(30 * 1440 / 25.4)  # rong: 30 mm
    doc = load_docx(report)
    assert abs(sum(widths) - doc.sections[0].text_width) < 50
    landscape = [int(c.get(q("w"))) for c in detail.find("w:tblGrid", NS)]
    assert sum(landscape) > sum(widths) * 1.3


def test_appendix_sections_restart_page_numbers(report):
    doc = load_docx(report)
    assert len(doc.sections) == 3
    main, first, second = doc.sections
    assert main.page_number_start == 1 and main.title_page
    assert first.page_number_start == 1 and first.title_page
    assert second.page_number_start == 1 and second.title_page
    assert first.orientation == "landscape" and first.page_width > first.page_height
    assert second.orientation == "portrait"
    assert first.header_refs["default"] == main.header_refs["default"]  # the PAGE header
    assert first.header_refs["first"] != main.header_refs["first"]


def test_appendix_title_block(report):
    doc = load_docx(report)
    paras = list(doc.paragraphs())
    lines = [p.text for p in paras]
    for label, title in (("Phụ lục I", "CHI TIẾT KẾT QUẢ TINH GIẢN BIÊN CHẾ THEO ĐƠN VỊ NĂM 2017"),
                         ("Phụ lục II", "DANH MỤC CƠ QUAN, ĐƠN VỊ SẮP XẾP NĂM 2018")):
        i = lines.index(label)
        head = paras[i]
        assert head.alignment == "center" and all(r.bold for r in head.visible_runs)
        assert {r.size_pt for r in head.visible_runs} == {14}
        assert lines[i + 1] == title and all(r.bold for r in paras[i + 1].visible_runs)
        kem = paras[i + 2]
        assert kem.text == ("(Kèm theo Báo cáo số 215/BC-SNV ngày 20 tháng 12 năm 2017 của "
                            "Sở Nội vụ tỉnh Lạng Sơn)")
        assert all(r.italic for r in kem.visible_runs) and kem.alignment == "center"
        assert paras[i + 3].borders.get("top")  # the short line under it
    assert lines.index("Phụ lục I") > lines.index("Nguyễn Văn A")  # after the signature
    assert lines[-1].endswith("./.")


def test_landscape_table_in_the_body(build_docx):
    docx = build_docx("""\
        loai: bao-cao
        co_quan: {ten: SỞ NỘI VỤ, viet_tat: SNV}
        so: 3
        dia_danh: Lạng Sơn
        ngay: 2017-12-20
        trich_yeu: Số liệu
        noi_dung:
          - Số liệu như sau.
          - cot: [{ten: A}, {ten: B, kieu: so}]
            dong: [[x, 1], [y, 2]]
            ngang: true
          - Đoạn sau bảng.
        nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
        """)
    doc = load_docx(docx)
    assert [s.orientation for s in doc.sections] == ["portrait", "landscape", "portrait"]
    turned = doc.sections[1]
    assert (turned.page_width, turned.page_height) == (16838, 11906)
    # numbering continues: no restart and the PAGE header on the turned page
    assert turned.page_number_start is None and not turned.title_page
    assert doc.sections[2].page_number_start is None
    assert "default" in turned.header_refs
    lines = [p.text for p in doc.paragraphs()]
    assert lines.index("Đoạn sau bảng./.") > lines.index("Số liệu như sau.")


def test_footnotes_are_word_footnotes(report):
    notes = part(report, "word/footnotes.xml")
    kinds = {n.get(q("id")): n.get(q("type")) for n in notes.findall("w:footnote", NS)}
    assert kinds == {"-1": "separator", "0": "continuationSeparator", "1": None}
    text = "".join(notes.findall("w:footnote", NS)[2].itertext())
    assert text.strip().startswith("Kết luận về Đề án tinh giản biên chế")
    body = part(report, "word/document.xml")
    refs = body.findall(".//w:footnoteReference", NS)
    assert [r.get(q("id")) for r in refs] == ["1"]
    assert "[^" not in "".join(body.itertext())
    with zipfile.ZipFile(report) as zf:
        types = zf.read("[Content_Types].xml").decode()
        rels = zf.read("word/_rels/document.xml.rels").decode()
        settings = zf.read("word/settings.xml").decode()
    assert "/word/footnotes.xml" in types and "footnotes+xml" in types
    assert 'Target="footnotes.xml"' in rels
    assert "<w:footnotePr>" in settings


def test_no_footnotes_part_without_notes(build_docx):
    from .conftest import MINIMAL

    docx = build_docx(MINIMAL)
    with zipfile.ZipFile(docx) as zf:
        assert "word/footnotes.xml" not in zf.namelist()


@pytest.mark.parametrize("value,kind,decimals,expected", [
    (1234567, "so", None, "1.234.567"),
    (1234567.5, "so", None, "1.234.567,5"),
    ("1.234.567", "so", None, "1.234.567"),
    (2.5, "so", 2, "2,50"),
    (245600000, "tien", None, "245.600.000"),
    (12.5, "phan_tram", 1, "12,5%"),
    ("—", "so", None, "—"),  # the clerk's own mark stays
    (None, "so", None, ""),
    ("15/12/2017", "ngay", None, "15/12/2017"),
    ("Sở Nội vụ", "chu", None, "Sở Nội vụ"),
])
def test_cell_text(value, kind, decimals, expected):
    from generator.docx.tables import cell_text
    from generator.model import Cot

    assert cell_text(value, Cot(ten="x", kieu=kind, so_le=decimals)) == expected


def test_given_totals_row_and_code_built_short_rows():
    from generator.docx.footnotes import Footnotes
    from generator.docx.tables import table_rows
    from generator.model import Bang, Cot

    bang = Bang(cot=[Cot(ten="A"), Cot(ten="B", kieu="so")], dong=[["x"], ["y", 3]],
                tong=["Cộng", 3])
    rows = table_rows(bang, [1000, 1000], Footnotes({}))
    texts = [["".join(etree.fromstring(f"<r xmlns:w='{W}'>{c.content}</r>").itertext())
              for c in row] for row in rows]
    assert texts == [["A", "B"], ["x", ""], ["y", "3"], ["Cộng", "3"]]


def test_examples_are_byte_identical_when_rebuilt(tmp_path):
    for name in ("bao-cao", "quyet-dinh-ban-hanh-quy-che", "bien-ban"):
        path = CONTENT / "examples" / f"{name}.yaml"
        a = build_one(Source(path, Path(f"a/{name}.yaml")), tmp_path).outputs[0]
        b = build_one(Source(path, Path(f"b/{name}.yaml")), tmp_path).outputs[0]
        assert a.read_bytes() == b.read_bytes()


def test_table_inside_a_numbered_item(build_docx):
    docx = build_docx("""\
        loai: bao-cao
        co_quan: {ten: SỞ NỘI VỤ, viet_tat: SNV}
        so: 3
        dia_danh: Lạng Sơn
        ngay: 2017-12-20
        trich_yeu: Số liệu
        noi_dung:
          - tieu_de: Kết quả
            y:
              - "Số liệu:"
              - cot: [{ten: Đơn vị}, {ten: Số người, kieu: so}]
                dong: [[Sở A, 1200], [Sở B, 34]]
                tong: true
              - Nhận xét chung.
        nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
        """)
    lines = [p.text for p in load_docx(docx).paragraphs()]
    assert lines.index("1. Số liệu:") < lines.index("1.234") < lines.index("2. Nhận xét chung./.")


def test_appendix_of_a_letter_and_of_a_draft(build_docx):
    import re

    from .conftest import MINIMAL

    letter = MINIMAL.replace("trước ngày 15/12/2017", "theo Phụ lục kèm theo").replace(
        "  viet_tat: SNV\n", "  viet_tat: SNV\n  ten_day_du: Sở Nội vụ tỉnh Lạng Sơn\n") + (
        "phu_luc:\n  - ten: Danh sách\n    noi_dung: [Sở A]\n")
    lines = [p.text for p in load_docx(build_docx(letter)).paragraphs()]
    assert ("(Kèm theo Công văn số 05/SNV-TCBM ngày 05 tháng 01 năm 2020 của Sở Nội vụ tỉnh "
            "Lạng Sơn)") in lines
    draft = letter.replace("so: 5\n", "chua_cap_so: true\n")
    lines = [p.text for p in load_docx(build_docx(draft, "draft.yaml")).paragraphs()]
    kem = next(t for t in lines if t.startswith("(Kèm theo"))
    # a draft numbered by hand after signing: number and day left blank (§3.10)
    assert re.fullmatch(r"\(Kèm theo Công văn số \u00a0+/SNV-TCBM ngày \u00a0+ tháng 01 năm 2020 "
                        r"của Sở Nội vụ tỉnh Lạng Sơn\)", kem)

"""The style resolver: Word's order of formatting, on our fixtures and on the decree file."""

from __future__ import annotations

from pathlib import Path

import pytest
from docxbuild import para, run, sect, table, write_docx

from generator.check.resolve import DocxReadError, load_docx

DECREE = Path(__file__).resolve().parents[1] / "fixtures" / "nd30-2020" / "30_2020_ND_CP.docx"

STYLES = """
<w:style w:type="paragraph" w:styleId="Base"><w:name w:val="Base"/>
  <w:pPr><w:jc w:val="both"/><w:ind w:firstLine="567"/><w:spacing w:before="120"/></w:pPr>
  <w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="24"/><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Child"><w:name w:val="Child body"/>
  <w:basedOn w:val="Base"/><w:pPr><w:ind w:left="100"/></w:pPr>
  <w:rPr><w:sz w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Themed"><w:name w:val="Themed"/>
  <w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/>
  <w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="table" w:styleId="Grid"><w:name w:val="Grid"/>
  <w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:i/><w:sz w:val="22"/></w:rPr></w:style>
"""


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("resolve") / "r.docx"
    textbox = (
        '<w:r><w:drawing><wp:anchor><wp:extent cx="1800000" cy="360000"/>'
        '<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>'
        + para("trong hộp") +
        '</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
        '</w:drawing></w:r>')
    inner = table([[para("lồng nhau")]], [1500])
    body = (
        para("inherited", style="Child")
        + para(runs=run("strong in bold style", '<w:rStyle w:val="Strong"/>'), style="Child")
        + para(runs=run("direct", '<w:b w:val="0"/><w:sz w:val="30"/><w:color w:val="FF0000"/>'),
               style="Child")
        + para("theme font", style="Themed")
        + table([[para("cell text"), inner]], [3000, 6000], style="Grid")
        + para(runs=textbox + run("anchor"))
        + para(runs='<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE '
               '\\* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
               '</w:r>' + run("3") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        + para(runs='<w:fldSimple w:instr=" NUMPAGES ">' + run("9") + "</w:fldSimple>")
        + para(runs='<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF '
               '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r>'
               '<w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
               '</w:r>' + run("7") + '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r>'
               '<w:instrText> &gt; 1 "x" "" </w:instrText></w:r><w:r><w:fldChar '
               'w:fldCharType="separate"/></w:r>' + run("nested") + '<w:r><w:fldChar '
               'w:fldCharType="end"/></w:r>')
        + para("bordered", ppr='<w:pBdr><w:top w:val="single" w:sz="6"/></w:pBdr>'
               '<w:ind w:left="200" w:right="300" w:hanging="100"/>')
    )
    header = para(runs='<w:fldSimple w:instr="PAGE">' + run("2") + "</w:fldSimple>",
                  ppr='<w:jc w:val="center"/>')
    return load_docx(write_docx(
        path, body, styles=STYLES, theme=("Cambria", "Calibri"),
        parts={"header1.xml": header, "header2.xml": para()},
        sect_xml=sect(headers={"default": "rIdheader1", "first": "rIdheader2"})))


def by_text(doc, start: str):
    return next(p for p in doc.paragraphs() if p.text.startswith(start))


def test_paragraph_style_chain_gives_size_font_bold_and_indents(doc) -> None:
    p = by_text(doc, "inherited")
    r = p.runs[0]
    assert (r.font, r.size_pt, r.bold) == ("Arial", 13.0, True)
    assert (p.alignment, p.first_line_twips, p.left_twips, p.space_before_twips) == (
        "both", 567, 100, 120)
    assert p.style_id == "Child" and p.style_name == "Child body"


def test_character_style_toggles_bold_of_paragraph_style_off(doc) -> None:
    # ECMA-376 §17.7.3: bold in the paragraph style and in the character style cancel out
    assert by_text(doc, "strong").runs[0].bold is False


def test_direct_formatting_wins(doc) -> None:
    r = by_text(doc, "direct").runs[0]
    assert (r.bold, r.size_pt, r.color) == (False, 15.0, "FF0000")


def test_theme_font_resolved_from_theme_part(doc) -> None:
    assert by_text(doc, "theme font").runs[0].font == "Calibri"


def test_doc_defaults_apply_when_nothing_else_does(doc) -> None:
    r = by_text(doc, "anchor").runs[0]
    assert (r.font, r.size_pt, r.bold, r.color) == ("Times New Roman", 14.0, False, None)


def test_table_style_and_nested_tables(doc) -> None:
    p = by_text(doc, "cell text")
    assert p.where.table == ((0, 0, 0),)
    assert p.cell_width_twips == 3000
    assert (p.alignment, p.runs[0].italic, p.runs[0].size_pt) == ("center", True, 11.0)
    nested = by_text(doc, "lồng nhau")
    assert nested.where.table == ((0, 0, 1), (0, 0, 0))
    assert nested.cell_width_twips == 1500


def test_text_box_paragraph_follows_its_anchor(doc) -> None:
    texts = [p.text for p in doc.paragraphs()]
    assert texts.index("trong hộp") == texts.index("anchor") + 1
    assert by_text(doc, "trong hộp").where.textbox
    assert by_text(doc, "anchor").shapes[0].width_twips == 1800000 // 635


def test_fields_complex_and_simple(doc) -> None:
    assert by_text(doc, "3").fields == ["PAGE"]
    assert by_text(doc, "3").field_instructions == ["PAGE \\* MERGEFORMAT"]
    assert by_text(doc, "9").fields == ["NUMPAGES"]


def test_nested_fields(doc) -> None:
    p = by_text(doc, "nested")
    assert p.text == "nested"  # the inner field's result belongs to the outer instruction
    assert p.fields == ["PAGE", "IF"]


def test_borders_and_hanging_indent(doc) -> None:
    p = by_text(doc, "bordered")
    assert p.borders == {"top": ("single", 6)}
    assert (p.left_twips, p.right_twips, p.first_line_twips) == (200, 300, -100)


def test_sections_and_headers(doc) -> None:
    s = doc.sections[0]
    assert (s.page_width, s.page_height, s.margin_left, s.margin_right) == (11906, 16838, 1701, 851)
    assert s.title_page and s.orientation == "portrait"
    assert s.header_refs == {"default": "header1.xml", "first": "header2.xml"}
    hp = doc.header_paragraphs(0)
    assert hp[0].fields == ["PAGE"] and hp[0].alignment == "center"
    assert hp[0].where.part == "header1.xml"
    assert [p.text for p in doc.header_paragraphs(0, "first")] == [""]
    assert doc.footer_paragraphs(0) == []


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04garbage"])
def test_unreadable_file_raises(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    with pytest.raises(DocxReadError):
        load_docx(bad)


def test_zip_without_document_raises(tmp_path: Path) -> None:
    import zipfile
    bad = tmp_path / "empty.docx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("hello.txt", "x")
    with pytest.raises(DocxReadError, match="document.xml"):
        load_docx(bad)


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(DocxReadError):
        load_docx(tmp_path / "nope.docx")


# --- the decree itself: what its file really has ------------------------------------------------
@pytest.fixture(scope="module")
def decree():
    return load_docx(DECREE)


def test_decree_page_setup(decree) -> None:
    s = decree.sections[0]
    assert (s.page_width, s.page_height) == (11907, 16840)
    assert (s.margin_top, s.margin_bottom, s.margin_left, s.margin_right) == (1418, 1134, 1985,
                                                                              1134)
    assert s.title_page and s.header_refs == {"default": "header1.xml"}


@pytest.mark.parametrize(("start", "size", "bold", "italic"), [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, True, False),  # Heading4 style: sz 26, b
    ("Độc lập - Tự do - Hạnh phúc", 14, True, False),  # Heading5 style bold + direct sz 28
    ("CHÍNH PHỦ", 13, True, False),  # Heading2 style bold (underline switched off directly)
    ("Số: 30/2020/NĐ-CP", 13, False, False),  # Heading2 with w:b w:val=0
    ("Hà Nội, ngày 05 tháng 3 năm 2020", 14, False, True),
    ("NGHỊ ĐỊNH", 14, True, False),  # bold only through the Strong character style
    ("Về công tác văn thư", 14, True, False),  # Heading3 (not bold) + Strong
    ("Nơi nhận:", 12, True, True),
    ("- Lưu: VT, HC (2).", 11, False, False),
    ("TM. CHÍNH PHỦ", 13, True, False),
])
def test_decree_component_formatting(decree, start: str, size: float, bold: bool,
                                     italic: bool) -> None:
    p = next(p for p in decree.paragraphs() if p.text.strip().startswith(start))
    runs = [r for r in p.visible_runs if r.text.strip()]
    assert {(r.size_pt, r.bold, r.italic) for r in runs} == {(size, bold, italic)}
    assert {r.font for r in runs} == {"Times New Roman"}


def test_decree_body_paragraph(decree) -> None:
    p = next(p for p in decree.paragraphs() if p.text.startswith("Nghị định này quy định"))
    assert (p.alignment, p.first_line_twips, p.style_id) == ("both", 567, "BodyTextIndent2")
    assert {r.size_pt for r in p.visible_runs} == {14}


def test_decree_page_number_field_in_header(decree) -> None:
    hp = decree.header_paragraphs(0)
    assert hp[0].fields == ["PAGE"] and hp[0].alignment == "center"
    assert hp[0].runs[0].size_pt == 14
    assert decree.header_paragraphs(0, "first") == []


def test_word_template_theme_fonts_via_python_docx(tmp_path: Path) -> None:
    """python-docx's default template was saved by Word: document defaults point at the
    theme's minor font, the Title style at the major one (this theme: minor Cambria, major
    Calibri). A style naming Times New Roman overrides the theme."""
    import docx
    from docx.shared import Pt

    d = docx.Document()
    normal = d.styles["Normal"]
    d.add_paragraph("theme font only")
    normal.font.size = Pt(13)
    d.add_paragraph("Tiêu đề", style="Title")
    path = tmp_path / "pd.docx"
    d.save(str(path))
    doc = load_docx(path)
    p = by_text(doc, "theme font only")
    assert (p.runs[0].font, p.runs[0].size_pt) == ("Cambria", 13)
    title = by_text(doc, "Tiêu đề").runs[0]
    assert (title.font, title.size_pt, title.color) == ("Calibri", 26, "17365D")  # text2, shaded

    normal.font.name = "Times New Roman"
    d.save(str(path))
    p = by_text(load_docx(path), "theme font only")
    assert p.runs[0].font == "Times New Roman"


NUMBERING = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>
  <w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/>
 </w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/>
  <w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>
 <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/>
 </w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/>
 <w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
</w:numbering>"""


def test_automatic_list_labels_and_indents(tmp_path: Path) -> None:
    import zipfile

    def item(text: str, num: int, lvl: int = 0, ppr: str = "") -> str:
        return para(text, ppr=f'<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/>'
                    f"</w:numPr>{ppr}")
    body = (item("một", 1) + item("con a", 1, 1) + item("con b", 1, 1) + item("hai", 1)
            + item("con lại a", 1, 1) + item("Như trên;", 2) + item("chấm", 2, 1)
            + item("bốn", 3) + item("thụt", 1, ppr='<w:ind w:firstLine="720"/>')
            + para(style="Listed", text="qua kiểu"))
    styles = ('<w:style w:type="paragraph" w:styleId="Listed"><w:name w:val="Listed"/><w:pPr>'
              '<w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>')
    path = write_docx(tmp_path / "num.docx", body, styles=styles)
    with zipfile.ZipFile(path, "a") as z:  # add the numbering part and its relationship
        z.writestr("word/numbering.xml", NUMBERING)
        rels = z.read("word/_rels/document.xml.rels").decode().replace(
            "</Relationships>", '<Relationship Id="rIdNum" Type="http://schemas.openxmlformats'
            '.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
            "</Relationships>")
    _replace_member(path, "word/_rels/document.xml.rels", rels)
    doc = load_docx(path)
    labels = [(p.list_label, p.text) for p in doc.paragraphs()]
    assert labels == [("1.", "một"), ("a)", "con a"), ("b)", "con b"), ("2.", "hai"),
                      ("a)", "con lại a"), ("-", "Như trên;"), ("•", "chấm"), ("IV.", "bốn"),
                      ("3.", "thụt"), ("-", "qua kiểu")]
    assert by_text(doc, "một").first_line_twips == 567  # from the list level
    assert by_text(doc, "thụt").first_line_twips == 720  # direct formatting wins
    from generator.check.layout import find_layout
    lines = [ln.text for ln in find_layout(doc).lines]
    assert "- Như trên;" in lines and "1. một" in lines


def _replace_member(path: Path, name: str, text: str) -> None:
    import zipfile
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist() if i.filename != name]
    with zipfile.ZipFile(path, "w") as z:
        for info, data in items:
            z.writestr(info, data)
        z.writestr(name, text)

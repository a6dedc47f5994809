"""Each fixture breaks exactly one thing of a conformant document; exactly that rule fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from checkdoc import default_styles, nfd, sz

from generator.check import RULES, check_docx
from generator.check.layout import find_layout
from generator.check.resolve import load_docx

QD = dict(doc_type="quyet-dinh", so="Số: 12/QĐ-UBND",
          noi_nhan=("- Như Điều 3;", "- Lưu: VT, NC."),
          authority=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"))


def styles_with(**changes: tuple[str, str]) -> dict[str, tuple[str, str]]:
    s = default_styles()
    s.update(changes)
    return s


def failed(path: Path, **kw) -> set[str]:
    return check_docx(path, **kw).failed_rules


@pytest.mark.parametrize("changes", [{}, QD, {"urgency": "HOẢ TỐC", "secrecy": "MẬT"},
                                     {"appendix": True},
                                     {"parent": None}, {"nest_header": True},
                                     {"header_in_page_header": True},
                                     {"quoc_hieu": "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
                                     {"page": (16838, 11906),
                                      "margins": (1701, 851, 1134, 1134)}],
                         ids=["cong-van", "quyet-dinh", "urgency", "appendix", "no-parent",
                              "nested-header-table", "header-in-page-header", "HOÀ",
                              "landscape-turned-margins"])
def test_conformant_documents_pass_clean(make_doc, changes) -> None:
    report = check_docx(make_doc(**changes))
    if changes.get("page"):  # a landscape page without a table: only the P2 warning
        assert report.failed_rules == {"P2"}
        return
    assert report.results and not report.errors and not report.warnings, [
        (r.rule_id, r.message["en"]) for r in report.errors + report.warnings]


def test_every_rule_reports_once_when_clean(make_doc) -> None:
    report = check_docx(make_doc())
    assert [r.rule_id for r in report.results] == list(RULES)
    assert {r.status for r in report.results} <= {"pass", "na"}
    assert report.doc_type == "cong-van"


BREAKS: list[tuple[str, dict, str]] = [
    ("paper letter size", {"page": (12240, 15840)}, "P1"),
    ("left margin 25 mm", {"margins": (1134, 1134, 1417, 851)}, "P3"),
    ("top margin 15 mm", {"margins": (850, 1134, 1701, 851)}, "P3"),
    ("page number in the footer", {"page_number": "footer"}, "P4"),
    ("page number shown on page 1", {"title_page": False}, "P4"),
    ("page number left-aligned", {"styles": styles_with(SoTrang=("", sz(14)))}, "P4"),
    ("page number 12 pt", {"styles": styles_with(SoTrang=('<w:jc w:val="center"/>', sz(12)))},
     "P4"),
    ("body font Arial set on a run", {"body_first_rpr": '<w:rFonts w:ascii="Arial" '
                                      'w:hAnsi="Arial"/>'}, "F1"),
    ("red text", {"body_first_rpr": '<w:color w:val="FF0000"/>'}, "F2"),
    ("Quốc hiệu not bold (style)", {"styles": styles_with(
        QuocHieu=('<w:jc w:val="center"/>', sz(13)))}, "H1"),
    ("Quốc hiệu 11 pt", {"styles": styles_with(
        QuocHieu=('<w:jc w:val="center"/>', sz(11) + "<w:b/>"))}, "H1+F3"),
    ("missing Quốc hiệu", {"quoc_hieu": None}, "H1"),
    ("Tiêu ngữ line too short", {"tn_line_fraction": 0.6}, "H2"),
    ("Tiêu ngữ with en dashes", {"tieu_ngu": "Độc lập – Tự do – Hạnh phúc"}, "H2"),
    ("issuer line too long", {"issuer_line_fraction": 0.9}, "H3"),
    ("issuer not bold", {"styles": styles_with(CoQuan=('<w:jc w:val="center"/>', sz(13)))},
     "H3"),
    ("parent bold", {"styles": styles_with(
        CoQuanChuQuan=('<w:jc w:val="center"/>', sz(13) + "<w:b/>"))}, "H4"),
    ("Số without leading zero", {"so": "Số: 5/VP-NC"}, "H5"),
    ("Số with spaces in the code", {"so": "Số: 4208/VP - NC"}, "H5"),
    ("Số without colon", {"so": "Số 4208/VP-NC"}, "H5"),
    ("Số 14 pt", {"styles": styles_with(SoKyHieu=('<w:jc w:val="center"/>', sz(14)))}, "H5"),
    ("date without leading zero", {"date": "Lạng Sơn, ngày 7 tháng 12 năm 2017"}, "H6"),
    ("month 3 with a zero", {"date": "Lạng Sơn, ngày 07 tháng 03 năm 2017"}, "H6"),
    ("date upright", {"styles": styles_with(DiaDanh=('<w:jc w:val="center"/>', sz(14)))}, "H6"),
    ("V/v bold", {"vv_rpr": "<w:b/>"}, "T3"),
    ("body not justified", {"body_ppr": '<w:jc w:val="left"/>'}, "B1"),
    ("body 12 pt", {"body_rpr": sz(12)}, "B1"),
    ("indent 1.5 cm", {"body_ppr": '<w:ind w:firstLine="850"/>'}, "B2"),
    ("no paragraph spacing", {"body_ppr": '<w:spacing w:before="0" w:after="0"/>'}, "B3"),
    ("spacing dropped by contextual spacing",
     {"body_ppr": '<w:contextualSpacing/>'}, "B3"),
    ("double line spacing", {"body_ppr": '<w:spacing w:line="480" w:lineRule="auto"/>'}, "B4"),
    ("no end mark", {"body": ("Thực hiện chỉ đạo của Chủ tịch UBND tỉnh.",
                              "Văn phòng UBND tỉnh thông báo để các cơ quan biết.")}, "B8"),
    ("authority with T/M", {"authority": ("T/M ỦY BAN NHÂN DÂN", "CHỦ TỊCH")}, "S1"),
    ("signer with a degree", {"signer": "TS. Nguyễn Văn An"}, "S2"),
    ("signer in capitals", {"signer": "NGUYỄN VĂN AN"}, "S2"),
    ("authority in normal case", {"authority": ("KT. Chánh Văn phòng", "PHÓ CHÁNH VĂN PHÒNG")},
     "S1"),
    ("signer not bold", {"styles": styles_with(HoTen=('<w:jc w:val="center"/>', sz(14)))}, "S2"),
    ("no Kính gửi in a công văn", {"kinh_gui": False}, "R1"),
    ("Nơi nhận label 14 pt", {"styles": styles_with(NoiNhanNhan=("", sz(14) + "<w:b/><w:i/>"))},
     "R2"),
    ("Nơi nhận items 12 pt", {"styles": styles_with(NoiNhan=("", sz(12)))}, "R3"),
    ("Nơi nhận item without semicolon",
     {"noi_nhan": ("- Như trên;", "- Chủ tịch UBND tỉnh", "- Lưu: VT, NC.")}, "R3"),
    ("Nơi nhận without Lưu", {"noi_nhan": ("- Như trên;", "- Chủ tịch UBND tỉnh.")}, "R3"),
    ("công văn without Như trên", {"noi_nhan": ("- Chủ tịch UBND tỉnh;", "- Lưu: VT, NC.")},
     "R3"),
    ("urgency not in a box", {"urgency": "KHẨN", "urgency_boxed": False}, "O1"),
    (".VnTime text", {"body_first_rpr": '<w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/>',
                      "body": ("Thùc hiÖn chØ ®¹o cña Chñ tÞch UBND tØnh.",
                               "1. C¸c së, ban, ngµnh tØnh thùc hiÖn./.")}, "U1"),
    ("VNI-Times text", {"body_first_rpr": '<w:rFonts w:ascii="VNI-Times" w:hAnsi="VNI-Times"/>',
                        "body": ("Thöïc hieän chæ ñaïo cuûa Chuû tòch UBND tænh.",
                                 "1. Caùc sôû thöïc hieän./.")}, "U1"),
    (".VnTimeH heading font", {"styles": styles_with(
        QuocHieu=('<w:jc w:val="center"/>', sz(13) + '<w:b/><w:rFonts w:ascii=".VnTimeH" '
                  'w:hAnsi=".VnTimeH"/>'))}, "U1"),
    ("TCVN3 text in a Unicode font", {"body": ("Thùc hiÖn chØ ®¹o cña Chñ tÞch UBND tØnh.",
                                               "1. C¸c së thùc hiÖn./.")}, "U1"),
    ("NFD text", {"body": (nfd("Thực hiện chỉ đạo của Chủ tịch UBND tỉnh."),
                           "1. Các sở thực hiện./.")}, "U2"),
    ("two tone-mark placements", {"body": ("Giấy ủy quyền và giấy uỷ nhiệm.",
                                           "1. Các sở thực hiện./.")}, "U3"),
    # quyết định
    ("QĐ: căn cứ not italic, last without full stop",
     dict(QD, can_cu=("Căn cứ Luật Tổ chức chính quyền địa phương;", "Căn cứ Nghị định số 30;")),
     "B5"),
    ("QĐ: Điều label not bold", dict(QD, dieu_label_rpr=""), "B6"),
    ("QĐ: type name missing a trích yếu line", dict(QD, ty_line_fraction=0.8), "T2"),
    ("QĐ: code of another type", dict(QD, so="Số: 12/KH-UBND"), "H5"),
    ("QĐ: type name not bold", dict(QD, styles=styles_with(
        TenLoai=('<w:jc w:val="center"/><w:spacing w:before="240"/>', sz(14)))), "T1"),
]


@pytest.mark.parametrize(("changes", "rule_id"), [(c, r) for _, c, r in BREAKS],
                         ids=[name for name, _, _ in BREAKS])
def test_breaking_one_thing_fails_exactly_that_rule(make_doc, changes: dict, rule_id: str) -> None:
    """``rule_id`` may name two rules when one change breaks both (a size outside its range
    also breaks the size pairing)."""
    report = check_docx(make_doc(**changes))
    expected = set(rule_id.split("+"))
    assert report.failed_rules == expected, [(r.rule_id, r.message["en"], r.location)
                                             for r in report.errors + report.warnings]
    bad = [r for r in report.results if r.status == "fail"]
    assert all(r.severity == RULES[r.rule_id].severity for r in bad)
    assert all(r.message["vi"] and r.message["en"] for r in bad)


def test_font_inherited_through_based_on_chain(make_doc) -> None:
    extra = ('<w:style w:type="paragraph" w:styleId="Arialish"><w:name w:val="Arialish"/>'
             '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr></w:style>')
    s = default_styles()
    path = make_doc(styles={k: v for k, v in s.items() if k != "NoiDung"},
                    extra_styles=extra + '<w:style w:type="paragraph" w:styleId="NoiDung">'
                    '<w:name w:val="NoiDung"/><w:basedOn w:val="Arialish"/><w:pPr>'
                    + s["NoiDung"][0] + "</w:pPr><w:rPr>" + s["NoiDung"][1] + "</w:rPr></w:style>")
    report = check_docx(path)
    assert report.failed_rules == {"F1"}
    assert all("Arial" in r.message["vi"] for r in report.errors)
    assert len(report.errors) == 3  # one per body paragraph, found through the style chain


def test_body_size_from_normal_style_is_measured(make_doc) -> None:
    # no size on the body style or runs: Normal says 12 pt, so the body is 12 pt
    s = default_styles()
    s["NoiDung"] = (s["NoiDung"][0], "")
    extra = ('<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
             '<w:name w:val="Normal"/><w:rPr><w:sz w:val="24"/></w:rPr></w:style>')
    report = check_docx(make_doc(styles=s, extra_styles=extra))
    assert report.failed_rules == {"B1"}
    assert "12 pt" in report.errors[0].message["vi"]


def test_messages_say_found_and_required_and_where(make_doc) -> None:
    report = check_docx(make_doc(date="Lạng Sơn, ngày 7 tháng 12 năm 2017"))
    (err,) = report.errors
    assert "ngày 7" in err.message["vi"] and "ngày DD" in err.message["vi"]
    assert "days below 10" in err.message["en"]
    assert "Lạng Sơn" in err.location and "bảng 1, hàng 2, cột 2" in err.location
    assert "table 1, row 2, column 2" in err.location_en


def test_draft_accepts_blank_number_and_day(make_doc) -> None:
    path = make_doc(so="Số:\u00a0\u00a0\u00a0\u00a0\u00a0/VP-NC",
                    date="Lạng Sơn, ngày      tháng 12 năm 2017")
    assert failed(path) == {"H5", "H6"}
    assert failed(path, draft=True) == set()
    path = make_doc(so="Số:      /VP-NC")
    assert failed(path, draft=True) == set()


def test_type_recognised_from_text_or_given(make_doc) -> None:
    assert check_docx(make_doc(**QD)).doc_type == "quyet-dinh"
    assert check_docx(make_doc()).doc_type == "cong-van"
    # given type that contradicts the document's own type name
    assert failed(make_doc(**QD), doc_type="ke-hoach") >= {"T1", "H5"}
    with pytest.raises(ValueError):
        check_docx(make_doc(), doc_type="nonsense")


def test_quyet_dinh_rules_apply_only_to_it(make_doc) -> None:
    cv = check_docx(make_doc())
    qd = check_docx(make_doc(**QD))
    assert {cv.status_of(r) for r in ("B5", "B6", "T1", "T2")} == {"na"}
    assert cv.status_of("T3") == "pass" and cv.status_of("R1") == "pass"
    assert {qd.status_of(r) for r in ("B5", "B6", "T1", "T2")} == {"pass"}
    assert qd.status_of("T3") == "na" and qd.status_of("R1") == "na"


@pytest.mark.parametrize("kind", ["border", "underscores", "vml", "shape"])
def test_lines_measured_whatever_draws_them(make_doc, kind: str) -> None:
    ok = make_doc(line_kind=kind, **QD)
    lay = find_layout(load_docx(ok))
    expected = {"border": "border", "underscores": "underscores"}.get(kind, "shape")
    assert {lay.tieu_ngu_rule.how, lay.issuer_rule.how, lay.trich_yeu_rule.how} == {expected}
    assert not check_docx(ok).failed_rules
    assert failed(make_doc(line_kind=kind, tn_line_fraction=0.7, **QD)) == {"H2"}
    assert failed(make_doc(line_kind=kind, issuer_line_fraction=0.2, **QD)) == {"H3"}
    assert failed(make_doc(line_kind=kind, ty_line_fraction=0.7, **QD)) == {"T2"}


def test_page_number_hidden_on_page_1_by_an_if_field(make_doc) -> None:
    path = make_doc(page_number="if", title_page=False)
    header = load_docx(path).header_paragraphs(0)
    assert header[0].fields == ["PAGE", "PAGE", "IF"]
    assert failed(path) == set()


def test_no_page_number_at_all_is_not_applicable_for_one_page(make_doc) -> None:
    report = check_docx(make_doc(page_number="none"))
    assert report.status_of("P4") == "na" and not report.failed_rules


def test_stamps_under_the_v_v_are_not_part_of_it(make_doc) -> None:
    lay = find_layout(load_docx(make_doc(urgency="THƯỢNG KHẨN", secrecy="TỐI MẬT")))
    assert [ln.text for ln in lay.vv] == ["V/v thực hiện Kết luận của Ban Thường vụ Tỉnh ủy"]
    assert [ln.text for ln in lay.urgency] == ["THƯỢNG KHẨN"]


def test_body_may_end_on_a_heading_with_the_end_mark(make_doc) -> None:
    """A report's last mục heading can carry "./." (the writer does that for an empty last
    section); the heading is not body text for B1/B2 but still ends the body for B8."""
    path = make_doc(body=("Nội dung thứ nhất của công văn.",
                          (("II. TỔ CHỨC THỰC HIỆN./.", "<w:b/>"),)))
    lay = find_layout(load_docx(path))
    last = [p for p in lay.body if p.text.strip()][-1]
    assert id(last) in lay.headings
    assert failed(path) == set()


def test_tieu_ngu_line_measured_against_text(make_doc) -> None:
    lay = find_layout(load_docx(make_doc()))
    assert lay.tieu_ngu_rule is not None and lay.tieu_ngu_rule.how == "border"
    from generator.check.layout import line_width
    assert abs(lay.tieu_ngu_rule.width / line_width(lay.tieu_ngu) - 1) < 0.02
    assert abs(lay.issuer_rule.width / line_width(lay.issuer[0]) - 0.4) < 0.02


def test_components_found_in_the_writer_layout(make_doc) -> None:
    lay = find_layout(load_docx(make_doc()))
    assert [ln.text for ln in lay.parent] == ["UBND TỈNH LẠNG SƠN"]
    assert [ln.text for ln in lay.issuer] == ["VĂN PHÒNG"]
    assert lay.so.text == "Số: 4208/VP-NC" and lay.vv[0].text.startswith("V/v ")
    assert [ln.text for ln in lay.kinh_gui][0] == "Kính gửi:" and len(lay.kinh_gui) == 3
    assert [ln.text for ln in lay.authority] == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
    assert lay.signer.text == "Nguyễn Văn An"
    assert [ln.text for ln in lay.noi_nhan_items][-1] == "- Lưu: VT, NC."
    assert len([p for p in lay.body if p.text.strip()]) == 3


def test_header_typed_with_line_breaks_in_one_paragraph(tmp_path: Path) -> None:
    """Clerks often type Quốc hiệu and Tiêu ngữ as one paragraph split by Shift+Enter."""
    from checkdoc import LEFT_COL, RIGHT_COL
    from docxbuild import para, run, table, write_docx
    right = para(ppr='<w:jc w:val="center"/>', runs=run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                                        sz(13) + "<w:b/>")
                 + '<w:r><w:br/></w:r>' + run("Độc lập - Tự do - Hạnh phúc", sz(14) + "<w:b/>"))
    body = table([[para("X", rpr="<w:b/>" + sz(13)), right]], [LEFT_COL, RIGHT_COL])
    lay = find_layout(load_docx(write_docx(tmp_path / "br.docx", body)))
    assert lay.quoc_hieu.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert lay.tieu_ngu.text == "Độc lập - Tự do - Hạnh phúc"
    assert lay.tieu_ngu.runs[0].size_pt == 14


def test_header_in_a_text_box_and_plain_paragraphs(tmp_path: Path) -> None:
    """An older layout: Quốc hiệu in a floating text box, the left column as indented
    paragraphs, the issuer's line typed as underscores."""
    from docxbuild import para, run, write_docx

    def text_box(content: str, cx: int = 3000000) -> str:
        return ('<w:r><w:drawing><wp:anchor><wp:positionH relativeFrom="column"><wp:posOffset>'
                f'3000000</wp:posOffset></wp:positionH><wp:extent cx="{cx}" cy="800000"/>'
                "<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>" + content +
                "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
                "</w:drawing></w:r>")
    c = '<w:jc w:val="center"/>'
    left = c + '<w:ind w:right="5400"/>'
    right = (para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", ppr=c, rpr="<w:b/>" + sz(13))
             + para("Độc lập - Tự do - Hạnh phúc", rpr="<w:b/>" + sz(14), ppr=c
                    + '<w:pBdr><w:bottom w:val="single" w:sz="6"/></w:pBdr>'
                    '<w:ind w:left="600" w:right="600"/>'))
    body = (para(runs=text_box(right) + run("UBND TỈNH LẠNG SƠN", sz(13)), ppr=left)
            + para("SỞ NỘI VỤ", ppr=left, rpr="<w:b/>" + sz(13))
            + para("_____", ppr=left, rpr=sz(13))
            + para("Số: 05/SNV-VP", ppr=left, rpr=sz(13))
            + para("V/v nâng bậc lương năm 2020", ppr=left + '<w:spacing w:before="120"/>',
                   rpr=sz(12)))
    lay = find_layout(load_docx(write_docx(tmp_path / "tb.docx", body)))
    assert lay.quoc_hieu.para.where.textbox and lay.tieu_ngu.para.where.textbox
    assert lay.tieu_ngu_rule.how == "border"
    assert lay.tieu_ngu_rule.width == 3000000 // 635 - 288 - 1200  # box width minus indents
    assert [ln.text for ln in lay.parent] == ["UBND TỈNH LẠNG SƠN"]
    assert [ln.text for ln in lay.issuer] == ["SỞ NỘI VỤ"]
    assert lay.issuer_rule.how == "underscores"
    assert [ln.text for ln in lay.vv] == ["V/v nâng bậc lương năm 2020"]
    report = check_docx(tmp_path / "tb.docx")
    assert {"H1", "H2", "H3", "H4", "H5", "T3"} <= {
        r.rule_id for r in report.results if r.status == "pass"}


def test_line_shape_anchored_in_the_paragraph_above(tmp_path: Path) -> None:
    """Word users draw the Tiêu ngữ line as a shape anchored in the Quốc hiệu paragraph and
    moved down by its vertical offset; the issuer's line anchored in the Số paragraph."""
    from checkdoc import CELL_MARGIN, LEFT_COL, RIGHT_COL
    from docxbuild import para, run, table, write_docx

    from generator.fonts import text_width_pt

    def shape(width: float, offset: float) -> str:
        return ('<w:r><w:drawing><wp:anchor><wp:positionH relativeFrom="column"><wp:posOffset>'
                f'{round(offset) * 635}</wp:posOffset></wp:positionH><wp:extent '
                f'cx="{round(width) * 635}" cy="0"/><a:graphic><a:graphicData><wps:wsp>'
                '<wps:spPr><a:prstGeom prst="line"/></wps:spPr></wps:wsp></a:graphicData>'
                "</a:graphic></wp:anchor></w:drawing></w:r>")
    c = '<w:jc w:val="center"/>'
    tn_w = text_width_pt("Độc lập - Tự do - Hạnh phúc", 14, bold=True) * 20
    is_w = text_width_pt("SỞ NỘI VỤ", 13, bold=True) * 20
    rc, lc = RIGHT_COL - 2 * CELL_MARGIN, LEFT_COL - 2 * CELL_MARGIN
    right = (para(ppr=c, runs=shape(tn_w, (rc - tn_w) / 2)
                  + run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", sz(13) + "<w:b/>"))
             + para("Độc lập - Tự do - Hạnh phúc", ppr=c, rpr=sz(14) + "<w:b/>"))
    left = (para("SỞ NỘI VỤ", ppr=c, rpr=sz(13) + "<w:b/>")
            + para(ppr=c, runs=shape(is_w * 0.4, (lc - is_w * 0.4) / 2) + run("Số: 05/SNV-VP",
                                                                               sz(13))))
    path = write_docx(tmp_path / "anchored.docx", table([[left, right]], [LEFT_COL, RIGHT_COL]))
    lay = find_layout(load_docx(path))
    assert lay.tieu_ngu_rule.how == "shape" and lay.tieu_ngu_rule.para is lay.quoc_hieu.para
    assert abs(lay.tieu_ngu_rule.centre - rc / 2) < 2
    assert lay.issuer_rule.how == "shape" and lay.issuer_rule.para is lay.so.para
    report = check_docx(path)
    assert report.status_of("H2") == "pass" and report.status_of("H3") == "pass"


def test_kinh_gui_in_a_two_cell_table(tmp_path: Path) -> None:
    from checkdoc import Doc, build
    from docxbuild import para, table

    path = build(Doc(kinh_gui=False), tmp_path / "kg.docx")
    # splice a "Kính gửi" table in front of the first body paragraph
    import zipfile
    with zipfile.ZipFile(path) as z:
        files = {i.filename: z.read(i.filename) for i in z.infolist()}
    kg = table([[para("Kính gửi:", rpr=sz(14), ppr='<w:jc w:val="right"/>'),
                 para("- Các sở, ban, ngành tỉnh;", rpr=sz(14))
                 + para("- UBND các huyện, thành phố.", rpr=sz(14))]], [3000, 6354])
    doc = files["word/document.xml"].decode()
    first_body = doc.index("<w:p><w:pPr><w:pStyle w:val=\"NoiDung\"/>")
    files["word/document.xml"] = (doc[:first_body] + kg + doc[first_body:]).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    lay = find_layout(load_docx(path))
    assert [ln.text for ln in lay.kinh_gui] == ["Kính gửi:", "- Các sở, ban, ngành tỉnh;",
                                                 "- UBND các huyện, thành phố."]
    assert failed(path) == set()


def test_issuer_line_measured_against_the_longest_wrapped_line(make_doc) -> None:
    """A long issuer wraps in its cell; the line is 1/3–1/2 of the longest printed line, not
    of the whole name (spec §3.2: "dòng chữ")."""
    from generator.check.layout import container_width, wrapped_widths
    from generator.fonts import text_width_pt

    name = "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG TỈNH LẠNG SƠN"
    full = text_width_pt(name, 13, bold=True) * 20
    doc = load_docx(make_doc(issuer=name))
    ln = find_layout(doc).issuer[0]
    printed = wrapped_widths(ln, container_width(ln.para, doc))
    assert len(printed) == 2 and max(printed) < full / 1.8
    assert failed(make_doc(issuer=name, issuer_line_fraction=0.4)) == {"H3"}  # 0.4 × full
    assert failed(make_doc(issuer=name, issuer_line_fraction=0.4 * max(printed) / full)) == set()


def test_header_laid_out_with_tab_stops(tmp_path: Path) -> None:
    """Older documents place the two header columns with centre tab stops, no table."""
    import zipfile

    from checkdoc import Doc, build
    from docxbuild import para, run

    from generator.fonts import text_width_pt

    path = build(Doc(), tmp_path / "tabs.docx")
    tabs = ('<w:tabs><w:tab w:val="center" w:pos="1700"/><w:tab w:val="center" w:pos="6400"/>'
            "</w:tabs>")
    t = "<w:r><w:tab/></w:r>"
    reg, bold, it = sz(13), sz(13) + "<w:b/>", sz(14) + "<w:i/>"
    tn = "Độc lập - Tự do - Hạnh phúc"
    n_tn = round(text_width_pt(tn, 14, bold=True) / (0.5 * 14))
    n_is = round(0.4 * text_width_pt("SỞ NỘI VỤ", 13, bold=True) / (0.5 * 13))
    header = (
        para(ppr=tabs, runs=t + run("UBND TỈNH LẠNG SƠN", reg) + t
             + run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold))
        + para(ppr=tabs, runs=t + run("SỞ NỘI VỤ", bold) + t + run(tn, sz(14) + "<w:b/>"))
        + para(ppr=tabs, runs=t + run("_" * n_is, reg) + t + run("_" * n_tn, sz(14)))
        + para(ppr=tabs, runs=t + run("Số: 05/SNV-VP", reg) + t
               + run("Lạng Sơn, ngày 05 tháng 3 năm 2020", it))
        + para(ppr=tabs + '<w:spacing w:before="120"/>', runs=t + run("V/v nâng bậc lương",
                                                                        sz(12))))
    with zipfile.ZipFile(path) as z:
        files = {i.filename: z.read(i.filename) for i in z.infolist()}
    doc = files["word/document.xml"].decode()
    start, end = doc.index("<w:tbl>"), doc.index("</w:tbl>") + len("</w:tbl>")
    files["word/document.xml"] = (doc[:start] + header + doc[end:]).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)

    lay = find_layout(load_docx(path))
    assert lay.quoc_hieu.centre == 6400 and lay.quoc_hieu.alignment == "center"
    assert lay.tieu_ngu.text == tn
    assert [ln.text for ln in lay.parent] == ["UBND TỈNH LẠNG SƠN"]
    assert [ln.text for ln in lay.issuer] == ["SỞ NỘI VỤ"]
    assert lay.so.text == "Số: 05/SNV-VP" and lay.date.centre == 6400
    assert lay.tieu_ngu_rule.how == "underscores" and lay.tieu_ngu_rule.centre == 6400
    assert lay.issuer_rule.centre == 1700
    assert [ln.text for ln in lay.vv] == ["V/v nâng bậc lương"]
    assert failed(path) == set()

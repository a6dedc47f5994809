"""Emphasis inside content text (issue 9.2): ``**bold**``, ``*italic*``, ``\\*``; a lone
star is an error at its line and column; the DOCX carries the spans as direct run
formatting, read back with the project's style resolver."""

from __future__ import annotations

import re
import textwrap
import zipfile
from pathlib import Path

import pytest

from generator.build import font_problems, load
from generator.check.resolve import load_docx
from generator.emphasis import Lone, Span, parse, plain
from generator.problems import Problems

from .conftest import MINIMAL

BODY = "Sở Nội vụ đề nghị Sở Tài chính gửi Đề án trước ngày 15/12/2017"

DECISION = """\
loai: quyet-dinh
co_quan: {chu_quan: UBND TỈNH LẠNG SƠN, ten: SỞ NỘI VỤ, viet_tat: SNV}
so: 12
dia_danh: Lạng Sơn
ngay: 2017-12-20
trich_yeu: Về việc thành lập Tổ công tác
tham_quyen: GIÁM ĐỐC SỞ NỘI VỤ
can_cu:
  - Căn cứ *Luật Tổ chức chính quyền địa phương* ngày 19 tháng 6 năm 2015 và các văn bản
    quy định chi tiết, hướng dẫn thi hành của Chính phủ
  - Theo đề nghị của Trưởng phòng Tổ chức, biên chế
noi_dung:
  - dieu: Thành lập Tổ công tác, hoàn thành **trước ngày 31/12/2017**[^1].
  - dieu: Quyết định này có hiệu lực kể từ ngày ký.
  - dieu: Các thành viên Tổ công tác chịu trách nhiệm thi hành Quyết định này.
chu_thich:
  1: Theo *Kế hoạch số 15/KH-SNV*.
nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
noi_nhan: [Như Điều 3]
luu: [TCBC]
"""


@pytest.mark.parametrize(("text", "spans", "lone"), [
    ("Hạn **15/12/2017** nhé", [Span("Hạn "), Span("15/12/2017", bold=True), Span(" nhé")], []),
    ("*nghiêng*", [Span("nghiêng", italic=True)], []),
    ("***cả hai***", [Span("cả hai", bold=True, italic=True)], []),
    ("a **b *c** d*", [Span("a "), Span("b ", bold=True), Span("c", True, True),
                       Span(" d", italic=True)], []),
    ("giá \\* 2", [Span("giá * 2")], []),
    ("7 * 7 = 49", [Span("7 * 7 = 49")], []),
    ("snake_case & <b> _x_", [Span("snake_case & <b> _x_")], []),
    ("ghi chú (*) và *mục 2*", [Span("ghi chú (*) và "), Span("mục 2", italic=True)],
     [Lone(9, "*")]),
    ("hết hạn*", [Span("hết hạn*")], [Lone(7, "*")]),
    ("**đậm chưa đóng", [Span("**đậm chưa đóng")], [Lone(0, "**")]),
])
def test_parse(text, spans, lone) -> None:
    assert parse(text) == (spans, lone)


def test_plain_drops_the_marks() -> None:
    assert plain("Hạn **15/12** và *x*, \\* giữ") == "Hạn 15/12 và x, * giữ"


def _runs(docx: Path, start: str) -> list:
    paragraphs = [p for p in load_docx(docx).paragraphs() if p.text.startswith(start)]
    assert paragraphs, start
    return [r for r in paragraphs[0].runs if r.text]


def _styled(runs: list) -> list[tuple[str, bool, bool]]:
    """(text, bold, italic) of each run; a date's no-break spaces read as spaces."""
    return [(r.text.replace("\u00a0", " "), r.bold, r.italic) for r in runs]


def test_body_spans_become_bold_and_italic_runs(build_docx) -> None:
    docx = build_docx(MINIMAL.replace(
        BODY, "Sở Nội vụ đề nghị *Sở Tài chính* gửi Đề án trước **ngày 15/12/2017**"))
    assert _styled(_runs(docx, "Sở Nội vụ đề nghị")) == [
        ("Sở Nội vụ đề nghị ", False, False), ("Sở Tài chính", False, True),
        (" gửi Đề án trước ", False, False), ("ngày 15/12/2017", True, False),
        ("./.", False, False)]  # the end mark keeps the paragraph's style


def test_escaped_star_and_markup_characters_are_text(build_docx) -> None:
    docx = build_docx(MINIMAL.replace(BODY, "'Mục \\* & <b>A</b> _b_ snake_case và 7 * 7'"))
    paragraphs = [p.text for p in load_docx(docx).paragraphs()]
    assert "Mục * & <b>A</b> _b_ snake_case và 7 * 7./." in paragraphs


def test_emphasis_in_items_table_cells_and_appendix(build_docx) -> None:
    docx = build_docx(MINIMAL.replace(f"  - {BODY}\n", """\
  - muc: "Gửi báo cáo kết quả rà soát về Sở Nội vụ **trước ngày 15/12/2017**:"
    y:
      - Bản giấy *có chữ ký*;
      - cot: [{ten: "**Đơn vị**"}, {ten: Số người, kieu: so}]
        dong:
          - ['*Sở Tài chính*', 12]
  - Chi tiết tại Phụ lục kèm theo.
phu_luc:
  - ten: Danh sách
    noi_dung: [Các đơn vị **chưa gửi** báo cáo.]
"""))
    assert ("trước ngày 15/12/2017", True, False) in _styled(_runs(docx, "1. Gửi báo cáo"))
    assert ("có chữ ký", False, True) in _styled(_runs(docx, "- Bản giấy"))
    assert _styled(_runs(docx, "Sở Tài chính")) == [("Sở Tài chính", False, True)]
    assert all(r.bold for r in _runs(docx, "Đơn vị"))
    assert ("chưa gửi", True, False) in _styled(_runs(docx, "Các đơn vị"))


def test_emphasised_number_is_formatted_bold_and_summed(build_docx) -> None:
    docx = build_docx(MINIMAL.replace(f"  - {BODY}\n", """\
  - Số liệu như sau.
  - cot: [{ten: Đơn vị}, {ten: Biên chế, kieu: so}]
    dong:
      - [Sở Tài chính, '**1200**']
      - [Sở Tư pháp, 34]
    tong: true
"""))
    assert _styled(_runs(docx, "1.200")) == [("1.200", True, False)]
    assert [r.text for r in _runs(docx, "1.234")] == ["1.234"]  # the total counts it


def test_legal_basis_italic_span_is_upright_and_footnote_inside_bold(build_docx) -> None:
    docx = build_docx(DECISION)
    basis = _runs(docx, "Căn cứ")
    assert ("Luật Tổ chức chính quyền địa phương", False, False) in _styled(basis)
    assert all(r.italic for r in basis if r.text != "Luật Tổ chức chính quyền địa phương")
    article = _runs(docx, "Điều 1.")
    assert ("trước ngày 31/12/2017", True, False) in _styled(article)
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    assert xml.count("<w:footnoteReference") == 1
    notes = zipfile.ZipFile(docx).read("word/footnotes.xml").decode()
    pieces = re.finditer(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:noBreakHyphen/>", notes)
    text = "".join(m[1] if m[1] is not None else "-" for m in pieces)
    # (a code's hyphen is a w:noBreakHyphen element)
    assert "<w:i/>" in notes and "Kế hoạch số 15/KH-SNV" in text and "*" not in notes


def test_legal_basis_punctuation_inside_a_closing_mark_is_not_doubled() -> None:
    from generator.docx.body import legal_basis

    paras = legal_basis(["Căn cứ *Luật Tổ chức chính quyền địa phương;*",
                         "Căn cứ Luật Cán bộ, công chức;"], "Theo đề nghị của **Sở Nội vụ.**")
    assert ["".join(r.text for r in p.runs) for p in paras] == [
        "Căn cứ Luật Tổ chức chính quyền địa phương;", "Căn cứ Luật Cán bộ, công chức;",
        "Theo đề nghị của Sở Nội vụ."]
    assert [(r.text, r.italic) for r in paras[0].runs][1] == (
        "Luật Tổ chức chính quyền địa phương", False)


def test_invitation_lines_take_emphasis(build_docx) -> None:
    docx = build_docx("""\
loai: giay-moi
co_quan: {ten: SỞ NỘI VỤ, viet_tat: SNV, ten_day_du: Sở Nội vụ tỉnh Lạng Sơn}
so: 8
dia_danh: Lạng Sơn
ngay: 2017-12-08
trich_yeu: Họp giao ban
giay_moi:
  kinh_moi: Trưởng các phòng
  toi_du: cuộc họp giao ban tháng 12
  thoi_gian: "**08 giờ 00**, ngày 14/12/2017"
  dia_diem: Phòng họp số 1
nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
noi_nhan: [Như thành phần mời]
""")
    assert ("08 giờ 00", True, False) in _styled(_runs(docx, "Thời gian"))


def test_lines_mostly_emphasised_inside_pass_the_checker(build_docx) -> None:
    """A giấy mời's whole time and place set bold, sentences opening with an emphasised
    deadline or unit, a short căn cứ line whose law name is set upright: mostly emphasised,
    yet the document vanban writes passes its own checker (build_docx asserts it)."""
    invitation = build_docx("""\
loai: giay-moi
co_quan: {ten: SỞ NỘI VỤ, viet_tat: SNV, ten_day_du: Sở Nội vụ tỉnh Lạng Sơn}
so: 8
dia_danh: Lạng Sơn
ngay: 2017-12-08
trich_yeu: Họp giao ban
giay_moi:
  kinh_moi: Trưởng các phòng
  toi_du: cuộc họp giao ban tháng 12
  thoi_gian: "**08 giờ 00 phút, thứ Năm, ngày 14/12/2017**"
  dia_diem: "**Phòng họp số 1, Sở Nội vụ**"
noi_dung:
  - Địa điểm đón đại biểu **Cổng chính, Sở Nội vụ**.
  - '**Hạn đăng ký ngày 12/12/2017**, các phòng gửi danh sách.'
  - '**Văn phòng Sở**: chuẩn bị tài liệu **trước ngày 13/12/2017**.'
  - '*Phòng Tổ chức biên chế*: theo dõi.'
nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
noi_nhan: [Như thành phần mời]
""", "giay-moi.yaml")
    assert ("Phòng họp số 1, Sở Nội vụ", True, False) in _styled(_runs(invitation, "Địa điểm:"))
    decision = build_docx(DECISION.replace(
        "*Luật Tổ chức chính quyền địa phương* ngày 19 tháng 6 năm 2015 và các văn bản\n"
        "    quy định chi tiết, hướng dẫn thi hành của Chính phủ", "*Luật Cán bộ, công chức*"))
    assert ("Luật Cán bộ, công chức", False, False) in _styled(_runs(decision, "Căn cứ"))


def _problems(write_content, text: str) -> list:
    with pytest.raises(Problems) as info:
        load(write_content(text))
    return info.value.items


@pytest.mark.parametrize(("line", "column", "marker"), [
    ("  - Sở Nội vụ đề nghị **Sở Tài chính gửi\n", 23, "**"),
    ("  - 'Sở Nội vụ (*) đề nghị *Sở Tài chính*'\n", 17, "*"),
    ("  - >-\n    Sở Nội vụ đề nghị\n    Sở Tài chính gửi* Đề án\n", 21, "*"),
])
def test_lone_star_is_reported_at_its_line_and_column(write_content, line, column,
                                                      marker) -> None:
    text = MINIMAL.replace(f"  - {BODY}\n", line)
    (problem,) = _problems(write_content, text)
    typed = text.splitlines()[problem.line - 1]
    assert typed[problem.column - 1] == "*" and problem.field == "noi_dung[0]"
    assert problem.line == 14 + line.count("\n") - 1
    assert problem.column == column
    assert f"Dấu «{marker}» không có dấu đóng hoặc mở" in problem.render("vi")
    assert f"'{marker}' has no matching" in problem.render("en")
    assert "\\*" in problem.render("vi")


def test_every_lone_star_of_a_file_at_once(write_content) -> None:
    found = _problems(write_content, DECISION.replace("*Luật", "Luật").replace(
        "*Kế hoạch", "Kế hoạch"))
    assert [(p.field, p.line) for p in found] == [("can_cu[0]", 9), ("chu_thich.1", 17)]


def test_lone_star_reported_with_the_other_errors_of_the_file(write_content) -> None:
    text = MINIMAL.replace(BODY, "Gửi **trước ngày 15/12").replace("so: 5", "so: -5")
    found = _problems(write_content, text)
    assert [(p.field, p.line) for p in found] == [("so", 6), ("noi_dung[0]", 14)]


def test_text_starting_with_a_star_unquoted_gets_the_hint(write_content) -> None:
    (problem,) = _problems(write_content, MINIMAL.replace(BODY, "*Sở Tài chính* gửi"))
    assert problem.line == 14 and "ngoặc đơn" in problem.render("vi")
    assert "single quotes" in problem.render("en")


def test_stars_outside_the_text_fields_are_literal(build_docx) -> None:
    docx = build_docx(MINIMAL.replace("- Sở Tài chính", "- Sở Tài chính*"))
    assert "Kính gửi: Sở Tài chính*" in [p.text for p in load_docx(docx).paragraphs()]


def test_font_check_reads_the_printed_text_and_points_at_the_typed_one(write_content) -> None:
    content, _ = load(write_content(MINIMAL.replace(BODY, "Hạn **chót** \U00013000 gửi")))
    (problem,) = font_problems(content)
    assert problem.severity == "error" and "U+13000" in problem.render("vi")
    assert (problem.line, problem.column) == (14, 18)  # "  - Hạn **chót** " is 17 long


def test_pdf_shows_the_text_without_marks(tmp_path) -> None:
    import subprocess

    from generator.cli import main

    source = tmp_path / "doc.yaml"
    source.write_text(textwrap.dedent(MINIMAL.replace(
        BODY, "Sở Nội vụ đề nghị *Sở Tài chính* gửi Đề án trước **ngày 15/12/2017**")),
        encoding="utf-8")
    assert main(["build", str(source), "-o", str(tmp_path / "out")]) == 0
    text = subprocess.run(["pdftotext", str(tmp_path / "out" / "doc.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "đề nghị Sở Tài chính gửi Đề án trước ngày 15/12/2017./." in flat
    assert "*" not in text

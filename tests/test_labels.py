"""Labels outside the level ladder (issue 9.5): an item's own label (``nhan``) and the label
style of an item's children (``danh_so_y``); the ladder stays the default."""

from __future__ import annotations

import pytest

from generator.check.resolve import load_docx
from generator.docx.body import child_scheme, label

PLAN = """\
loai: ke-hoach
co_quan: {chu_quan: UBND TỈNH LẠNG SƠN, ten: SỞ NỘI VỤ, viet_tat: SNV}
so: 15
dia_danh: Lạng Sơn
ngay: 2025-03-14
trich_yeu: Rà soát, sắp xếp tổ chức bộ máy năm 2025
noi_dung:
{body}
nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
noi_nhan: [UBND tỉnh]
luu: [TCBC]
"""


def lines_of(build_docx, body: str) -> list[str]:
    docx = build_docx(PLAN.replace("{body}", body))
    lines = [p.text for p in load_docx(docx).paragraphs() if p.text.strip()]
    return lines[:lines.index("Nơi nhận:")]  # the header and the body


def test_ladder_stays_the_default(build_docx) -> None:
    lines = lines_of(build_docx, """\
  - tieu_de: Mục đích, yêu cầu
    y:
      - muc: Rà soát toàn bộ tổ chức
        y:
          - Các sở, ban, ngành
          - UBND các huyện
""")
    assert "I. MỤC ĐÍCH, YÊU CẦU" in lines
    assert "1. Rà soát toàn bộ tổ chức" in lines
    assert lines[-2:] == ["a) Các sở, ban, ngành", "b) UBND các huyện./."]


def test_dashes_directly_under_a_numbered_item_and_at_the_a_level(build_docx) -> None:
    lines = lines_of(build_docx, """\
  - tieu_de: Nhiệm vụ
    y:
      - muc: "Sở Nội vụ:"
        danh_so_y: "-"
        y:
          - muc: Chủ trì rà soát;
            y: [Tổng hợp số liệu;]
          - Báo cáo UBND tỉnh.
      - muc: "Các sở, ngành:"
        y: [Phối hợp rà soát.]
""")
    assert "1. Sở Nội vụ:" in lines
    assert "- Chủ trì rà soát;" in lines and "- Báo cáo UBND tỉnh." in lines
    assert "+ Tổng hợp số liệu;" in lines  # below the dashes the ladder goes on: +
    assert "2. Các sở, ngành:" in lines and "a) Phối hợp rà soát./." in lines


def test_own_labels_and_parenthesised_targets(build_docx) -> None:
    lines = lines_of(build_docx, """\
  - tieu_de: Chỉ tiêu
    danh_so_y: "(1)"
    y:
      - Giảm 10 % biên chế;
      - Giảm 15 % đầu mối;
  - tieu_de: Danh mục biểu mẫu
    y:
      - muc: Biểu tổng hợp biên chế.
      - muc: Biểu tổng hợp biên chế bổ sung.
        nhan: "1A"
      - muc: Biểu tổng hợp đầu mối.
""")
    assert "(1) Giảm 10 % biên chế;" in lines and "(2) Giảm 15 % đầu mối;" in lines
    # an item with its own label takes no number: 1., 1A, 2.
    after = lines[lines.index("II. DANH MỤC BIỂU MẪU") + 1:]
    assert after[:3] == ["1. Biểu tổng hợp biên chế.", "1A Biểu tổng hợp biên chế bổ sung.",
                         "2. Biểu tổng hợp đầu mối./."]


def test_a_label_is_never_read_for_emphasis(build_docx) -> None:
    lines = lines_of(build_docx, """\
  - muc: "Chỉ tiêu bắt buộc:"
    y:
      - muc: Giảm biên chế*năm 2025*.
        nhan: "(*)"
""")
    # read together, the label's star would pair with the one after "chế"
    assert "(*) Giảm biên chếnăm 2025./." in lines


def test_article_clauses_may_be_dashes(build_docx) -> None:
    docx = build_docx("""\
loai: quyet-dinh
co_quan: {chu_quan: UBND TỈNH LẠNG SƠN, ten: SỞ NỘI VỤ, viet_tat: SNV}
so: 3
dia_danh: Lạng Sơn
ngay: 2025-03-14
trich_yeu: Về việc giao nhiệm vụ
tham_quyen: GIÁM ĐỐC SỞ NỘI VỤ
can_cu: [Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015]
noi_dung:
  - dieu: Giao Phòng Tổ chức, biên chế các nhiệm vụ sau
    danh_so_y: "-"
    y:
      - Rà soát tổ chức;
      - Tổng hợp báo cáo.
  - dieu: Quyết định này có hiệu lực kể từ ngày ký.
nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
noi_nhan: [Như Điều 2]
""")
    lines = [p.text for p in load_docx(docx).paragraphs()]
    assert "- Rà soát tổ chức;" in lines and "- Tổng hợp báo cáo." in lines


@pytest.mark.parametrize(("scheme", "index", "shown"), [
    ("(1)", 3, "(3)"), ("a)", 7, "g)"), ("I.", 4, "IV."), ("-", 2, "-"), ("+", 9, "+")])
def test_label(scheme, index, shown) -> None:
    assert label(scheme, index) == shown


def test_child_scheme() -> None:
    ladder = ("I.", "1.", "a)", "-", "+")
    assert child_scheme(ladder, 1, None) == ladder
    assert child_scheme(ladder, 1, "-") == ("I.", "1.", "-", "+")
    assert child_scheme(ladder, 1, "(1)") == ("I.", "1.", "(1)", "-", "+")
    assert child_scheme(("1.", "a)", "-", "+"), -1, "-") == ("-", "+")


def test_unknown_label_style_is_refused_with_the_choices(write_content) -> None:
    from generator.build import load
    from generator.problems import Problems

    path = write_content(PLAN.replace("{body}", '  - muc: A\n    danh_so_y: "*"\n    y: [B]\n'))
    with pytest.raises(Problems) as info:
        load(path)
    (problem,) = info.value.items
    assert problem.field == "noi_dung[0].danh_so_y" and problem.line == 9
    assert "'(1)'" in problem.render("vi")

"""R3 and grouped recipients (ô 9b): "- <group>:" then "+ …;" lines are accepted; doubled
punctuation, a missing final "." and stray or empty groups are still caught."""

from __future__ import annotations

import pytest

from generator.check import check_docx

GROUPED = ("- Như trên;", "- Bộ Nội vụ;", "- Các sở, ban, ngành tỉnh:", "+ Sở Nội vụ;",
           "+ Sở Tài chính;", "- UBND các huyện, thành phố;", "- Lưu: VT, NC.")


def test_grouped_recipients_pass(make_doc) -> None:
    report = check_docx(make_doc(noi_nhan=GROUPED))
    assert not report.errors, [(r.rule_id, r.message["en"]) for r in report.errors]


def swap(index: int, line: str) -> tuple[str, ...]:
    return GROUPED[:index] + (line,) + GROUPED[index + 1:]


@pytest.mark.parametrize(("lines", "said"), [
    (swap(3, "+ Sở Nội vụ;;"), "doubled punctuation “;;”"),
    (swap(4, "+ Sở Tài chính.."), "doubled punctuation"),
    (swap(4, "+ Sở Tài chính"), "required “+ <recipient>;”"),
    (swap(2, "- Các sở, ban, ngành tỉnh;"), "starts with “+” but stands under no group"),
    (GROUPED[:3] + GROUPED[5:], "ends with “:” but no “+ …;” line follows"),
    (swap(6, "- Lưu: VT, NC"), "does not end with “.”"),
    (swap(6, "- Lưu: VT, NC.."), "doubled punctuation"),
    (GROUPED[:5] + ("+ Lưu: VT.",), "required “- Lưu: VT, <unit>.”"),
], ids=["member ;;", "member ..", "member without ;", "member without group", "empty group",
        "no final .", "Lưu ..", "Lưu as a member"])
def test_broken_group_fails_r3(make_doc, lines: tuple[str, ...], said: str) -> None:
    report = check_docx(make_doc(noi_nhan=lines))
    assert report.failed_rules == {"R3"}, [(r.rule_id, r.message["en"]) for r in report.errors]
    messages = [r.message["en"] for r in report.errors if r.rule_id == "R3"]
    assert any(said in m for m in messages), messages
    assert all(r.message["vi"] for r in report.errors)


# --- the căn cứ block of a kế hoạch (144/KH-UBND Bắc Ninh): the upright sentence that follows
# the căn cứ lines and leads into the text is body, not a căn cứ line ------------------------
QD = dict(doc_type="quyet-dinh", so="Số: 12/QĐ-UBND", noi_nhan=("- Như Điều 3;", "- Lưu: VT, NC."),
          authority=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"))
LEAD = "Theo đề nghị của Giám đốc Sở Nội vụ, Ủy ban nhân dân tỉnh ban hành, cụ thể như sau:"


@pytest.mark.parametrize(("lead_rpr", "status"), [('<w:i w:val="0"/>', "pass"), ("", "fail")],
                         ids=["upright lead sentence is body", "italic one stays a căn cứ line"])
def test_upright_lead_sentence_ends_the_basis_block(make_doc, lead_rpr: str, status: str) -> None:
    report = check_docx(make_doc(**QD, can_cu=(
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ.",
        ((LEAD, lead_rpr),))))
    assert report.status_of("B5") == status, [(r.rule_id, r.message["en"])
                                              for r in report.errors]

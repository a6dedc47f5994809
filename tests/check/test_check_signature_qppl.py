"""Issue 9, points 1, 3 and 4 in the checker: the signatures of a deputy for a collective
body, legal-normative numbers and type names, and the punctuation of Nơi nhận / Lưu. Each
fixture is the conformant document of checkdoc.py with one change: the accepted layouts pass
clean, each broken one fails exactly its rule."""

from __future__ import annotations

import pytest

from generator.check import check_docx
from generator.check.layout import find_layout
from generator.check.resolve import load_docx

QD = dict(doc_type="quyet-dinh", so="Số: 12/QĐ-UBND", issuer="ỦY BAN NHÂN DÂN",
          noi_nhan=("- Như Điều 3;", "- Lưu: VT, NC."),
          authority=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"))
# Số: …/năm/ký hiệu, no thẩm quyền line, the căn cứ block closed by the enacting sentence
QPPL = dict(QD, so="Số: 89/2017/QĐ-UBND", tham_quyen=None, verb=None, can_cu=(
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Theo đề nghị của Giám đốc Sở Nội vụ;",
    "Ủy ban nhân dân tỉnh ban hành Quyết định quy định tiêu chí tinh giản biên chế."))

PASS = [
    ("TM. + KT.: a deputy for the People's Committee",
     dict(QD, authority=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"))),
    ("TM. + Q.: an acting chairman", dict(QD, authority=("TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"))),
    ("TL. + KT.: the deputy of a unit head signing by order",
     {"authority": ("TL. BỘ TRƯỞNG", "KT. VỤ TRƯỞNG VỤ TỔ CHỨC CÁN BỘ", "PHÓ VỤ TRƯỞNG")}),
    ("Q. alone before the signer's own title", {"authority": ("Q. CHÁNH VĂN PHÒNG",)}),
    ("TUQ.", {"authority": ("TUQ. CHỦ TỊCH", "CHÁNH VĂN PHÒNG")}),
    ("QPPL quyết định with the enacting sentence", QPPL),
    ("QPPL quyết định keeping a QUYẾT ĐỊNH: line", dict(QD, so="Số: 89/2017/QĐ-UBND")),
    ("a nghị định (legal normative, outside the 29 types)",
     dict(QPPL, type_name="NGHỊ ĐỊNH", so="Số: 30/2017/NĐ-CP", issuer="CHÍNH PHỦ",
          authority=("TM. CHÍNH PHỦ", "THỦ TƯỚNG"), doc_type="nghi-dinh")),
    ("a unit's copy count in the Lưu line",
     {"noi_nhan": ("- Như trên;", "- Lưu: VT, TCCV (02).")}),
    ("copy count then the drafter and copies (ô 12)",
     {"noi_nhan": ("- Như trên;", "- Lưu: VT, TCCV (02). CMP.(10).")}),
    ("the drafter without copies", {"noi_nhan": ("- Như trên;", "- Lưu: VT, NC. CMP.")}),
]


@pytest.mark.parametrize("changes", [c for _, c in PASS], ids=[n for n, _ in PASS])
def test_accepted_layouts_pass_clean(make_doc, changes: dict) -> None:
    report = check_docx(make_doc(**changes))
    assert not report.errors and not report.warnings, [
        (r.rule_id, r.message["en"], r.location) for r in report.errors + report.warnings]


BREAKS = [
    ("TM. + TUQ.", dict(QD, authority=("TM. ỦY BAN NHÂN DÂN", "TUQ. CHỦ TỊCH", "GIÁM ĐỐC")),
     "S1", "TM. + TUQ."),
    ("KT. before TM.", dict(QD, authority=("KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN",
                                           "PHÓ CHỦ TỊCH")), "S1", "KT. + TM."),
    ("three prefixes", dict(QD, authority=("TM. ỦY BAN NHÂN DÂN", "TL. CHỦ TỊCH",
                                           "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG")),
     "S1", "TM. + TL. + KT."),
    ("TM. + KT. without the signer's title",
     dict(QD, authority=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH")), "S1", "PHÓ CHỦ TỊCH"),
    ("a prefix under the signer's title",
     dict(QD, authority=("PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH", "CHỦ TỊCH")), "S1", "đứng đầu"),
    ("K/T on the second line",
     dict(QD, authority=("TM. ỦY BAN NHÂN DÂN", "K/T CHỦ TỊCH", "PHÓ CHỦ TỊCH")), "S1", "K/T"),
    ("a year in a công văn's number", {"so": "Số: 4208/2017/VP-NC"}, "H5", "có năm"),
    ("a QPPL number whose year is not the year of issue",
     dict(QPPL, so="Số: 89/2016/QĐ-UBND"), "H5", "2016"),
    ("a nghị định without the year", dict(QPPL, type_name="NGHỊ ĐỊNH", so="Số: 30/NĐ-CP",
                                          issuer="CHÍNH PHỦ", doc_type="nghi-dinh"),
     "H5", "năm ban hành"),
    ("a double period after the drafter",
     {"noi_nhan": ("- Như trên;", "- Lưu: VT, NC. CMP..")}, "R3", "“..”"),
    ("a doubled semicolon", {"noi_nhan": ("- Như trên;;", "- Lưu: VT, NC.")}, "R3", "“;;”"),
    ("a semicolon then a period", {"noi_nhan": ("- Như trên;", "- Chủ tịch UBND tỉnh;.",
                                                "- Lưu: VT, NC.")}, "R3", "“;.”"),
    ("the Lưu line without its final period after ô 12",
     {"noi_nhan": ("- Như trên;", "- Lưu: VT, NC. CMP.(10)")}, "R3", "không kết thúc"),
    ("the Lưu line without its final period",
     {"noi_nhan": ("- Như trên;", "- Lưu: VT, TCCV (02)")}, "R3", "không kết thúc"),
]


@pytest.mark.parametrize(("changes", "rule_id", "said"), [b[1:] for b in BREAKS],
                         ids=[b[0] for b in BREAKS])
def test_breaking_one_thing_fails_exactly_that_rule(make_doc, changes: dict, rule_id: str,
                                                    said: str) -> None:
    doc_type = changes.get("doc_type")
    path = make_doc(**changes)
    report = check_docx(path, doc_type=None if doc_type == "nghi-dinh" else doc_type)
    assert report.failed_rules == {rule_id}, [(r.rule_id, r.message["en"], r.location)
                                             for r in report.errors + report.warnings]
    (finding,) = [r for r in report.errors if r.rule_id == rule_id]
    assert said in finding.message["vi"] and finding.message["en"]


def test_three_title_lines_are_the_authority(make_doc) -> None:
    lay = find_layout(load_docx(make_doc(**PASS[0][1])))
    assert [ln.norm for ln in lay.authority] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH",
                                                 "PHÓ CHỦ TỊCH"]
    assert lay.signer.norm == "Nguyễn Văn An"


def test_qppl_draft_number_accepted_only_as_a_draft(make_doc) -> None:
    path = make_doc(**dict(QPPL, so="Số:      /2017/QĐ-UBND"))
    assert check_docx(path, draft=True).failed_rules == set()
    assert check_docx(path).failed_rules == {"H5"}


def test_qppl_number_refused_for_an_administrative_type(make_doc) -> None:
    """The same QPPL quyết định told to be a kế hoạch: the year is refused (and T1 reports
    the type name that differs)."""
    report = check_docx(make_doc(**QPPL), doc_type="ke-hoach")
    assert {"H5"} <= report.failed_rules
    (h5,) = [r for r in report.errors if r.rule_id == "H5"]
    assert "có năm" in h5.message["vi"] and "89/2017/QĐ-UBND" in h5.message["vi"]


def test_report_says_legal_normative(make_doc) -> None:
    qppl = check_docx(make_doc(**QPPL))
    assert qppl.qppl and qppl.doc_type == "quyet-dinh" and qppl.normative_type is None
    assert not check_docx(make_doc(**QD)).qppl
    decree = check_docx(make_doc(**PASS[7][1]))
    assert decree.qppl and decree.doc_type is None and decree.normative_type == "NGHỊ ĐỊNH"
    assert decree.to_dict()["qppl"] is True

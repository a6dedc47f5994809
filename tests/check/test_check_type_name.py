"""The type name line decides the type: a quyết định whose trích yếu starts "V/v" is not a
công văn (found in the real-document corpus: tests/real/qd-435-ubnd-kontum-2020, whose
published trích yếu reads "V/v ban hành Chương trình hành động …")."""

from __future__ import annotations

from generator.check import check_docx

DECISION = """\
loai: quyet-dinh
co_quan: {ten: "ỦY BAN NHÂN DÂN\\nTỈNH KON TUM", viet_tat: UBND}
so: 435
dia_danh: Kon Tum
ngay: 2020-05-04
trich_yeu: V/v ban hành Chương trình hành động về quan hệ lao động
tham_quyen: ỦY BAN NHÂN DÂN TỈNH KON TUM
can_cu: [Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015]
noi_dung:
  - dieu: Ban hành kèm theo Quyết định này Chương trình hành động.
  - dieu: Giám đốc Sở Nội vụ chịu trách nhiệm thi hành Quyết định này.
nguoi_ky:
  quyen_han: [TM., KT.]
  thu_truong: [ỦY BAN NHÂN DÂN, CHỦ TỊCH]
  chuc_vu: PHÓ CHỦ TỊCH
  ho_ten: Nguyễn Văn A
noi_nhan: [Như Điều 2]
"""


def test_decision_with_vv_summary_is_a_decision(build_docx) -> None:
    report = check_docx(build_docx(DECISION))  # build_docx also asserts no checker error
    assert report.doc_type == "quyet-dinh"
    assert not [r for r in report.results if r.rule_id in ("T3", "R1") and r.status == "fail"]


def test_letter_is_still_recognised_by_its_vv(build_docx) -> None:
    report = check_docx(build_docx("""\
        loai: cong-van
        co_quan: {chu_quan: UBND TỈNH KON TUM, ten: SỞ NỘI VỤ, viet_tat: SNV}
        so: 12
        don_vi_soan_thao: TCBC
        dia_danh: Kon Tum
        ngay: 2020-05-04
        trich_yeu: báo cáo quan hệ lao động
        kinh_gui: [Ủy ban nhân dân tỉnh]
        noi_dung: [Sở Nội vụ báo cáo như sau.]
        nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn B}
        """))
    assert report.doc_type == "cong-van"

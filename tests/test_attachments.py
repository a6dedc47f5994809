"""Attachments not in the file (issue 9.6) and the giấy mời written as prose (issue 9.7)."""

from __future__ import annotations

import pytest

from generator.build import load
from generator.check.resolve import load_docx
from generator.cli import main
from generator.problems import Problems

HEAD = """\
loai: bao-cao
co_quan: {ten: SỞ NỘI VỤ, viet_tat: SNV, ten_day_du: Sở Nội vụ}
so: 3
dia_danh: Lạng Sơn
ngay: 2025-03-20
trich_yeu: Kết quả rà soát
nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
"""
TWO_APPENDICES = """\
phu_luc:
  - ten: Tổng hợp biên chế
    noi_dung: [Nội dung]
  - ten: Danh sách đơn vị
    noi_dung: [Nội dung]
"""


def warnings_of(write_content, text: str) -> list:
    content, _ = load(write_content(HEAD + text))
    assert all(p.severity == "warning" for p in content.warnings)
    return content.warnings


def errors_of(write_content, text: str) -> list:
    with pytest.raises(Problems) as info:
        load(write_content(HEAD + text))
    return [p for p in info.value.items if p.severity == "error"]


def test_undeclared_attachment_is_one_warning_per_attachment(write_content) -> None:
    found = warnings_of(write_content, """\
noi_dung:
  - Các đơn vị báo cáo theo Phụ lục số 1A.
  - Số liệu ghi theo Phụ lục số 1A và phụ lục số 1B.
""")
    assert [(p.line, p.field) for p in found] == [(9, "noi_dung[0]"), (10, "noi_dung[1]")]
    assert "«Phụ lục 1A»" in found[0].render("vi") and "«Phụ lục 1B»" in found[1].render("vi")
    assert "gui_kem_rieng" in found[0].render("en")


@pytest.mark.parametrize("declared", ["[Phụ lục số 1A, Phụ lục số 1B]", "[Phụ lục số 1A, 1B]",
                                      "[PHỤ LỤC 1A, phu luc 1b]"])
def test_declared_attachments_need_no_appendix(write_content, declared) -> None:
    assert warnings_of(write_content, f"""\
noi_dung:
  - Các đơn vị báo cáo theo Phụ lục số 1A, 1B gửi kèm.
gui_kem_rieng: {declared}
""") == []


def test_forms_sent_separately(write_content) -> None:
    body = "noi_dung:\n  - Báo cáo theo biểu mẫu gửi kèm.\n"
    (warning,) = warnings_of(write_content, body)
    assert "«biểu mẫu gửi kèm»" in warning.render("vi")
    assert warnings_of(write_content, body + "gui_kem_rieng: [Biểu mẫu báo cáo]\n") == []


def test_citations_are_case_and_tone_insensitive(write_content) -> None:
    assert warnings_of(write_content, """\
noi_dung:
  - Chi tiết tại PHỤ LỤC I và phu luc II.
""" + TWO_APPENDICES) == []


def test_appendix_never_cited_is_a_warning_and_does_not_cite_itself(write_content) -> None:
    """PL I III.1 wants a reference to each appendix; published documents omit it (tests/real
    kh-310, kh-617), so the clerk is warned and the document is still built."""
    (error,) = warnings_of(write_content, """\
noi_dung:
  - Chi tiết tại Phụ lục I.
phu_luc:
  - ten: Tổng hợp biên chế
    noi_dung: [Nội dung]
  - ten: Danh sách đơn vị
    noi_dung: [Xem Phụ lục II này.]
""")
    assert error.field == "phu_luc[1]" and "Phụ lục II không được nhắc đến" in error.render("vi")


@pytest.mark.parametrize("where", [
    "noi_dung:\n  - Số liệu như sau.\n  - cot: [{ten: Nội dung}]\n    dong: [[Xem Phụ lục II]]\n",
    "noi_dung:\n  - Xem các bảng sau.\n  - cot: [{ten: Nội dung}]\n    dong: [[x]]\n"
    "    ghi_chu: Chi tiết tại Phụ lục II.\n",
])
def test_citations_in_tables_count(write_content, where) -> None:
    (error,) = warnings_of(write_content, where + TWO_APPENDICES)
    assert error.field == "phu_luc[0]"  # II is cited in the table; I is not


def test_build_prints_the_warning_and_succeeds(write_content, tmp_path, capsys) -> None:
    path = write_content(HEAD + "noi_dung:\n  - Báo cáo theo Phụ lục số 1A.\n")
    assert main(["build", str(path), "-o", str(tmp_path / "out"), "--format", "docx"]) == 0
    err = capsys.readouterr().err
    assert "dòng 9" in err and "Cảnh báo" in err and "Phụ lục 1A" in err
    assert (tmp_path / "out" / "doc.docx").is_file()
    assert main(["validate", str(path), "--lang", "en"]) == 0
    assert "Warning" in capsys.readouterr().err


INVITATION = """\
loai: giay-moi
co_quan: {chu_quan: UBND TỈNH LẠNG SƠN, ten: SỞ NỘI VỤ, viet_tat: SNV,
          ten_day_du: Sở Nội vụ tỉnh Lạng Sơn}
so: 21
dia_danh: Lạng Sơn
ngay: 2025-03-10
trich_yeu: Hội nghị triển khai sắp xếp tổ chức bộ máy
giay_moi:
  kinh_moi: Đại diện lãnh đạo các sở, ban, ngành tỉnh (có danh sách kèm theo)
noi_dung:
  - >-
    Tới dự Hội nghị triển khai công tác sắp xếp tổ chức bộ máy năm 2025 do đồng chí
    Nguyễn Văn A, Giám đốc Sở Nội vụ chủ trì, vào lúc **08 giờ 00, thứ Ba, ngày
    18/3/2025** tại Hội trường tầng 3, Sở Nội vụ tỉnh Lạng Sơn.
  - Đề nghị các đại biểu đến đúng giờ để hội nghị đạt kết quả.
phu_luc:
  - ten: Danh sách đại biểu mời dự hội nghị
    noi_dung:
      - cot: [{ten: STT}, {ten: Đơn vị}]
        dong: [[1, Sở Tài chính], [2, Sở Tư pháp]]
nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
noi_nhan: [Như thành phần mời]
luu: [TCBC]
"""


def test_invitation_as_prose_with_its_list_of_invited_bodies(build_docx) -> None:
    docx = build_docx(INVITATION)
    lines = [p.text for p in load_docx(docx).paragraphs() if p.text.strip()]
    invited = ("Sở Nội vụ tỉnh Lạng Sơn trân trọng kính mời: Đại diện lãnh đạo các sở, ban, "
               "ngành tỉnh (có danh sách kèm theo)")
    start = lines.index(invited)
    assert lines[start + 1].startswith("Tới dự Hội nghị triển khai")
    assert lines[start + 2] == "Đề nghị các đại biểu đến đúng giờ để hội nghị đạt kết quả./."
    assert not any(t.startswith(("Thời gian:", "Địa điểm:", "Kính gửi")) for t in lines)
    assert "DANH SÁCH ĐẠI BIỂU MỜI DỰ HỘI NGHỊ" in lines and "Sở Tư pháp" in lines


def test_list_attached_cites_the_only_appendix_whatever_its_title(write_content) -> None:
    text = INVITATION.replace("Danh sách đại biểu mời dự hội nghị", "Thành phần mời")
    content, _ = load(write_content(text))
    assert content.warnings == []
    uncited, _ = load(write_content(text.replace("(có danh sách kèm theo)",
                                                 "(có bảng kèm theo)")))
    assert [w.field for w in uncited.warnings if "không được nhắc đến" in w.message.vi] == [
        "phu_luc[0]"]


def test_several_invited_bodies_one_line_each(build_docx) -> None:
    docx = build_docx(INVITATION.replace(
        "  kinh_moi: Đại diện lãnh đạo các sở, ban, ngành tỉnh (có danh sách kèm theo)\n",
        "  kinh_moi:\n    - Lãnh đạo Sở Tài chính\n    - Lãnh đạo Sở Tư pháp (có danh sách kèm "
        "theo)\n"))
    lines = [p.text for p in load_docx(docx).paragraphs() if p.text.strip()]
    start = lines.index("Sở Nội vụ tỉnh Lạng Sơn trân trọng kính mời:")
    assert lines[start + 1:start + 3] == ["- Lãnh đạo Sở Tài chính;",
                                          "- Lãnh đạo Sở Tư pháp (có danh sách kèm theo)."]


def test_invitation_without_its_lines_needs_a_body(write_content) -> None:
    text = INVITATION[:INVITATION.index("noi_dung:")] + INVITATION[INVITATION.index("nguoi_ky"):]
    with pytest.raises(Problems) as info:
        load(write_content(text))
    (problem,) = [p for p in info.value.items if p.severity == "error"]  # + the list's warning
    assert "noi_dung" in problem.render("vi") and "toi_du" in problem.render("en")


def test_invitation_still_refuses_kinh_gui(write_content) -> None:
    with pytest.raises(Problems) as info:
        load(write_content(INVITATION + "kinh_gui: [Sở Tài chính]\n"))
    assert "Kính gửi" in info.value.items[0].render("vi")

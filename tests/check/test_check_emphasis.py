"""B1, B5, B6 judge a paragraph by its dominant style: a few emphasised words pass, a
paragraph mostly set otherwise fails (issue 9.2)."""

from __future__ import annotations

import pytest

from generator.check import check_docx

QD = dict(doc_type="quyet-dinh", so="Số: 12/QĐ-UBND",
          noi_nhan=("- Như Điều 3;", "- Lưu: VT, NC."),
          authority=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"))
UPRIGHT = "Các sở, ban, ngành gửi báo cáo về Sở Nội vụ trước "
BOLD_DATE = ((UPRIGHT, ""), ("ngày 15 tháng 12 năm 2017", "<w:b/>"), (".", ""))
ITALIC_NAME = ((UPRIGHT, ""), ("Đề án tinh giản biên chế", "<w:i/>"), (".", ""))
MOSTLY_BOLD = (("Các sở, ban, ngành gửi báo cáo về Sở Nội vụ trước ngày 15 tháng 12 năm "
                "2017 và", "<w:b/>"), (" sớm.", ""))
MOSTLY_ITALIC = (("Các sở, ban, ngành gửi báo cáo về Sở Nội vụ trước ngày 15 tháng 12 năm "
                  "2017 và", "<w:i/>"), (" sớm.", ""))
BOLD_PROSE = (("Các sở, ban, ngành gửi báo cáo kết quả rà soát chức năng, nhiệm vụ, tổ chức "
               "bộ máy về Sở Nội vụ trước ngày 15 tháng 12 năm 2017.", "<w:b/>"),)
BOLD_HEADINGS = ((("a) Về tổ chức bộ máy.", "<w:b/>"),),
                 (("5. Các trường hợp được xem xét, giải quyết chế độ, chính sách theo quy "
                   "định của Nghị định số 178/2024/NĐ-CP:", "<w:b/>"),),
                 # the italic sub-headings of a provincial kế hoạch (tests/real kh-552)
                 (("2.1. Về thủy sản", "<w:i/>"),),
                 (("b) Các nhiệm vụ trọng tâm của ngành nông nghiệp, tài nguyên và môi "
                   "trường trong năm 2026:", "<w:b/><w:i/>"),))
UPRIGHT_RPR = '<w:i w:val="0"/>'  # the căn cứ style is italic
BASIS = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"


def body(paragraph) -> tuple:
    return ("Thực hiện Kết luận của Ban Thường vụ Tỉnh ủy, Chủ tịch UBND tỉnh chỉ đạo:",
            paragraph, "Văn phòng UBND tỉnh theo dõi, tổng hợp, báo cáo kết quả./.")


@pytest.mark.parametrize("paragraph", [BOLD_DATE, ITALIC_NAME], ids=["bold-date",
                                                                      "italic-name"])
def test_a_few_emphasised_words_pass(make_doc, paragraph) -> None:
    report = check_docx(make_doc(body=body(paragraph)))
    assert not report.errors, [(r.rule_id, r.message["en"]) for r in report.errors]


ITALIC_PROSE = ((BOLD_PROSE[0][0], "<w:i/>"),)


@pytest.mark.parametrize("paragraph", [MOSTLY_BOLD, MOSTLY_ITALIC, BOLD_PROSE, ITALIC_PROSE],
                         ids=["mostly-bold", "mostly-italic", "bold-sentence",
                              "italic-sentence"])
def test_a_paragraph_mostly_emphasised_fails_b1(make_doc, paragraph) -> None:
    report = check_docx(make_doc(body=body(paragraph)))
    assert report.failed_rules == {"B1"}
    (result,) = report.errors
    assert "mostly" in result.message["en"] and "phần lớn" in result.message["vi"]


@pytest.mark.parametrize("paragraph", BOLD_HEADINGS,
                         ids=["one-line", "label-line", "italic", "bold-italic-label-line"])
def test_bold_headings_are_not_bold_paragraphs(make_doc, paragraph) -> None:
    report = check_docx(make_doc(body=body(paragraph)))
    assert not report.errors, [(r.rule_id, r.message["en"]) for r in report.errors]


NOTES = ((("(theo quy định tại khoản 2 Điều 15 Nghị định số 161/2024/NĐ-CP ngày 18 tháng 12 "
            "năm 2024 của Chính phủ quy định về vật liệu nổ công nghiệp)", "<w:i/>"),),
         (("(Có danh sách các cơ quan, đơn vị được kiểm tra kèm theo).", "<w:i/>"),),
         (("[Nội dung này được cập nhật theo số liệu của Cục Thống kê tỉnh đến hết ngày 30 "
           "tháng 11 năm 2025]", "<w:i/>"),),
         # mostly a note, inside an upright sentence (tests/real kh-552)
         (("- Huy động, lồng ghép hiệu quả các nguồn lực ", ""),
          ("(ngân sách nhà nước, xã hội hóa, hợp tác công tư, vốn FDI, vốn đổi mới sáng tạo)",
           "<w:i/>"), (".", "")),
         # a bold label line with an italic note and an upright colon (tests/real bb-sct-…)
         (("a) Thành phần hồ sơ ", "<w:b/>"),
          ("(theo quy định tại khoản 2 Điều 15 Nghị định số 161/2024/NĐ-CP)", "<w:i/>"),
          (":", "")))


@pytest.mark.parametrize("paragraph", NOTES, ids=["round", "round-with-stop", "square",
                                                  "in-a-sentence", "label-line"])
def test_a_note_in_brackets_may_be_italic_whole(make_doc, paragraph) -> None:
    report = check_docx(make_doc(body=body(paragraph)))
    assert not report.errors, [(r.rule_id, r.message["en"]) for r in report.errors]


NOT_NOTES = ((("(1) Các sở, ban, ngành gửi báo cáo kết quả rà soát chức năng, nhiệm vụ, tổ "
               "chức bộ máy về Sở Nội vụ trước ngày 15 tháng 12 năm 2017 (bản giấy).",
               "<w:i/>"),),
             (("(Sở Nội vụ) chủ trì, phối hợp với các sở, ban, ngành rà soát chức năng, nhiệm "
               "vụ, tổ chức bộ máy và gửi báo cáo trước ngày 15 tháng 12 năm 2017.",
               "<w:i/>"),))


@pytest.mark.parametrize("paragraph", NOT_NOTES, ids=["numbered", "bracket-then-prose"])
def test_an_italic_paragraph_that_only_starts_with_a_bracket_fails_b1(make_doc,
                                                                     paragraph) -> None:
    report = check_docx(make_doc(body=body(paragraph)))
    assert report.failed_rules == {"B1"}


def test_legal_basis_with_an_upright_title_passes(make_doc) -> None:
    line = (("Căn cứ ", ""), ("Luật Tổ chức chính quyền địa phương", UPRIGHT_RPR),
            (" ngày 19 tháng 6 năm 2015 và các văn bản hướng dẫn thi hành;", ""))
    report = check_docx(make_doc(**QD, can_cu=(line, "Theo đề nghị của Giám đốc Sở Nội vụ.")))
    assert not report.errors, [(r.rule_id, r.message["en"]) for r in report.errors]


def test_legal_basis_mostly_upright_fails_b5(make_doc) -> None:
    line = (("Căn cứ", ""), (" Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                             UPRIGHT_RPR))
    report = check_docx(make_doc(**QD, can_cu=(BASIS, line, "Theo đề nghị của Giám đốc Sở "
                                                             "Nội vụ.")))
    assert "B5" in report.failed_rules


def test_a_run_split_off_by_emphasis_is_not_taken_for_tcvn3(make_doc) -> None:
    """"Rà soát, báo cáo theo " alone holds three Latin-1 letters and no other Vietnamese
    one, as TCVN3 text does; U1 reads the paragraph's text, not each run."""
    paragraph = (("Rà soát, báo cáo theo ", ""), ("biểu mẫu", "<w:b/>"), (" gửi kèm.", ""))
    report = check_docx(make_doc(body=body(paragraph)))
    assert not report.errors, [(r.rule_id, r.message["en"]) for r in report.errors]


# A giấy mời's "Thời gian: **…**" line and a short căn cứ line with the law's name set
# upright are mostly emphasised, yet the emphasis is a span inside the paragraph: it opens
# in the paragraph's own style and its final punctuation (if any) is in that style.
TIME_LINE = (("Thời gian: ", ""), ("08 giờ 00 phút, thứ Sáu, ngày 05 tháng 12 năm 2025",
                                   "<w:b/>"))
PLACE_PROSE = (("Địa điểm ", ""), ("Hội trường tầng 3, Sở Nội vụ", "<w:b/>"), (".", ""))


# A sentence opening with its emphasised subject or deadline, as a thông báo kết luận assigns
# tasks: more than half emphasised, yet several words of it upright.
DEADLINE_FIRST = (("Hạn chót ngày 15/12/2025", "<w:b/>"), (", các đơn vị gửi báo cáo.", ""))
ASSIGNEE_FIRST = (("Phòng Tổ chức biên chế", "<w:i/>"), (": theo dõi.", ""))
TWO_SPANS = (("Văn phòng Sở", "<w:b/>"), (": tổng hợp báo cáo ", ""),
             ("trước ngày 20/12/2025", "<w:b/>"), (".", ""))


@pytest.mark.parametrize("paragraph", [TIME_LINE, PLACE_PROSE, DEADLINE_FIRST, ASSIGNEE_FIRST,
                                       TWO_SPANS],
                         ids=["form-line", "prose", "deadline-first", "assignee-first",
                              "two-spans"])
def test_emphasis_beside_words_of_the_paragraph_style_passes_b1(make_doc, paragraph) -> None:
    report = check_docx(make_doc(body=body(paragraph)))
    assert not report.errors, [(r.rule_id, r.message["en"]) for r in report.errors]


def test_a_paragraph_bold_but_its_first_word_still_fails_b1(make_doc) -> None:
    paragraph = (("Các ", ""), ("sở gửi báo cáo về Sở Nội vụ trước ngày 15 tháng 12 năm 2017.",
                                "<w:b/>"))
    report = check_docx(make_doc(body=body(paragraph)))
    assert report.failed_rules == {"B1"}


def test_legal_basis_with_an_upright_law_name_passes_b5(make_doc) -> None:
    line = (("Căn cứ ", ""), ("Luật Cán bộ, công chức", UPRIGHT_RPR), (";", ""))
    report = check_docx(make_doc(**QD, can_cu=(line, "Theo đề nghị của Giám đốc Sở Nội vụ.")))
    assert not report.errors, [(r.rule_id, r.message["en"]) for r in report.errors]

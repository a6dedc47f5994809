"""Forms real documents use (issue 9; README "Writing a document"): appendices numbered 1A,
1B, 2; an article without a title whose content is its clauses (126/NQ-CP); a text attached
to a nghị quyết; dates that never break across lines. Each built through the whole pipeline,
re-opened as a reader sees it, and checked."""

from __future__ import annotations

import re
import subprocess

import pytest
from docx import Document as open_docx

from generator.build import load
from generator.check.resolve import load_docx
from generator.cli import main
from generator.problems import Problems

from .conftest import MINIMAL, assert_conformant

RESOLUTION = """\
loai: nghi-quyet
co_quan: {ten: CHÍNH PHỦ, viet_tat: CP}
so: 126
dia_danh: Hà Nội
ngay: 2024-08-14
trich_yeu: Về một số giải pháp nâng cao chất lượng công tác
tham_quyen: CHÍNH PHỦ
can_cu:
  - Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015
theo_de_nghi: Trên cơ sở thảo luận, biểu quyết của các Thành viên Chính phủ
noi_dung:
{body}
nguoi_ky:
  quyen_han: TM.
  thu_truong: CHÍNH PHỦ
  chuc_vu: THỦ TƯỚNG
  ho_ten: Nguyễn Văn A
noi_nhan: [Như Điều 3]
"""

UNTITLED = """\
  - dieu:
    y:
      - Mục tiêu tổng quát đến năm 2030 (chi tiết tại Phụ lục 1A, 1B kèm theo).
      - muc: "Nhiệm vụ, giải pháp chủ yếu:"
        y: [Hoàn thiện thể chế;, Tăng cường kiểm tra.]
  - dieu: Nghị quyết này có hiệu lực kể từ ngày ký.
  - dieu: Các Bộ trưởng chịu trách nhiệm thi hành Nghị quyết này (Phụ lục 2).
"""

LABELLED = """\
phu_luc:
  - {nhan: 1A, ten: Chỉ tiêu về tổ chức, noi_dung: [Nội dung phụ lục thứ nhất.]}
  - {nhan: 1B, ten: Chỉ tiêu về biên chế, noi_dung: [Nội dung phụ lục thứ hai.]}
  - {nhan: "2", ten: Danh mục nhiệm vụ, noi_dung: [Nội dung phụ lục thứ ba.]}
"""


def _texts(docx) -> list[str]:
    return [" ".join(p.text.split()) for p in load_docx(docx).paragraphs() if p.text.strip()]


def test_article_without_title_prints_its_label_alone_then_its_clauses(build_docx) -> None:
    docx = build_docx(RESOLUTION.replace("{body}", UNTITLED) + LABELLED)
    texts = _texts(docx)
    at = texts.index("Điều 1.")
    assert texts[at + 1:at + 5] == [
        "1. Mục tiêu tổng quát đến năm 2030 (chi tiết tại Phụ lục 1A, 1B kèm theo).",
        "2. Nhiệm vụ, giải pháp chủ yếu:", "a) Hoàn thiện thể chế;", "b) Tăng cường kiểm tra."]
    assert "Điều 2. Nghị quyết này có hiệu lực kể từ ngày ký." in texts
    doc = load_docx(docx)
    label = next(p for p in doc.paragraphs() if p.text.strip() == "Điều 1.")
    runs = [r for r in label.runs if r.text.strip()]
    assert runs and all(r.bold for r in runs)  # the Điều line bold, as in the decree's form
    clause = next(p for p in doc.paragraphs() if p.text.startswith("1. Mục tiêu"))
    assert not any(r.bold for r in clause.runs if r.text.strip())
    # never alone at the foot of a page: the Điều style keeps with the next paragraph
    assert label.style_id == "VBDieu"
    assert open_docx(str(docx)).styles["VB Điều"].paragraph_format.keep_with_next


def test_article_without_title_needs_clauses(write_content) -> None:
    with pytest.raises(Problems) as info:
        load(write_content(RESOLUTION.replace("{body}", "  - dieu:\n  - dieu: Hiệu lực.\n"
                                              "  - dieu: Thi hành.\n")))
    (problem,) = [p for p in info.value.items if p.severity == "error"]
    assert problem.line == 12 and problem.field == "noi_dung[0].dieu"
    assert "khoản" in problem.render("vi") and "clauses" in problem.render("en")


def test_appendices_labelled_1a_1b_2(build_docx) -> None:
    docx = build_docx(RESOLUTION.replace("{body}", UNTITLED) + LABELLED)
    texts = _texts(docx)
    for label, title in (("1A", "CHỈ TIÊU VỀ TỔ CHỨC"), ("1B", "CHỈ TIÊU VỀ BIÊN CHẾ"),
                         ("2", "DANH MỤC NHIỆM VỤ")):
        at = texts.index(f"Phụ lục {label}")
        assert texts[at + 1] == title
        assert texts[at + 2] == ("(Kèm theo Nghị quyết số 126/NQ-CP ngày 14 tháng 8 năm 2024 "
                                 "của Chính phủ)")
    assert not any(re.fullmatch(r"Phụ lục [IVX]+", t) for t in texts)


def test_labelled_and_numbered_appendices_together(build_docx) -> None:
    docx = build_docx(RESOLUTION.replace("{body}", UNTITLED.replace(
        "(Phụ lục 2)", "(Phụ lục I, Phụ lục II)")) + LABELLED.replace(
        '  - {nhan: "2", ten: Danh mục nhiệm vụ, noi_dung: [Nội dung phụ lục thứ ba.]}\n',
        "  - {ten: Danh mục nhiệm vụ, noi_dung: [Nội dung.]}\n"
        "  - {ten: Danh mục đề án, noi_dung: [Nội dung.]}\n"))
    texts = _texts(docx)
    assert [t for t in texts if t.startswith("Phụ lục ")][-4:] == [
        "Phụ lục 1A", "Phụ lục 1B", "Phụ lục I", "Phụ lục II"]


def test_citations_match_the_labels_and_each_labelled_appendix_should_be_cited(
        write_content) -> None:
    text = RESOLUTION.replace("{body}", UNTITLED.replace("Phụ lục 1A, 1B", "PHỤ LỤC SỐ 1a")
                              ) + LABELLED
    content, _ = load(write_content(text))  # an uncited appendix: a warning, by its label
    (uncited,) = [p.render("vi") for p in content.warnings]
    assert "Phụ lục 1B không được nhắc đến" in uncited
    # "phu luc so 1b" (no tone marks) and "Phụ lục 02" (leading zero) cite 1B and 2
    content, _ = load(write_content(text.replace(
        "(Phụ lục 2)", "(phu luc so 1b, Phụ lục 02)"), "ok.yaml"))
    assert content.warnings == []
    # a cited number that is none of them is a warning, as for any attachment not in the file
    content, _ = load(write_content(text.replace("(Phụ lục 2)", "(Phụ lục 1B, 2, 3C)"),
                                    "warn.yaml"))
    assert ["«Phụ lục 3C»" in p.render("vi") for p in content.warnings] == [True]


@pytest.mark.parametrize("label", ["1a", "A1", "1 A", "1.A"])
def test_appendix_label_refused_at_its_line(write_content, label) -> None:
    with pytest.raises(Problems) as info:
        load(write_content(RESOLUTION.replace("{body}", UNTITLED) + LABELLED.replace(
            "nhan: 1B", f"nhan: '{label}'")))
    (problem,) = [p for p in info.value.items if p.field == "phu_luc[1].nhan"]
    assert problem.line == 28 and "1A, 1B" in problem.render("vi")


def test_the_same_appendix_label_twice_is_refused(write_content) -> None:
    with pytest.raises(Problems) as info:
        load(write_content(RESOLUTION.replace("{body}", UNTITLED) + LABELLED.replace(
            "nhan: 1B", "nhan: 1A")))
    (problem,) = [p for p in info.value.items if p.severity == "error"]
    assert "cùng mang số «1A»" in problem.render("vi")
    assert (problem.line, problem.field) == (28, "phu_luc[1].nhan")


def test_checker_still_wants_roman_numerals_for_unlettered_appendices(tmp_path) -> None:
    """A1 accepts 1A, 1B and the 2 of that series (the other tests build them conformant);
    ``Phụ lục 1``, ``Phụ lục 3``, ``Phụ lục 2`` alone stay wrong (§3.10: Roman numerals)."""
    from generator.build import Source, build_one
    from generator.check import check_docx

    arabic = LABELLED.replace("nhan: 1A", "nhan: '1'").replace("nhan: 1B", "nhan: '3'")
    source = tmp_path / "arabic.yaml"
    source.write_text(RESOLUTION.replace("{body}", UNTITLED.replace(
        "Phụ lục 1A, 1B", "Phụ lục 1, 3")) + arabic, encoding="utf-8")
    outcome = build_one(Source(source, source.relative_to(tmp_path)), tmp_path / "out")
    assert outcome.ok
    errors = [f.text("vi") for f in check_docx(outcome.outputs[0]).errors]
    assert len(errors) == 3 and all("yêu cầu số La Mã" in e for e in errors), errors


PROGRAMME = """\
van_ban_kem_theo:
  loai: chuong-trinh
  trich_yeu: Hành động của Chính phủ thực hiện Nghị quyết số 18-NQ/TW
  noi_dung:
    - tieu_de: Mục tiêu
      y: [Hoàn thành sắp xếp tổ chức bộ máy trước ngày 31 tháng 12 năm 2025.]
    - tieu_de: Tổ chức thực hiện
      y: [Các bộ, cơ quan ngang bộ tổ chức thực hiện Chương trình này.]
"""


def test_a_text_attached_to_a_nghi_quyet(build_docx) -> None:
    body = """\
  - dieu: Ban hành kèm theo Nghị quyết này Chương trình hành động của Chính phủ.
  - dieu: Nghị quyết này có hiệu lực kể từ ngày ký.
  - dieu: Các Bộ trưởng chịu trách nhiệm thi hành Nghị quyết này.
"""
    docx = build_docx(RESOLUTION.replace("{body}", body) + PROGRAMME)
    texts = _texts(docx)
    at = texts.index("CHƯƠNG TRÌNH")
    assert texts[at + 1] == "Hành động của Chính phủ thực hiện Nghị quyết số 18-NQ/TW"
    assert texts[at + 2] == ("(Kèm theo Nghị quyết số 126/NQ-CP ngày 14 tháng 8 năm 2024 của "
                             "Chính phủ)")
    assert "I. MỤC TIÊU" in texts[at:] and texts[-1].endswith("Chương trình này./.")
    assert texts.index("Nơi nhận:") < at  # after the resolution's signature, on its own pages


def test_attached_text_still_refused_on_other_types(write_content) -> None:
    plan = RESOLUTION.replace("loai: nghi-quyet", "loai: ke-hoach").replace(
        "tham_quyen: CHÍNH PHỦ\n", "").replace("{body}", "  - Nội dung kế hoạch.")
    with pytest.raises(Problems) as info:
        load(write_content(plan + PROGRAMME))
    rendered = [p.render("vi") for p in info.value.items]
    assert any("Chỉ quyết định (Mẫu 1.3) và nghị quyết" in r for r in rendered)


# --- dates never split across lines ------------------------------------------------------------
LETTER = MINIMAL.replace(
    "  - Sở Nội vụ đề nghị Sở Tài chính gửi Đề án trước ngày 15/12/2017\n", "{body}\n")
# Paragraph n opens with the first n words of WORDS, so the date moves along the first line a
# word at a time: in several paragraphs a breakable date would cross the right margin.
OPENING = ("Các cơ quan, đơn vị, địa phương rà soát, tổng hợp và gửi báo cáo kết quả thực "
           "hiện nhiệm vụ được giao trong năm về Sở Nội vụ để tổng hợp")
WORDS = OPENING.split(" ")
SENTENCE = "{pad} trước ngày 28 tháng 11 năm 2025, chậm nhất là ngày 28/11/2025."
PADS = [" ".join(WORDS[:n]) for n in range(10, len(WORDS) + 1)]


def test_dates_in_running_text_never_split_across_lines(tmp_path) -> None:
    body = "".join(f"  - {SENTENCE.format(pad=pad).strip()}\n" for pad in PADS)
    source = tmp_path / "content" / "dates.yaml"
    source.parent.mkdir()
    source.write_text(LETTER.replace("{body}", body), encoding="utf-8")
    assert main(["build", str(source), "-o", str(tmp_path / "out"), "--pdf"]) == 0
    docx, pdf = tmp_path / "out" / "dates.docx", tmp_path / "out" / "dates.pdf"
    assert_conformant(docx)
    # the DOCX: the date's words are joined by no-break spaces, the rest of the text is not
    paras = [p.text for p in load_docx(docx).paragraphs() if "trước ngày" in p.text]
    assert len(paras) == len(PADS)
    for text in paras:
        assert "ngày\u00a028\u00a0tháng\u00a011\u00a0năm\u00a02025" in text
        assert "ngày\u00a028/11/2025" in text and "là ngày" in text and " trước ngày" in text
    header = next(p.text for p in load_docx(docx).paragraphs()
                  if p.text.startswith("Lạng Sơn, ngày"))
    assert "\u00a0" not in header  # the place/date line is left as the signing tools read it
    # the PDF: no line ends inside a date, and some date did reach a line's end (the test
    # would prove nothing otherwise)
    lines = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    lines = [" ".join(ln.replace("\u00a0", " ").split()) for ln in lines]
    split = re.compile(r"(ngày|ngày 28|ngày 28 tháng|ngày 28 tháng 11|\d+ năm|tháng|"
                       r"tháng 11)$")
    assert not [ln for ln in lines if split.search(ln)]
    # and the dates did reach the end of a line: pushed whole onto the next one
    assert sum(1 for ln in lines if ln.startswith("ngày 28 tháng 11 năm 2025")) >= 2
    assert sum(1 for ln in lines if ln.startswith("ngày 28/11/2025")) >= 2

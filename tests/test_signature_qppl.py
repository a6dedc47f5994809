"""Issue 9, points 1, 3, 4 and 8 in the writer: the signature of a deputy for a collective
body, legal-normative documents, the Lưu line with a unit's copy count, and a decision
without Nơi nhận. Every document is built through the whole pipeline, checked by the ND30
checker (build_docx) and re-opened."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import load_document
from generator.check import check_docx
from generator.check.resolve import load_docx
from generator.problems import Problems
from generator.vietnamese import DRAFT_NUMBER_BLANK

DECISION = """\
loai: quyet-dinh
co_quan: {{ten: "ỦY BAN NHÂN DÂN\\nTỈNH LẠNG SƠN", viet_tat: UBND,
          ten_day_du: Ủy ban nhân dân tỉnh Lạng Sơn}}
so: 89
dia_danh: Lạng Sơn
ngay: 2025-07-15
trich_yeu: Quy định phân cấp quản lý công chức, viên chức
{extra}can_cu:
  - Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025
theo_de_nghi: Theo đề nghị của Giám đốc Sở Nội vụ
noi_dung:
  - dieu: Ban hành Quy định phân cấp quản lý công chức, viên chức.
  - dieu: Quyết định này có hiệu lực từ ngày 25 tháng 7 năm 2025.
  - dieu: Giám đốc Sở Nội vụ và các cơ quan có liên quan chịu trách nhiệm thi hành Quyết định này.
nguoi_ky:
{signer}
noi_nhan: [Như Điều 3, Bộ Nội vụ]
{tail}"""

TM_KT = """\
  quyen_han: [TM., KT.]
  thu_truong: [ỦY BAN NHÂN DÂN, CHỦ TỊCH]
  chuc_vu: PHÓ CHỦ TỊCH
  ho_ten: Nguyễn Văn A"""
QPPL = """\
qppl: true
ban_hanh: Ủy ban nhân dân tỉnh ban hành Quyết định quy định phân cấp quản lý công chức, viên chức.
"""
AUTHORITY = "tham_quyen: ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\n"


def decision(extra: str = AUTHORITY, signer: str = TM_KT, tail: str = "") -> str:
    return DECISION.format(extra=extra, signer=signer, tail=tail)


def styled(docx: Path, style: str) -> list:
    return [p for p in load_docx(docx).paragraphs() if p.style_id == style]


def lines(docx: Path) -> list[str]:
    return [p.text for p in load_docx(docx).paragraphs()]


# --- point 1: signatures ------------------------------------------------------------------
SIGNERS = [
    (TM_KT, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    ("  quyen_han: [TM., Q.]\n  thu_truong: [ỦY BAN NHÂN DÂN]\n  chuc_vu: CHỦ TỊCH\n"
     "  ho_ten: Nguyễn Văn A", ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"]),
    ("  quyen_han: [TL., KT.]\n  thu_truong: [Chủ tịch, chánh văn phòng]\n"
     "  chuc_vu: PHÓ CHÁNH VĂN PHÒNG\n  ho_ten: Nguyễn Văn A",
     ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]),
    # the single forms keep working
    ("  quyen_han: TM.\n  thu_truong: ỦY BAN NHÂN DÂN\n  chuc_vu: CHỦ TỊCH\n"
     "  ho_ten: Nguyễn Văn A", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    ("  quyen_han: Q.\n  chuc_vu: CHỦ TỊCH\n  ho_ten: Nguyễn Văn A", ["Q. CHỦ TỊCH"]),
    ("  quyen_han: [KT.]\n  thu_truong: [CHỦ TỊCH]\n  chuc_vu: PHÓ CHỦ TỊCH\n"
     "  ho_ten: Nguyễn Văn A", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
]


@pytest.mark.parametrize(("signer", "expected"), SIGNERS,
                         ids=["TM+KT", "TM+Q", "TL+KT", "TM", "Q", "KT-as-list"])
def test_signature_title_lines(build_docx, signer: str, expected: list[str]) -> None:
    docx = build_docx(decision(signer=signer))
    titles = styled(docx, "VBChucVuKy")
    assert [p.text for p in titles] == expected
    assert all(r.bold for p in titles for r in p.visible_runs)
    assert all(p.alignment == "center" and p.where.table for p in titles)
    report = check_docx(docx)
    assert report.status_of("S1") == "pass"
    text = lines(docx)
    after = text[text.index(expected[-1]) + 1:]
    assert after[:4] == [""] * 4 and after[4] == "Nguyễn Văn A"  # room for 7c and 8


BAD_SIGNERS = [
    ("  quyen_han: [TM., TUQ.]\n  thu_truong: [ỦY BAN NHÂN DÂN, CHỦ TỊCH]\n",
     "nguoi_ky.quyen_han", "không có trong Nghị định 30/2020/NĐ-CP (Điều 13, Phụ lục I mục "
     "II.7.b) (đang ghi: [TM., TUQ.])."),
    ("  quyen_han: [KT., TM.]\n  thu_truong: [CHỦ TỊCH, ỦY BAN NHÂN DÂN]\n",
     "nguoi_ky.quyen_han", "theo đúng thứ tự"),
    ("  quyen_han: [TM., KT., Q.]\n  thu_truong: [ỦY BAN NHÂN DÂN, CHỦ TỊCH]\n",
     "nguoi_ky.quyen_han", "nhiều nhất hai"),
    ("  quyen_han: [TM., KT.]\n  thu_truong: [ỦY BAN NHÂN DÂN]\n",
     "nguoi_ky.thu_truong", "không khớp"),
    ("  thu_truong: [ỦY BAN NHÂN DÂN, CHỦ TỊCH]\n", "nguoi_ky.thu_truong", "không có 'quyen_han'"),
    ("  quyen_han: [TM., KX.]\n  thu_truong: [ỦY BAN NHÂN DÂN, CHỦ TỊCH]\n",
     "nguoi_ky.quyen_han[1]", "không hợp lệ"),
]


@pytest.mark.parametrize(("signer", "field", "said"), BAD_SIGNERS,
                         ids=["TM+TUQ", "KT-before-TM", "three", "heads-short", "no-prefix",
                              "typo"])
def test_bad_signature_combinations_are_named(write_content, signer, field, said) -> None:
    text = decision(signer=signer + "  chuc_vu: PHÓ CHỦ TỊCH\n  ho_ten: Nguyễn Văn A")
    path = write_content(text)
    with pytest.raises(Problems) as info:
        load_document(path)
    (problem,) = info.value.items
    assert problem.field == field and problem.line is not None and problem.column is not None
    assert said in problem.render("vi") and problem.render("en")
    key = field.split(".")[-1].split("[")[0]
    assert text.splitlines()[problem.line - 1].strip().startswith(key)
    assert not (path.parent.parent / "output").exists()


# --- point 3: legal-normative documents ---------------------------------------------------
def test_qppl_decision_number_basis_and_enacting_sentence(build_docx) -> None:
    docx = build_docx(decision(extra=QPPL))
    text = lines(docx)
    assert "Số: 89/2025/QĐ-UBND" in text
    assert "QUYẾT ĐỊNH:" not in text and not styled(docx, "VBThamQuyen")  # tham_quyen optional
    bases = [p.text.replace("\u00a0", " ") for p in styled(docx, "VBCanCu")]  # dates: NBSP
    assert bases == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Theo đề nghị của Giám đốc Sở Nội vụ;",
        "Ủy ban nhân dân tỉnh ban hành Quyết định quy định phân cấp quản lý công chức, viên "
        "chức."]
    assert all(r.italic for p in styled(docx, "VBCanCu") for r in p.visible_runs)
    assert text.index(bases[-1]) < text.index(
        "Điều 1. Ban hành Quy định phân cấp quản lý công chức, viên chức.")
    report = check_docx(docx)
    assert report.status_of("H5") == report.status_of("B5") == "pass"


def test_qppl_keeps_its_authority_line_and_verb_when_given(build_docx) -> None:
    docx = build_docx(decision(extra=AUTHORITY + "qppl: true\n"))
    text = lines(docx)
    assert "Số: 89/2025/QĐ-UBND" in text and "QUYẾT ĐỊNH:" in text
    assert [p.text for p in styled(docx, "VBThamQuyen")] == ["ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"]


def test_qppl_number_and_code_for_the_register(write_content) -> None:
    doc = load_document(write_content(decision(extra=QPPL)))
    assert doc.number_and_code == "89/2025/QĐ-UBND"
    draft = load_document(write_content(decision(extra=QPPL).replace("so: 89\n",
                                                                       "chua_cap_so: true\n")))
    assert draft.number_and_code == f"{DRAFT_NUMBER_BLANK}/2025/QĐ-UBND"
    admin = load_document(write_content(decision()))
    assert admin.number_and_code == "89/QĐ-UBND"


def test_qppl_draft_passes_the_checker_as_a_draft(build_docx) -> None:
    docx = build_docx(decision(extra=QPPL).replace("so: 89\n", "chua_cap_so: true\n"))
    assert "Số:         /2025/QĐ-UBND" in [t.replace("\u00a0", " ") for t in lines(docx)]
    assert check_docx(docx).failed_rules == {"H5", "H6"}  # blank number and day: not final


def test_qppl_resolution_of_a_council(build_docx) -> None:
    text = decision(extra="qppl: true\ntham_quyen: HỘI ĐỒNG NHÂN DÂN TỈNH LẠNG SƠN\n").replace(
        "loai: quyet-dinh", "loai: nghi-quyet").replace("so: 89", "so: 5").replace(
        'ỦY BAN NHÂN DÂN\\nTỈNH LẠNG SƠN", viet_tat: UBND', 'HỘI ĐỒNG NHÂN DÂN\\nTỈNH LẠNG SƠN", '
        "viet_tat: HĐND").replace("Quyết định này", "Nghị quyết này")
    docx = build_docx(text)
    assert "Số: 05/2025/NQ-HĐND" in lines(docx) and "QUYẾT NGHỊ:" in lines(docx)


def test_council_authority_on_two_lines(build_docx) -> None:
    """A HĐND resolution prints its authority as the council then its term and session, on
    two lines: tham_quyen takes a '\\n' as co_quan.ten does."""
    text = decision(extra='qppl: true\ntham_quyen: "HỘI ĐỒNG NHÂN DÂN TỈNH LẠNG SƠN\\nKHÓA '
                          'XVII, KỲ HỌP THỨ 5"\n').replace(
        "loai: quyet-dinh", "loai: nghi-quyet").replace("so: 89", "so: 5").replace(
        'ỦY BAN NHÂN DÂN\\nTỈNH LẠNG SƠN", viet_tat: UBND', 'HỘI ĐỒNG NHÂN DÂN\\nTỈNH LẠNG SƠN", '
        "viet_tat: HĐND").replace("Quyết định này", "Nghị quyết này")
    docx = build_docx(text)
    (authority,) = styled(docx, "VBThamQuyen")
    assert authority.text.split("\n") == ["HỘI ĐỒNG NHÂN DÂN TỈNH LẠNG SƠN",
                                         "KHÓA XVII, KỲ HỌP THỨ 5"]


def test_qppl_attached_text_cites_the_number_with_its_year(build_docx) -> None:
    docx = build_docx(decision(extra=QPPL, tail="""\
van_ban_kem_theo:
  loai: quy-dinh
  trich_yeu: Phân cấp quản lý công chức, viên chức
  noi_dung:
    - dieu: Phạm vi điều chỉnh
"""))
    assert ("(Ban hành kèm theo Quyết định số 89/2025/QĐ-UBND ngày 15 tháng 7 năm 2025 của Ủy "
            "ban nhân dân tỉnh Lạng Sơn)") in lines(docx)


@pytest.mark.parametrize(("text", "field", "said"), [
    (decision(extra=QPPL).replace("loai: quyet-dinh", "loai: ke-hoach").replace(
        "can_cu:\n  - Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025\n"
        "theo_de_nghi: Theo đề nghị của Giám đốc Sở Nội vụ\n", "").replace(
        "noi_nhan: [Như Điều 3, Bộ Nội vụ]", "noi_nhan: [Bộ Nội vụ]"), "qppl",
     "Chỉ nghị quyết và quyết định"),
    (decision(extra=AUTHORITY + QPPL.replace("qppl: true\n", "")), "ban_hanh",
     "chỉ dùng cho văn bản quy phạm pháp luật"),
], ids=["qppl-on-a-plan", "ban_hanh-without-qppl"])
def test_qppl_refused_where_the_law_has_none(write_content, text, field, said) -> None:
    with pytest.raises(Problems) as info:
        load_document(write_content(text))
    problems = [p for p in info.value.items if p.field == field]
    assert problems and said in problems[0].render("vi") and problems[0].line
    assert text.splitlines()[problems[0].line - 1].startswith(field)


# --- point 4: the Lưu line and ô 12 ----------------------------------------------------------
@pytest.mark.parametrize(("tail", "expected"), [
    ("luu: [TCCV (02)]\n", "- Lưu: VT, TCCV (02)."),
    ("luu: [TCCV (02)]\nnguoi_soan: CMP\nso_ban: 10\n", "- Lưu: VT, TCCV (02). CMP.(10)."),
    ("luu: [NC]\nnguoi_soan: CMP\n", "- Lưu: VT, NC. CMP."),
    ("luu: [NC]\nnguoi_soan: CMP.\n", "- Lưu: VT, NC. CMP."),
    # the clerk who writes VT himself (as the decree prints it) gets it once
    ("luu: [VT, TCCV (02)]\n", "- Lưu: VT, TCCV (02)."),
    ("luu: [Vt., NC]\n", "- Lưu: VT, NC."),
], ids=["copy-count", "copy-count-and-drafter", "drafter-without-copies", "drafter-with-dot",
        "vt-written", "vt-written-with-dot"])
def test_storage_line(build_docx, tail: str, expected: str) -> None:
    docx = build_docx(decision(tail=tail))
    items = [p.text for p in styled(docx, "VBNoiNhan") if p.text]
    assert items[-1] == expected
    assert check_docx(docx).status_of("R3") == "pass"


# --- point 8: a decision without Nơi nhận --------------------------------------------------
@pytest.mark.parametrize("loai", ["quyet-dinh", "nghi-quyet"])
def test_decision_without_recipients_is_refused(write_content, loai: str) -> None:
    text = decision().replace("noi_nhan: [Như Điều 3, Bộ Nội vụ]\n", "").replace(
        "loai: quyet-dinh", f"loai: {loai}")
    path = write_content(text)
    with pytest.raises(Problems) as info:
        load_document(path)
    (problem,) = info.value.items
    assert problem.field == "noi_nhan"
    assert "Điều 8 khoản 2 điểm i" in problem.render("vi")
    assert "Article 8.2.i" in problem.render("en")


# --- vanban new: the starter shows the new forms, and they build when uncommented -----------
def test_starter_quyet_dinh_uncommented_builds_a_qppl_decision(build_docx) -> None:
    from generator.starter import starter_yaml

    text = starter_yaml("quyet-dinh")
    assert "# qppl: true" in text and "#   quyen_han: [TM., KT.]" in text
    assert "# luu: [TCCV (02)]" in text
    text = (text.replace("# qppl: true", "qppl: true")
            .replace("# ban_hanh: Ủy ban nhân dân tỉnh ban hành Quyết định quy định …",
                     "ban_hanh: Ủy ban nhân dân tỉnh ban hành Quyết định quy định công tác văn "
                     "thư")
            .replace("  quyen_han: KT.  ", "  quyen_han: [TM., KT.]  ")
            .replace("  thu_truong: GIÁM ĐỐC  ", "  thu_truong: [ỦY BAN NHÂN DÂN, CHỦ TỊCH]  ")
            .replace("# luu: [TCCV (02)]", "luu: [TCCV (02)]"))
    docx = build_docx(text)
    text_lines = lines(docx)
    assert "Số: 01/2020/QĐ-SNV" in text_lines and "QUYẾT ĐỊNH:" not in text_lines
    assert [p.text for p in styled(docx, "VBChucVuKy")] == [
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ GIÁM ĐỐC"]
    assert "- Lưu: VT, TCCV (02)." in text_lines


# --- what a reader of the PDF sees -----------------------------------------------------------
def test_qppl_example_pdf(tmp_path: Path) -> None:
    import subprocess

    from pypdf import PdfReader

    from generator.cli import main

    from .conftest import CONTENT

    assert main(["build", str(CONTENT / "examples" / "quyet-dinh-qppl.yaml"), "-o",
                 str(tmp_path)]) == 0
    pdf = tmp_path / "quyet-dinh-qppl.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    rows = [" ".join(line.split()) for line in text.splitlines()]
    assert any(row.startswith("Số: 89/2025/QĐ-UBND") for row in rows)
    # the three 7a lines, one under another in the right column, then the name
    titles = [next(i for i, row in enumerate(rows) if row.endswith(title))
              for title in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                            "Nguyễn Văn A")]
    assert titles == sorted(titles) and titles[1] - titles[0] <= 2
    assert "- Lưu: VT, TCCV (02). LTC." in rows
    assert "QUYẾT ĐỊNH:" not in text
    assert PdfReader(pdf).metadata["/Keywords"] == "89/2025/QĐ-UBND"

"""Every document type's example, re-opened and checked against its Mẫu (spec §5.1):
the parts it must have, their order, their styles and their punctuation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import nd30
from generator.build import Source, build_one, load_document
from generator.check.resolve import load_docx

from .conftest import CONTENT, assert_conformant

EXAMPLES = CONTENT / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
COPY_FORMS = ("sao-y", "sao-luc", "trich-sao")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("examples")
    paths = {}
    for path in EXAMPLE_FILES:
        outcome = build_one(Source(path, Path(path.name)), out)
        assert outcome.ok, [p.render("en") for p in outcome.problems]
        paths[path.stem] = outcome.outputs[0]
    return paths


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLE_FILES])
def test_example_passes_the_nd30_checker(built, name):
    assert_conformant(built[name])


def texts(docx: Path) -> list[str]:
    """The paragraphs as a reader sees them: a date's no-break spaces read as spaces."""
    return [p.text.replace("\u00a0", " ") for p in load_docx(docx).paragraphs()]


def paragraph(docx: Path, text: str):
    matches = [p for p in load_docx(docx).paragraphs() if p.text.replace("\u00a0", " ") == text]
    assert matches, f"no paragraph {text!r}"
    return matches[0]


def test_every_type_has_an_example():
    slugs = {load_document(path).loai for path in EXAMPLE_FILES}
    assert slugs == set(nd30.DOC_TYPES)
    assert {path.stem for path in EXAMPLE_FILES} >= {*nd30.DOC_TYPES, *COPY_FORMS}


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLE_FILES])
def test_example_parts_in_order(built, name):
    doc = load_document(EXAMPLES / f"{name}.yaml")
    docx = built[name]
    lines = texts(docx)
    number = f"Số: {doc.number_and_code}"
    assert number in lines
    if doc.doc_type.abbreviation:  # the type's abbreviation in the code (§5)
        assert f"/{doc.doc_type.abbreviation}-" in number
    order = [lines.index(nd30.QUOC_HIEU), lines.index(number)]
    if doc.mau_layout != "1.5":  # the type name, centred bold capitals (ô 5a)
        name_para = paragraph(docx, doc.doc_type.name)
        assert name_para.style_id == "VBTenLoai" and name_para.alignment == "center"
        assert all(r.bold for r in name_para.visible_runs)
        order.append(lines.index(doc.doc_type.name))
    order.append(lines.index(nd30.NOI_NHAN_LABEL))
    assert order == sorted(order)
    ends = [i for i, text in enumerate(lines) if text.endswith(nd30.END_MARK)]
    assert ends and ends[0] < lines.index(nd30.NOI_NHAN_LABEL)
    items = [t for t in lines[lines.index(nd30.NOI_NHAN_LABEL) + 1:] if t.startswith("- ")]
    storage = next(i for i, t in enumerate(items) if t.startswith("- Lưu: VT"))
    assert re.match(r"^- Lưu: VT(, [^.]+)?\.", items[storage])  # §3.6 checker pattern
    assert all(t.endswith(";") for t in items[:storage])


def test_decision_mau_1_2(built):
    lines = texts(built["quyet-dinh"])
    authority = paragraph(built["quyet-dinh"], "GIÁM ĐỐC SỞ NỘI VỤ TỈNH LẠNG SƠN")
    assert authority.alignment == "center" and authority.style_id == "VBThamQuyen"
    bases = [p for p in load_docx(built["quyet-dinh"]).paragraphs() if p.style_id == "VBCanCu"]
    assert len(bases) == 3 and all(r.italic for p in bases for r in p.visible_runs)
    assert [p.text[-1] for p in bases] == [";", ";", "."]
    assert bases[-1].text.startswith("Theo đề nghị của")
    verb = lines.index("QUYẾT ĐỊNH:")
    assert lines.index(bases[-1].text) < verb < lines.index("Điều 1. Cử công chức tham dự lớp "
                                                             "bồi dưỡng")
    article = paragraph(built["quyet-dinh"], "Điều 2. Kinh phí")
    assert article.style_id == "VBDieu" and article.first_line_twips == 567
    assert "a) Ông Trần Văn B, Trưởng phòng Tổ chức - Biên chế;" in lines  # điểm under khoản
    assert "- Như Điều 3;" in lines


def test_resolution_mau_1_1_says_quyet_nghi(built):
    lines = texts(built["nghi-quyet"])
    assert "QUYẾT NGHỊ:" in lines and "QUYẾT ĐỊNH:" not in lines
    assert "HỘI ĐỒNG THI ĐUA -" in "\n".join(lines)  # a multi-line issuer name


def test_decision_issuing_a_regulation_mau_1_3(built):
    docx = built["quyet-dinh-ban-hanh-quy-che"]
    lines = texts(docx)
    assert "Ban hành Quy chế công tác văn thư, lưu trữ của Sở Nội vụ" in lines
    assert ("Điều 1. Ban hành kèm theo Quyết định này Quy chế công tác văn thư, lưu trữ của Sở "
            "Nội vụ.") in lines
    start = lines.index("QUY CHẾ")
    assert lines[start + 1] == "Công tác văn thư, lưu trữ của Sở Nội vụ"
    assert lines[start + 2] == ("(Kèm theo Quyết định số 420/QĐ-SNV ngày 22 tháng 12 năm 2017 "
                                "của Sở Nội vụ tỉnh Lạng Sơn)")
    assert paragraph(docx, lines[start + 2]).style_id == "VBKemTheo"
    attached = lines[start:]
    assert [t for t in attached if t.startswith("Số:")] == []  # no number, no date (Mẫu 1.3)
    assert not any(re.search(r"ngày \d\d tháng", t) for t in attached[3:])
    chapter = paragraph(docx, "Chương II")
    assert chapter.alignment == "center" and all(r.bold for r in chapter.visible_runs)
    assert attached[attached.index("Chương II") + 1] == "CÔNG TÁC VĂN THƯ"
    assert attached[attached.index("Mục 1") + 1] == "SOẠN THẢO VÀ BAN HÀNH VĂN BẢN"
    assert "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng" in attached  # numbered afresh
    assert attached[-1].endswith("./.")
    sections = load_docx(docx).sections
    assert len(sections) == 2 and sections[1].page_number_start == 1


def test_report_to_a_superior_has_kinh_gui(built):
    lines = texts(built["to-trinh"])
    assert "Kính gửi: Ủy ban nhân dân tỉnh" in lines
    assert lines[lines.index("Nơi nhận:") + 1] == "- Như trên;"
    assert lines[-1] != "" and any(t.endswith("xem xét, quyết định./.") for t in lines)


def test_headings_of_a_report(built):
    docx = built["bao-cao"]
    part = paragraph(docx, "Phần I")
    assert part.alignment == "center" and part.style_id == "VBNhanPhan"
    lines = texts(docx)
    assert lines[lines.index("Phần I") + 1] == "KẾT QUẢ THỰC HIỆN"
    item = paragraph(docx, "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI")
    assert all(r.bold for r in item.visible_runs)
    assert all(r.bold for r in paragraph(docx, "1. Ban hành văn bản").visible_runs)
    assert not any(r.bold for r in paragraph(
        docx, "2. Tổ chức quán triệt, tuyên truyền đến cán bộ, công chức, viên chức."
    ).visible_runs)


def test_telegram_mau_1_6(built):
    lines = texts(built["cong-dien"])
    sender = lines.index("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:")
    # the recipients in the right column of a borderless table, as in the Mẫu
    assert lines[sender + 1: sender + 4] == ["", "- Giám đốc các sở, ban, ngành tỉnh;",
                                             "- Chủ tịch UBND các huyện, thành phố."]
    recipient = paragraph(built["cong-dien"], "- Giám đốc các sở, ban, ngành tỉnh;")
    assert recipient.where.table and recipient.where.table[0][2] == 1
    head = paragraph(built["cong-dien"], "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:")
    assert head.alignment == "center" and head.runs[0].bold and not head.runs[-1].bold
    assert "HỎA TỐC" in lines


def test_invitation_mau_1_7(built):
    lines = texts(built["giay-moi"])
    invite = next(i for i, t in enumerate(lines) if "trân trọng kính mời:" in t)
    assert lines[invite].startswith("Sở Nội vụ tỉnh Lạng Sơn trân trọng kính mời: ")
    labels = [t.split(":")[0] for t in lines[invite + 1: invite + 5]]
    assert labels == ["Tới dự cuộc họp triển khai Đề án tinh giản biên chế giai đoạn 2018 - "
                      "2021.", "Chủ trì", "Thời gian", "Địa điểm"]
    assert "Thời gian: 08 giờ 00, thứ Năm, ngày 14/12/2017." in lines


def test_introduction_mau_1_8(built):
    lines = texts(built["giay-gioi-thieu"])
    assert "GIẤY GIỚI THIỆU" in lines
    start = lines.index("Sở Nội vụ tỉnh Lạng Sơn trân trọng giới thiệu:")
    assert lines[start + 1] == "Ông: Trần Văn B"
    assert lines[start + 2].startswith("Chức vụ: ")
    assert lines[start + 3] == "Được cử đến: Vụ Tổ chức - Biên chế, Bộ Nội vụ"
    assert lines[start + 4].startswith("Về việc: ")
    assert lines[start + 5] == nd30.GGT_REQUEST
    assert lines[start + 6] == "Giấy này có giá trị đến hết ngày 31/12/2017./."
    items = lines[lines.index("Nơi nhận:") + 1:]
    assert items[:2] == ["- Như trên;", "- Lưu: VT."]  # as in the Mẫu


def test_minutes_mau_1_9(built):
    docx = built["bien-ban"]
    doc = load_docx(docx)
    dates = [p for p in doc.paragraphs() if p.style_id == "VBDiaDanh"]
    assert [p.text for p in dates] == [""]  # no place/date line in the header
    lines = texts(docx)
    order = [lines.index(t) for t in ("BIÊN BẢN", "Thời gian bắt đầu: 14 giờ 00, ngày 12/12/2017",
                                      "Thành phần tham dự:", "Nội dung cuộc họp:",
                                      "Cuộc họp kết thúc vào 16 giờ 00 cùng ngày./.",
                                      "THƯ KÝ", "Lê Thị C", "Nơi nhận:")]
    assert order == sorted(order)
    assert lines[-2:] != []
    assert "- Lưu: VT, Hồ sơ." in lines
    # titles in one row (THƯ KÝ, CHỦ TỌA), names in the next, Nơi nhận below (Mẫu 1.9)
    assert lines.index("CHỦ TỌA") < lines.index("Lê Thị C") < lines.index("Nơi nhận:")


def test_leave_mau_1_10(built):
    lines = texts(built["giay-nghi-phep"])
    assert "Xét Đơn đề nghị nghỉ phép ngày 01/12/2017 của bà Lê Thị C," in lines
    assert "Sở Nội vụ tỉnh Lạng Sơn cấp cho:" in lines
    assert any(t.startswith("Được nghỉ phép trong thời gian 07 ngày, kể từ ngày 11/12/2017")
               for t in lines)
    assert lines.index("Số ngày nghỉ phép nêu trên được tính vào thời gian nghỉ hằng năm năm "
                       "2017./.") < lines.index("Nơi nhận:")
    assert nd30.NGHI_PHEP_XAC_NHAN in lines


@pytest.mark.parametrize("form,label,code", [("sao-y", "SAO Y", "05/SY-SNV"),
                                             ("sao-luc", "SAO LỤC", "06/SL-SNV"),
                                             ("trich-sao", "TRÍCH SAO", "07/TrS-SNV")])
def test_copies_mau_3_1(built, form, label, code):
    docx = built[form]
    lines = texts(docx)
    mark = lines.index(label)
    assert mark > lines.index("Trần Văn B")  # after the copied document's signature
    assert f"Số: {code}" in lines
    assert "Lạng Sơn, ngày 02 tháng 12 năm 2017" in lines
    assert lines[-7:].count("- Lưu: VT.") == 1 or "- Lưu: VT." in lines[mark:]
    assert "TL. GIÁM ĐỐC" in lines[mark:] and lines[-1] == "Lê Thị C"
    rules = [p for p in load_docx(docx).paragraphs()
             if p.style_id == "VBDuongKe" and p.left_twips == 0 and p.right_twips == 0]
    assert rules  # the full-width line above the copy's header


@pytest.mark.parametrize("name", [p.stem for p in EXAMPLE_FILES])
def test_every_paragraph_uses_a_named_vb_style(built, name):
    """Editable output: python-docx opens it and every paragraph has a defined "VB …" style."""
    from docx import Document as WordDocument

    word = WordDocument(str(built[name]))
    defined = {s.style_id for s in word.styles}
    used = {p.style_id for p in load_docx(built[name]).paragraphs()}
    assert used <= defined
    assert {s for s in used if s} and all(s.startswith("VB") for s in used if s)

"""Optional components and body structures, re-read through the style resolver."""

from __future__ import annotations

from generator.check.resolve import load_docx

from .conftest import MINIMAL

OPTIONS = MINIMAL + """\
muc_do_khan: HỎA TỐC
do_mat: MẬT
luu_hanh: XEM XONG TRẢ LẠI
nguoi_soan: PL
so_ban: 300
luu: [TCBM]
noi_nhan: [UBND tỉnh]
"""


def paragraphs(path):
    doc = load_docx(path)
    return doc, list(doc.paragraphs())


def by_text(paras, text):
    return next(p for p in paras if p.text == text)


def test_urgency_secrecy_circulation_drafter_footer(build_docx):
    address = "  dia_chi: 'Số 1 đường Hùng Vương; ĐT: 025 3812 605'\n"
    text = OPTIONS.replace("  viet_tat: SNV\n", "  viet_tat: SNV\n" + address)
    doc, paras = paragraphs(build_docx(text))
    for mark in ("HỎA TỐC", "MẬT"):
        p = by_text(paras, mark)
        assert set(p.borders) >= {"top", "left", "bottom", "right"}  # a single-border box
        assert all(r.bold for r in p.runs) and p.where.table[0][1:] == (1, 0)  # under Số
    assert [p.text for p in paras].index("MẬT") < [p.text for p in paras].index("HỎA TỐC")
    first = doc.header_paragraphs(0, "first")
    assert [p.text for p in first] == ["XEM XONG TRẢ LẠI"]
    assert set(first[0].borders) >= {"top", "bottom"} and first[0].runs[0].bold
    assert paras[[p.text for p in paras].index("Nơi nhận:") + 1].text == "- Như trên;"
    assert by_text(paras, "- Lưu: VT, TCBM. PL.(300).").runs[0].size_pt == 11
    (footer,) = doc.footer_paragraphs(0, "first")
    assert footer.text.startswith("Số 1 đường Hùng Vương") and "top" in footer.borders
    assert {r.size_pt for r in footer.runs} <= {11, 12}
    assert not doc.footer_paragraphs(0, "default")  # page 1 only


def test_numbering_levels_and_vietnamese_letters(build_docx):
    body = """\
noi_dung:
  - tieu_de: Mục đích, yêu cầu
    y:
      - tieu_de: Mục đích
        y: [a, b, c, d, e, f, g]
      - muc: Yêu cầu chung
        y:
          - muc: ý lớn
            y: [ý nhỏ]
  - tieu_de: Nội dung
danh_so: ["I.", "1.", "a)", "-", "+"]
"""
    text = MINIMAL.split("noi_dung:")[0] + body + MINIMAL.split("nguoi_ky:")[1].join(
        ["nguoi_ky:", ""])
    _, paras = paragraphs(build_docx(text))
    texts = [p.text for p in paras]
    start = texts.index("I. MỤC ĐÍCH, YÊU CẦU")
    assert texts[start:start + 13] == [
        "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "a) a", "b) b", "c) c", "d) d", "đ) e",
        "e) f", "g) g", "2. Yêu cầu chung", "a) ý lớn", "- ý nhỏ", "II. NỘI DUNG./.",
    ]
    assert all(r.bold for r in by_text(paras, "I. MỤC ĐÍCH, YÊU CẦU").runs)
    assert not any(r.bold for r in by_text(paras, "a) a").runs)


def test_decision_preamble_and_articles(build_docx):
    text = """\
loai: quyet-dinh
co_quan: {chu_quan: UBND TỈNH LẠNG SƠN, ten: SỞ NỘI VỤ, viet_tat: SNV}
so: 12
dia_danh: Lạng Sơn
ngay: 2020-03-05
trich_yeu: Về việc thành lập Tổ công tác
tham_quyen: GIÁM ĐỐC SỞ NỘI VỤ
can_cu:
  - Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
  - Căn cứ Quyết định số 10/2016/QĐ-UBND
theo_de_nghi: Theo đề nghị của Trưởng phòng Tổ chức biên chế
noi_dung:
  - dieu: Thành lập Tổ công tác
    y:
      - Tổ trưởng là Giám đốc Sở.
      - muc: "Nhiệm vụ:"
        y: [Rà soát, Tổng hợp]
  - dieu: Quyết định này có hiệu lực kể từ ngày ký.
nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
noi_nhan: [Như Điều 2, UBND tỉnh]
luu: [TCBC]
"""
    _, paras = paragraphs(build_docx(text))
    texts = [p.text for p in paras]
    assert texts[texts.index("QUYẾT ĐỊNH") + 1] == "Về việc thành lập Tổ công tác"
    assert "Số: 12/QĐ-SNV" in texts
    basis = [p for p in paras if p.text.startswith(("Căn cứ", "Theo đề nghị"))]
    assert [p.text[-1] for p in basis] == [";", ";", "."]
    assert all(r.italic for p in basis for r in p.runs)
    assert texts.index("GIÁM ĐỐC SỞ NỘI VỤ") < texts.index(basis[0].text) < texts.index(
        "QUYẾT ĐỊNH:")
    article = by_text(paras, "Điều 1. Thành lập Tổ công tác")
    assert all(r.bold for r in article.runs)
    assert texts[texts.index(article.text) + 1:texts.index(article.text) + 5] == [
        "1. Tổ trưởng là Giám đốc Sở.", "2. Nhiệm vụ:", "a) Rà soát", "b) Tổng hợp"]
    last = by_text(paras, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.")
    assert [r.bold for r in last.runs][:1] == [True] and not last.runs[-1].bold
    start = texts.index("Nơi nhận:")
    assert texts[start + 1:start + 4] == ["- Như Điều 2;", "- UBND tỉnh;", "- Lưu: VT, TCBC."]

"""Page breaks a reviewer would send back, measured in the PDF that LibreOffice lays out.

Each family of documents grows its body a line at a time, so that in some member the
thing under test falls at the foot of page 1 whatever the exact line heights are. All
documents are built in one ``vanban build`` run (one LibreOffice pool).
"""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from generator.cli import main

from .conftest import assert_conformant

FILLER = "Các cơ quan, đơn vị rà soát, tổng hợp và báo cáo kết quả đúng thời hạn."  # one line
STEPS = range(21, 29)  # body lengths (paragraphs) that move the end of page 1 past every part
ENDS = range(30, 35)  # appendix table lengths (rows) around one page
# (articles before the titled one, lines of the trích yếu): the title line moves by less
# than a line from one to the next
ARTICLES = [(n, lines) for n in range(17, 22) for lines in (1, 2)]


def _base(**fields: object) -> dict:
    doc = {
        "loai": "cong-van",
        "co_quan": {"chu_quan": "UBND TỈNH LẠNG SƠN", "ten": "SỞ NỘI VỤ", "viet_tat": "SNV"},
        "so": 215, "don_vi_soan_thao": "TCBC", "dia_danh": "Lạng Sơn", "ngay": "2025-11-28",
        "trich_yeu": "báo cáo kết quả thực hiện", "kinh_gui": ["Ủy ban nhân dân tỉnh"],
        "nguoi_ky": {"chuc_vu": "GIÁM ĐỐC", "ho_ten": "Nguyễn Văn A"},
        "noi_nhan": ["Chủ tịch, các PCT UBND tỉnh"], "luu": ["TCBC"],
    }
    doc.update(fields)
    return doc


def _appendix(rows: list[list[str]]) -> dict:
    return _base(noi_dung=["Chi tiết tại Phụ lục kèm theo."], phu_luc=[{
        "ten": "Kết quả theo đơn vị", "noi_dung": [{"cot": [
            {"ten": "STT", "rong": 12}, {"ten": "Đơn vị", "rong": 50}, {"ten": "Kết quả"}],
            "dong": rows}]}])


def _documents() -> dict[str, dict]:
    docs: dict[str, dict] = {}
    for n in STEPS:
        docs[f"sig-{n}"] = _base(noi_dung=[FILLER] * n + ["Câu kết cuối cùng của văn bản."])
        docs[f"label-{n}"] = _base(noi_dung=[FILLER] * n + [
            {"muc": "Các trường hợp sau đây được xem xét:", "y": [
                "Trường hợp thứ nhất được nêu đầu tiên;", "Trường hợp thứ hai."]},
            FILLER, FILLER, FILLER, FILLER, FILLER, FILLER, FILLER, FILLER])
        docs[f"bang-{n}"] = _base(noi_dung=[FILLER] * n + [
            {"bang": "Bảng tổng hợp kết quả", "cot": [{"ten": "Cột đầu"}, {"ten": "Cột sau"}],
             "dong": [["Dòng một", "Giá trị một"], ["Dòng hai", "Giá trị hai"]]},
            FILLER, FILLER, FILLER, FILLER, FILLER, FILLER, FILLER, FILLER])
    for n, lines in ARTICLES:  # a quyết định whose titled Điều falls at the foot of page 1
        summary = "Về việc tổ chức thực hiện" + (
            " nhiệm vụ cải cách hành chính và sắp xếp tổ chức bộ máy năm 2026" * (lines - 1))
        docs[f"dieu-{n}-{lines}"] = _base(
            loai="quyet-dinh", trich_yeu=summary, kinh_gui=[],
            tham_quyen="GIÁM ĐỐC SỞ NỘI VỤ", can_cu=["Căn cứ Quy chế làm việc của Sở Nội vụ"],
            noi_dung=[{"dieu": FILLER} for _ in range(n - 6)] + [
                {"dieu": "Tổ chức thực hiện", "y": ["Khoản thứ nhất của điều.",
                                                     "Khoản thứ hai của điều."]},
                *({"dieu": FILLER} for _ in range(8))],
            noi_nhan=["Như Điều 3"])
    for n in STEPS:  # a biên bản: Nơi nhận under the signatures, never on a page alone
        docs[f"bb-{n}"] = _base(
            loai="bien-ban", trich_yeu="Họp giao ban tháng 11 năm 2025", kinh_gui=[],
            noi_dung=[FILLER] * (n - 6), noi_nhan=["Các phòng thuộc Sở", "Thành viên dự họp"],
            bien_ban={"thoi_gian_bat_dau": "08 giờ 00, ngày 28/11/2025",
                      "dia_diem": "Phòng họp Sở Nội vụ", "thanh_phan": ["Lãnh đạo Sở"],
                      "chu_tri": "Ông Nguyễn Văn A, Giám đốc Sở",
                      "thu_ky": "Bà Lê Thị C, chuyên viên", "ket_thuc": "11 giờ 00 cùng ngày",
                      "ho_ten_thu_ky": "Lê Thị C"})
    # a code in running text at every position along the line
    words = ["số", "ngày", "của", "Bộ", "về", "việc", "hướng", "dẫn", "thực", "hiện"]
    code_paras = [" ".join(words[: k % 10 + 1] * (k // 10 + 1)) + " theo Thông tư số "
                  "44/2022/TT-BTC và Quyết định số 1234/QĐ-UBND của tỉnh." for k in range(40)]
    docs["codes"] = _base(noi_dung=code_paras)
    # codes whose issuer part ends in a small letter (Tờ trình TTr, Thủ tướng TTg)
    docs["codes-tt"] = _base(noi_dung=[p.replace("44/2022/TT-BTC", "12/TTr-UBND").replace(
        "1234/QĐ-UBND", "5678/TTg-KGVX") for p in code_paras])
    # an appendix table with a row taller than a third of the page where little room is left
    rows = [[str(i), f"Đơn vị số {i}", "Đã hoàn thành."] for i in range(1, 27)]
    rows.append(["27", "Đơn vị có nội dung dài", " ".join([FILLER] * 12)])
    rows += [[str(i), f"Đơn vị số {i}", "Đã hoàn thành."] for i in range(28, 40)]
    docs["phu-luc"] = _appendix(rows)
    # appendix tables of every length around a full page: ./. must follow the last row
    for n in ENDS:
        docs[f"end-{n}"] = _appendix([[str(i), f"Đơn vị số {i}", "Đã hoàn thành."]
                                      for i in range(1, n + 1)])
    # recipients whose last word would wrap alone onto a line of its own
    docs["kg-one"] = _base(kinh_gui=["Ủy ban nhân dân các huyện, thành phố thuộc tỉnh Lạng "
                                     "Sơn"], noi_dung=["Nội dung."])
    docs["kg-many"] = _base(kinh_gui=[
        "Ủy ban nhân dân các xã, phường, thị trấn thuộc các huyện, thành phố trong tỉnh Lạng "
        "Sơn cùng các cơ quan", "Sở Nội vụ"], noi_dung=["Nội dung."])
    docs["vv"] = _base(trich_yeu="báo cáo kết quả thực hiện tinh giản biên chế năm 2025 của "
                       "các sở", noi_dung=["Nội dung."])
    docs["trich-yeu"] = _base(
        loai="to-trinh", kinh_gui=[], noi_dung=["Nội dung."],
        trich_yeu="Về việc phê duyệt kế hoạch tuyển dụng công chức viên chức năm 2025 của "
                  "Sở Nội")
    # a parent body whose last word would wrap alone in the header's left column
    docs["chu-quan"] = _base(co_quan={"chu_quan": "UBND THÀNH PHỐ HỒ CHÍ MINH",
                                      "ten": "SỞ NỘI VỤ", "viet_tat": "SNV"},
                             dia_danh="Thành phố Hồ Chí Minh", noi_dung=["Nội dung."])
    # an issuer whose last word would wrap alone under it (a 2025 provincial department)
    docs["co-quan"] = _base(co_quan={"chu_quan": "UBND TỈNH LÀO CAI",
                                     "ten": "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "viet_tat": "SNNMT"},
                            noi_dung=["Nội dung."])
    for place in ("Thành phố Hồ Chí Minh", "Phường Trương Quang Trọng",
                  "Văn Miếu - Quốc Tử Giám"):
        docs[f"date-{len(place)}"] = _base(dia_danh=place, noi_dung=["Nội dung."])
    return docs


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Name → the text of each page (pdftotext -layout)."""
    root = tmp_path_factory.mktemp("pagination")
    src, out = root / "content", root / "out"
    src.mkdir()
    docs = _documents()
    for name, doc in docs.items():
        (src / f"{name}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True),
                                          encoding="utf-8")
    assert main(["build", str(src), "-o", str(out)]) == 0
    pages: dict[str, list[str]] = {}
    for name in docs:
        assert_conformant(out / f"{name}.docx")
        text = subprocess.run(["pdftotext", "-layout", str(out / f"{name}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        pages[name] = [p for p in text.split("\f") if p.strip()]
    return pages


def _page_of(pages: list[str], words: str) -> int:
    hits = [i for i, page in enumerate(pages) if words in " ".join(page.split())]
    assert hits, words
    return hits[0]


def test_signature_never_alone_on_the_last_page(built) -> None:
    moved = 0
    for n in STEPS:
        pages = built[f"sig-{n}"]
        sig = _page_of(pages, "Nơi nhận:")
        assert _page_of(pages, "Câu kết cuối cùng") == sig, f"sig-{n}"
        moved += sig > 0
    assert moved, "no document of the family reached a second page: the test proves nothing"


def test_label_line_stays_with_its_first_item(built) -> None:
    for n in STEPS:
        pages = built[f"label-{n}"]
        assert _page_of(pages, "Các trường hợp sau đây") == _page_of(
            pages, "Trường hợp thứ nhất"), f"label-{n}"


def test_table_title_stays_with_the_table(built) -> None:
    for n in STEPS:
        pages = built[f"bang-{n}"]
        assert _page_of(pages, "Bảng tổng hợp kết quả") == _page_of(pages, "Dòng một"), \
            f"bang-{n}"


def test_article_title_stays_with_its_first_clause(built) -> None:
    for n, lines in ARTICLES:
        pages = built[f"dieu-{n}-{lines}"]
        assert _page_of(pages, "Tổ chức thực hiện") == _page_of(pages, "Khoản thứ nhất"), \
            f"dieu-{n}-{lines}"


def test_bien_ban_recipients_stay_under_the_signatures(built) -> None:
    for n in STEPS:
        pages = built[f"bb-{n}"]
        sign = _page_of(pages, "THƯ KÝ")
        assert _page_of(pages, "Nơi nhận:") == sign == _page_of(pages, "- Lưu: VT"), f"bb-{n}"
        assert _page_of(pages, "kết thúc vào") == sign, f"bb-{n}"


def test_document_codes_never_break_at_their_hyphen(built) -> None:
    lines = [ln.strip() for page in built["codes"] for ln in page.splitlines() if ln.strip()]
    ends = [ln for ln in lines if ln.endswith(("TT-", "QĐ-"))]
    starts = [ln for ln in lines if ln.startswith(("BTC", "UBND của"))]
    assert not ends and not starts, (ends, starts)
    # the hyphen is still an ordinary "-" in the PDF's text
    assert "44/2022/TT-BTC" in " ".join(lines)
    lines = [ln.strip() for page in built["codes-tt"] for ln in page.splitlines() if ln.strip()]
    ends = [ln for ln in lines if ln.endswith(("TTr-", "TTg-"))]
    starts = [ln for ln in lines if ln.startswith(("UBND và", "KGVX"))]
    assert not ends and not starts, (ends, starts)
    assert "12/TTr-UBND" in " ".join(lines) and "5678/TTg-KGVX" in " ".join(lines)


def test_appendix_table_rows_split_header_repeats_end_mark_follows(built) -> None:
    pages = built["phu-luc"]
    # the tall row starts on the page of the row before it: no half-page gap
    assert _page_of(pages, "Đơn vị số 26") == _page_of(pages, "Các cơ quan, đơn vị")
    table_pages = range(_page_of(pages, "Đơn vị số 1 "), _page_of(pages, "Đơn vị số 39") + 1)
    assert len(table_pages) > 1
    for i in table_pages:  # the header row is repeated on every page of the table
        assert "STT" in pages[i] and "Kết quả" in pages[i], i
    end = max(i for i, page in enumerate(pages) if "./." in page)
    assert end == _page_of(pages, "Đơn vị số 39")


def test_end_mark_never_alone_after_an_appendix_table(built) -> None:
    for n in ENDS:
        pages = built[f"end-{n}"]
        end = max(i for i, page in enumerate(pages) if "./." in page)
        assert end == _page_of(pages, f"Đơn vị số {n} "), f"end-{n}"


def test_place_and_date_on_one_line(built) -> None:
    for name, pages in built.items():
        if name.startswith("date-"):
            lines = [" ".join(ln.split()) for ln in pages[0].splitlines()]
            assert any(ln.endswith(", ngày 28 tháng 11 năm 2025") and (
                "Minh," in ln or "Trọng," in ln or "Giám," in ln) for ln in lines), name


def _words_on_line_ending(pages: list[str], end: str) -> int:
    lines = [ln.split() for page in pages for ln in page.splitlines()]
    hits = [ln for ln in lines if " ".join(ln).endswith(end)]
    assert hits, end
    return len(hits[0])


def test_no_lone_last_word_in_kinh_gui_and_kem_theo(built) -> None:
    assert _words_on_line_ending(built["kg-one"], "Lạng Sơn") >= 2
    assert _words_on_line_ending(built["kg-many"], "cơ quan;") >= 2
    assert _words_on_line_ending(built["phu-luc"], ")") >= 2  # (Kèm theo Công văn số …)


def test_no_lone_last_word_in_v_v_and_trich_yeu(built) -> None:
    vv = [ln.split() for ln in built["vv"][0].splitlines() if "các sở" in ln]
    assert vv and len(vv[0]) >= 2 and vv[0][-2:] == ["các", "sở"]
    assert _words_on_line_ending(built["trich-yeu"], "Sở Nội") >= 2


def _header_left(pages: list[str], word: str) -> list[str]:
    """The left column's text on the header lines holding ``word`` (pdftotext sets the two
    header columns side by side, three spaces or more apart)."""
    return [re.split(r"\s{3,}", ln.strip())[0] for ln in pages[0].splitlines()[:8]
            if word in ln.split()]


def test_no_lone_last_word_in_the_parent_body_and_the_issuer(built) -> None:
    """``UBND THÀNH PHỐ HỒ CHÍ MINH`` never leaves ``MINH`` alone, nor ``SỞ NÔNG NGHIỆP VÀ MÔI
    TRƯỜNG`` its ``TRƯỜNG`` (the line under the issuer follows the text as printed: the
    fixture's checker run passes H3)."""
    left = _header_left(built["chu-quan"], "MINH")
    assert left and left[0].split()[-2:] == ["CHÍ", "MINH"], left
    left = _header_left(built["co-quan"], "TRƯỜNG")
    assert left and left[0].split()[-2:] == ["MÔI", "TRƯỜNG"], left

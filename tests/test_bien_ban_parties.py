"""Biên bản as real offices write them beside Mẫu 1.9: several parties signing side by side
(``bien_ban.ben_ky`` left of ``nguoi_ky``), Nơi nhận below the left signature, and a body of
căn cứ lines and free paragraphs instead of the Mẫu's fixed lines. Each document is built
through the whole pipeline, passes the ND30 checker (build_docx) and is re-opened with styles
resolved; the PDF is read back for the side-by-side signatures."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.build import load_document
from generator.check import check_docx
from generator.check.resolve import Paragraph, load_docx
from generator.cli import main
from generator.problems import Problems

MINUTES = """\
loai: bien-ban
co_quan: {{chu_quan: UBND TỈNH LÀO CAI, ten: SỞ CÔNG THƯƠNG, viet_tat: SCT,
          ten_day_du: Sở Công Thương tỉnh Lào Cai}}
so: 12
dia_danh: Lào Cai
ngay: 2026-05-26
trich_yeu: Làm việc về các cụm công nghiệp trên địa bàn phường Văn Phú
can_cu:
  - Căn cứ Văn bản số 4135/UBND-KT ngày 21/5/2026 của UBND tỉnh Lào Cai
  - Căn cứ Báo cáo số 244/BC-UBND ngày 20/5/2026 của UBND phường Văn Phú
bien_ban:
{parties}
noi_dung:
  - Hôm nay, ngày 26/5/2026 tại Sở Công Thương tỉnh Lào Cai, các bên tiến hành làm việc.
  - "I. Thành phần tham gia"
  - Đại diện Sở Công Thương, Sở Tài chính, Sở Xây dựng và UBND phường Văn Phú.
  - Biên bản kết thúc vào hồi 10 giờ 00 phút cùng ngày, được lập thành 04 bản.
nguoi_ky:
  thu_truong: ĐẠI DIỆN SỞ CÔNG THƯƠNG
  chuc_vu: Phó Giám đốc
  ho_ten: Nguyễn Đình Chiến
noi_nhan: [Các bên tham dự]
luu: [Hồ sơ]
"""

TWO = """\
  ben_ky:
    - dai_dien: Đại diện Công ty
      ho_ten: Nguyễn Quang Thắng"""
THREE = """\
  ben_ky:
    - dai_dien: ĐẠI DIỆN SỞ TÀI CHÍNH
      chuc_vu: PHÓ GIÁM ĐỐC
      ho_ten: Vũ Lân
    - dai_dien: ĐẠI DIỆN SỞ XÂY DỰNG
      chuc_vu: PHÓ GIÁM ĐỐC
      ho_ten: Trần Đức Tình"""
FOUR = THREE + """
    - dai_dien: ĐẠI DIỆN UBND PHƯỜNG VĂN PHÚ
      chuc_vu: CHỦ TỊCH
      ho_ten: Lê Anh Dũng"""

FIVE = FOUR + """
    - dai_dien: ĐẠI DIỆN SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG
      chuc_vu: PHÓ GIÁM ĐỐC
      ho_ten: Trịnh Thị Thu Huyền"""
SIX = FIVE + """
    - dai_dien: ĐẠI DIỆN UBND PHƯỜNG YÊN BÁI
      chuc_vu: CHỦ TỊCH
      ho_ten: Ngô Tấn Dũng"""
NAMES = {"ĐẠI DIỆN CÔNG TY": "Nguyễn Quang Thắng", "ĐẠI DIỆN SỞ TÀI CHÍNH": "Vũ Lân",
         "ĐẠI DIỆN SỞ XÂY DỰNG": "Trần Đức Tình", "ĐẠI DIỆN UBND PHƯỜNG VĂN PHÚ": "Lê Anh Dũng",
         "ĐẠI DIỆN SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG": "Trịnh Thị Thu Huyền",
         "ĐẠI DIỆN UBND PHƯỜNG YÊN BÁI": "Ngô Tấn Dũng",
         "ĐẠI DIỆN SỞ CÔNG THƯƠNG": "Nguyễn Đình Chiến"}
TC = ("ĐẠI DIỆN SỞ TÀI CHÍNH", "PHÓ GIÁM ĐỐC")
XD = ("ĐẠI DIỆN SỞ XÂY DỰNG", "PHÓ GIÁM ĐỐC")
VP = ("ĐẠI DIỆN UBND PHƯỜNG VĂN PHÚ", "CHỦ TỊCH")
NN = ("ĐẠI DIỆN SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "PHÓ GIÁM ĐỐC")
YB = ("ĐẠI DIỆN UBND PHƯỜNG YÊN BÁI", "CHỦ TỊCH")
CT = ("ĐẠI DIỆN SỞ CÔNG THƯƠNG", "PHÓ GIÁM ĐỐC")


def minutes(parties: str) -> str:
    return MINUTES.format(parties=parties)


def signature_paragraphs(docx: Path) -> list[Paragraph]:
    """The paragraphs of the signature table (the last top-level table of the body)."""
    paras = [p for p in load_docx(docx).paragraphs() if p.where.table]
    last = paras[-1].where.table[0][0]
    return [p for p in paras if p.where.table[0][0] == last]


def cell(p: Paragraph) -> tuple[int, int]:
    """(row, column) of a paragraph in its top-level table."""
    return p.where.table[0][1], p.where.table[0][2]


def bold(p: Paragraph) -> bool:
    return all(r.bold for r in p.visible_runs)


def by_text(paras: list[Paragraph], text: str) -> Paragraph:
    return next(p for p in paras if p.text == text)


@pytest.mark.parametrize("parties,expected", [
    (TWO, [[("ĐẠI DIỆN CÔNG TY",), ("ĐẠI DIỆN SỞ CÔNG THƯƠNG", "PHÓ GIÁM ĐỐC")]]),
    (THREE, [[("ĐẠI DIỆN SỞ TÀI CHÍNH", "PHÓ GIÁM ĐỐC"), ("ĐẠI DIỆN SỞ XÂY DỰNG", "PHÓ GIÁM ĐỐC"),
              ("ĐẠI DIỆN SỞ CÔNG THƯƠNG", "PHÓ GIÁM ĐỐC")]]),
    (FOUR, [[("ĐẠI DIỆN SỞ TÀI CHÍNH", "PHÓ GIÁM ĐỐC"), ("ĐẠI DIỆN SỞ XÂY DỰNG", "PHÓ GIÁM ĐỐC")],
            [("ĐẠI DIỆN UBND PHƯỜNG VĂN PHÚ", "CHỦ TỊCH"),
             ("ĐẠI DIỆN SỞ CÔNG THƯƠNG", "PHÓ GIÁM ĐỐC")]]),
    (FIVE, [[TC, XD], [VP, NN, CT]]),  # two then three, as the Cục Hóa chất biên bản
    (SIX, [[TC, XD], [VP, NN], [YB, CT]]),  # three rows of two, as the liên ngành one
], ids=["two", "three", "four", "five", "six"])
def test_parties_side_by_side(build_docx, parties: str, expected: list) -> None:
    docx = build_docx(minutes(parties))  # the checker finds no error
    sig = signature_paragraphs(docx)
    names = NAMES
    for group, titles in enumerate(expected):
        row = 2 * group  # the titles' row; the names stand in the next row, level
        for column, lines in enumerate(titles):
            in_cell = [p for p in sig if cell(p) == (row, column)]
            # the titles, in this cell and order: bold capitals (typed in normal case,
            # written in capitals), centred, then the blank room to sign
            heads = [p for p in in_cell if p.text.strip()]
            assert [p.text for p in heads] == list(lines)
            assert all(bold(p) and p.alignment == "center" for p in heads)
            blank = in_cell[in_cell.index(heads[-1]) + 1:]
            assert len(blank) >= 3 and not any(p.text.strip() for p in blank)
            (name,) = [p for p in sig if cell(p) == (row + 1, column) and p.text.strip()]
            assert name.text == names[lines[0]]
            assert bold(name) and name.alignment == "center"
    # Nơi nhận in the last row, below the left signature, at the left margin
    label = by_text(sig, "Nơi nhận:")
    assert cell(label) == (2 * len(expected), 0)
    assert label.alignment in ("left", "both")
    # the cells of a row share the text width equally (two: Nơi nhận | signature widths)
    widths = {}
    for p in sig:
        widths.setdefault(cell(p)[0], {})[cell(p)[1]] = p.cell_width_twips
    for group, titles in enumerate(expected):
        row = widths[2 * group]
        assert len(row) == len(titles)
        if len(titles) == 3:
            assert max(row.values()) - min(row.values()) <= 2, row
    assert by_text(sig, "- Lưu: VT, Hồ sơ.")
    # the căn cứ lines are italic, with ";" and a final "."
    basis = [p for p in load_docx(docx).paragraphs() if p.text.startswith("Căn cứ")]
    assert [p.text[-1] for p in basis] == [";", "."]
    assert all(r.italic for p in basis for r in p.visible_runs)


@pytest.mark.parametrize("parties,rows", [
    (FOUR, [["Vũ Lân", "Trần Đức Tình"], ["Lê Anh Dũng", "Nguyễn Đình Chiến"]]),
    (FIVE, [["Vũ Lân", "Trần Đức Tình"],
            ["Lê Anh Dũng", "Trịnh Thị Thu Huyền", "Nguyễn Đình Chiến"]]),
    (SIX, [["Vũ Lân", "Trần Đức Tình"], ["Lê Anh Dũng", "Trịnh Thị Thu Huyền"],
           ["Ngô Tấn Dũng", "Nguyễn Đình Chiến"]]),
], ids=["four", "five", "six"])
def test_parties_side_by_side_in_the_pdf(tmp_path: Path, parties: str,
                                         rows: list[list[str]]) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    source = tmp_path / "bb.yaml"
    source.write_text(minutes(parties), encoding="utf-8")
    assert main(["build", str(source), "-o", str(tmp_path / "out")]) == 0
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(tmp_path / "out" /
                                                                        "bb.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = text.splitlines()

    def line_with(*words: str) -> int:
        hits = [i for i, line in enumerate(lines) if all(w in line for w in words)]
        assert hits, (words, text[-1500:])
        return hits[0]

    # the names of a row on one printed line, left to right; each row below the one before;
    # Nơi nhận below the last row
    found = []
    for names in rows:
        at = line_with(*names)
        positions = [lines[at].index(name) for name in names]
        assert positions == sorted(positions), lines[at]
        found.append(at)
    assert found == sorted(found) and len(set(found)) == len(found)
    assert found[-1] < line_with("Nơi nhận:")
    assert line_with("ĐẠI DIỆN SỞ TÀI CHÍNH") < found[0]


def test_mau_1_9_stays_the_default(build_docx) -> None:
    """ho_ten_thu_ky: THƯ KÝ left, the chair right, the Mẫu's fixed lines."""
    docx = build_docx("""\
        loai: bien-ban
        co_quan: {ten: SỞ NỘI VỤ, viet_tat: SNV, chu_quan: UBND TỈNH LẠNG SƠN}
        so: 3
        dia_danh: Lạng Sơn
        ngay: 2020-03-05
        trich_yeu: Họp giao ban tháng 3 năm 2020
        bien_ban:
          thoi_gian_bat_dau: 14 giờ 00, ngày 05/3/2020
          dia_diem: Phòng họp tầng 2, Sở Nội vụ
          thanh_phan: [Lãnh đạo Sở]
          chu_tri: Ông Nguyễn Văn A, Giám đốc Sở
          thu_ky: Bà Lê Thị C, Chuyên viên
          ket_thuc: 16 giờ 30 cùng ngày
          ho_ten_thu_ky: Lê Thị C
        noi_dung: [Các đại biểu thảo luận, thống nhất nội dung.]
        nguoi_ky: {chuc_vu: CHỦ TỌA, ho_ten: Nguyễn Văn A}
        luu: [Hồ sơ]
        """)
    sig = signature_paragraphs(docx)
    assert cell(by_text(sig, "THƯ KÝ")) == (0, 0) and cell(by_text(sig, "CHỦ TỌA")) == (0, 1)
    assert cell(by_text(sig, "Lê Thị C")) == (1, 0)
    assert cell(by_text(sig, "Nguyễn Văn A")) == (1, 1)
    assert cell(by_text(sig, "Nơi nhận:")) == (2, 0)
    # as read: the writer keeps "ngày" with its date by a non-breaking space
    texts = [p.text.replace("\xa0", " ") for p in load_docx(docx).paragraphs()]
    assert "Thời gian bắt đầu: 14 giờ 00, ngày 05/3/2020" in texts
    assert "Nội dung cuộc họp:" in texts


def test_prose_minutes_have_no_fixed_lines(build_docx) -> None:
    docx = build_docx(minutes(TWO))
    texts = [p.text.replace("\xa0", " ") for p in load_docx(docx).paragraphs()]
    assert not any(t.startswith(("Thời gian bắt đầu", "Nội dung cuộc họp", "Cuộc họp kết thúc"))
                   for t in texts)
    assert texts.index("Căn cứ Báo cáo số 244/BC-UBND ngày 20/5/2026 của UBND phường Văn Phú.") \
        < texts.index("Hôm nay, ngày 26/5/2026 tại Sở Công Thương tỉnh Lào Cai, các bên tiến "
                      "hành làm việc.")


@pytest.mark.parametrize("parties,field,said", [
    ("""\
  ben_ky:
    - dai_dien: ĐẠI DIỆN CÔNG TY""", "bien_ban.ben_ky[0].ho_ten", "ho_ten"),
    ("""\
  ben_ky:
    - ho_ten: Nguyễn Quang Thắng""", "bien_ban.ben_ky[0].chuc_vu", "thiếu dòng chức danh"),
    (TWO + "\n  ho_ten_thu_ky: Lê Thị C", "bien_ban.ben_ky", "cả 'ho_ten_thu_ky'"),
    ("  su_kien: Cuộc họp", "bien_ban.ho_ten_thu_ky", "cần chữ ký bên trái"),
    (SIX + """
    - chuc_vu: THƯ KÝ
      ho_ten: Lê Thị C""", "bien_ban.ben_ky", "ben_ky"),
], ids=["no-name", "no-title", "both", "none", "seven"])
def test_party_errors_name_line_and_column(write_content, parties: str, field: str,
                                           said: str) -> None:
    text = minutes(parties)
    path = write_content(text)
    with pytest.raises(Problems) as info:
        load_document(path)
    problems = [p for p in info.value.items if p.field == field]
    assert problems, [(p.field, p.render("vi")) for p in info.value.items]
    problem = problems[0]
    message = problem.render("vi")
    assert said in message and "dòng" in message and problem.line and problem.column
    assert problem.render("en") != message  # English with --lang en
    assert not (path.parent.parent / "output").exists()


def test_checker_reads_the_party_table(build_docx) -> None:
    """vanban check finds Nơi nhận under the left signature and a signer in the table (the
    rules on them pass, not "not applicable"); dropping a party's name is caught (S-rule on
    the signer's name) — so the pass is not vacuous."""
    docx = build_docx(minutes(TWO))
    report = check_docx(docx)
    assert not report.errors
    assert {report.status_of(rule) for rule in ("R2", "R3")} == {"pass"}
    signer_rules = {r.rule_id for r in report.results
                    if r.rule_id.startswith("S") and r.status == "pass"}
    assert signer_rules, [(r.rule_id, r.status) for r in report.results]


def test_minutes_without_any_text_are_refused(write_content) -> None:
    """Neither the Mẫu's fixed lines nor a body: nothing would be recorded."""
    text = (minutes(TWO).split("noi_dung:")[0]
            + "nguoi_ky: {chuc_vu: TRƯỞNG ĐOÀN, ho_ten: Trần Trọng Trang}\n")
    path = write_content(text)
    with pytest.raises(Problems) as info:
        load_document(path)
    said = [p.render("vi") for p in info.value.items]
    assert any("Biên bản không có nội dung" in s for s in said), said
    assert any("has no text" in p.render("en") for p in info.value.items)

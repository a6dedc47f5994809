"""Nơi nhận with grouped recipients (ô 9b, as UBND documents write them): an entry
``{nhom, gom}`` prints ``- <nhom>:`` then one ``+ <member>;`` line each, 11 pt upright like
the other lines. Built through the whole pipeline (the checker finds no error), re-opened with
styles resolved, the PDF read back; bad groups are refused at their line and column."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator import nd30
from generator.build import load_document
from generator.check.resolve import Paragraph, load_docx
from generator.cli import main
from generator.docx.components import recipient_lines
from generator.fonts import text_width_twips
from generator.model import NhomNoiNhan, recipient_names
from generator.problems import Problems

PLAN = """\
loai: ke-hoach
co_quan: {{chu_quan: UBND TỈNH LẠNG SƠN, ten: SỞ NỘI VỤ, viet_tat: SNV}}
so: 15
dia_danh: Lạng Sơn
ngay: 2025-03-14
trich_yeu: Rà soát, sắp xếp tổ chức bộ máy năm 2025
noi_dung:
  - Các cơ quan, đơn vị triển khai thực hiện Kế hoạch này.
nguoi_ky: {{chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}}
noi_nhan:
{recipients}
luu: [KGVX]
"""

GROUPED = """\
  - Bộ Nội vụ
  - TT Tỉnh ủy, TT HĐND tỉnh
  - nhom: Các sở, ban, ngành tỉnh
    gom: [Sở Nội vụ, "Sở Tài chính;"]
  - UBND các huyện, thành phố"""

EXPECTED = ["Nơi nhận:", "- Bộ Nội vụ;", "- TT Tỉnh ủy, TT HĐND tỉnh;",
            "- Các sở, ban, ngành tỉnh:", "+ Sở Nội vụ;", "+ Sở Tài chính;",
            "- UBND các huyện, thành phố;", "- Lưu: VT, KGVX."]


def recipient_paragraphs(docx: Path) -> list[Paragraph]:
    paras = [p for p in load_docx(docx).paragraphs() if p.text.strip()]
    start = next(i for i, p in enumerate(paras) if p.text == "Nơi nhận:")
    cell = paras[start].where.table
    return [p for p in paras[start:] if p.where.table == cell]


def test_group_lines_fonts_and_indents(build_docx) -> None:
    docx = build_docx(PLAN.format(recipients=GROUPED))  # the checker finds no error
    paras = recipient_paragraphs(docx)
    assert [p.text for p in paras] == EXPECTED
    for p in paras[1:]:  # every line, "+" ones too: 11 pt, upright, not bold
        assert {r.size_pt for r in p.visible_runs} == {nd30.DEFAULT_SIZES.noi_nhan}
        assert not any(r.italic or r.bold for r in p.visible_runs)
        assert p.alignment in ("left", "both")
    dash = text_width_twips("- ", nd30.DEFAULT_SIZES.noi_nhan)
    plus = text_width_twips("+ ", nd30.DEFAULT_SIZES.noi_nhan)
    dashes = [p for p in paras[1:] if p.text.startswith("-")]
    members = [p for p in paras if p.text.startswith("+")]
    # "-" lines flush left, wrapped lines hanging after the dash; "+" lines under the text of
    # their group line, wrapped lines hanging after the "+ "
    assert {(p.left_twips + p.first_line_twips, p.left_twips) for p in dashes} == {(0, dash)}
    assert {(p.left_twips + p.first_line_twips, p.left_twips) for p in members} == {
        (dash, dash + plus)}


def test_group_last_before_lưu_and_punctuation_of_the_author_trimmed() -> None:
    group = NhomNoiNhan(nhom="VP UBND tỉnh:", gom=["LĐVP.", "KGVX"])
    assert recipient_lines(["Như trên;", group, "Lưu: VT"]) == [
        "- Như trên;", "- VP UBND tỉnh:", "+ LĐVP;", "+ KGVX;", "- Lưu: VT."]
    # a group last (no Lưu line after it: a copy's own list ends with Lưu, this is the rule)
    assert recipient_lines([group]) == ["- VP UBND tỉnh:", "+ LĐVP;", "+ KGVX."]


def test_group_first_in_a_cong_van_comes_after_nhu_tren(build_docx) -> None:
    docx = build_docx(PLAN.format(recipients=GROUPED).replace("loai: ke-hoach", """\
loai: cong-van
kinh_gui: [UBND tỉnh Lạng Sơn]
don_vi_soan_thao: TCBC""").replace("  - Bộ Nội vụ\n  - TT Tỉnh ủy, TT HĐND tỉnh\n",
                                          ""))
    assert [p.text for p in recipient_paragraphs(docx)][:3] == [
        "Nơi nhận:", "- Như trên;", "- Các sở, ban, ngành tỉnh:"]


def test_group_in_the_pdf(tmp_path: Path) -> None:
    source = tmp_path / "kh.yaml"
    source.write_text(PLAN.format(recipients=GROUPED), encoding="utf-8")
    assert main(["build", str(source), "-o", str(tmp_path / "out")]) == 0
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(tmp_path / "out" /
                                                                        "kh.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận:"))
    # the left column's lines, in order (the signer's lines stand to their right)
    left = [line.split("   ")[0] for line in lines[start:] if line.startswith(("-", "+"))]
    assert left == EXPECTED[1:], text[-1200:]
    raw = text.splitlines()
    group = next(line for line in raw if "- Các sở, ban, ngành tỉnh:" in line)
    member = next(line for line in raw if "+ Sở Nội vụ;" in line)
    assert member.index("+") > group.index("-")  # the members stand indented


@pytest.mark.parametrize("group,field,line,said", [
    ("  - nhom: Các sở, ban, ngành tỉnh\n    gom: []", "noi_nhan[1].gom", 13,
     "'gom' không được để trống"),
    ("  - nhom: Các sở, ban, ngành tỉnh", "noi_nhan[1].gom", 12, "Thiếu trường bắt buộc 'gom'"),
    ("  - nhom: ''\n    gom: [Sở Nội vụ]", "noi_nhan[1].nhom", 12, "'nhom' không được để trống"),
], ids=["empty", "no-members", "no-name"])
def test_bad_group_named_at_line_and_column(write_content, group: str, field: str, line: int,
                                            said: str) -> None:
    path = write_content(PLAN.format(recipients="  - Bộ Nội vụ\n" + group))
    with pytest.raises(Problems) as info:
        load_document(path)
    problems = [p for p in info.value.items if p.field == field]
    assert problems, [(p.field, p.render("vi")) for p in info.value.items]
    problem = problems[0]
    assert problem.line == line and problem.column
    message = problem.render("vi")
    assert said in message and f"dòng {line}, cột {problem.column}" in message
    assert problem.render("en") != message


def test_register_and_metadata_list_the_members(write_content) -> None:
    """The register's Nơi nhận column and the metadata's recipients name each member of a
    group (``recipient_names``), not the group object."""
    doc = load_document(write_content(PLAN.format(recipients=GROUPED)))
    assert recipient_names(doc.noi_nhan) == [
        "Bộ Nội vụ", "TT Tỉnh ủy, TT HĐND tỉnh", "Sở Nội vụ", "Sở Tài chính;",
        "UBND các huyện, thành phố"]


def test_group_in_a_copy(build_docx) -> None:
    """A copy (Mẫu 3.1, ``ban_sao``) writes its own Nơi nhận with the same rules."""
    sample = Path(__file__).resolve().parents[1] / "content" / "examples" / "sao-y.yaml"
    text = sample.read_text(encoding="utf-8").replace(
        "    - Các cơ quan, đơn vị có người tinh giản",
        "    - nhom: Các cơ quan, đơn vị có người tinh giản\n"
        "      gom: [Sở Tài chính, UBND huyện Cao Lộc]")
    assert "gom:" in text
    docx = build_docx(text)  # the checker finds no error
    lines = [p.text for p in load_docx(docx).paragraphs() if p.text.strip()]
    start = len(lines) - 1 - lines[::-1].index("Nơi nhận:")  # the copy's block, last
    assert lines[start + 1:start + 6] == [
        "- Phòng Tổ chức - Biên chế;", "- Các cơ quan, đơn vị có người tinh giản:",
        "+ Sở Tài chính;", "+ UBND huyện Cao Lộc;", "- Lưu: VT."]

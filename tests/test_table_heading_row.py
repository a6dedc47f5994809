"""A heading row inside a table ({tieu_de: …}): one bold cell across every column, as the
"I. NÂNG CAO NHẬN THỨC …" rows of a plan's task list (tests/real/kh-617-ubnd-dongthap-2025);
with `nhan` the label stands in the first column and the heading spans the others
(tests/real/kh-552-ubnd-dongthap-2025)."""

from __future__ import annotations

from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn

from generator.build import Source, build_one

from .conftest import MINIMAL

TABLE = """\
  - "Sở Nội vụ đề nghị Sở Tài chính thực hiện các nhiệm vụ sau:"
  - cot:
      - {ten: STT}
      - {ten: Tên nhiệm vụ}
      - {ten: Cơ quan chủ trì}
    dong:
      - tieu_de: I. NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY
      - [1, Triển khai nền tảng đào tạo trực tuyến, Sở KH&CN]
      - tieu_de: II. HOÀN THIỆN CƠ CHẾ, CHÍNH SÁCH
      - [2, Xây dựng Bộ tiêu chí đánh giá, Sở Nội vụ]
"""


def _with_table(table: str) -> str:
    return MINIMAL.replace(
        "  - Sở Nội vụ đề nghị Sở Tài chính gửi Đề án trước ngày 15/12/2017\n", table)


def test_heading_row_spans_every_column_in_bold(build_docx) -> None:
    path = build_docx(_with_table(TABLE))  # asserts zero checker errors
    (table,) = [t for t in open_docx(str(path)).tables
                if "STT" in t.rows[0].cells[0].text]
    rows = table._tbl.tr_lst
    assert len(rows) == 5  # header, heading, row, heading, row
    for index, text in ((1, "I. NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY"),
                        (3, "II. HOÀN THIỆN CƠ CHẾ, CHÍNH SÁCH")):
        cells = rows[index].tc_lst
        assert len(cells) == 1
        span = cells[0].tcPr.find(qn("w:gridSpan"))
        assert span is not None and span.get(qn("w:val")) == "3"
        assert "".join(t.text for t in cells[0].iter(qn("w:t"))) == text
        runs = list(cells[0].iter(qn("w:r")))
        assert runs and all(r.find(qn("w:rPr")) is not None
                            and r.find(qn("w:rPr")).find(qn("w:b")) is not None for r in runs)
    # an ordinary row keeps one cell per column
    assert len(rows[2].tc_lst) == 3


def _errors(path: Path) -> list[str]:
    outcome = build_one(Source(path, Path(path.name)), None)
    return [p.render("en") for p in outcome.problems if p.severity == "error"]


def test_heading_row_is_not_counted_as_a_short_row(write_content) -> None:
    assert _errors(write_content(_with_table(TABLE))) == []
    short = TABLE.replace("[2, Xây dựng Bộ tiêu chí đánh giá, Sở Nội vụ]",
                          "[2, Xây dựng Bộ tiêu chí đánh giá]")
    problems = _errors(write_content(_with_table(short)))
    assert any("2 cells but the table has 3 columns" in p for p in problems), problems


def test_labelled_heading_row_keeps_its_label_in_the_first_column(build_docx) -> None:
    table = TABLE.replace("- tieu_de: II. HOÀN THIỆN CƠ CHẾ, CHÍNH SÁCH",
                          "- {nhan: II, tieu_de: 'HOÀN THIỆN CƠ CHẾ, CHÍNH SÁCH'}")
    path = build_docx(_with_table(table))
    (docx_table,) = [t for t in open_docx(str(path)).tables
                     if "STT" in t.rows[0].cells[0].text]
    cells = docx_table._tbl.tr_lst[3].tc_lst
    assert ["".join(t.text for t in c.iter(qn("w:t"))) for c in cells] == [
        "II", "HOÀN THIỆN CƠ CHẾ, CHÍNH SÁCH"]
    assert cells[0].tcPr.find(qn("w:gridSpan")) is None
    assert cells[1].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "2"
    assert all(r.find(qn("w:rPr")).find(qn("w:b")) is not None
               for c in cells for r in c.iter(qn("w:r")))

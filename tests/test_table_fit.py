"""A data table never runs into the margins (P5), whatever widths the author asked for."""

from __future__ import annotations

from generator.check import check_docx
from generator.check.layout import table_extents
from generator.check.resolve import load_docx

from .conftest import MINIMAL


def test_columns_wider_than_the_text_area_are_narrowed(build_docx) -> None:
    text = MINIMAL.replace("  - Sở Nội vụ đề nghị Sở Tài chính gửi Đề án trước ngày 15/12/2017\n",
                           """\
  - "Sở Nội vụ đề nghị Sở Tài chính gửi Đề án theo bảng sau:"
  - cot:
      - {ten: Cơ quan, rong: 100}
      - {ten: Nội dung, rong: 90}
      - {ten: Ghi chú}
    dong:
      - [Sở Tài chính, Đề án tinh giản biên chế, Trước ngày 15/12/2017]
""")
    path = build_docx(text)  # asserts zero checker errors: P5 included
    report = check_docx(path)
    assert report.status_of("P5") == "pass"
    doc = load_docx(path)
    (data,) = [t for t in table_extents(doc) if t.bordered]
    assert data.width <= doc.sections[0].text_width

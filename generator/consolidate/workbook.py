"""The summary workbook for the specialists who keep working in Excel: the status sheet, one
sheet per plan table (every group, with subtotals and the total) and the agencies' texts.

The cells are the same values as the DOCX tables (the same :class:`~.tables.Layout`).
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .aggregate import Scope
from .plan import LoadedPlan
from .status import StatusReport
from .tables import Layout
from .xlsx import (
    BODY_FONT,
    BOLD_FONT,
    BOX,
    CENTER,
    FLAG_FILL,
    HEADER_FILL,
    HEADER_FONT,
    NUMBER_FORMAT,
    TITLE_FONT,
    WRAP,
    decimal_format,
    save,
)

STATUS_SHEET = "Tình trạng"
OPINIONS_SHEET = "Ý kiến"


def _header(sheet: Worksheet, row: int, titles: list[str], widths: list[float]) -> None:
    for col, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = sheet.cell(row, col, title)
        cell.font, cell.fill, cell.alignment, cell.border = (HEADER_FONT, HEADER_FILL, CENTER,
                                                             BOX)
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = sheet.cell(row + 1, 1)


def _title(sheet: Worksheet, text: str, span: int) -> None:
    sheet.cell(1, 1, text).font = TITLE_FONT
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(1, span))


def status_sheet(sheet: Worksheet, loaded: LoadedPlan, report: StatusReport) -> None:
    plan = loaded.plan
    titles = ["TT", "Cơ quan, đơn vị", "Nhóm", "Số, ký hiệu", "Ngày văn bản", "Ngày nhận",
              "Tình trạng", "Số ngày trễ", "Ghi chú"]
    _title(sheet, f"Tình hình gửi văn bản (hạn {plan.han_nop:%d/%m/%Y})", len(titles))
    _header(sheet, 3, titles, [6, 40, 18, 16, 14, 14, 22, 10, 60])
    for i, status in enumerate(report.units, start=1):
        s = status.chosen
        group = plan.group(status.unit.nhom).ten if status.unit else ""
        values = [i, status.name, group, s.so_hieu if s else None, s.ngay if s else None,
                  s.ngay_nhan if s else None, status.label(), status.days_late or None,
                  status.note() or None]
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(3 + i, col, value)
            cell.font, cell.border, cell.alignment = BODY_FONT, BOX, WRAP
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"


def table_sheet(sheet: Worksheet, table: Layout) -> None:
    _title(sheet, table.title, len(table.columns))
    widths = [c.width / 2 if c.width else (8 if c.kind != "chu" else 30)
              for c in table.columns]
    widths = [max(6.0, min(60.0, w)) for w in widths]
    if table.columns and table.columns[0].width is None and table.columns[0].kind == "chu":
        widths[0] = 6
    _header(sheet, 3, [c.title for c in table.columns], widths)
    row = 4
    for table_row in table.rows:
        bold = table_row.kind != "don_vi"
        _write_row(sheet, row, table, table_row.cells, bold, table_row.flagged)
        row += 1
    _write_row(sheet, row, table, table.total, True, False)
    if table.note:
        sheet.cell(row + 2, 1, table.note).font = BODY_FONT


def _write_row(sheet: Worksheet, row: int, table: Layout, cells: list[object], bold: bool,
               flagged: bool) -> None:
    for col, (column, value) in enumerate(zip(table.columns, cells, strict=True), start=1):
        cell = sheet.cell(row, col, value)
        cell.font = BOLD_FONT if bold else BODY_FONT
        cell.border = BOX
        cell.alignment = WRAP
        if column.kind in ("so", "phan_tram") and isinstance(value, int | float):
            cell.number_format = decimal_format(column.decimals) if column.decimals \
                else NUMBER_FORMAT
        if flagged:
            cell.fill = FLAG_FILL


def opinions_sheet(sheet: Worksheet, loaded: LoadedPlan, scope: Scope) -> None:
    plan = loaded.plan
    fields = [f for f in plan.truong if f.kieu in ("chu", "danh_sach")]
    titles = ["Cơ quan, đơn vị", "Nhóm"] + [f.ten for f in fields]
    _title(sheet, "Ý kiến, đề xuất của các cơ quan", len(titles))
    _header(sheet, 3, titles, [40, 18] + [50] * len(fields))
    for i, row in enumerate(scope.rows, start=4):
        values: list[object] = [row.unit.ten, row.group.ten]
        for f in fields:
            value = row.submission.values.get(f.ma)
            values.append("\n".join(f"- {v}" for v in value) if isinstance(value, list)
                          else value or None)
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(i, col, value)
            cell.font, cell.border, cell.alignment = BODY_FONT, BOX, WRAP


def write_workbook(loaded: LoadedPlan, report: StatusReport, whole: Scope,
                   tables: list[Layout], moment: dt.date) -> bytes:
    workbook = Workbook()
    status_sheet(workbook.active, loaded, report)
    workbook.active.title = STATUS_SHEET
    for spec, table in zip(loaded.plan.bang, tables, strict=True):
        table_sheet(workbook.create_sheet(spec.ma[:31]), table)
    opinions_sheet(workbook.create_sheet(OPINIONS_SHEET), loaded, whole)
    return save(workbook, moment)

"""XLSX forms for agencies that do not write YAML: one workbook per agency from the plan's
field list, with data validation on the cells; a filled form in ``units/`` is read back as a
submission, its problems located by row (``dòng``) and column of the value cell.

Layout of the one sheet: column A the field code (how the form is read back, so rows can be
moved), B the label, C the value (the only unlocked cells), D the hint. A list is written in
one cell, one item per line (Alt+Enter).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from ..archives import ArchiveError, check_xlsx
from ..content import Content, FieldPath, Position, character_message, forbidden_characters
from ..problems import Problem, Problems, Text
from .plan import DonVi, Plan
from .xlsx import BODY_FONT, BOX, HEADER_FILL, HEADER_FONT, TITLE_FONT, WRAP, save

SHEET = "Biểu mẫu"
FIRST_ROW = 6  # the row of the first field
CODE_COL, LABEL_COL, VALUE_COL, HINT_COL = 1, 2, 3, 4

# The submission's own lines before the plan's fields: (code, label, kind, hint).
HEADER_FIELDS: list[tuple[str, str, str, str]] = [
    ("don_vi", "Mã cơ quan", "chu", "Không sửa ô này."),
    ("so_hieu", "Số, ký hiệu văn bản của cơ quan (*)", "chu", "Ví dụ: 245/ĐA-STC"),
    ("ngay", "Ngày ban hành văn bản (*)", "ngay", "Ngày/tháng/năm, ví dụ 12/12/2017"),
    ("ngay_nhan", "Ngày nhận (cơ quan tổng hợp ghi) (*)", "ngay", "Ngày/tháng/năm"),
    ("nguoi_ky", "Họ tên người ký (*)", "chu", ""),
    ("chuc_vu", "Chức vụ người ký (nếu khác mặc định)", "chu", "Ví dụ: PHÓ GIÁM ĐỐC"),
]

_HINTS = {
    "so": "Số nguyên, không âm.",
    "ngay": "Ngày/tháng/năm.",
    "chu": "",
    "danh_sach": "Mỗi mục một dòng (Alt+Enter để xuống dòng trong ô).",
}


def _validation(kind: str) -> DataValidation | None:
    if kind == "so":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                            allow_blank=True)
        dv.error = "Nhập số nguyên không âm."
    elif kind == "ngay":
        dv = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                            formula2="DATE(2100,12,31)", allow_blank=True)
        dv.error = "Nhập ngày dạng ngày/tháng/năm."
    else:
        dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="10000",
                            allow_blank=True)
        dv.error = "Nội dung quá dài."
    dv.errorTitle = "Giá trị không hợp lệ"
    dv.showErrorMessage = True
    return dv


def write_form(plan: Plan, unit: DonVi) -> bytes:
    """One agency's form: its code filled in, every field of the plan to fill."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.cell(1, 1, plan.ten).font = TITLE_FONT
    sheet.cell(2, 1, f"Cơ quan: {unit.ten}").font = HEADER_FONT
    sheet.cell(3, 1, f"Hạn gửi: {plan.han_nop:%d/%m/%Y}. Chỉ điền vào cột «Số liệu»; "
                     "không sửa cột «Mã».").font = Font(name="Times New Roman", italic=True)
    for col, (title, width) in enumerate((("Mã", 18), ("Nội dung", 55), ("Số liệu", 40),
                                          ("Hướng dẫn", 45)), start=1):
        cell = sheet.cell(FIRST_ROW - 1, col, title)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BOX
        sheet.column_dimensions[cell.column_letter].width = width
    example = f"Ví dụ: 245/ĐA-{unit.viet_tat or unit.ma}"
    lines: list[tuple[str, str, str, str]] = [
        (code, label, kind, example if code == "so_hieu" else hint)
        for code, label, kind, hint in HEADER_FIELDS]
    lines += [(f.ma, f.ten + (" (*)" if f.required else ""), f.kieu,
               " ".join(x for x in (_HINTS[f.kieu], f.goi_y or "") if x)) for f in plan.truong]
    validations: dict[str, DataValidation] = {}
    for offset, (code, label, kind, hint) in enumerate(lines):
        row = FIRST_ROW + offset
        for col, value in ((CODE_COL, code), (LABEL_COL, label), (HINT_COL, hint)):
            cell = sheet.cell(row, col, value)
            cell.font, cell.border, cell.alignment = BODY_FONT, BOX, WRAP
        value_cell = sheet.cell(row, VALUE_COL, unit.ma if code == "don_vi" else None)
        value_cell.font, value_cell.border, value_cell.alignment = BODY_FONT, BOX, WRAP
        if code != "don_vi":
            value_cell.protection = Protection(locked=False)
            if kind == "ngay":
                value_cell.number_format = "DD/MM/YYYY"
            dv = validations.get(kind)
            if dv is None:
                dv = validations[kind] = _validation(kind)  # type: ignore[assignment]
                sheet.add_data_validation(dv)
            dv.add(value_cell)
    sheet.protection.sheet = True  # only the value cells can be edited
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False
    return save(workbook, plan.han_nop)


def read_form(path: Path, plan: Plan) -> Content:
    """A filled form as content: ``{code: value}`` with each value's row and column."""
    save_again = Text("Lưu lại tệp bằng Excel hoặc LibreOffice dưới dạng .xlsx.",
                      "Save the file again as .xlsx in Excel or LibreOffice.")
    try:  # our checks first: the ZIP directory (bombs), every XML part (DTDs, entities) and
        check_xlsx(path)  # the extent each sheet claims (limits.MAX_SHEET_*)
    except ArchiveError as exc:
        raise Problems([Problem(path, Text(
            f"Không đọc được biểu mẫu XLSX: {exc.message('vi')}",
            f"Cannot read the XLSX form: {exc.message('en')}"), hint=save_again)]) from None
    try:
        workbook = load_workbook(path, data_only=True, read_only=False)
    except Exception as exc:  # openpyxl raises many kinds; one agency's file, not the run
        detail = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        raise Problems([Problem(path, Text(
            f"Không đọc được biểu mẫu XLSX: phần mềm đọc bảng tính (openpyxl) không mở được "
            f"tệp ({detail}).", f"Cannot read the XLSX form: the spreadsheet reader (openpyxl) "
            f"cannot open it ({detail})."), hint=save_again)]) from None
    if SHEET not in workbook.sheetnames:
        raise Problems([Problem(path, Text(
            f"Biểu mẫu không có trang «{SHEET}».", f"The form has no sheet '{SHEET}'."),
            hint=Text("Dùng biểu mẫu do lệnh 'vanban form' tạo.",
                      "Use a form made by 'vanban form'."))])
    sheet = workbook[SHEET]
    lists = {f.ma for f in plan.truong if f.kieu == "danh_sach"}
    data: dict[str, Any] = {}
    positions: dict[FieldPath, Position] = {(): Position(1, 1)}
    bad: list[Problem] = []
    for row in range(FIRST_ROW, sheet.max_row + 1):
        code = sheet.cell(row, CODE_COL).value
        if not isinstance(code, str) or not code.strip():
            continue
        code = code.strip()
        value = _cell_value(sheet.cell(row, VALUE_COL).value)
        if isinstance(value, str):  # the same characters refused as in a content file
            bad.extend(Problem(path, character_message(c, kind), row, VALUE_COL, code)
                       for _, c, kind in forbidden_characters(value)[:1])
        if code in lists and isinstance(value, str):
            value = [line.strip(" -\t") for line in value.splitlines() if line.strip(" -\t")]
        if value is not None:
            data[code] = value
        positions[(code,)] = Position(row, VALUE_COL)
    if bad:
        raise Problems(bad)
    return Content(path, data, positions)


def _cell_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value

"""Reading the data: an XLSX sheet (openpyxl, read-only: rows stream, memory stays flat)
or a CSV file (UTF-8 with or without BOM; comma, semicolon or tab), first row = headings.

Each data row comes out as a :class:`Row`: its spreadsheet row number and, per heading,
a :class:`Cell` with the column letter and the converted value (see :mod:`.values`).
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from generator.problems import Text

from .values import CellProblem, convert

SUFFIXES = (".xlsx", ".xlsm", ".csv")


@dataclass(frozen=True)
class Where:
    """A place in the data: file, sheet, row and (optionally) column with its heading."""

    file: Path
    sheet: str | None
    row: int
    column: str | None = None
    heading: str | None = None

    def render(self, lang: str = "vi") -> str:
        en = lang == "en"
        parts = [str(self.file)]
        if self.sheet:
            parts.append(f"{'sheet' if en else 'trang tính'} {self.sheet}")
        parts.append(f"{'row' if en else 'dòng'} {self.row}")
        if self.column:
            parts.append(f"{'column' if en else 'cột'} {self.column}"
                         + (f" ({self.heading})" if self.heading else ""))
        return ", ".join(parts)


@dataclass(frozen=True)
class RowProblem:
    where: Where
    message: Text
    severity: str = "error"

    def render(self, lang: str = "vi") -> str:
        label = {"error": ("Lỗi", "Error"), "warning": ("Cảnh báo", "Warning")}[self.severity]
        return f"{self.where.render(lang)}: {label[lang == 'en']}: {self.message(lang)}"


@dataclass
class Cell:
    value: Any
    column: str
    problem: Text | None = None


@dataclass
class Row:
    number: int  # the spreadsheet's row number (headings are row 1 of a usual sheet)
    cells: dict[str, Cell] = field(default_factory=dict)  # by heading, as written (NFC)


class DataProblem(Exception):
    """The data file as a whole cannot be read (no such sheet, no headings, not a table)."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.vi)
        self.message = message


def heading_text(value: Any) -> str:
    """A heading as written: NFC, inner runs of spaces and line breaks made one space."""
    return " ".join(unicodedata.normalize("NFC", str(value)).split()) if value is not None else ""


class Sheet:
    """One table of rows. ``headings`` are known after opening; ``rows()`` streams."""

    def __init__(self, path: Path, sheet: str | None = None) -> None:
        self.path = path
        self.sheet_name = sheet
        if not path.is_file():
            raise DataProblem(Text(f"Không tìm thấy tệp dữ liệu: {path}",
                                   f"Data file not found: {path}"))
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise DataProblem(Text(
                f"Tệp dữ liệu phải là .xlsx hoặc .csv: {path}",
                f"The data file must be .xlsx or .csv: {path}"))
        self.is_csv = suffix == ".csv"
        self.headings: list[str] = []
        self.columns: list[str] = []  # column letter of each heading
        self.header_row = 1
        self._checked = False
        self._open()

    # -- XLSX

    def _workbook_sheet(self) -> Any:
        from openpyxl import load_workbook

        from generator.archives import ArchiveError, check_xlsx

        if not self._checked:  # bombs, DTDs, sheets claiming a million rows: before openpyxl
            try:
                check_xlsx(self.path)
            except ArchiveError as exc:
                raise DataProblem(Text(f"Không đọc được tệp {self.path}: {exc.message('vi')}",
                                       f"Cannot read {self.path}: {exc.message('en')}")) \
                    from None
            self._checked = True
        try:
            workbook = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # a damaged or non-XLSX file: said once, no traceback
            raise DataProblem(Text(f"Không đọc được tệp {self.path}: {exc}",
                                   f"Cannot read {self.path}: {exc}")) from None
        if self.sheet_name is None:
            worksheet = workbook.worksheets[0]
        elif self.sheet_name in workbook.sheetnames:
            worksheet = workbook[self.sheet_name]
        else:
            names = ", ".join(workbook.sheetnames)
            raise DataProblem(Text(
                f"Tệp {self.path} không có trang tính «{self.sheet_name}» (có: {names}).",
                f"{self.path} has no sheet '{self.sheet_name}' (it has: {names})."))
        return workbook, worksheet

    def _open(self) -> None:
        for number, raw in self._raw_rows():
            texts = [heading_text(v) for v, _ in raw]
            if any(texts):
                self.header_row = number
                while texts and not texts[-1]:
                    texts.pop()
                self.headings = texts
                self.columns = [get_column_letter(i + 1) for i in range(len(texts))]
                break
        else:
            raise DataProblem(Text(f"Tệp {self.path} không có dòng tiêu đề cột nào.",
                                   f"{self.path} has no row of headings."))
        seen: dict[str, str] = {}
        for heading, column in zip(self.headings, self.columns, strict=True):
            if heading and heading in seen:
                raise DataProblem(Text(
                    f"{self.path}: hai cột cùng tiêu đề «{heading}» ({seen[heading]} và "
                    f"{column}); hãy đặt tên khác nhau.",
                    f"{self.path}: two columns share the heading '{heading}' "
                    f"({seen[heading]} and {column}); give them different names."))
            seen[heading] = column

    @property
    def label(self) -> str | None:
        """The sheet's name for messages (None for a CSV file)."""
        if self.is_csv:
            return None
        if self.sheet_name is None:
            workbook, worksheet = self._workbook_sheet()
            self.sheet_name = worksheet.title
            workbook.close()
        return self.sheet_name

    def _raw_rows(self) -> Iterator[tuple[int, list[tuple[Any, str]]]]:
        """(row number, [(value, number format)…]) for every row, streamed."""
        if self.is_csv:
            yield from self._csv_rows()
            return
        workbook, worksheet = self._workbook_sheet()
        try:
            for cells in worksheet.iter_rows():
                if not cells:
                    continue
                number = next((c.row for c in cells if getattr(c, "row", None)), None)
                if number is None:
                    continue
                yield number, [(c.value, getattr(c, "number_format", "General") or "General")
                               for c in cells]
        finally:
            workbook.close()

    def _csv_rows(self) -> Iterator[tuple[int, list[tuple[Any, str]]]]:
        try:
            with open(self.path, encoding="utf-8-sig", newline="") as handle:
                sample = handle.read(8192)
                handle.seek(0)
                try:
                    dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
                except csv.Error:
                    dialect = csv.excel
                for number, values in enumerate(csv.reader(handle, dialect), start=1):
                    yield number, [(v, "General") for v in values]
        except UnicodeDecodeError:
            raise DataProblem(Text(
                f"Tệp {self.path} không phải UTF-8: khi lưu CSV từ Excel, chọn «CSV UTF-8».",
                f"{self.path} is not UTF-8: save it from Excel as 'CSV UTF-8'.")) from None

    def count(self) -> int | None:
        """Number of data rows, cheaply (the sheet's dimensions; a CSV is counted)."""
        if self.is_csv:
            with open(self.path, encoding="utf-8-sig", newline="") as handle:
                return max(0, sum(1 for _ in handle) - self.header_row)
        workbook, worksheet = self._workbook_sheet()
        try:
            return max(0, (worksheet.max_row or 0) - self.header_row) or None
        finally:
            workbook.close()

    def rows(self) -> Iterator[Row]:
        """The data rows below the headings; wholly empty rows are skipped."""
        for number, raw in self._raw_rows():
            if number <= self.header_row:
                continue
            row = Row(number)
            empty = True
            for index, heading in enumerate(self.headings):
                if not heading:
                    continue
                value, number_format = raw[index] if index < len(raw) else (None, "General")
                column = self.columns[index]
                try:
                    converted = convert(value, number_format)
                    row.cells[heading] = Cell(converted, column)
                except CellProblem as exc:
                    row.cells[heading] = Cell(None, column, Text(exc.vi, exc.en))
                    converted = value
                if converted is not None:
                    empty = False
            if not empty:
                yield row

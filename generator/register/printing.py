"""``vanban register print``: a register of Phụ lục IV for a year, a number or date range,
written as DOCX, PDF and XLSX into ``registers/`` of the office folder (or ``-o``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import write_atomic
from ..paths import OutputError, OutputFolder
from ..problems import Text
from .errors import RegisterError
from .forms import (
    FORMS,
    Register,
    follow_up_rows,
    incoming_rows,
    outgoing_rows,
    post_rows,
    register_docx,
    register_files,
    register_xlsx,
)

if TYPE_CHECKING:
    from .models import Number
    from .office import Office

FORMATS = ("docx", "pdf", "xlsx")


def build_register(office: Office, slug: str, *, year: int, book: str | None = None,
                   first: int | None = None, last: int | None = None,
                   date_from: dt.date | None = None, date_to: dt.date | None = None,
                   volume: int = 1) -> Register:
    form = FORMS.get(slug)
    if form is None:
        raise RegisterError(Text(f"Không có sổ '{slug}'; chọn: {', '.join(FORMS)}.",
                                 f"No register '{slug}'; choose: {', '.join(FORMS)}."))
    span = {"year": year, "first": first, "last": last, "date_from": date_from,
            "date_to": date_to}
    dates: list[dt.date] = []
    numbers: list[int] = []
    if slug in ("di", "buu-dien"):
        if book is not None:
            office.book(book)
        rows_db = office.numbers(book=book, status=None, **span)
        rows = outgoing_rows(rows_db) if slug == "di" else post_rows(rows_db)
        dates = [n.ngay for n in rows_db]
        numbers = [n.so for n in rows_db]
    elif slug in ("den", "theo-doi"):
        items = office.incoming(**span)
        rows = incoming_rows(items) if slug == "den" else follow_up_rows(items)
        dates = [i.ngay_den for i in items]
        numbers = [i.so_den for i in items]
    else:  # bản lưu: kept by hand; the printed register is ruled for it
        rows = []
    return Register(form, year, rows, min(dates, default=date_from),
                    max(dates, default=date_to), min(numbers, default=first),
                    max(numbers, default=last), volume)


def _write_into(out_dir: Path, target: Path, data: bytes) -> None:
    """Write under generator/paths.py's rule for ``out_dir`` (a RegisterError otherwise)."""
    try:
        OutputFolder(out_dir).write(target, data)
    except OutputError as exc:
        raise RegisterError(exc.problem.message) from None


def write_register(office: Office, register: Register, out_dir: Path,
                   formats: Sequence[str] = FORMATS, book: str | None = None) -> list[Path]:
    targets = register_files(out_dir, register.form, register.year, book)
    written = []
    docx = register_docx(office.config, register)
    if "docx" in formats or "pdf" in formats:
        _write_into(out_dir, targets["docx"], docx)
        written.append(targets["docx"])
    if "pdf" in formats:
        from ..pdf import PdfJob, PdfMetadata

        meta = PdfMetadata(title=f"{register.form.title} năm {register.year}",
                           author=office.config.co_quan.author,
                           subject=register.form.title.capitalize(),
                           date=register.last_date or dt.date(register.year, 12, 31))
        result = office.converter().convert([PdfJob(targets["docx"], targets["pdf"], meta)])[0]
        if not result.ok:
            raise RegisterError(Text(f"Không tạo được PDF: {result.error}",
                                     f"Could not make the PDF: {result.error_en}"))
        written.append(targets["pdf"])
    if "xlsx" in formats:
        _write_into(out_dir, targets["xlsx"], register_xlsx(office.config, register))
        written.append(targets["xlsx"])
    return written


def export_rows(office: Office, rows: Sequence[Number], year: int, target: Path) -> Path:
    """A search result as an XLSX in the columns of the sổ đăng ký văn bản đi."""
    register = Register(FORMS["di"], year, outgoing_rows(rows))
    write_atomic(target, register_xlsx(office.config, register))
    return target


def yearly_report(office: Office, year: int) -> list[tuple[str, int]]:
    """Documents issued in ``year`` per type (tên loại), most first; released numbers and
    reservations are not counted."""
    counts = Counter(n.ten_loai or "" for n in office.numbers(year=year))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def report_xlsx(office: Office, year: int, counts: Sequence[tuple[str, int]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"Năm {year}"
    font = "Times New Roman"
    sheet.append([office.config.co_quan.author])
    sheet.append([f"SỐ VĂN BẢN ĐÃ BAN HÀNH NĂM {year} THEO LOẠI"])
    sheet.append([])
    sheet.append(["Tên loại văn bản", "Số lượng"])
    for name, count in counts:
        sheet.append([name, count])
    sheet.append(["Tổng cộng", sum(c for _, c in counts)])
    for row in sheet.iter_rows():
        for cell in row:
            cell.font = Font(name=font, size=12, bold=cell.row in (2, 4, sheet.max_row))
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 12
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

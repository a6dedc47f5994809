"""What goes into a draft's slots when the office issues it: the number and the day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..vietnamese import day_text as _day
from ..vietnamese import number_text
from .errors import error


def number_slot(text: str | None) -> str | None:
    """``5`` → ``05`` (spec §4: numbers below 10 take a leading zero)."""
    if text is None:
        return None
    if not text.strip().isdigit() or int(text) <= 0:
        raise error(f"Số văn bản «{text}» phải là số nguyên dương.",
                    f"Document number '{text}' must be a positive whole number.")
    return number_text(int(text))


def day_text(text: str | None, printed: dt.date | None = None) -> str | None:
    """``2017-12-07`` → ``07`` (the day slot; spec §3.3: days below 10 take a zero).

    ``printed``: the draft's own date (its PDF's creation date, which vanban sets to the
    document's date): the month and year printed on the draft must be the issue date's."""
    if text is None:
        return None
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise error(f"Ngày «{text}» không đúng dạng 2017-12-07.",
                    f"Date '{text}' is not of the form 2017-12-07.") from None
    if printed is not None and (printed.year, printed.month) != (date.year, date.month):
        raise error(f"Dự thảo in sẵn “tháng {printed.month:02d} năm {printed.year}”, ngày ban "
                    f"hành {date:%d/%m/%Y} khác tháng: sửa ngay trong nội dung và dựng lại "
                    "dự thảo trước khi ký.",
                    f"The draft prints month {printed.month:02d}/{printed.year}; the issue "
                    f"date {date.isoformat()} is in another month: correct ngay in the "
                    "content and rebuild the draft before signing.")
    return _day(date.day)


def printed_date(pdf: Path) -> dt.date | None:
    """The document's date as vanban wrote it into the PDF (Info /CreationDate)."""
    from pypdf import PdfReader

    try:
        created = PdfReader(pdf).metadata.creation_date  # type: ignore[union-attr]
    except Exception:  # no metadata, unreadable: the signing step says what is wrong
        return None
    return created.date() if created else None

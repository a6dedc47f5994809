"""Vietnamese conventions for dates and numbers (spec §3.3, §4; Babel's ``vi`` locale)."""

from __future__ import annotations

import datetime as dt

from babel.numbers import format_decimal

# Width of a blank left for a hand-written day or number on a draft printed for signing.
DRAFT_BLANK = "\u00a0" * 5


def day_text(day: int) -> str:
    """Day of month with the leading zero of spec §3.3: 1 → ``01``, 15 → ``15``."""
    return f"{day:02d}"


def month_text(month: int) -> str:
    """Month with a leading zero for January and February only (spec §3.3)."""
    return f"{month:02d}" if month <= 2 else str(month)


def full_date(date: dt.date, *, blank_day: bool = False) -> str:
    """``ngày 07 tháng 12 năm 2017`` (spec §3.3); the day left blank for a draft."""
    day = DRAFT_BLANK if blank_day else day_text(date.day)
    return f"ngày {day} tháng {month_text(date.month)} năm {date.year}"


def short_date(date: dt.date) -> str:
    """``15/12/2017``: the form clerks write in running text."""
    return f"{date.day:02d}/{date.month:02d}/{date.year}"


def number_text(number: int) -> str:
    """Document number with the leading zero of spec §4: 5 → ``05``, 4208 → ``4208``."""
    return f"{number:02d}"


def format_number(value: float | int, decimals: int | None = None) -> str:
    """``1.234.567,5`` in Babel's ``vi`` locale."""
    if decimals is None:
        return format_decimal(value, locale="vi")
    return format_decimal(value, format=f"#,##0.{'0' * decimals}" if decimals else "#,##0",
                          locale="vi")

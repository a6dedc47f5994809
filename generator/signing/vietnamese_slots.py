"""What goes into a draft's slots when the office issues it: the number and the day."""

from __future__ import annotations

import datetime as dt

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


def day_text(text: str | None) -> str | None:
    """``2017-12-07`` → ``07`` (the day slot; spec §3.3: days below 10 take a zero)."""
    if text is None:
        return None
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise error(f"Ngày «{text}» không đúng dạng 2017-12-07.",
                    f"Date '{text}' is not of the form 2017-12-07.") from None
    return _day(date.day)

"""Cell values as clerks type them in Excel, turned into template variables.

* a real date cell, or text such as ``07/12/2017``, ``7/12/2017``, ``2017-12-07`` → a
  :class:`VnDate` (a ``datetime.date`` that prints ``07/12/2017``); an impossible text
  date (``30/02/2018``) is a problem of that cell;
* a number cell → an ``int`` (or ``Decimal``) that prints as Excel shows it: grouped
  ``1.234.567`` when the cell's format groups thousands (``#,##0``), plain digits otherwise
  (a year stays ``2017``); text such as ``1.234.567`` stays text, exactly as typed — the
  template filters (``so``, ``tien`` …) read both;
* text → stripped, NFC; an empty cell → no value (the template's default applies); a
  character no content may hold (NUL and other controls, bidirectional controls such as
  U+202E) is a problem of that cell, as it is in a content file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any

from generator.content import character_message, forbidden_characters
from generator.number_words import ValueProblem
from generator.vietnamese import format_number, parse_date

_DATE_LIKE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}-\d{1,2}-\d{1,2}")


class VnDate(dt.date):
    """A date that prints the way a Vietnamese clerk writes it: ``07/12/2017``."""

    def __str__(self) -> str:
        return f"{self.day:02d}/{self.month:02d}/{self.year}"

    def __reduce__(self) -> tuple[Any, ...]:  # pickled by the queue: stays a VnDate
        return (VnDate, (self.year, self.month, self.day))

    @classmethod
    def of(cls, value: dt.date) -> VnDate:
        return cls(value.year, value.month, value.day)


class GroupedInt(int):
    """An integer from a cell formatted with thousands separators: prints ``1.234.567``."""

    def __str__(self) -> str:
        return format_number(int(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return (GroupedInt, (int(self),))


class VnDecimal(Decimal):
    """A decimal number from a cell: prints ``1.234,5`` (grouped when the cell is)."""

    grouped = False

    def __str__(self) -> str:
        text = format_number(Decimal(self))
        return text if self.grouped else text.replace(".", "")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_decimal, (str(Decimal(self)), self.grouped))


def _decimal(text: str, grouped: bool) -> VnDecimal:
    value = VnDecimal(text)
    value.grouped = grouped
    return value


class CellProblem(Exception):
    def __init__(self, vi: str, en: str) -> None:
        super().__init__(vi)
        self.vi, self.en = vi, en


def convert(value: Any, number_format: str = "General") -> Any:
    """The template variable for one cell's value (``None`` for an empty cell)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.date):  # (a datetime too) a year outside 1900–2099 is a typo
        try:
            day = VnDate.of(parse_date(value))
        except ValueProblem as exc:
            raise CellProblem(exc.message_vi, exc.message_en) from None
        if isinstance(value, dt.datetime) and value.time() != dt.time():
            return f"{value.hour:02d} giờ {value.minute:02d}, {day}"
        return day
    grouped = "#,##" in (number_format or "")
    if isinstance(value, int):
        return GroupedInt(value) if grouped else value
    if isinstance(value, float | Decimal):
        number = Decimal(str(value))
        if number == number.to_integral_value():
            return GroupedInt(int(number)) if grouped else int(number)
        return _decimal(str(number), grouped)
    text = unicodedata.normalize("NFC", str(value)).strip()
    if not text:
        return None
    bad = forbidden_characters(text)
    if bad:
        index, code, kind = bad[0]
        message = character_message(code, kind)
        raise CellProblem(f"{message.vi.rstrip('.')} (ký tự thứ {index + 1} của ô).",
                          f"{message.en.rstrip('.')} (character {index + 1} of the cell).")
    if _DATE_LIKE.fullmatch(text):
        try:
            return VnDate.of(parse_date(text))
        except ValueProblem as exc:
            raise CellProblem(exc.message_vi, exc.message_en) from None
    return text


def canonical(value: Any) -> Any:
    """A JSON-able form that keeps the types apart (for the content hash)."""
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value), "t": type(value).__name__}
    if isinstance(value, int) and not isinstance(value, bool):
        return {"int": int(value), "t": type(value).__name__}
    return value

"""Vietnamese conventions for dates, numbers and labels (spec §3.3, §3.4, §4).

Number formatting uses Babel's ``vi`` locale (``1.234.567,5``). Values that cannot be read
raise :class:`ValueProblem` (a ``ValueError``) with a Vietnamese and an English message.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from decimal import Decimal, localcontext

from babel.numbers import format_decimal as _babel_format

from generator.nd30 import DIEM_LETTERS
from generator.number_words import Dialect, ValueProblem, number_to_words, whole_amount

VIETNAM_ZONE = dt.timezone(dt.timedelta(hours=7))

__all__ = [
    "DRAFT_BLANK",
    "DRAFT_NUMBER_BLANK",
    "ValueProblem",
    "capitalize_first",
    "day_text",
    "diem_letter",
    "format_money",
    "format_number",
    "full_date",
    "month_text",
    "number_text",
    "ordinal",
    "parse_date",
    "parse_number",
    "roman",
    "short_date",
    "weekday_name",
]

# Width of a blank left for a hand-written day on a draft printed for signing.
DRAFT_BLANK = "\u00a0" * 5
# The number's blank is wider: eight no-break spaces are as wide as four digits in Times New
# Roman, so ``1234`` filled in later by ``seal`` keeps the size of the rest of the line.
DRAFT_NUMBER_BLANK = "\u00a0" * 8


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


def signing_time(when: dt.datetime) -> str:
    """``08/12/2017 09:15:30 +07:00``: the time a digital signature shows (spec §7; the exact
    rendering is UNCONFIRMED there). [interpretation] the date as in running text, the time
    and the zone offset as ISO 8601 writes them; a naive time is taken as Vietnam's."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=VIETNAM_ZONE)
    offset = when.strftime("%z")
    return f"{when:%d/%m/%Y %H:%M:%S} {offset[:3]}:{offset[3:]}"


def short_date(date: dt.date) -> str:
    """``15/12/2017``: the form clerks write in running text."""
    return f"{date.day:02d}/{date.month:02d}/{date.year}"


def number_text(number: int) -> str:
    """Document number with the leading zero of spec §4: 5 → ``05``, 4208 → ``4208``."""
    return f"{number:02d}"


def group(number: int) -> str:
    """An integer with Vietnamese thousands grouping, for messages: 1000000 → ``1.000.000``."""
    return f"{number:,}".replace(",", ".")


def format_decimal(value: float | int | Decimal, **options: str) -> str:
    """Babel's ``format_decimal`` with enough decimal precision for the value: Babel rounds
    in the current context (28 digits), so a 29-digit number would raise InvalidOperation."""
    try:
        digits = Decimal(str(value) if isinstance(value, float) else value).adjusted() + 1
    except (ArithmeticError, ValueError, TypeError):
        digits = 0
    with localcontext() as context:
        context.prec = max(context.prec, digits + 40)
        return _babel_format(value, **options)


def format_number(value: float | int | Decimal, decimals: int | None = None) -> str:
    """``1.234.567,5`` in Babel's ``vi`` locale."""
    if decimals is None:
        return format_decimal(value, locale="vi")
    return format_decimal(value, format=f"#,##0.{'0' * decimals}" if decimals else "#,##0",
                          locale="vi")


def format_money(amount: int | Decimal, *, currency: str = "đồng") -> str:
    """``1.234.567 đồng``; an amount with a fraction of a đồng is refused."""
    text = format_decimal(whole_amount(amount), format="#,##0", locale="vi")
    return f"{text} {currency}" if currency else text


_ORDINAL_SPECIAL = {1: "nhất", 4: "tư"}


def ordinal(n: int, *, dialect: Dialect = "bac") -> str:
    """``thứ nhất``, ``thứ hai``, ``thứ tư``, ``thứ mười``, ``thứ hai mươi mốt`` …"""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueProblem(
            f"Số thứ tự phải là số nguyên từ 1 trở lên, không phải «{n}».",
            f"An ordinal needs an integer of at least 1, not {n!r}.",
        )
    return "thứ " + (_ORDINAL_SPECIAL.get(n) or number_to_words(n, dialect=dialect))


_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)


def roman(n: int) -> str:
    """Roman numeral for Phần, Chương, Phụ lục and top headings: 4 → ``IV`` (spec §3.4)."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 3999:
        raise ValueProblem(
            f"Số La Mã chỉ viết được cho số nguyên từ 1 đến 3999, không phải «{n}».",
            f"Roman numerals need an integer from 1 to 3999, not {n!r}.",
        )
    parts = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        parts.append(letters * count)
    return "".join(parts)


def diem_letter(index: int) -> str:
    """Letter of the ``index``-th điểm, counting from 1 like ``loop.index``: 5 → ``đ``.

    The decree's alphabet has 23 letters (no f, j, w, z); a 24th điểm is refused rather than
    invented.
    """
    if isinstance(index, bool) or not isinstance(index, int) or not 1 <= index <= len(
        DIEM_LETTERS
    ):
        raise ValueProblem(
            f"Điểm thứ «{index}» không có chữ cái: một khoản có từ điểm a đến điểm "
            f"{DIEM_LETTERS[-1]} ({len(DIEM_LETTERS)} điểm).",
            f"No letter for point {index!r}: a clause has points a to {DIEM_LETTERS[-1]} "
            f"({len(DIEM_LETTERS)} points).",
        )
    return DIEM_LETTERS[index - 1]


_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def weekday_name(date: dt.date) -> str:
    """``thứ Hai`` … ``thứ Bảy``, ``Chủ nhật``, as written in running text."""
    return _WEEKDAYS[date.weekday()]


def capitalize_first(text: str) -> str:
    """Upper-case the first letter only (``str.capitalize`` would lower the rest)."""
    return text[:1].upper() + text[1:]


_ISO_DATE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_CLERK_DATE = re.compile(
    r"(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})"
)


# The years a date in a document may have [interpretation]: wide enough for a birth date or
# an old document cited, narrow enough to catch a mistyped year (2205 for 2025, or 1899
# from a spreadsheet's date serial -5).
FIRST_YEAR, LAST_YEAR = 1900, 2099


def _in_years(date: dt.date, text: str) -> dt.date:
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise ValueProblem(
            f"Ngày «{text}»: năm {date.year} nằm ngoài {FIRST_YEAR}–{LAST_YEAR}, có lẽ gõ "
            "nhầm năm.",
            f"Date {text!r}: the year {date.year} is outside {FIRST_YEAR}–{LAST_YEAR}, "
            "probably a mistyped year.")
    return date


def parse_date(value: str | dt.date) -> dt.date:
    """A date as clerks write it: ``07/12/2017``, ``7/12/2017``, ``07-12-2017``,
    ``07.12.2017`` or ``2017-12-07``; a ``date`` (from YAML) is returned as is.

    An impossible date such as ``31/02/2018``, or one outside :data:`FIRST_YEAR` …
    :data:`LAST_YEAR`, raises :class:`ValueProblem` saying why.
    """
    if isinstance(value, dt.datetime):
        return _in_years(value.date(), value.date().strftime("%d/%m/%Y"))
    if isinstance(value, dt.date):
        return _in_years(value, value.strftime("%d/%m/%Y"))
    text = unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else None
    match = text and (_ISO_DATE.fullmatch(text) or _CLERK_DATE.fullmatch(text))
    if not match:
        raise ValueProblem(
            f"Không đọc được ngày «{value}»: hãy viết ngày/tháng/năm, ví dụ 07/12/2017 "
            "hoặc 2017-12-07.",
            f"Cannot read the date {value!r}: write day/month/year, e.g. 07/12/2017 or "
            "2017-12-07.",
        )
    year, month, day = (int(match[k]) for k in ("y", "m", "d"))
    if not 1 <= month <= 12:
        raise ValueProblem(
            f"Ngày «{text}» không có thật: không có tháng {month} (viết ngày trước, tháng "
            "sau, ví dụ 07/12/2017).",
            f"Date {text!r} does not exist: there is no month {month} (write the day first, "
            "then the month, e.g. 07/12/2017).",
        )
    last = calendar.monthrange(year, month)[1]
    if day == 0:
        raise ValueProblem(
            f"Ngày «{text}» không có thật: không có ngày 0.",
            f"Date {text!r} does not exist: there is no day 0.",
        )
    if day > last:
        raise ValueProblem(
            f"Ngày «{text}» không có thật: tháng {month} năm {year} chỉ có {last} ngày.",
            f"Date {text!r} does not exist: month {month} of {year} has {last} days.",
        )
    return _in_years(dt.date(year, month, day), text)


_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # 1.234.567 or 1.234.567,5
_COMMA_DECIMAL = re.compile(r"\d+(?:,\d+)?")  # 1234567 or 1234,5
_POINT_DECIMAL = re.compile(r"\d+\.\d+")  # 1.5 (not a Vietnamese grouping)


MAX_NUMBER_CHARS = 40  # 1.234.567.890.123.456.789.012.345.678,99 — far past any real figure


def parse_number(value: int | float | Decimal | str) -> int | Decimal:
    """A number from YAML: an int, a float, a Decimal, or text such as ``1.234.567``,
    ``1.234.567,5``, ``1234567`` or ``1.5``.

    In Vietnamese the dot groups thousands and the comma is the decimal mark, so
    ``1.500`` is one thousand five hundred. Whole numbers come back as ``int``, others as
    ``Decimal``.
    """
    if isinstance(value, bool):
        pass  # a YAML yes/no is not a number
    elif isinstance(value, int):
        return value
    elif isinstance(value, float | Decimal):
        number = Decimal(str(value)) if isinstance(value, float) else value
        if number.is_finite():
            return int(number) if number == number.to_integral_value() else number
    elif isinstance(value, str) and len(value) > MAX_NUMBER_CHARS:
        raise ValueProblem(
            f"Số «{value[:20]}…» dài {group(len(value))} ký tự: không văn bản nào ghi số như vậy.",
            f"The number '{value[:20]}…' is {len(value):,} characters long: no document "
            "carries such a number.")
    elif isinstance(value, str):
        text = re.sub(r"\s", "", unicodedata.normalize("NFKC", value)).replace("−", "-")
        sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
        if _GROUPED.fullmatch(digits):
            plain = digits.replace(".", "").replace(",", ".")
        elif _COMMA_DECIMAL.fullmatch(digits):
            plain = digits.replace(",", ".")
        elif _POINT_DECIMAL.fullmatch(digits):
            plain = digits
        else:
            plain = None
        if plain is not None:  # only digits and at most one "." are left: Decimal accepts it
            number = Decimal(sign + plain)
            return int(number) if "." not in plain else number
    raise ValueProblem(
        f"Không đọc được số «{value}»: hãy viết như 1.234.567 hoặc 1234567 (dấu chấm "
        "phân cách hàng nghìn, dấu phẩy trước phần thập phân).",
        f"Cannot read the number {value!r}: write it like 1.234.567 or 1234567 (dots "
        "between thousands, a comma before decimals).",
    )

"""Vietnamese numbers and money in words, written by hand.

The libraries on PyPI get Vietnamese wrong (``mười mốt``, ``hai mươi một``, missing ``linh``),
so the rules are spelled out here. A number is read in groups of three digits
(đơn vị, nghìn, triệu) and the ``tỷ`` level repeats for larger numbers: 10¹² is ``một nghìn
tỷ``, 10¹⁸ is ``một tỷ tỷ``.

Rules for one group ``h t u`` (hundreds, tens, units):

- ``mười`` for tens = 1, ``X mươi`` for tens ≥ 2 (``mười``, ``hai mươi``).
- units 1 after ``mươi`` (tens ≥ 2) is ``mốt`` (``hai mươi mốt``); after ``mười`` it stays
  ``một`` (``mười một``).
- units 5 after ``mười``/``mươi`` is ``lăm`` (``mười lăm``, ``năm mươi lăm``); elsewhere
  ``năm`` (``một trăm linh năm``).
- units 4 after ``mươi`` is ``tư`` in the north (``hai mươi tư``), ``bốn`` in the south;
  ``mười bốn`` in both.
- tens = 0 with a non-zero unit, once a hundreds digit is read, is ``linh`` (north) or ``lẻ``
  (south): ``một trăm linh năm``.
- The leading group is read as short as it is (``mười lăm nghìn``). Every later non-zero
  group is read with all three places, so an empty hundreds becomes ``không trăm``:
  1.005 → ``một nghìn không trăm linh năm``; 1.050 → ``một nghìn không trăm năm mươi``.
- A group that is entirely zero is skipped, with its unit word. So 1.000.000.001 is ``một
  tỷ không trăm linh một`` rather than ``một tỷ không triệu không nghìn không trăm linh một``:
  this is how banks and invoice (hóa đơn) software write amounts in words, and how the
  number is read aloud. The ``không trăm`` of a later non-zero group is kept: every group
  after the first has three places, and the written forms spell them all (``một nghìn không
  trăm linh năm``).

Southern forms (``dialect="nam"``): ``lẻ`` for ``linh``, ``ngàn`` for ``nghìn``, ``bốn`` for
``tư`` after ``mươi``.

Money: VND has no subunit in use, so :func:`money_in_words` refuses an amount with a
fractional part (``Decimal("1200000.50")``) with a :class:`ValueProblem` instead of reading
``phẩy``, which would be wrong on a payment document. Integral Decimals (``1200000.00``) are
accepted.

:class:`ValueProblem` (a ``ValueError`` with Vietnamese and English messages) lives here, the
lowest module, and is shared with :mod:`generator.vietnamese`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

Dialect = Literal["bac", "nam"]

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
BILLION = 10**9


class ValueProblem(ValueError):
    """A value that cannot be read or formatted; ``str()`` is the Vietnamese message."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi)
        self.message_vi = message_vi
        self.message_en = message_en

    def message(self, lang: str = "vi") -> str:
        """The message in ``vi`` or ``en``."""
        return self.message_en if lang == "en" else self.message_vi


def _check_dialect(dialect: str) -> None:
    if dialect not in ("bac", "nam"):
        raise ValueProblem(
            f"Phương ngữ không hợp lệ: «{dialect}» (dùng «bac» hoặc «nam»).",
            f"Unknown dialect {dialect!r} (use 'bac' or 'nam').",
        )


def _group(value: int, full: bool, dialect: str) -> list[str]:
    """Words for 1 ≤ value ≤ 999; ``full`` reads all three places (``không trăm``, ``linh``)."""
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("lẻ" if dialect == "nam" else "linh")
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 4:
            words.append("bốn" if dialect == "nam" else "tư")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(DIGITS[units])
    return words


def _words(number: int, full: bool, dialect: str) -> list[str]:
    """Words for number ≥ 1; ``full`` when a higher, non-zero part has already been read."""
    if number >= BILLION:
        high, low = divmod(number, BILLION)
        words = _words(high, full, dialect) + ["tỷ"]
        return words + _words(low, True, dialect) if low else words
    thousand = "ngàn" if dialect == "nam" else "nghìn"
    words = []
    for value, unit in (
        (number // 10**6, "triệu"),
        (number // 1000 % 1000, thousand),
        (number % 1000, None),
    ):
        if value == 0:
            continue  # a whole zero group is skipped (see the module docstring)
        words += _group(value, full, dialect)
        if unit:
            words.append(unit)
        full = True
    return words


def number_to_words(n: int, *, dialect: Dialect = "bac") -> str:
    """An integer in words, lower case: 105 → ``một trăm linh năm``; -5 → ``âm năm``."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueProblem(
            f"Chỉ đọc được số nguyên thành chữ, không đọc được «{n}».",
            f"Only integers can be written in words, not {n!r}.",
        )
    _check_dialect(dialect)
    if n == 0:
        return "không"
    words = _words(abs(n), False, dialect)
    return " ".join((["âm"] if n < 0 else []) + words)


def whole_amount(amount: int | Decimal) -> int:
    """The amount as an int; refuses fractions of a đồng and non-numbers."""
    if isinstance(amount, bool) or not isinstance(amount, int | Decimal):
        raise ValueProblem(
            f"Số tiền phải là số nguyên, không phải «{amount}».",
            f"An amount of money must be an integer, not {amount!r}.",
        )
    if isinstance(amount, Decimal):
        if not amount.is_finite() or amount != amount.to_integral_value():
            raise ValueProblem(
                f"Số tiền «{amount}» có phần lẻ: tiền đồng không có đơn vị nhỏ hơn đồng, "
                "hãy làm tròn đến đồng.",
                f"Amount {amount} has a fractional part: VND has no subunit, round it to "
                "whole đồng.",
            )
        return int(amount)
    return amount


def money_in_words(
    amount: int | Decimal, *, dialect: Dialect = "bac", currency: str = "đồng"
) -> str:
    """Money as written on a document: 1200000 → ``Một triệu hai trăm nghìn đồng``.

    Capitalised first letter, followed by ``currency`` (left out when empty).
    """
    text = number_to_words(whole_amount(amount), dialect=dialect)
    if currency:
        text = f"{text} {currency}"
    return text[0].upper() + text[1:]

"""Which column fills which template variable.

Rule, in this order (documented in the README, section "Trộn thư"):

1. an explicit map — a YAML file ``--map FILE`` (``"Họ và tên": ho_ten``) or options
   ``--column "Họ và tên=ho_ten"`` — matched against the headings as written (Unicode NFC,
   runs of spaces made one, letter case ignored; diacritics count: «Hồ» is not «Hổ»);
2. a heading that is already a variable name (``ho_ten``) fills that variable;
3. any other heading fills its plain form: diacritics dropped, ``đ`` → ``d``, lower case,
   other characters → ``_`` («Họ và tên» → ``ho_va_ten``, «Số tiền (đồng)» → ``so_tien_dong``).

Two headings that would fill the same variable are refused: map one of them explicitly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from generator.problems import Text

from .sheet import DataProblem, heading_text

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def plain_name(heading: str) -> str:
    """«Họ và tên» → ``ho_va_ten``."""
    text = unicodedata.normalize("NFD", heading.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    if text and text[0].isdigit():
        text = "c_" + text
    return text


def _key(heading: str) -> str:
    return heading_text(heading).casefold()


def read_map_file(path: Path) -> dict[str, str]:
    """The column map of ``--map``: read as every content file is (a regular file only — a
    FIFO never blocks —, UTF-8, safe YAML with aliases bounded, a fault named by line)."""
    from ..content import parse_yaml, read_text
    from ..problems import Problems

    try:
        data = parse_yaml(read_text(path), path).data
    except Problems as exc:
        first = exc.items[0]
        raise DataProblem(Text(f"Không đọc được tệp ánh xạ cột — {first.render('vi')}",
                               f"Cannot read the column map — {first.render('en')}")) from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise DataProblem(Text(
            f"Tệp ánh xạ cột {path} phải gồm các dòng «Tiêu đề cột: ten_bien».",
            f"The column map {path} must hold lines 'Column heading: variable_name'."))
    return {str(k): v for k, v in data.items()}


def parse_options(options: Iterable[str]) -> dict[str, str]:
    out = {}
    for option in options:
        heading, sep, variable = option.rpartition("=")
        if not sep or not heading.strip():
            raise DataProblem(Text(
                f"--column «{option}»: hãy viết «Tiêu đề cột=ten_bien».",
                f"--column '{option}': write 'Column heading=variable_name'."))
        out[heading] = variable.strip()
    return out


class ColumnMap:
    """heading (as written in the sheet) → variable name."""

    def __init__(self, headings: Iterable[str], explicit: Mapping[str, str]) -> None:
        wanted = {_key(h): v for h, v in explicit.items()}
        self.variables: dict[str, str] = {}
        by_variable: dict[str, str] = {}
        for variable in wanted.values():
            if not _VARIABLE.match(variable):
                raise DataProblem(Text(
                    f"Tên biến «{variable}» không hợp lệ: chỉ chữ không dấu, số và _.",
                    f"Variable name '{variable}' is invalid: letters, digits and _ only."))
        matched = set()
        for heading in headings:
            if not heading:
                continue
            if _key(heading) in wanted:
                variable = wanted[_key(heading)]
                matched.add(_key(heading))
            elif _VARIABLE.match(heading):
                variable = heading
            else:
                variable = plain_name(heading)
            if not variable:
                continue
            if variable in by_variable:
                raise DataProblem(Text(
                    f"Hai cột «{by_variable[variable]}» và «{heading}» cùng điền biến "
                    f"«{variable}»; hãy ánh xạ một cột bằng --column «{heading}=ten_khac».",
                    f"Columns '{by_variable[variable]}' and '{heading}' would both fill "
                    f"'{variable}'; map one with --column '{heading}=other_name'."))
            by_variable[variable] = heading
            self.variables[heading] = variable
        unknown = [h for h in explicit if _key(h) not in matched]
        if unknown:
            known = ", ".join(f"«{h}»" for h in headings if h)
            raise DataProblem(Text(
                f"Không có cột tiêu đề «{unknown[0]}» trong dữ liệu (có: {known}).",
                f"No column headed '{unknown[0]}' in the data (there are: {known})."))
        self.headings = {v: h for h, v in self.variables.items()}

    def heading(self, name: str) -> str | None:
        """The heading named by an option: a heading as written, or a variable name."""
        for heading in self.variables:
            if _key(heading) == _key(name):
                return heading
        return self.headings.get(name)

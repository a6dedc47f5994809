"""Usage errors of the ``vanban`` command in Vietnamese (English with ``--lang en``).

argparse words its errors in English; this parser translates the ones it makes (missing or
unknown arguments, invalid choices and values) and always exits with status 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^the following arguments are required: (?P<a>.+)$"),
     "thiếu tham số bắt buộc: {a}"),
    (re.compile(r"^unrecognized arguments: (?P<a>.+)$"), "tham số không nhận ra: {a}"),
    (re.compile(r"^argument (?P<a>[^:]+): invalid choice: (?P<v>.+?) \(choose from (?P<c>.+)\)$"),
     "tham số {a}: giá trị {v} không hợp lệ (chọn một trong: {c})"),
    (re.compile(r"^argument (?P<a>[^:]+): expected one argument$"),
     "tham số {a}: cần một giá trị"),
    (re.compile(r"^argument (?P<a>[^:]+): expected at least one argument$"),
     "tham số {a}: cần ít nhất một giá trị"),
    (re.compile(r"^argument (?P<a>[^:]+): invalid int value: (?P<v>.+)$"),
     "tham số {a}: {v} không phải số nguyên"),
    (re.compile(r"^argument (?P<a>[^:]+): invalid (?P<t>\w+) value: (?P<v>.+)$"),
     "tham số {a}: giá trị {v} không hợp lệ"),
    (re.compile(r"^argument (?P<a>[^:]+): ignored explicit argument (?P<v>.+)$"),
     "tham số {a}: không nhận giá trị {v}"),
    (re.compile(r"^argument (?P<a>[^:]+): not allowed with argument (?P<b>.+)$"),
     "tham số {a}: không dùng cùng {b}"),
]


def lang_of(argv: Sequence[str]) -> str:
    """The ``--lang`` asked for anywhere on the command line (before parsing it)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "vi"


def translate(message: str) -> str:
    for pattern, vietnamese in _PATTERNS:
        match = pattern.match(message)
        if match:
            return vietnamese.format(**match.groupdict())
    return f"cách dùng không đúng ({message})"


class UsageParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are Vietnamese unless ``lang`` is ``en``."""

    lang = "vi"

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        if self.lang == "en":
            text = f"{self.prog}: error: {message}"
        else:
            text = f"{self.prog}: lỗi: {translate(message)}\n    → xem: {self.prog} --help"
        self.exit(2, text + "\n")

"""Usage errors and help of the ``vanban`` command in Vietnamese (English with ``--lang en``).

argparse words everything it says itself — ``usage:``, ``error:``, its error messages, the
``positional arguments``/``options`` headings, the help of ``-h`` — through gettext's ``_()``
and ``ngettext()``. :func:`argparse_language` installs a catalogue (:data:`VIETNAMESE`) in
their place while the parsers are built and the command line is parsed, so every one of those
texts is Vietnamese by default; with ``en`` argparse's own English stays. Usage errors always
exit with status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence
from typing import NoReturn

# argparse's msgids (Python 3.11–3.13) → Vietnamese. Only the texts a user can meet; the ones
# argparse raises for programming mistakes (conflicting options …) stay as they are.
VIETNAMESE: dict[str, str] = {
    "usage: ": "cách dùng: ",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "positional arguments": "tham số vị trí",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "subcommands": "lệnh",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in số phiên bản rồi thoát",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không nhận ra: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "giá trị %(value)r không hợp lệ (chọn một trong: %(choices)s)",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "không có lệnh %(parser_name)r (các lệnh: %(choices)s)",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ (cần kiểu %(type)s)",
    "ignored explicit argument %r": "không nhận giá trị %r",
    "not allowed with argument %s": "không dùng cùng %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn %(option)s không rõ: có thể là %(matches)s",
    "unexpected option string: %s": "tùy chọn không mong đợi: %s",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    "argument \"-\" with mode %r": "tham số \"-\" với chế độ %r",
}
# The one plural text a user can meet ("expected 2 arguments"): Vietnamese has no plural.
_PLURALS: dict[str, str] = {"expected %s argument": "cần %s giá trị"}

_TYPE_NAMES = {"int": "số nguyên", "float": "số", "Path": "đường dẫn"}
# How usage lines and errors name the commands' positional arguments in Vietnamese (argparse
# would show the English ``dest``: "thiếu tham số bắt buộc: paths").
POSITIONAL_NAMES: dict[str, str] = {
    "paths": "nội-dung", "files": "tệp-docx", "docx": "tệp-docx", "type": "loại",
    "scan": "bản-quét", "pdf": "tệp-pdf", "plan": "kế-hoạch", "username": "tên-đăng-nhập",
    "folder": "thư-mục", "draft": "bản-thảo", "number": "số", "year": "năm",
    "number_and_code": "số-ký-hiệu", "file": "tệp", "issued": "văn-bản", "template": "mẫu",
    "data": "dữ-liệu",
}
# And their options' values ("-o OUTPUT" → "-o ĐẦU_RA"); a name missing here shows as argparse
# makes it (the ``dest`` in capitals; Vietnamese ones like SO_KY_HIEU need nothing).
OPTION_VALUE_NAMES: dict[str, str] = {
    "book": "SỔ", "by": "CƠ_QUAN", "date": "NGÀY", "date_from": "TỪ_NGÀY",
    "date_to": "ĐẾN_NGÀY", "deadline": "HẠN", "due": "HẠN", "format": "ĐỊNH_DẠNG",
    "holder": "NGƯỜI_GIỮ", "host": "MÁY", "image": "ẢNH", "key_label": "NHÃN_KHÓA",
    "map": "TỆP", "name": "TÊN", "note": "GHI_CHÚ", "numbers": "CÁC_SỐ",
    "office": "THƯ_MỤC_CƠ_QUAN", "output": "ĐẦU_RA", "p12": "TỆP_P12",
    "password_env": "BIẾN", "pending": "THƯ_MỤC", "pkcs11_module": "TỆP_MODULE",
    "plan": "KẾ_HOẠCH", "plans": "THƯ_MỤC", "port": "CỔNG", "reason": "LÝ_DO",
    "recipient": "NƠI_NHẬN", "role": "VAI_TRÒ", "seal": "ẢNH_DẤU", "sheet": "TRANG_TÍNH",
    "signer": "NGƯỜI_KÝ", "templates": "THƯ_MỤC_MẪU", "time": "THỜI_ĐIỂM", "to": "ĐẾN",
    "token": "TOKEN", "trust": "TỆP_CA", "type": "LOẠI", "unit": "ĐƠN_VỊ",
    "user": "NGƯỜI_DÙNG", "volume": "TẬP", "volume_mb": "MB", "words": "TỪ",
    "workers": "SỐ_TIẾN_TRÌNH", "year": "NĂM",
}


def lang_of(argv: Sequence[str]) -> str:
    """The ``--lang`` asked for anywhere on the command line (before parsing it)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "vi"


def vietnamese(message: str) -> str:
    """argparse's ``message`` in Vietnamese (itself when the catalogue lacks it)."""
    return VIETNAMESE.get(message, message)


def _vietnamese_plural(singular: str, plural: str, n: int) -> str:
    return _PLURALS.get(singular, singular if n == 1 else plural)


@contextlib.contextmanager
def argparse_language(lang: str) -> Iterator[None]:
    """argparse speaks ``lang`` inside the ``with`` (build the parsers and parse in it)."""
    if lang == "en":
        yield
        return
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = vietnamese  # type: ignore[attr-defined]
    argparse.ngettext = _vietnamese_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _whole_number(text: str, low: int, high: int | None, vi: str, en: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = low - 1
    if value < low or (high is not None and value > high):
        raise argparse.ArgumentTypeError(said(f"{text!r}: {vi}", f"{text!r}: {en}"))
    return value


def workers_arg(text: str) -> int:
    """``--workers``: how many LibreOffice processes, at least one."""
    return _whole_number(text, 1, None, "cần số nguyên dương (1, 2 …)",
                         "a positive whole number is needed (1, 2 …)")


def port_arg(text: str) -> int:
    """``--port``: a TCP port the server can be reached at (1–65535)."""
    return _whole_number(text, 1, 65535, "cần số cổng từ 1 đến 65535",
                         "a port number from 1 to 65535 is needed")


def said(vi: str, en: str) -> str:
    """``vi`` or ``en`` for a help text or metavar, in the language of this command line."""
    return en if UsageParser.lang == "en" else vi


class UsageParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are Vietnamese unless ``lang`` is ``en`` (the texts come
    translated from :func:`argparse_language`) and point at ``--help``; exit status 2."""

    lang = "vi"

    def add_argument(self, *names: str, **kwargs: object) -> argparse.Action:  # type: ignore[override]
        """An argument (or option value) without choices is shown by its Vietnamese name."""
        action = super().add_argument(*names, **kwargs)  # type: ignore[arg-type]
        if self.lang != "en" and action.metavar is None and action.choices is None \
                and action.nargs != 0:
            table = OPTION_VALUE_NAMES if action.option_strings else POSITIONAL_NAMES
            action.metavar = table.get(action.dest)
        return action

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        if self.lang == "en":
            text = f"{self.prog}: error: {message}\n    → see: {self.prog} --help"
        else:
            for english, name in _TYPE_NAMES.items():  # "(cần kiểu int)" → "(cần số nguyên)"
                message = message.replace(f"(cần kiểu {english})", f"(cần {name})")
            text = f"{self.prog}: lỗi: {message}\n    → xem: {self.prog} --help"
        self.exit(2, text + "\n")

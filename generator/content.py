"""Loading a content file: safe YAML with the line and column of every value.

PyYAML's composer gives the node tree with marks; we build plain Python values from it
ourselves so that we keep a position for every key and value, detect duplicate keys (which
YAML loaders silently accept), keep a date that cannot exist as text for the validator to
name, normalise text to NFC and refuse control characters.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .paths import read_input
from .problems import Problem, Problems, Text
from .vietnamese import group

try:  # the C composer is several times faster; both are safe (no object construction)
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FieldPath = tuple[str | int, ...]
_ALLOWED_CONTROLS = {"\n", "\t"}
TOO_DEEP = Text("Tệp lồng quá nhiều cấp (hàng trăm cấp).",
                "The file nests too deeply (hundreds of levels).")
STAR_FIRST = Text("Văn bản bắt đầu bằng dấu * (chữ nghiêng, chữ đậm) phải đặt trong ngoặc "
                  "đơn: '**Hạn chót:** ngày 15/12/2017' — trong YAML, * ở đầu giá trị là một "
                  "tham chiếu.", "A text starting with * (italic, bold) must be in single "
                  "quotes: '**Deadline:** 15/12/2017' — in YAML a leading * is an alias.")
YAML_HINT = Text("Kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu ':' sau tên trường và "
                 "dấu ngoặc kép khi văn bản có ':' hoặc '#'.",
                 "Check the indentation (spaces, not tabs), the ':' after each field name, "
                 "and quote text that contains ':' or '#'.")
MAX_VALUES = 1_000_000  # far above any real document (a 300-page body is ~10,000)
# Text, counted as the document would carry it (an alias '*' repeats its anchor's whole text):
# a 300-page body is ~1,000,000 characters. Without it, 20,000 aliases to one 100 KB paragraph
# (a 270 KB file) ask the writer for 2 GB of text.
MAX_TEXT_CHARS = 5_000_000
MAX_CONTENT_BYTES = 20 * 1024 * 1024  # a content file (UTF-8: MAX_TEXT_CHARS fit in ~10 MB)
_GROUPED_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
MAX_DIGITS = 30  # a number no document carries (and far below Python's 4,300-digit limit)
_TOO_MANY_DIGITS = re.compile(rf"^[+-]?[\d_]{{{MAX_DIGITS + 1},}}$")
# Bidirectional controls reorder what is displayed ("Trojan Source" spoofing): refused in any
# text. LRM/RLM/ALM included: Vietnamese text never needs them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                          "\u200e\u200f\u061c")
# What YAML itself refuses (besides tab, line feed, carriage return): reported where it is,
# instead of the YAML reader's byte offset.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd"
                          "\U00010000-\U0010ffff]")


def forbidden_characters(text: str) -> list[tuple[int, int, str]]:
    """(index, code point, kind) of characters no content may hold: controls YAML refuses
    (NUL …) and bidirectional controls. ``kind`` is ``control`` or ``bidi``."""
    found = [(m.start(), ord(m.group()), "control") for m in _UNPRINTABLE.finditer(text)]
    found += [(i, ord(ch), "bidi") for i, ch in enumerate(text) if ch in BIDI_CONTROLS]
    return sorted(found)


def character_message(code: int, kind: str) -> Text:
    if kind == "bidi":
        return Text(f"Ký tự điều khiển hướng chữ U+{code:04X} không được dùng: nó làm văn bản "
                    "hiển thị khác với nội dung thật (giả mạo).",
                    f"The bidirectional control character U+{code:04X} is not allowed: it makes "
                    "the text display differently from what it is (spoofing).")
    name = "NUL" if code == 0 else f"U+{code:04X}"
    return Text(f"Ký tự điều khiển {name} không in được, không được có trong tệp.",
                f"The control character {name} cannot be printed and may not be in the file.")


def _character_problems(text: str, path: Path) -> list[Problem]:
    problems = []
    hint = Text("Xóa ký tự này (thường do sao chép từ phần mềm khác hoặc tệp bị hỏng).",
                "Delete it (it usually comes from copying out of another program, or a "
                "damaged file).")
    for index, code, kind in forbidden_characters(text)[:20]:
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        problems.append(Problem(path, character_message(code, kind), line, column, hint=hint))
    return problems


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Content:
    """A loaded content file: data plus where each value came from."""

    path: Path
    data: Any
    positions: dict[FieldPath, Position] = field(default_factory=dict)
    spans: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)  # text's slices
    source: str = ""  # the file's text, for positions inside a value (an emphasis star)
    warnings: list[Problem] = field(default_factory=list)  # found by validation, not fatal

    def position(self, path: FieldPath) -> Position | None:
        """Position of the value at ``path``, or of its nearest enclosing value."""
        while True:
            if path in self.positions:
                return self.positions[path]
            if not path:
                return None
            path = path[:-1]

    def star_position(self, path: FieldPath, value: str, index: int) -> Position | None:
        """Where the ``*`` at ``index`` of the text ``value`` (the value at ``path``) was
        typed: the same star, counted among the stars of the value's source (quoting and
        folding change spaces and quotes, never stars). The value's own position when its
        source is unknown (a template's value) or holds other stars (an escape sequence)."""
        span = self.spans.get(path)
        if span is not None:
            raw = self.source[span[0]:span[1]]
            if raw.count("*") == value.count("*"):
                at = span[0] - 1
                for _ in range(value.count("*", 0, index) + 1):
                    at = self.source.index("*", at + 1)
                line = self.source.count("\n", 0, at) + 1
                return Position(line, at - self.source.rfind("\n", 0, at))
        return self.position(path)


def format_path(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, file: Path) -> None:
        self.file = file
        self.positions: dict[FieldPath, Position] = {}
        self.spans: dict[FieldPath, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self._constructor = yaml.constructor.SafeConstructor()
        self._open: set[int] = set()  # nodes being built: an alias to one of them is a cycle
        self._count = 0
        self._chars = 0

    def problem(self, node: yaml.Node, path: FieldPath, message: Text,
                hint: Text | None = None) -> None:
        pos = _position(node)
        self.problems.append(Problem(self.file, message, pos.line, pos.column,
                                     format_path(path) or None, hint))

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        self._count += 1
        if self._count > MAX_VALUES:  # aliases can multiply a small file ("billion laughs")
            raise Problems([Problem(self.file, Text(
                f"Tệp có quá nhiều giá trị (hơn {group(MAX_VALUES)}); kiểm tra các tham chiếu '*'.",
                f"The file expands to more than {MAX_VALUES:,} values; check its '*' "
                "aliases."))])
        if id(node) in self._open:
            self.problem(node, path, Text(
                "Tham chiếu vòng: một giá trị '&' chứa chính nó qua '*'.",
                "Circular alias: an '&' anchored value contains itself through '*'."))
            return None
        self.positions[path] = _position(node)
        if isinstance(node, yaml.ScalarNode):
            self.spans[path] = (node.start_mark.index, node.end_mark.index)
            self._chars += len(node.value)
            if self._chars > MAX_TEXT_CHARS:  # aliases can multiply a long text, too
                at = self.positions[path]
                raise Problems([Problem(self.file, Text(
                    f"Văn bản trong tệp dài hơn {group(MAX_TEXT_CHARS)} ký tự (tính cả các "
                    "lần lặp lại qua tham chiếu '*'); không văn bản nào dài như vậy.",
                    f"The file's text is longer than {MAX_TEXT_CHARS:,} characters (counting "
                    "every repetition through '*' aliases); no document is that long."),
                    at.line, at.column)])
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            self._open.add(id(node))
            try:
                return self._collection(node, path)
            finally:
                self._open.discard(id(node))
        return self._scalar(node, path)

    def _collection(self, node: yaml.Node, path: FieldPath) -> Any:
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.problem(key_node, path, Text(
                        "Không dùng khóa gộp '<<' trong tệp nội dung.",
                        "Merge keys '<<' are not allowed in content files."))
                    continue
                key = self.build(key_node, path + ("<key>",))
                if not isinstance(key, str):
                    key = str(key)
                if key in result:
                    self.problem(key_node, path + (key,), Text(
                        f"Trường '{key}' được khai báo hai lần.",
                        f"Field '{key}' is given twice."),
                        Text("Xóa một trong hai dòng.", "Remove one of the two lines."))
                    continue
                result[key] = self.build(value_node, path + (key,))
            self.positions.pop(path + ("<key>",), None)
            self.spans.pop(path + ("<key>",), None)
            return result
        return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]

    def _scalar(self, node: yaml.Node, path: FieldPath) -> Any:
        if not node.style and _TOO_MANY_DIGITS.match(node.value):
            self.problem(node, path, Text(
                f"Số có {group(len(node.value))} chữ số: không văn bản nào ghi số như vậy.",
                f"A number of {len(node.value):,} digits: no document carries such a number."))
            return None
        if not node.style and _GROUPED_THOUSANDS.match(node.value):
            # YAML reads 1.200 as the decimal 1.2; in Vietnamese writing it is 1200. Keep
            # the text: number fields read it as 1200, text shows it as typed.
            return self.clean_text(node, path, node.value)
        try:
            value = self._constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError):
            value = node.value  # e.g. 2017-02-30: kept as text, the validator names it
        if isinstance(value, str):
            value = self.clean_text(node, path, value)
        elif isinstance(value, float) and math.isfinite(value) \
                and abs(value) >= 10.0 ** MAX_DIGITS:  # 1.0e+300: as many digits as written
            self.problem(node, path, Text(
                f"Số {node.value} quá lớn (hơn {MAX_DIGITS} chữ số): không văn bản nào ghi số "
                "như vậy.", f"The number {node.value} is too large (over {MAX_DIGITS} digits): "
                "no document carries such a number."))
            return None
        elif isinstance(value, bytes):
            self.problem(node, path, Text("Không dùng dữ liệu nhị phân (!!binary).",
                                          "Binary values (!!binary) are not allowed."))
        return value

    def clean_text(self, node: yaml.Node, path: FieldPath, value: str) -> str:
        value = unicodedata.normalize("NFC", value)
        bad = sorted({ch for ch in value
                      if unicodedata.category(ch) in ("Cc", "Cs") and ch not in _ALLOWED_CONTROLS})
        if bad:
            codes = ", ".join(f"U+{ord(ch):04X}" for ch in bad)
            self.problem(node, path, Text(
                f"Văn bản chứa ký tự điều khiển không in được ({codes}).",
                f"The text contains non-printable control characters ({codes})."),
                Text("Xóa các ký tự này (thường do sao chép từ phần mềm khác).",
                     "Delete them (they usually come from copying out of another program)."))
        return value


def _check_expansion(root: yaml.Node, path: Path) -> None:
    """How many values the file expands to through its aliases, counted on the node graph
    (each node once, a shared one by reference) before anything is built: a "billion laughs"
    is refused at once, not after building a million values (seconds, also in the web desk).
    A circular alias counts nothing here; the builder names it."""
    sizes: dict[int, int] = {}
    started: set[int] = set()
    todo: list[tuple[yaml.Node, bool]] = [(root, False)]
    while todo:
        node, children_done = todo.pop()
        children = [n for pair in node.value for n in pair] \
            if isinstance(node, yaml.MappingNode) else \
            node.value if isinstance(node, yaml.SequenceNode) else []
        if not children_done:
            if id(node) in started:
                continue
            started.add(id(node))
            todo.append((node, True))
            todo.extend((child, False) for child in children if id(child) not in started)
            continue
        sizes[id(node)] = min(MAX_VALUES + 1, 1 + sum(sizes.get(id(c), 0) for c in children))
    if sizes[id(root)] > MAX_VALUES:
        raise Problems([Problem(path, Text(
            f"Tệp có quá nhiều giá trị (hơn {group(MAX_VALUES)}); kiểm tra các tham chiếu '*'.",
            f"The file expands to more than {MAX_VALUES:,} values; check its '*' aliases."))])


def read_text(path: Path) -> str:
    """Read a content file: UTF-8 with or without BOM, any line ends."""
    # a regular file only (a FIFO named *.yaml must not block), and of a content file's size
    raw = read_input(path, MAX_CONTENT_BYTES)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise Problems([Problem(path, Text(
            "Tệp không phải mã UTF-8 (có thể là TCVN3/VNI hoặc Windows-1258).",
            "The file is not UTF-8 (it may be TCVN3/VNI or Windows-1258)."), line,
            hint=Text("Lưu lại tệp với bảng mã Unicode UTF-8.",
                      "Save the file again as Unicode UTF-8."))]) from exc


def parse_yaml(text: str, path: Path) -> Content:
    """Parse YAML text into a :class:`Content`; raise :class:`Problems` on any fault."""
    characters = _character_problems(text, path)
    if characters:  # named by line and column (the YAML reader would give a byte offset)
        raise Problems(characters)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except RecursionError:
        raise Problems([Problem(path, TOO_DEEP)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "?"
        if "nesting depth" in what:  # libyaml's own limit (1000 levels)
            raise Problems([Problem(path, TOO_DEEP, mark.line + 1 if mark else None)]) from exc
        alias = "alias" in f"{exc.problem} {exc.context}"
        raise Problems([Problem(
            path, Text(f"YAML không hợp lệ: {what}.", f"Invalid YAML: {what}."),
            mark.line + 1 if mark else None, mark.column + 1 if mark else None,
            hint=STAR_FIRST if alias else YAML_HINT)]) from exc
    except yaml.YAMLError as exc:
        raise Problems([Problem(path, Text(f"YAML không hợp lệ: {exc}.",
                                           f"Invalid YAML: {exc}."))]) from exc
    if node is None:
        raise Problems([Problem(path, Text("Tệp rỗng.", "The file is empty."))])
    _check_expansion(node, path)
    builder = _Builder(path)
    try:
        data = builder.build(node, ())
    except RecursionError:
        raise Problems([Problem(path, TOO_DEEP)]) from None
    if builder.problems:
        raise Problems(builder.problems)
    return Content(path, data, builder.positions, builder.spans, text)


def load_content(path: Path) -> Content:
    return parse_yaml(read_text(path), path)

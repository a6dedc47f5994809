"""YAML for the web desk: what the form posts → content YAML, and hand-written files edited
in place (ruamel.yaml round trip: comments, key order, a BOM and CRLF line ends survive).

The engine's own loader (generator/content.py) still reads every byte that is built: this
module only writes YAML text, it never decides what the text means.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML, YAMLError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..content import parse_yaml
from ..problems import Problems

BOM = "\ufeff"
MAX_FRAGMENT = 200_000  # characters in one YAML box of the form


class FormError(ValueError):
    """A value the form posted that is not content; ``path`` names the field."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.allow_unicode = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    y.preserve_quotes = True
    return y


def dump_fragment(value: Any) -> str:
    out = io.StringIO()
    _yaml().dump(value, out)
    return out.getvalue()


def to_yaml(data: dict[str, Any]) -> str:
    return dump_fragment(data)


def from_form(posted: Any, path: str = "") -> Any:
    """The nested structure the page posts, with its YAML boxes parsed and numbers typed."""
    if isinstance(posted, dict):
        if set(posted) == {"__yaml__"}:
            text = posted["__yaml__"]
            if not isinstance(text, str) or len(text) > MAX_FRAGMENT:
                raise FormError(path, "Ô này quá dài.")
            if not text.strip():
                return None
            try:  # the engine's own loader: 1.200 stays 1200, control characters refused
                return parse_yaml(text, Path(path)).data
            except Problems as exc:
                first = exc.items[0]
                where = f" (dòng {first.line})" if first.line else ""
                raise FormError(path, f"{first.message('vi')}{where}") from None
        return {k: from_form(v, f"{path}.{k}" if path else k) for k, v in posted.items()}
    if isinstance(posted, list):
        return [from_form(v, f"{path}.{i}") for i, v in enumerate(posted)]
    return posted


@dataclass
class EditedFile:
    """A hand-written content file kept as ruamel's tree, with its BOM and line ends."""

    tree: CommentedMap
    bom: bool
    newline: str

    @classmethod
    def parse(cls, raw: bytes) -> EditedFile:
        """The file as ruamel's tree — once the engine's own loader has read it: an upload
        is from outside, and ruamel keeps YAML aliases as shared references that drawing
        the form (:func:`plain`) would expand (a 300-byte "billion laughs" hung the desk);
        generator/content.py bounds them, refuses control characters and names the line."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise FormError("", "Tệp không phải mã UTF-8 (có thể là TCVN3/VNI hoặc "
                                "Windows-1258); hãy lưu lại với bảng mã UTF-8.") from None
        try:
            parse_yaml(text.removeprefix(BOM), Path("tệp"))
        except Problems as exc:
            first = exc.items[0]
            where = f" (dòng {first.line})" if first.line else ""
            raise FormError("", f"{first.message('vi')}{where}") from None
        bom = text.startswith(BOM)
        text = text.removeprefix(BOM)
        newline = "\r\n" if "\r\n" in text else "\n"
        try:
            tree = _yaml().load(text.replace("\r\n", "\n"))
        except YAMLError as exc:  # what the engine's loader read, ruamel should too
            raise FormError("", f"YAML không hợp lệ: {exc}") from None
        if not isinstance(tree, CommentedMap):
            raise FormError("", "Tệp YAML phải là một bảng khóa: giá trị (loai:, co_quan: …).")
        return cls(tree, bom, newline)

    @classmethod
    def new(cls) -> EditedFile:
        return cls(CommentedMap(), False, "\n")

    def update(self, data: dict[str, Any]) -> None:
        _merge_map(self.tree, data)

    def dump(self) -> bytes:
        text = dump_fragment(self.tree)
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return ((BOM if self.bom else "") + text).encode("utf-8")


def _merge_map(tree: CommentedMap, data: dict[str, Any]) -> None:
    for key in [k for k in tree if k not in data]:
        del tree[key]
    for key, value in data.items():
        old = tree.get(key)
        if isinstance(old, CommentedMap) and isinstance(value, dict):
            _merge_map(old, value)
        elif isinstance(old, CommentedSeq) and isinstance(value, list):
            _merge_seq(old, value)
        elif old != value or key not in tree:
            tree[key] = value


def _merge_seq(tree: CommentedSeq, data: list[Any]) -> None:
    del tree[len(data):]
    for i, value in enumerate(data):
        if i >= len(tree):
            tree.append(value)
        elif isinstance(tree[i], CommentedMap) and isinstance(value, dict):
            _merge_map(tree[i], value)
        elif isinstance(tree[i], CommentedSeq) and isinstance(value, list):
            _merge_seq(tree[i], value)
        elif tree[i] != value:
            tree[i] = value


def plain(value: Any) -> Any:
    """ruamel's tree as plain dicts and lists (what the form is drawn from)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value

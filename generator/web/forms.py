"""The document form, generated from the content model's JSON Schema (``vanban schema``).

Every input carries ``data-path`` (``noi_dung.2.y.0.muc``) and ``data-type``; the page's
script turns the inputs back into the nested content (``collect`` in static/desk.js) and the
server turns that into YAML — the content format stays the single source of truth. What a
form cannot show well (a table's rows, the variables of a template, footnotes) is a small
YAML box, still checked by the same loader. Validation problems come back with the field's
path and are shown at the input whose path is nearest.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from ..schema import json_schema
from .labels import VARIANTS, label

Schema = dict[str, Any]
# Fields filled by the office at issue, or advanced: shown closed.
CLOSED = {"giay_moi", "bien_ban", "gioi_thieu", "nghi_phep", "ban_sao", "van_ban_kem_theo",
          "phu_luc", "chu_thich", "mau", "bien", "danh_so", "dien", "luu_hanh"}

FIGURE_FIELD = "hinh"
# beside a figure's name: the picture to upload (no data-path: the form's content is the name
# the server answers with, written into the field by static/desk.js)
def _picture_input(value: Any) -> str:
    kept = str(value or "").removeprefix("hinh/")
    link = (f'/soan/hinh/{escape(kept)}' if kept != str(value or "") and "/" not in kept
            else "")
    return ('<span class="picture"><input type="file" class="picture-file" '
            'accept="image/png,image/jpeg" title="Tải ảnh PNG hoặc JPEG lên"> '
            f'<a class="picture-link" target="_blank" href="{link}"'
            f'{"" if link else " hidden"}>Xem ảnh đã tải lên</a>'
            '<span class="upload-problem"></span></span>')


class FormSchema:
    def __init__(self, schema: Schema | None = None) -> None:
        self.schema = schema or json_schema()
        self.defs: dict[str, Schema] = self.schema.get("$defs", {})

    def resolve(self, node: Schema) -> tuple[Schema, str | None]:
        """The node a ``$ref`` points to, and the definition's name."""
        ref = node.get("$ref")
        if ref:
            name = ref.rsplit("/", 1)[-1]
            return self.defs[name], name
        return node, None

    # ---- the whole document -------------------------------------------------------------
    def document(self, data: dict[str, Any]) -> str:
        required = set(self.schema.get("required", ()))
        return "".join(self.field(name, node, (name,), data.get(name), name in required)
                       for name, node in self.schema["properties"].items())

    # ---- one field ----------------------------------------------------------------------
    def field(self, name: str, node: Schema, path: tuple[str | int, ...], value: Any,
              required: bool) -> str:
        node, _ = self.resolve(node)
        optional = False
        if "anyOf" in node:
            choices = [c for c in node["anyOf"] if c.get("type") != "null"]
            optional = len(choices) < len(node["anyOf"])
            if len(choices) == 1:
                node = {**self.resolve(choices[0])[0],
                        **{k: v for k, v in node.items() if k in ("description", "default")}}
            else:  # quyen_han: a prefix or a list of prefixes … → YAML
                return self._wrap(name, node, path, self._yaml(path, value), required)
        help_text = node.get("description", "")
        kind = node.get("type")
        if kind == "object" and "properties" in node:
            inner = self.object(node, path, value or {})
            is_open = " open" if (value or (required and name not in CLOSED)) else ""
            return (f'<details class="group" data-group="{_p(path)}"{is_open}>'
                    f'<summary>{escape(label(name))}{_req(required)}</summary>'
                    f'{_help(help_text)}{inner}</details>')
        if kind == "array":
            return self._wrap(name, node, path, self.array(node, path, value or []), required,
                              block=True)
        del optional
        inner = self.scalar(node, path, value)
        if name == FIGURE_FIELD:  # a figure's picture: uploaded beside its name (figures.py)
            return self._wrap(name, node, path, inner + _picture_input(value), required,
                              block=True)
        return self._wrap(name, node, path, inner, required)

    def _wrap(self, name: str, node: Schema, path: tuple[str | int, ...], inner: str,
              required: bool, *, block: bool = False) -> str:
        tag = "div" if block else "label"
        return (f'<{tag} class="field" data-field="{_p(path)}"><span class="name">'
                f'{escape(label(name))}{_req(required)}</span>{inner}'
                f'{_help(node.get("description", ""))}<span class="problem"></span></{tag}>')

    def object(self, node: Schema, path: tuple[str | int, ...], value: dict[str, Any]) -> str:
        required = set(node.get("required", ()))
        return "".join(self.field(name, sub, (*path, name), value.get(name), name in required)
                       for name, sub in node.get("properties", {}).items())

    def scalar(self, node: Schema, path: tuple[str | int, ...], value: Any) -> str:
        attrs = f'data-path="{_p(path)}" name="{_p(path)}"'
        kind = node.get("type")
        if "enum" in node or "const" in node:
            options = node.get("enum") or [node["const"]]
            blank = "" if value is not None else '<option value="" selected>—</option>'
            opts = "".join(f'<option value="{escape(str(o))}"'
                           f'{" selected" if o == value else ""}>{escape(str(o))}</option>'
                           for o in options)
            return f'<select {attrs} data-type="text">{blank}{opts}</select>'
        if kind == "boolean":
            checked = " checked" if value else ""
            return f'<input type="checkbox" {attrs} data-type="bool"{checked}>'
        if kind in ("integer", "number"):
            shown = "" if value is None else escape(str(value))
            return (f'<input type="text" inputmode="numeric" {attrs} '
                    f'data-type="{"int" if kind == "integer" else "number"}" value="{shown}">')
        if kind == "object" or kind is None:  # a dict (chu_thich, bien) or anything else
            return self._yaml(path, value)
        shown = "" if value is None else _text(value)
        if node.get("format") == "date":
            return (f'<input type="text" {attrs} data-type="text" placeholder="dd/mm/yyyy" '
                    f'value="{escape(shown)}">')
        long_text = node.get("pattern") == r"\S"  # Prose; Line and codes are one line
        if long_text:
            return (f'<textarea rows="{max(2, min(8, len(shown) // 70 + 1))}" {attrs} '
                    f'data-type="text">{escape(shown)}</textarea>')
        return f'<input type="text" {attrs} data-type="text" value="{escape(shown)}">'

    def _yaml(self, path: tuple[str | int, ...], value: Any) -> str:
        text = "" if value in (None, {}, []) else _dump(value)
        return (f'<textarea class="yaml" rows="{max(3, text.count(chr(10)) + 2)}" '
                f'data-path="{_p(path)}" name="{_p(path)}" data-type="yaml" '
                f'spellcheck="false">{escape(text)}</textarea>')

    # ---- lists --------------------------------------------------------------------------
    def variants(self, items: Schema) -> list[tuple[str, Schema]]:
        choices = items.get("oneOf") or items.get("anyOf") or [items]
        out = []
        for choice in choices:
            node, name = self.resolve(choice)
            out.append((name or node.get("type", "string"), choice))
        return out

    def array(self, node: Schema, path: tuple[str | int, ...], value: list[Any]) -> str:
        items = node.get("items", {})
        variants = self.variants(items)
        if any(kind == "array" for kind, _ in variants):  # rows of a table: YAML is clearer
            return self._yaml(path, value)
        rows = "".join(self.item(items, (*path, i), v) for i, v in enumerate(value))
        buttons = "".join(
            f'<button type="button" class="add" data-variant="{i}">+ '
            f'{escape(VARIANTS.get(kind, "Thêm dòng") if len(variants) > 1 else "Thêm")}'
            f'</button>' for i, (kind, _) in enumerate(variants))
        return (f'<div class="list" data-list="{_p(path)}" '
                f'data-items="{escape(json.dumps(items, ensure_ascii=False))}">'
                f'{rows}<div class="adds">{buttons}</div></div>')

    def item(self, items: Schema, path: tuple[str | int, ...], value: Any,
             variant: int | None = None) -> str:
        """One entry of a list; its variant is chosen from the value, or given."""
        variants = self.variants(items)
        index = variant if variant is not None else _variant_of(self, variants, value)
        kind, choice = variants[index]
        node, _ = self.resolve(choice)
        if node.get("type") == "object":
            body = self.object(node, path, value if isinstance(value, dict) else {})
        else:
            body = self.scalar(node, path, value)
        title = VARIANTS.get(kind, "") if len(variants) > 1 else ""
        return (f'<div class="item" data-item="{_p(path)}" data-kind="{escape(kind)}">'
                f'<div class="item-bar"><span>{escape(title)}</span>'
                f'<button type="button" class="remove" title="Xóa">✕</button></div>'
                f'{body}<span class="problem"></span></div>')


def _variant_of(form: FormSchema, variants: list[tuple[str, Schema]], value: Any) -> int:
    """Which variant an existing value is: a string, or the object whose keys fit best."""
    if not isinstance(value, dict):
        return next((i for i, (kind, _) in enumerate(variants) if kind == "string"), 0)
    best, score = 0, -1
    for i, (_, choice) in enumerate(variants):
        node, _ = form.resolve(choice)
        props = set(node.get("properties", {}))
        if not props:
            continue
        required = set(node.get("required", ()))
        if not set(value) <= props:
            continue
        fit = len(set(value) & required) * 2 + len(set(value) & props) - len(props) / 100
        if fit > score:
            best, score = i, fit
    return best


def _p(path: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in path)


def _req(required: bool) -> str:
    return ' <span class="req" title="bắt buộc">*</span>' if required else ""


def _help(text: str) -> str:
    return f'<small class="help">{escape(text)}</small>' if text else ""


def _text(value: Any) -> str:
    import datetime as dt

    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _dump(value: Any) -> str:
    from .yamlio import dump_fragment

    return dump_fragment(value)

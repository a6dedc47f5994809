"""Content files that name a template (``mau: giay-moi-hop``) and give its variables
(``bien: {...}``).

A template is a YAML file in a templates folder (the shipped ``templates/`` or a user's
``--templates DIR``, which comes first)::

    mo_ta: Giấy mời họp                # what it is for
    bien_mac_dinh:                     # defaults of the variables
      dia_diem: Phòng họp số 1
    van_ban:                           # the content fields; every string is Jinja2
      loai: giay-moi
      trich_yeu: "Họp {{ noi_dung_hop }}"

The strings of ``van_ban`` are rendered in the sandbox with the variables: the defaults,
then the content file's own fields (``co_quan``, ``ngay`` …), then ``bien``. A string that
is a single ``{{ name }}`` takes the variable's value as it is (a list stays a list; as an
item of a list, its items are spliced in). An empty result is dropped, so ``{% if %}`` can
leave an item or an optional field out. The content
file's own fields then override the template's (groups of fields merge key by key). Text in
the content file itself is never rendered: Jinja2 runs only inside templates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .content import Content, FieldPath, Position, load_content
from .problems import Problem, Problems, Text
from .templating import (
    BUILTIN_TEMPLATES,
    TemplateProblem,
    TemplateSource,
    make_environment,
    render_text,
)

TEMPLATE_SUFFIX = ".yaml"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_SINGLE_VARIABLE = re.compile(r"^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$")
_OWN_KEYS = ("mau", "bien")


def template_folders(search_paths: Sequence[Path] = ()) -> list[Path]:
    folders = [Path(p) for p in search_paths]
    if BUILTIN_TEMPLATES.is_dir():
        folders.append(BUILTIN_TEMPLATES)
    return folders


def available_templates(search_paths: Sequence[Path] = ()) -> list[str]:
    names = {p.stem for folder in template_folders(search_paths) if folder.is_dir()
             for p in folder.glob(f"*{TEMPLATE_SUFFIX}")}
    return sorted(names)


def find_template(name: str, search_paths: Sequence[Path] = ()) -> Path | None:
    if not _NAME.match(name):
        return None
    for folder in template_folders(search_paths):
        candidate = folder / f"{name}{TEMPLATE_SUFFIX}"
        if candidate.is_file():
            return candidate
    return None


class _Renderer:
    def __init__(self, template: Content, variables: dict[str, Any],
                 search_paths: Sequence[Path]) -> None:
        self.template = template
        self.variables = variables
        self.env = make_environment(search_paths)
        self.lines = template.path.read_text(encoding="utf-8-sig").splitlines()

    def first_line(self, path: FieldPath) -> int:
        """The file line where the string at ``path`` starts (after a ``|`` or ``>``)."""
        pos = self.template.position(path) or Position(1, 1)
        text = self.lines[pos.line - 1] if pos.line <= len(self.lines) else ""
        indicator = text[pos.column - 1:pos.column]
        return pos.line + 1 if indicator in ("|", ">") else pos.line

    def render(self, value: Any, path: FieldPath) -> Any:
        if isinstance(value, str):
            single = _SINGLE_VARIABLE.match(value.strip())
            if single and single.group(1) in self.variables:
                return self.variables[single.group(1)]
            source = TemplateSource(value, self.template.path.name, self.first_line(path))
            return render_text(self.env, source, self.variables).strip()
        if isinstance(value, dict):
            rendered = {k: self.render(v, (*path, k)) for k, v in value.items()}
            return {k: v for k, v in rendered.items() if v != ""}
        if isinstance(value, list):
            items: list[Any] = []
            for i, item in enumerate(value):
                result = self.render(item, (*path, i))
                if isinstance(item, str) and isinstance(result, list):
                    items += result  # a list variable spliced into the list
                elif result != "":
                    items.append(result)
            return items
        return value


def _merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    return override


def _problem(content: Content, path: FieldPath, message: Text,
             hint: Text | None = None) -> Problems:
    pos = content.position(path)
    return Problems([Problem(content.path, message, pos.line if pos else None,
                             pos.column if pos else None, ".".join(map(str, path)) or None,
                             hint)])


def apply_template(content: Content, search_paths: Sequence[Path] = ()) -> Content:
    """The content with its template filled in, or unchanged when it names none."""
    data = content.data
    if not isinstance(data, dict) or data.get("mau") in (None, ""):
        return content
    name = data["mau"]
    variables = data.get("bien") or {}
    if not isinstance(name, str) or not isinstance(variables, dict):
        return content  # the model reports the wrong types
    path = find_template(name, search_paths)
    if path is None:
        known = ", ".join(available_templates(search_paths)) or "(không có)"
        raise _problem(content, ("mau",), Text(
            f"Không tìm thấy mẫu «{name}».", f"Template '{name}' not found."),
            Text(f"Các mẫu có sẵn: {known}.", f"Available templates: {known}."))
    template = load_content(path)
    spec = template.data if isinstance(template.data, dict) else {}
    fields = spec.get("van_ban")
    if not isinstance(fields, dict):
        raise Problems([Problem(path, Text("Tệp mẫu cần nhóm 'van_ban:' chứa các trường.",
                                           "A template file needs a 'van_ban:' group of "
                                           "fields."), 1, 1)])
    own = {k: v for k, v in data.items() if k not in _OWN_KEYS}
    scope = {**(spec.get("bien_mac_dinh") or {}), **own, **variables}
    try:
        filled = _Renderer(template, scope, search_paths).render(fields, ("van_ban",))
    except TemplateProblem as exc:
        where = ("bien",) if exc.kind == "undefined" and "bien" in data else ("mau",)
        hint = None
        if exc.variable:
            hint = Text(f"Thêm vào 'bien:' dòng '{exc.variable}: …'.",
                        f"Add a line '{exc.variable}: …' under 'bien:'.")
        raise _problem(content, where, Text(exc.describe("vi"), exc.describe("en")),
                       hint) from None
    merged = _merge(filled, data)
    positions = dict(content.positions)
    mau_position = content.positions.get(("mau",))
    if mau_position is not None:  # what the template wrote is reported at the 'mau:' line
        for key in filled:
            positions.setdefault((key,), mau_position)
    return Content(content.path, merged, positions, content.spans, content.source)

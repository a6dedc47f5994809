"""The merge template: a content file naming a template (``mau:``, with the fixed fields
— co_quan, nguoi_ky … — and default ``bien:``), or a template file itself (``van_ban:``).

Per row, the row's variables are added to ``bien`` and the engine's own
:func:`~generator.template_content.apply_template` and :func:`~generator.validate.validate`
run unchanged: text from a cell is a variable's value, never rendered as Jinja2.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import meta

from generator.build import _strings  # every string of a content tree, with its path
from generator.content import Content, format_path, load_content
from generator.model import Document
from generator.problems import Problem, Problems, Text
from generator.template_content import apply_template, find_template
from generator.templating import make_environment
from generator.validate import validate

from .sheet import DataProblem

_SINGLE = "{{"


@dataclass
class Filled:
    content: Content
    document: Document


class MergeTemplate:
    def __init__(self, path: Path, templates: Sequence[Path] = ()) -> None:
        try:
            loaded = load_content(path)
        except Problems as exc:
            raise DataProblem(Text("\n".join(p.render("vi") for p in exc.items),
                                   "\n".join(p.render("en") for p in exc.items))) from None
        data = loaded.data if isinstance(loaded.data, dict) else {}
        self.search = list(templates)
        if "van_ban" in data:  # a template file itself
            self.search.insert(0, path.parent)
            self.base = Content(path, {"mau": path.stem}, {})
        elif data.get("mau"):
            self.base = loaded
        else:
            raise DataProblem(Text(
                f"{path}: tệp mẫu trộn thư phải có 'mau:' (tên mẫu) hoặc 'van_ban:' (là một "
                "tệp mẫu).",
                f"{path}: a merge template needs 'mau:' (a template's name) or 'van_ban:' "
                "(a template file)."))
        self.path = path
        name = str(self.base.data["mau"])
        found = find_template(name, self.search)
        if found is None:
            raise DataProblem(Text(f"{path}: không tìm thấy mẫu «{name}».",
                                   f"{path}: template '{name}' not found."))
        self.template_path = found
        spec = load_content(found).data
        spec = spec if isinstance(spec, dict) else {}
        fields = spec.get("van_ban") if isinstance(spec.get("van_ban"), dict) else {}
        defaults = spec.get("bien_mac_dinh") or {}
        own_bien = self.base.data.get("bien") or {}
        env = make_environment(self.search)
        used: set[str] = set()
        self.single: dict[str, str] = {}  # field path → variable of a "{{ x }}" field
        for field_path, text in _strings(fields):
            if "{" not in text:
                continue
            try:
                used |= meta.find_undeclared_variables(env.parse(text))
            except Exception:  # a syntax error is reported per row, at its line
                continue
            stripped = text.strip()
            if stripped.startswith(_SINGLE) and stripped.endswith("}}"):
                inner = stripped[2:-2].strip()
                if inner.isidentifier():
                    self.single[format_path(field_path)] = inner
        fixed = set(defaults) | {k for k in self.base.data if k != "bien"}
        self.used = used
        # a column must fill these (the content file's bien: is only a preview for them)
        self.required = sorted(used - fixed - set(own_bien))
        # and a column that fills one of these may not leave it empty
        self.needs_value = used - fixed

    def fill(self, variables: Mapping[str, Any], number: int | None) -> Filled:
        """The row's content (template applied) and its Document; raises :class:`Problems`."""
        data = copy.deepcopy(self.base.data)
        data["bien"] = {**(data.get("bien") or {}), **variables}
        if number is None:
            data.pop("so", None)
            data["chua_cap_so"] = True
        else:
            data["so"] = number
            data.pop("chua_cap_so", None)
        content = apply_template(Content(self.path, data, dict(self.base.positions)),
                                 self.search)
        return Filled(content, validate(content))

    def variable_of(self, problem: Problem) -> str | None:
        """The variable a problem's field was filled from, when the field is ``{{ x }}``."""
        field = problem.field or ""
        while field:
            if field in self.single:
                return self.single[field]
            field = field.rpartition(".")[0] if "." in field else ""
        return None

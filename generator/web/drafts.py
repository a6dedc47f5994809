"""What the desk does with a document, without HTTP: form data → YAML → the engine's
loader and validator → problems placed at fields, or a Document to render.

A clerk's own files live in the office folder under ``web/nguoi-dung/<tên đăng nhập>/``;
nobody else's folder is ever listed or opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..build import font_problems
from ..content import parse_yaml
from ..model import Document
from ..problems import Problem, Problems
from ..template_content import apply_template
from ..validate import validate
from .yamlio import FormError, from_form, to_yaml

DRAFT_NAME = "van-ban.yaml"
_INDEX = re.compile(r"\[(\d+)\]")
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}\.ya?ml$")


@dataclass
class Checked:
    yaml: str
    document: Document | None
    problems: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.document is not None


def field_path(problem_field: str | None) -> str:
    """``noi_dung[2].y[0]`` (the CLI's field) → ``noi_dung.2.y.0`` (the form's data-path)."""
    return _INDEX.sub(r".\1", problem_field or "").strip(".")


def _shown(problem: Problem, lang: str) -> dict[str, Any]:
    return {"path": field_path(problem.field), "message": problem.message(lang),
            "hint": problem.hint(lang) if problem.hint else "", "line": problem.line,
            "severity": problem.severity, "text": problem.render(lang)}


def check(posted: dict[str, Any], lang: str = "vi") -> Checked:
    """Validate what the form posted exactly as `vanban validate` validates a file."""
    try:
        data = from_form(posted)
    except FormError as exc:
        return Checked("", None, [{"path": exc.path, "message": str(exc), "hint": "",
                                   "line": None, "severity": "error", "text": str(exc)}])
    text = to_yaml(data) if data else ""
    source = Path(DRAFT_NAME)
    try:
        content = apply_template(parse_yaml(text, source), ())
        document = validate(content, figures=False)  # no folder to read pictures from
    except Problems as exc:
        return Checked(text, None, [_shown(p, lang) for p in exc.items])
    fonts = font_problems(content)
    shown = [_shown(p, lang) for p in fonts]
    if any(p.severity == "error" for p in fonts):
        return Checked(text, None, shown)
    return Checked(text, document, shown)


class Workspace:
    """One user's folder of YAML files inside the office folder."""

    def __init__(self, root: Path, username: str) -> None:
        self.folder = root / username

    def path(self, name: str) -> Path:
        if not SAFE_NAME.match(name):
            raise FormError("", "Tên tệp chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang và "
                                "kết thúc bằng .yaml.")
        return self.folder / name

    def names(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.name for p in self.folder.iterdir()
                      if p.is_file() and not p.is_symlink() and SAFE_NAME.match(p.name))

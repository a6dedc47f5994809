"""What the desk does with a document, without HTTP: form data → YAML → the engine's
loader and validator → problems placed at fields, or a Document to render.

A clerk's own files live in the office folder under ``web/nguoi-dung/<tên đăng nhập>/``;
nobody else's folder is ever listed or opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..build import font_problems
from ..content import parse_yaml
from ..model import Document
from ..problems import Problem, Problems, Text
from ..template_content import apply_template
from ..validate import validate
from .yamlio import FormError, from_form, to_yaml

DRAFT_NAME = "van-ban.yaml"
_INDEX = re.compile(r"\[(\d+)\]")
_SHOWN_FOLDER = "thư mục của bạn"  # the clerk's folder, in messages (not the server's path)
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


def _shown(problem: Problem, lang: str, folder: Path | None = None) -> dict[str, Any]:
    if folder is not None:  # the clerk's folder: named as the form's file, not the server's path
        problem = _without_folder(problem, folder)
    return {"path": field_path(problem.field), "message": problem.message(lang),
            "hint": problem.hint(lang) if problem.hint else "", "line": problem.line,
            "severity": problem.severity, "text": problem.render(lang)}


def _without_folder(problem: Problem, folder: Path) -> Problem:
    where = str(folder)

    def text(value: Text | None) -> Text | None:
        if value is None:
            return None
        return Text(value.vi.replace(where, _SHOWN_FOLDER), value.en.replace(where, _SHOWN_FOLDER))

    return replace(problem, file=Path(DRAFT_NAME), message=text(problem.message),
                   hint=text(problem.hint))


def check(posted: dict[str, Any], lang: str = "vi", folder: Path | None = None) -> Checked:
    """Validate what the form posted exactly as `vanban validate` validates a file.

    ``folder``: where the document's figures are read from (the clerk's own folder, so that
    ``hinh: hinh/<hash>.png`` resolves there); None: nowhere, every figure is refused."""
    try:
        data = from_form(posted)
    except FormError as exc:
        return Checked("", None, [{"path": exc.path, "message": str(exc), "hint": "",
                                   "line": None, "severity": "error", "text": str(exc)}])
    return check_text(to_yaml(data) if data else "", lang, folder)


def check_text(text: str, lang: str = "vi", folder: Path | None = None) -> Checked:
    """Validate a YAML text (a clerk's saved file) as :func:`check` validates the form's."""
    source = folder / DRAFT_NAME if folder is not None else Path(DRAFT_NAME)
    try:
        content = apply_template(parse_yaml(text, source), ())
        document = validate(content, figures=folder is not None)
    except Problems as exc:
        return Checked(text, None, [_shown(p, lang, folder) for p in exc.items])
    fonts = font_problems(content)
    shown = [_shown(p, lang, folder) for p in fonts]
    if any(p.severity == "error" for p in fonts):
        return Checked(text, None, shown)
    return Checked(text, document, shown)


class Workspace:
    """One user's folder of YAML files inside the office folder."""

    def __init__(self, root: Path, username: str) -> None:
        self.folder = root / username

    @classmethod
    def of(cls, data: Path, username: str) -> Workspace:
        """``username``'s folder under the desk's data folder (``<office>/web``)."""
        return cls(data / "nguoi-dung", username)

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

"""Problems found in a user's input, reported in Vietnamese (English on request).

A problem names the file, the line and column, the field's path and what to write instead.
Every stage (YAML loading, validation, templates, building) reports through this one type,
so the command line prints them all the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

LANGS = ("vi", "en")


@dataclass(frozen=True)
class Text:
    """A message in both languages."""

    vi: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def format(self, **values: object) -> Text:
        return Text(self.vi.format(**values), self.en.format(**values))


@dataclass(frozen=True)
class Problem:
    file: Path | None
    message: Text
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    field: str | None = None  # e.g. "nguoi_ky.ho_ten" or "noi_dung[2].y[0]"
    hint: Text | None = None
    severity: str = "error"  # "error" | "warning"

    def render(self, lang: str = "vi") -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.line is not None:
            where.append(("line {}" if lang == "en" else "dòng {}").format(self.line))
        if self.column is not None:
            where.append(("column {}" if lang == "en" else "cột {}").format(self.column))
        head = ", ".join(where)
        if self.field:
            head += (" (field {})" if lang == "en" else " (trường {})").format(self.field)
        label = {
            ("error", "vi"): "Lỗi", ("error", "en"): "Error",
            ("warning", "vi"): "Cảnh báo", ("warning", "en"): "Warning",
        }[self.severity, "en" if lang == "en" else "vi"]
        text = f"{label}: {self.message(lang)}"
        if head:
            text = f"{head}: {text}"
        if self.hint is not None:
            text += "\n    → " + self.hint(lang)
        return text


@dataclass
class Problems(Exception):
    """One or more problems that stop a document from being built."""

    items: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(p.render("en") for p in self.items)

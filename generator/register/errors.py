"""The one error type of the register: a clerk's message in Vietnamese (English on request)."""

from __future__ import annotations

from ..problems import Text


class RegisterError(Exception):
    """Something the văn thư must be told; nothing was changed (unless the text says so)."""

    def __init__(self, message: Text, hint: Text | None = None) -> None:
        super().__init__(message.en)
        self.message = message
        self.hint = hint

    def render(self, lang: str = "vi") -> str:
        label = "Error" if lang == "en" else "Lỗi"
        text = f"{label}: {self.message(lang)}"
        if self.hint is not None:
            text += "\n    → " + self.hint(lang)
        return text

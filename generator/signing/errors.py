"""The one error type of ``generator.signing``: a message in Vietnamese and English."""

from __future__ import annotations

from ..problems import Text


class SigningError(Exception):
    """Something the user must fix (a key, a PIN, an image, the PDF); never a secret inside.

    ``unreadable``: the PDF itself could not be read (``verify`` exits 2 for it)."""

    def __init__(self, message: Text, *, unreadable: bool = False) -> None:
        super().__init__(message.vi)
        self.message = message
        self.unreadable = unreadable


def error(vi: str, en: str, *, unreadable: bool = False) -> SigningError:
    return SigningError(Text(vi, en), unreadable=unreadable)

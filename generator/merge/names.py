"""Safe file names for the per-row documents, from a chosen column.

ASCII only (diacritics dropped: every ZIP tool and file system takes them), words joined by
``-``, at most 80 characters, never empty, hidden or a Windows device name. The first row
with a name keeps it; a later row with the same name gets its row number appended
(``nguyen-van-a-r12``), so names do not depend on the order rows finish in.
"""

from __future__ import annotations

import re

from .mapping import plain_name

MAX_LENGTH = 80
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}


def safe_name(value: object, row: int) -> str:
    text = plain_name(str(value)) if value is not None else ""
    text = re.sub(r"_+", "-", text)[:MAX_LENGTH].strip("-")
    if not text or text in _RESERVED:
        return f"dong-{row:05d}" if not text else f"{text}-r{row}"
    return text


def with_row(name: str, row: int) -> str:
    return f"{name[:MAX_LENGTH - 8]}-r{row}"

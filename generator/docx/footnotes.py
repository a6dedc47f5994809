"""Footnotes (real Word footnotes): ``[^key]`` markers in the text, notes in ``chu_thich``.

Each marker becomes a ``footnoteReference`` run and a note in ``word/footnotes.xml``,
numbered 1, 2 … in reading order. Unknown keys and unused notes are refused by
:mod:`generator.references` before the writer runs, so here a marker always has a note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .ooxml import Run, footnotes_xml

MARKER = re.compile(r"\[\^([^\]\s]+)\]")
NOTE_STYLE = "VBChuThich"


def markers(text: str) -> list[str]:
    """The footnote keys cited in ``text``, in order."""
    return MARKER.findall(text)


class Footnotes:
    """Collects the notes cited while the body is written."""

    def __init__(self, notes: Mapping[str, str]) -> None:
        self.notes = dict(notes)
        self.cited: list[tuple[int, str]] = []  # (footnote id, text)

    def runs(self, text: str, *, bold: bool | None = None, italic: bool | None = None,
             upper: bool = False) -> list[Run]:
        """``text`` as runs, each ``[^key]`` replaced by a footnote reference; ``upper``
        capitalises the text but not the keys (a Chương title with a note)."""
        def piece(part: str) -> Run:
            return Run(part.upper() if upper else part, bold, italic)

        out: list[Run] = []
        position = 0
        for match in MARKER.finditer(text):
            key = match.group(1)
            if key not in self.notes:
                continue  # left as written (validation reports it)
            if match.start() > position:
                out.append(piece(text[position:match.start()]))
            note_id = len(self.cited) + 1
            self.cited.append((note_id, self.notes[key]))
            out.append(Run("", footnote=note_id))
            position = match.end()
        if position < len(text) or not out:
            out.append(piece(text[position:]))
        return out

    def part(self) -> bytes | None:
        """``word/footnotes.xml``, or ``None`` when no note was cited."""
        if not self.cited:
            return None
        return footnotes_xml(self.cited, NOTE_STYLE).encode()

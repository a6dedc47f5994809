"""Footnotes (real Word footnotes): ``[^key]`` markers in the text, notes in ``chu_thich``.

Each marker becomes a ``footnoteReference`` run and a note in ``word/footnotes.xml``,
numbered 1, 2 … in reading order. Unknown keys and unused notes are refused by
:mod:`generator.references` before the writer runs, so here a marker always has a note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..emphasis import spans
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
             upper: bool = False, in_italic: bool = False) -> list[Run]:
        """``text`` as runs: its ``**bold**`` and ``*italic*`` spans (:mod:`generator.emphasis`)
        with direct bold/italic, each ``[^key]`` replaced by a footnote reference; ``upper``
        capitalises the text but not the keys (a Chương title with a note). In a paragraph
        whose style is italic (``in_italic``: căn cứ lines) an italic span is set upright,
        as emphasis inside italic text is."""
        out: list[Run] = []
        for span in spans(text):
            span_bold = True if span.bold else bold
            span_italic = (not in_italic) if span.italic else italic
            out += self._marked(span.text, span_bold, span_italic, upper)
        return out or [Run("", bold, italic)]

    def _marked(self, text: str, bold: bool | None, italic: bool | None,
                upper: bool) -> list[Run]:
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
        notes = [(note_id, [Run(span.text, True if span.bold else None,
                                True if span.italic else None) for span in spans(text)])
                 for note_id, text in self.cited]
        return footnotes_xml(notes, NOTE_STYLE).encode()

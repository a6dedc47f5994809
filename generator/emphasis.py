"""Emphasis inside content text: ``**bold**`` and ``*italic*``, ``\\*`` for a literal star.

The only markup content text has (besides footnote markers ``[^1]``): everything else —
``&``, ``<``, ``>``, ``_``, ``#``, Jinja braces — is text. Markers toggle: ``**`` bold,
``*`` italic, ``***`` both. A star that opens a span must be followed by a non-space
character and one that closes it preceded by one, so ``(*)`` beside a real span is
reported rather than silently pairing with the wrong star; a star with a space on both
sides (``7 * 7``) is text. :func:`parse` returns the spans
and the markers left without a partner (the validator reports those at their line and
column); :func:`spans` is the writer's lenient reading, which prints such a star as text.
"""

from __future__ import annotations

from dataclasses import dataclass

ESCAPE = "\\*"


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Lone:
    """A marker without a partner: its index in the text and the marker (``*`` or ``**``)."""

    index: int
    marker: str


@dataclass(frozen=True)
class _Token:
    index: int
    marker: str  # "" for text
    text: str = ""


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    buffer: list[str] = []
    start = 0
    i = 0
    while i < len(text):
        if text.startswith(ESCAPE, i):
            buffer.append("*")
            i += 2
            continue
        if text[i] == "*":
            if buffer:
                out.append(_Token(start, "", "".join(buffer)))
                buffer = []
            run = len(text[i:]) - len(text[i:].lstrip("*"))
            while run:  # "***" = "**" then "*"
                size = 2 if run >= 2 else 1
                out.append(_Token(i, "*" * size))
                i += size
                run -= size
            start = i
            continue
        if not buffer:
            start = i
        buffer.append(text[i])
        i += 1
    if buffer:
        out.append(_Token(start, "", "".join(buffer)))
    return out


def _can_open(text: str, token: _Token) -> bool:
    after = token.index + len(token.marker)
    while after < len(text) and text[after] == "*":
        after += 1
    return after < len(text) and not text[after].isspace()


def _can_close(text: str, token: _Token) -> bool:
    before = token.index - 1
    while before >= 0 and text[before] == "*":
        before -= 1
    return before >= 0 and not text[before].isspace()


def _pairs(text: str, tokens: list[_Token]) -> tuple[set[int], list[Lone]]:
    """Which marker tokens (by position in ``tokens``) pair up, and the lone ones."""
    paired: set[int] = set()
    lone: list[Lone] = []
    open_at: dict[str, int] = {}
    for k, token in enumerate(tokens):
        if not token.marker:
            continue
        opener = open_at.get(token.marker)
        if opener is not None and _can_close(text, token):
            paired.update((opener, k))
            del open_at[token.marker]
        elif _can_open(text, token):
            if opener is not None:
                lone.append(Lone(tokens[opener].index, token.marker))
            open_at[token.marker] = k
        elif _can_close(text, token):  # closes nothing: a stray mark
            lone.append(Lone(token.index, token.marker))
        # a star with a space (or the text's edge) on both sides is text: 7 * 7
    lone += [Lone(tokens[k].index, marker) for marker, k in open_at.items()]
    return paired, sorted(lone, key=lambda item: item.index)


def parse(text: str) -> tuple[list[Span], list[Lone]]:
    """The spans of ``text`` and the markers without a partner (printed as text)."""
    if "*" not in text:
        return ([Span(text)] if text else []), []
    tokens = _tokens(text)
    paired, lone = _pairs(text, tokens)
    bold = italic = False
    out: list[Span] = []
    for k, token in enumerate(tokens):
        if token.marker and k in paired:
            if token.marker == "**":
                bold = not bold
            else:
                italic = not italic
            continue
        piece = token.text or token.marker
        if out and (out[-1].bold, out[-1].italic) == (bold, italic):
            out[-1] = Span(out[-1].text + piece, bold, italic)
        else:
            out.append(Span(piece, bold, italic))
    return out, lone


def spans(text: str) -> list[Span]:
    return parse(text)[0]


def plain(text: str) -> str:
    """The text as printed, without the markers."""
    return "".join(span.text for span in spans(text))

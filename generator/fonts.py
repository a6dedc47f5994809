"""Real font metrics for Times New Roman, read from Liberation Serif (metric-compatible).

The writer sizes the lines under the Tiêu ngữ and the issuer from the width of the text
above them (spec §3.2), and the checker measures them the same way. Liberation Serif has
the advance widths of Times New Roman by design, so its files stand in for the Microsoft
font that cannot be installed here.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

_STYLES = {
    (False, False): "Regular",
    (True, False): "Bold",
    (False, True): "Italic",
    (True, True): "BoldItalic",
}
_SEARCH_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/liberation-serif"),
    Path("/usr/share/fonts/TTF"),
)


class FontNotFound(RuntimeError):
    """Liberation Serif is not installed (``make setup`` installs it)."""


def font_path(bold: bool = False, italic: bool = False) -> Path:
    """Path of the Liberation Serif file for this style."""
    name = f"LiberationSerif-{_STYLES[bold, italic]}.ttf"
    for folder in _SEARCH_DIRS:
        if (folder / name).is_file():
            return folder / name
    if shutil.which("fc-match"):
        style = {"Regular": "Regular", "Bold": "Bold", "Italic": "Italic",
                 "BoldItalic": "Bold Italic"}[_STYLES[bold, italic]]
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", f"Liberation Serif:style={style}"],
            capture_output=True, text=True, check=False,
        ).stdout.strip()
        if found.endswith(name):
            return Path(found)
    raise FontNotFound(name)


@lru_cache(maxsize=4)
def _metrics(bold: bool, italic: bool) -> tuple[dict[int, int], int]:
    """Advance width per code point (font units) and units per em."""
    font = TTFont(font_path(bold, italic), lazy=True)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"].metrics
    widths = {code: hmtx[glyph][0] for code, glyph in cmap.items()}
    return widths, font["head"].unitsPerEm


@lru_cache(maxsize=4)
def covered_codepoints(bold: bool = False, italic: bool = False) -> frozenset[int]:
    """Code points Liberation Serif can draw in this style."""
    return frozenset(_metrics(bold, italic)[0])


def text_width_pt(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Width of ``text`` set in Times New Roman at ``size_pt`` (no kerning), in points.

    Characters the font lacks count as an em/2, the usual width of a fallback glyph.
    """
    widths, upem = _metrics(bold, italic)
    units = sum(widths.get(ord(ch), upem // 2) for ch in text)
    return units * size_pt / upem


def text_width_twips(text: str, size_pt: float, *, bold: bool = False,
                     italic: bool = False) -> int:
    return round(text_width_pt(text, size_pt, bold=bold, italic=italic) * 20)

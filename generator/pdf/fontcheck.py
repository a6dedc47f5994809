"""Which characters of a text Times New Roman (Liberation Serif) cannot draw.

LibreOffice silently draws such a character with another installed font (fontconfig's
fallback) or, if no font has it, as an empty box. Checking before conversion turns the
box into an error with a position, and the fallback into a warning.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.fonts import covered_codepoints
from generator.pdf.messages import message

# Not drawn at all: line ends, tabs, joiners, direction marks.
_SKIPPED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


@dataclass
class FontCoverage:
    """Result of :func:`check_font_coverage`.

    ``missing``: characters no installed font draws (they would print as boxes): an error.
    ``fallback``: characters Liberation Serif lacks but another font draws: a warning.
    ``where``: line and column (1-based) of each such character's first occurrence.
    ``fonts``: for each fallback character, the fonts that have it.
    """

    missing: tuple[str, ...] = ()
    fallback: tuple[str, ...] = ()
    where: dict[str, tuple[int, int]] = field(default_factory=dict)
    fonts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.missing

    def messages(self, lang: str = "vi") -> list[str]:
        """Error (missing) then warning (fallback) text, ready to show after a file name."""
        out = []
        if self.missing:
            out.append(message("font-missing", lang, chars=self._describe(self.missing)))
        if self.fallback:
            fonts = sorted({f for ch in self.fallback for f in self.fonts.get(ch, ())[:1]})
            out.append(message("font-fallback", lang, chars=self._describe(self.fallback),
                               fonts=", ".join(fonts) or "?"))
        return out

    def _describe(self, chars: tuple[str, ...]) -> str:
        parts = []
        for ch in chars:
            line, col = self.where.get(ch, (0, 0))
            name = unicodedata.name(ch, "?")
            parts.append(f"«{ch}» U+{ord(ch):04X} {name} ({line}:{col})")
        return "; ".join(parts)


_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|<w:tab/>|</w:p>")


def docx_text(path: Path) -> str:
    """The text of a DOCX (body, headers, footers, notes), one paragraph per line."""
    out: list[str] = []
    with zipfile.ZipFile(path) as zf:
        for name in sorted(n for n in zf.namelist() if _PARTS.match(n)):
            xml = zf.read(name).decode("utf-8", "replace")
            for match in _TEXT.finditer(xml):
                token = match.group(0)
                if token == "</w:p>":
                    out.append("\n")
                elif token == "<w:tab/>":
                    out.append("\t")
                else:
                    out.append(html.unescape(match.group(1)))
    return "".join(out)


@lru_cache(maxsize=4096)
def fonts_with(char: str) -> tuple[str, ...]:
    """Families of installed fonts that have ``char`` (fontconfig's fc-list)."""
    if not shutil.which("fc-list"):
        return ()
    out = subprocess.run(
        ["fc-list", f":charset={ord(char):x}", "family"],
        capture_output=True, text=True, check=False, timeout=30,
    ).stdout
    families = {line.split(",")[0].strip() for line in out.splitlines() if line.strip()}
    return tuple(sorted(families))


def check_font_coverage(text: str, *, bold: bool = False, italic: bool = False) -> FontCoverage:
    """Check ``text`` against Liberation Serif (Times New Roman's stand-in)."""
    covered = covered_codepoints(bold, italic)
    where: dict[str, tuple[int, int]] = {}
    line, col = 1, 0
    for ch in text:
        if ch == "\n":
            line, col = line + 1, 0
            continue
        col += 1
        if ord(ch) in covered or ch in where:
            continue
        if unicodedata.category(ch) in _SKIPPED_CATEGORIES:
            continue
        where[ch] = (line, col)
    missing, fallback, fonts = [], [], {}
    for ch in where:
        others = tuple(f for f in fonts_with(ch) if f != "Liberation Serif")
        if others:
            fallback.append(ch)
            fonts[ch] = others
        else:
            missing.append(ch)
    return FontCoverage(tuple(missing), tuple(fallback), where, fonts)

"""Page geometry and text measurement for the layout (twips)."""

from __future__ import annotations

import re

from .. import nd30
from ..fonts import text_width_twips

PAGE_WIDTH = nd30.mm(nd30.PAGE_WIDTH_MM)  # 11906
PAGE_HEIGHT = nd30.mm(nd30.PAGE_HEIGHT_MM)  # 16838
MARGINS = {side: nd30.mm(value) for side, value in nd30.MARGINS_MM.items()}
HEADER_DISTANCE = nd30.mm(nd30.HEADER_DISTANCE_MM)
TEXT_WIDTH = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]
# A landscape section keeps the same margins on the turned page (§1 [interpretation]).
LANDSCAPE_TEXT_WIDTH = PAGE_HEIGHT - MARGINS["left"] - MARGINS["right"]

# Header block (§3.1 [sample]: ≈ 40 % / 60 %). The right column must hold the Quốc hiệu on
# one line: 95.7 mm at 13 pt bold.
HEADER_RIGHT = nd30.mm(101.5)
HEADER_LEFT = TEXT_WIDTH - HEADER_RIGHT
# The place/date line must stay on one line (§3.2 #6): at 14 pt, else at 13 pt (the range's
# lower end, with the 12/13/13 pairing for the Quốc hiệu and Tiêu ngữ), else the right column
# grows up to this width for that document only (``Phường Trương Quang Trọng, ngày 28 tháng
# 11 năm 2025`` needs 110 mm at 13 pt). FIT_MARGIN leaves room for a renderer's rounding.
HEADER_RIGHT_MAX = nd30.mm(122)
FIT_MARGIN = nd30.mm(1)
# Signature block (§3.1 [sample]: Nơi nhận left 2994–3884, signature right 5326–6290 twips).
SIGNATURE_LEFT = nd30.mm(68)
SIGNATURE_RIGHT = TEXT_WIDTH - SIGNATURE_LEFT
# Kính gửi (§3.6 [sample] Mẫu 1.5): "Kính gửi:" starts 3.5 cm from the left margin.
KINH_GUI_INDENT = round(3.5 * nd30.TWIPS_PER_CM)
# Công điện (§5.1 [sample] Mẫu 1.6): recipients in the right column of a borderless table
# whose left column is 2016 twips (3.56 cm) wide.
CONG_DIEN_INDENT = 2016


# A single-spaced line of Times New Roman is about 1.15 × its size high.
LINE_HEIGHT_FACTOR = 1.15


# Where a line may break: a space, never a no-break space (U+00A0), which joins the last
# two words of a line (no_lone_last_word) or the words of a date.
_BREAK = re.compile(r"[^\S\u00a0]+")


def words_of(text: str) -> list[str]:
    """The words a line may break between (words joined by a no-break space are one)."""
    return [word for word in _BREAK.split(text) if word]


def wrap(text: str, width: int, size: float, *, bold: bool = False,
         italic: bool = False) -> list[str]:
    """Greedy line breaking of ``text`` into lines no wider than ``width`` twips, the way a
    word processor breaks at spaces; explicit newlines are kept. A word wider than the whole
    line is broken between characters, as Word and LibreOffice do."""
    lines: list[str] = []
    space = text_width_twips(" ", size, bold=bold, italic=italic)
    for part in text.split("\n"):
        current: list[str] = []
        current_width = 0
        for word in _pieces(words_of(part), width, size, bold=bold, italic=italic):
            w = text_width_twips(word, size, bold=bold, italic=italic)
            if current and current_width + space + w > width:
                lines.append(" ".join(current))
                current, current_width = [word], w
            else:
                current_width += (space if current else 0) + w
                current.append(word)
        lines.append(" ".join(current))
    return lines


def no_lone_last_word(text: str, width: int, size: float, *, bold: bool = False,
                      italic: bool = False, first: int | None = None) -> str:
    """``text`` with its last two words joined by a no-break space where it would wrap
    leaving one word alone on its last line (Kính gửi, V/v, trích yếu, ``(Kèm theo …)``).
    ``first``: the width of the first line when it differs (a hanging indent)."""
    words = words_of(text)
    head = wrap(text, first or width, size, bold=bold, italic=italic)
    if len(head) < 2 or "\n" in text:
        return text
    rest = wrap(" ".join(words[len(words_of(head[0])):]), width, size, bold=bold,
                italic=italic)
    if len(words_of(rest[-1])) != 1 or len(words) < 2:
        return text
    before, _, last = text.rstrip().rpartition(" ")
    return f"{before}\u00a0{last}"


def _pieces(words: list[str], width: int, size: float, *, bold: bool,
            italic: bool) -> list[str]:
    """``words``, each one wider than ``width`` cut into pieces that fit."""
    out: list[str] = []
    for word in words:
        if text_width_twips(word, size, bold=bold, italic=italic) <= width:
            out.append(word)
            continue
        piece = ""
        for ch in word:
            if piece and text_width_twips(piece + ch, size, bold=bold, italic=italic) > width:
                out.append(piece)
                piece = ""
            piece += ch
        out.append(piece)
    return out


def longest_line_width(text: str, width: int, size: float, *, bold: bool = False) -> int:
    return max(text_width_twips(line, size, bold=bold) for line in wrap(text, width, size,
                                                                         bold=bold))


def date_fit(text: str, sizes: tuple[int, int] = nd30.SIZE_RANGES["dia_danh"][::-1],
             column: int = HEADER_RIGHT) -> tuple[int, int]:
    """(size in pt, right column width in twips) that keep the place/date line on one
    line: the first of ``sizes`` (largest first) that fits ``column``, else the last size in
    a column widened to fit (at most :data:`HEADER_RIGHT_MAX`)."""
    for size in sizes:
        if text_width_twips(text, size, italic=True) + FIT_MARGIN <= column:
            return size, column
    size = sizes[-1]
    need = text_width_twips(text, size, italic=True) + FIT_MARGIN
    return size, min(HEADER_RIGHT_MAX, max(column, need))


def centred_indents(container: int, length: int) -> tuple[int, int]:
    """Left/right indents that leave a centred span of ``length`` in ``container``."""
    side = max(0, (container - length) // 2)
    return side, container - length - side

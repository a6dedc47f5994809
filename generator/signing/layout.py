"""Where the decree puts the signatures, read from the PDF vanban made (spec §3.5, §7).

The writer wraps the signature room, a draft's number slot and its day slot in Word
bookmarks (``generator.docx.components.ANCHOR_*``); LibreOffice exports them as named
destinations, each the top-left point of its text (for the empty, centred signature lines:
the column's centre). The boxes here follow from those points and the layout's own numbers
(column width, line height of the style's font), never from searching the page's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from fontTools.ttLib import TTFont
from pypdf import PdfReader

from .. import nd30
from ..docx import geometry as g
from ..docx.components import ANCHOR_DATE, ANCHOR_NUMBER, ANCHOR_SIGNATURE
from ..fonts import font_path, text_width_pt
from ..vietnamese import DRAFT_BLANK, DRAFT_NUMBER_BLANK

SIZES = nd30.DEFAULT_SIZES
PT_PER_MM = 72 / 25.4
# [interpretation] The office's signature field: the signature column, 50 mm high around
# the signature room — room for any seal (state seals are 30–45 mm) at its real size.
SEAL_FIELD_HEIGHT_MM = 50

# Field names of a prepared PDF (README "Ký số").
FIELD_LEADER = "ChuKyLanhDao"
FIELD_OFFICE = "ChuKyCoQuan"
FIELD_NUMBER = "SoVanBan"
FIELD_DATE = "NgayBanHanh"


@dataclass(frozen=True)
class Box:
    """A rectangle on a page, PDF points from the bottom-left corner; ``page`` 0-based."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    def rect(self) -> tuple[float, float, float, float]:
        return (round(self.x0, 2), round(self.y0, 2), round(self.x1, 2), round(self.y1, 2))


@lru_cache(maxsize=4)
def line_height_pt(size: float, bold: bool = False) -> float:
    """Single line spacing of Liberation Serif (Times New Roman's metrics) at ``size``:
    ascender + descender + line gap of the hhea table, as LibreOffice lays lines out."""
    font = TTFont(font_path(bold), lazy=True)
    hhea = font["hhea"]
    units = hhea.ascent - hhea.descent + hhea.lineGap
    return size * units / font["head"].unitsPerEm


def _destinations(reader: PdfReader) -> dict[str, tuple[int, float, float]]:
    """Named destinations → (page, left, top). LibreOffice 7.4 writes a bookmark's ``_`` as
    ``5F`` (a URL escape without its ``%``); both spellings are accepted."""
    found: dict[str, tuple[int, float, float]] = {}
    for name, dest in reader.named_destinations.items():
        key = str(name).lstrip("/")
        try:
            page = reader.get_destination_page_number(dest)
            left, top = float(dest.left), float(dest.top)
        except (TypeError, ValueError, KeyError):
            continue
        for anchor in (ANCHOR_SIGNATURE, ANCHOR_NUMBER, ANCHOR_DATE):
            if key in (anchor, anchor.replace("_", "5F")):
                found[anchor] = (page, left, top)
    return found


@dataclass(frozen=True)
class Anchors:
    signature: Box | None  # the room between the title lines and the name
    number: Box | None  # a draft's number slot
    date: Box | None  # a draft's day slot

    @property
    def seal_field(self) -> Box | None:
        """The office's field: the signature column, centred on the signature room."""
        if self.signature is None:
            return None
        half = SEAL_FIELD_HEIGHT_MM * PT_PER_MM / 2
        mid = self.signature.centre[1]
        return Box(self.signature.page, self.signature.x0, mid - half, self.signature.x1,
                   mid + half)


def read_anchors(reader: PdfReader) -> Anchors:
    dests = _destinations(reader)
    signature = number = date = None
    if ANCHOR_SIGNATURE in dests:
        page, centre, top = dests[ANCHOR_SIGNATURE]
        width = g.SIGNATURE_RIGHT / 20
        height = nd30.SIGNATURE_BLANK_LINES * line_height_pt(SIZES.ho_ten_ky)
        signature = Box(page, centre - width / 2, top - height, centre + width / 2, top)
    if ANCHOR_NUMBER in dests:
        page, left, top = dests[ANCHOR_NUMBER]
        number = _slot(page, left, top, SIZES.so_ky_hieu, DRAFT_NUMBER_BLANK)
    if ANCHOR_DATE in dests:
        page, left, top = dests[ANCHOR_DATE]
        date = _slot(page, left, top, SIZES.dia_danh, DRAFT_BLANK)
    return Anchors(signature, number, date)


def _slot(page: int, left: float, top: float, size: float, blank: str) -> Box:
    width = text_width_pt(blank, size)
    return Box(page, left, top - line_height_pt(size), left + width, top)


def fit(box: Box, width: float, height: float) -> Box:
    """``width`` × ``height`` scaled to fit ``box`` (aspect kept), centred in it."""
    scale = min(box.width / width, box.height / height)
    w, h = width * scale, height * scale
    cx, cy = box.centre
    return Box(box.page, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def seal_box(field: Box, signature_image: Box, diameter_mm: float) -> Box:
    """The seal at its real size, centred on the signature's height, its right edge a third
    of the way into the signature image (PL I II.8.a: it covers ~1/3 of it, on the left)."""
    d = diameter_mm * PT_PER_MM
    right = signature_image.x0 + signature_image.width * nd30.SEAL_OVERLAP_FRACTION
    cy = signature_image.centre[1]
    return Box(field.page, right - d, cy - d / 2, right, cy + d / 2)

"""Figures (``Hinh``): a real inline picture (``w:drawing``/``wp:inline``, ``a:blip
r:embed``) in a centred paragraph kept with its caption (centred, italic), sized from ``rong``
or the picture's own resolution and never wider than the section's text area (README
"Layout choices"). The picture's bytes become a media part named by their content hash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import nd30
from ..images import CONTENT_TYPES, Picture
from ..model import Hinh
from . import geometry as g
from .body import Para, Xml
from .footnotes import Footnotes

EMU_PER_MM = 36_000
EMU_PER_TWIP = 635
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
CAPTION_STYLE = "VBChuThichHinh"
PICTURE_STYLE = "VBHinh"


@dataclass(frozen=True)
class Drawing(Xml):
    """A paragraph holding one picture: the writer adds its media part and relationship."""

    picture: Picture


def relationship_id(picture: Picture) -> str:
    return f"rIdHinh{picture.digest}"


def extent(figure: Hinh, picture: Picture, *, landscape: bool) -> tuple[int, int]:
    """(cx, cy) in EMU: ``rong`` mm or the natural size, the aspect ratio kept, shrunk to the
    text width and to the text height less room for the caption."""
    natural_w, natural_h = picture.natural_mm
    width_mm = figure.rong if figure.rong is not None else natural_w
    ratio = (picture.height_px / picture.dpi_y) / (picture.width_px / picture.dpi_x)
    text_width = g.LANDSCAPE_TEXT_WIDTH if landscape else g.TEXT_WIDTH
    page = g.PAGE_WIDTH if landscape else g.PAGE_HEIGHT
    text_height = page - g.MARGINS["top"] - g.MARGINS["bottom"] - nd30.mm(
        nd30.FIGURE_CAPTION_ROOM_MM)
    cx = min(round(width_mm * EMU_PER_MM), text_width * EMU_PER_TWIP)
    cx = min(cx, round(text_height * EMU_PER_TWIP / ratio))
    return max(1, cx), max(1, round(cx * ratio))


def drawing_xml(picture: Picture, cx: int, cy: int, name: str, *, keep_next: bool) -> str:
    """The centred paragraph of one inline picture (``docPr`` ids are numbered later by
    :func:`number_drawings`)."""
    keep = "<w:keepNext/>" if keep_next else ""
    rid = relationship_id(picture)
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{PICTURE_STYLE}"/>{keep}</w:pPr><w:r><w:drawing>'
        f'<wp:inline xmlns:wp="{_WP}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="0" name="{name}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{_A}" noChangeAspect="1"/>'
        f'</wp:cNvGraphicFramePr><a:graphic xmlns:a="{_A}"><a:graphicData uri="{_PIC}">'
        f'<pic:pic xmlns:pic="{_PIC}"><pic:nvPicPr><pic:cNvPr id="0" name="{name}"/>'
        "<pic:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></pic:cNvPicPr></pic:nvPicPr>"
        f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
        "</pic:blipFill><pic:spPr>"
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>")


def figure_flow(figure: Hinh, notes: Footnotes, *, landscape: bool) -> list[Para | Xml]:
    """The picture's paragraph and its caption, as items of the body flow."""
    picture: Picture = figure.image
    cx, cy = extent(figure, picture, landscape=landscape)
    name = f"Hình {picture.digest}"
    out: list[Para | Xml] = [Drawing(drawing_xml(picture, cx, cy, name,
                                                 keep_next=figure.ten_hinh is not None),
                                     picture)]
    if figure.ten_hinh:
        out.append(Para(CAPTION_STYLE, notes.runs(figure.ten_hinh, in_italic=True)))
    return out


_DOC_PR = re.compile(r'(<(?:wp:docPr|pic:cNvPr) id=")0(")')


def number_drawings(document: str) -> str:
    """Give every picture its own ``docPr`` id (1, 2, … in reading order), as Word needs."""
    count = 0

    def next_id(match: re.Match[str]) -> str:
        nonlocal count
        if match.group(1).startswith("<wp:"):
            count += 1
        return f"{match.group(1)}{count}{match.group(2)}"

    return _DOC_PR.sub(next_id, document)


def media_parts(pictures: list[Picture]) -> tuple[list[tuple[str, bytes]],
                                                  list[tuple[str, str]],
                                                  list[tuple[str, str, str]]]:
    """(parts, content-type overrides, relationships) for the distinct pictures, sorted by
    name so that the package does not depend on the order of first use."""
    unique = sorted({p.digest: p for p in pictures}.values(), key=lambda p: p.digest)
    parts = [(f"word/{p.part_name}", p.data) for p in unique]
    types = [(f"/word/{p.part_name}", CONTENT_TYPES[p.kind]) for p in unique]
    rels = [(relationship_id(p), "image", p.part_name) for p in unique]
    return parts, types, rels

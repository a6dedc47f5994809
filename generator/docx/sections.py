"""Joining the flow into ``w:body``: one section per run of pages with the same setup.

The main document is the first section (page numbers from 1, none on page 1); a landscape
table gets a section of its own (numbers continue); each appendix starts a section whose
numbers restart at 1 (spec §1, §3.10).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import geometry as g
from .body import FlowItem, NewSection
from .ooxml import Section, section_end

SECTION_BREAK_STYLE = "VBNgatVung"


@dataclass(frozen=True)
class HeaderParts:
    """Relationship ids of the header and footer parts sections point to."""

    numbered: str  # the PAGE field, every page but a first one
    first_page: str  # page 1 of the main document (ô 11 notice, if any)
    first_page_blank: str  # page 1 of an appendix
    first_footer: str | None = None  # ô 13, page 1 only
    first_footer_blank: str | None = None


def _section(parts: HeaderParts, *, main: bool = False, landscape: bool = False,
             appendix: bool = False) -> Section:
    first_page = main or appendix
    return Section(
        g.PAGE_WIDTH, g.PAGE_HEIGHT, g.MARGINS, g.HEADER_DISTANCE, landscape=landscape,
        restart_numbering=first_page, title_page=first_page, default_header=parts.numbered,
        first_header=(parts.first_page if main else parts.first_page_blank) if first_page
        else None,
        first_footer=(parts.first_footer if main else parts.first_footer_blank) if first_page
        else None,
    )


def join(flow: Sequence[FlowItem], parts: HeaderParts) -> str:
    """The body XML, each section closed by its ``sectPr``, the last one's at the end."""
    current = _section(parts, main=True)
    out = []
    for item in flow:
        if isinstance(item, NewSection):
            out.append(section_end(current, SECTION_BREAK_STYLE))
            current = _section(parts, landscape=item.landscape, appendix=item.appendix)
        else:
            out.append(item.xml())
    return "".join(out) + current.xml()

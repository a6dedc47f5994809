"""Appendices (spec §3.10, Mẫu 2.1) and the text a quyết định issues (Mẫu 1.3 annex).

Each starts a section of its own on a new page with its page numbers restarting at 1
(``pgNumType start=1``) and no number on its first page, like the main document.
"""

from __future__ import annotations

from .. import nd30
from ..model import Document, PhuLuc
from . import geometry as g
from .body import BodyWriter, FlowItem, NewSection, Para, Xml, add_end_mark
from .components import SIZES, agency_rule, header_block, reference_phrase, title_lines
from .footnotes import Footnotes
from .ooxml import Run


def appendix_label(number: str | None) -> str:
    """``Phụ lục`` alone, ``Phụ lục II`` or ``Phụ lục 1A`` (``Document.appendix_numbers``)."""
    return nd30.PHU_LUC_LABEL if number is None else f"{nd30.PHU_LUC_LABEL} {number}"


def attached_line(doc: Document, width: int, lead: str = "Kèm theo") -> str:
    """``(Kèm theo Quyết định số …)``, never with one word alone on its last line."""
    return g.no_lone_last_word(f"({lead} {reference_phrase(doc)})", width,
                               SIZES.noi_dung, italic=True)


def appendix_flow(doc: Document, appendix: PhuLuc, number: str | None,
                  notes: Footnotes) -> list[FlowItem]:
    width = g.LANDSCAPE_TEXT_WIDTH if appendix.ngang else g.TEXT_WIDTH
    title = appendix.ten.upper()
    flow: list[FlowItem] = [
        NewSection(landscape=appendix.ngang, appendix=True),
        Para("VBPhuLuc", [Run(appendix_label(number))]),
        Para("VBTenPhuLuc", [Run(title)]),
        Para("VBKemTheo", [Run(attached_line(doc, width))]),
        Xml(agency_rule(title, width, SIZES.trich_yeu)),
    ]
    writer = BodyWriter(doc.numbering, notes, landscape=appendix.ngang)
    writer.blocks(appendix.noi_dung, 0, doc.numbering, numbered_text=False)
    add_end_mark(writer.flow)
    return flow + writer.flow


def attached_text_flow(doc: Document, notes: Footnotes) -> list[FlowItem]:
    """Mẫu 1.3 annex: header without number and date, the type name and trích yếu, the
    ``(Kèm theo Quyết định số …)`` line, then chapters and articles, numbered afresh."""
    attached = doc.van_ban_kem_theo
    assert attached is not None
    name = nd30.DOC_TYPES[attached.loai].name
    lines = title_lines(name, attached.trich_yeu)
    flow: list[FlowItem] = [
        NewSection(appendix=True),
        Xml(header_block(doc, with_number=False, with_date=False)),
        Xml("".join(lines[:-1])),
        # a legal-normative decision's text is "Ban hành kèm theo" (Nghị định 78/2025, Mẫu 18)
        Para("VBKemTheo", [Run(attached_line(doc, g.TEXT_WIDTH, "Ban hành kèm theo"
                                             if doc.qppl else "Kèm theo"))]),
        Xml(lines[-1]),
    ]
    writer = BodyWriter(nd30.DOC_TYPES[attached.loai].numbering, notes)
    writer.blocks(attached.noi_dung, 0, writer.scheme, numbered_text=False)
    add_end_mark(writer.flow)
    return flow + writer.flow

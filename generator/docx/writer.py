"""Document → DOCX bytes, laid out per Nghị định 30/2020 (spec §1–§5).

The document is a flow read top to bottom: the main document laid out per its Mẫu
(:mod:`.layouts`: header block, type name and trích yếu, Kính gửi, body, signature and Nơi
nhận), then the text a quyết định issues, the copy note (Mẫu 3.1) and the appendices, each
of the last on sections of their own (:mod:`.sections`). This module packs it with the page
number headers, the first-page footer (ô 13) and the footnotes into the DOCX package.
"""

from __future__ import annotations

import datetime as dt

from .. import nd30
from ..fonts import text_width_twips
from ..model import Document
from . import geometry as g
from .appendix import appendix_flow, attached_text_flow
from .body import FlowItem
from .copies import copy_flow
from .figures import Drawing, media_parts, number_drawings
from .footnotes import Footnotes
from .layouts import main_flow
from .ooxml import (
    OFFICE_REL,
    PACKAGE_REL,
    WML_TYPE,
    Border,
    box_borders,
    content_types,
    document_xml,
    esc,
    page_field,
    paragraph,
    part_xml,
    relationships,
    write_package,
)
from .sections import HeaderParts, join
from .styles import styles_xml

SIZES = nd30.DEFAULT_SIZES


def document_flow(doc: Document, notes: Footnotes) -> list[FlowItem]:
    """Main document, then the text it issues, the copy note and the appendices."""
    flow = main_flow(doc, notes)
    if doc.van_ban_kem_theo is not None:
        flow += attached_text_flow(doc, notes)
    if doc.ban_sao is not None:
        flow += copy_flow(doc.ban_sao)
    for appendix, number in zip(doc.phu_luc, doc.appendix_numbers, strict=True):
        flow += appendix_flow(doc, appendix, number, notes)
    return flow


def first_page_header(doc: Document) -> str:
    """Empty but for the circulation notice (ô 11), boxed, right of centre (§3.7)."""
    if not doc.luu_hanh:
        return paragraph("VBSoTrang")
    width = text_width_twips(doc.luu_hanh.upper(), SIZES.luu_hanh, bold=True) + nd30.mm(6)
    left = max(0, round(g.TEXT_WIDTH * 0.58))
    return paragraph("VBLuuHanh", doc.luu_hanh.upper(), left=left,
                     right=max(0, g.TEXT_WIDTH - left - width), borders=box_borders(1))


# --- the package ------------------------------------------------------------------------------
_PART_TYPES = (
    ("/word/document.xml", WML_TYPE + "document.main+xml"),
    ("/word/styles.xml", WML_TYPE + "styles+xml"),
    ("/word/settings.xml", WML_TYPE + "settings+xml"),
    ("/word/fontTable.xml", WML_TYPE + "fontTable+xml"),
    ("/word/header1.xml", WML_TYPE + "header+xml"),
    ("/word/header2.xml", WML_TYPE + "header+xml"),
    ("/word/header3.xml", WML_TYPE + "header+xml"),
    ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
    ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument."
                          "extended-properties+xml"),
)
_FOOTER_TYPES = (("/word/footer1.xml", WML_TYPE + "footer+xml"),
                 ("/word/footer2.xml", WML_TYPE + "footer+xml"))
_FOOTNOTES_TYPE = ("/word/footnotes.xml", WML_TYPE + "footnotes+xml")


def _content_types(has_footer: bool, has_notes: bool,
                   media: tuple[tuple[str, str], ...] = ()) -> bytes:
    return content_types(_PART_TYPES + (_FOOTER_TYPES if has_footer else ())
                         + ((_FOOTNOTES_TYPE,) if has_notes else ()) + media)


_REL = OFFICE_REL
_PACKAGE_RELS = relationships([
    ("rId1", _REL + "officeDocument", "word/document.xml"),
    ("rId2", PACKAGE_REL + "/metadata/core-properties", "docProps/core.xml"),
    ("rId3", _REL + "extended-properties", "docProps/app.xml"),
])
_SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>{notes}'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="vi-VN"/></w:settings>'
)
# The separator footnotes (ids -1 and 0) that Word expects settings to name.
_NOTE_SETTINGS = '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'


def _settings(has_notes: bool) -> bytes:
    return _SETTINGS.format(notes=_NOTE_SETTINGS if has_notes else "").encode()


_FONT_TABLE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    f'<w:font w:name="{nd30.FONT_FAMILY}"><w:panose1 w:val="02020603050405020304"/>'
    '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    "</w:fonts>"
).encode()
_STYLES = styles_xml(SIZES).encode()


def _document_rels(has_footer: bool, has_notes: bool,
                   media: tuple[tuple[str, str, str], ...] = ()) -> bytes:
    rels = [("rIdStyles", "styles", "styles.xml"), ("rIdSettings", "settings", "settings.xml"),
            ("rIdFonts", "fontTable", "fontTable.xml"), ("rIdHdr1", "header", "header1.xml"),
            ("rIdHdr2", "header", "header2.xml"), ("rIdHdr3", "header", "header3.xml")]
    if has_footer:
        rels += [("rIdFtr1", "footer", "footer1.xml"), ("rIdFtr2", "footer", "footer2.xml")]
    if has_notes:
        rels.append(("rIdNotes", "footnotes", "footnotes.xml"))
    rels += media
    return relationships([(i, _REL + kind, target) for i, kind, target in rels])


def document_title(doc: Document) -> str:
    if doc.doc_type.slug == "cong-van":
        return f"{doc.doc_type.name} V/v {doc.trich_yeu}"
    return f"{doc.doc_type.name} {doc.trich_yeu}" if doc.trich_yeu else doc.doc_type.name


def _core_properties(doc: Document) -> bytes:
    stamp = dt.datetime.combine(doc.ngay, dt.time()).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(document_title(doc))}</dc:title>"
        f"<dc:subject>{esc(doc.doc_type.name.capitalize())}</dc:subject>"
        f"<dc:creator>{esc(doc.co_quan.author)}</dc:creator>"
        f"<cp:keywords>{esc(doc.number_and_code.replace(chr(160), '').strip())}</cp:keywords>"
        "<cp:lastModifiedBy>vanban</cp:lastModifiedBy><dc:language>vi-VN</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>vanban</Application></Properties>"
)


def render_docx(doc: Document) -> bytes:
    """The whole DOCX for ``doc``, byte-identical for identical input."""
    notes = Footnotes(doc.chu_thich)
    has_footer = bool(doc.co_quan.dia_chi)
    headers = HeaderParts("rIdHdr1", "rIdHdr2", "rIdHdr3",
                          "rIdFtr1" if has_footer else None, "rIdFtr2" if has_footer else None)
    flow = document_flow(doc, notes)
    media, media_types, media_rels = media_parts([item.picture for item in flow
                                                  if isinstance(item, Drawing)])
    document = number_drawings(document_xml(join(flow, headers)))
    notes_part = notes.part()
    has_notes = notes_part is not None
    header_default = part_xml("hdr", paragraph("VBSoTrang", extra_content=page_field()))
    parts = [
        ("[Content_Types].xml", _content_types(has_footer, has_notes, tuple(media_types))),
        ("_rels/.rels", _PACKAGE_RELS),
        ("docProps/core.xml", _core_properties(doc)),
        ("docProps/app.xml", _APP),
        ("word/document.xml", document.encode()),
        ("word/_rels/document.xml.rels", _document_rels(has_footer, has_notes,
                                                         tuple(media_rels))),
        ("word/styles.xml", _STYLES),
        ("word/settings.xml", _settings(has_notes)),
        ("word/fontTable.xml", _FONT_TABLE),
        ("word/header1.xml", header_default.encode()),
        ("word/header2.xml", part_xml("hdr", first_page_header(doc)).encode()),
        ("word/header3.xml", part_xml("hdr", paragraph("VBSoTrang")).encode()),
    ]
    if has_footer:  # ô 13: page 1 only, under a full-width line (§3.9)
        footer = paragraph("VBDiaChi", doc.co_quan.dia_chi or "", borders=(Border("top", 6, 1),))
        parts.append(("word/footer1.xml", part_xml("ftr", footer).encode()))
        parts.append(("word/footer2.xml", part_xml("ftr", paragraph("VBDiaChi")).encode()))
    if notes_part is not None:
        parts.append(("word/footnotes.xml", notes_part))
    return write_package(parts + media)

"""Document → DOCX bytes, laid out per Nghị định 30/2020 (spec §1–§4, §3.6).

The page reads top to bottom as the code below: header block (ô 1–5b, 10), type name and
trích yếu (ô 5a), Kính gửi (ô 9a), body (ô 6), signature and Nơi nhận (ô 7, 9b, 12), page
numbers and the first-page footer (ô 13).
"""

from __future__ import annotations

import datetime as dt

from .. import nd30
from ..fonts import text_width_twips
from ..model import Document
from ..vietnamese import full_date
from . import geometry as g
from .body import body_paragraphs, legal_basis
from .ooxml import (
    Border,
    Cell,
    box_borders,
    document_xml,
    esc,
    page_field,
    paragraph,
    part_xml,
    table,
    write_package,
)
from .styles import FIRST_SIGNATURE_BEFORE, styles_xml

SIZES = nd30.DEFAULT_SIZES
LAYOUT_TABLE = "VBBangBoCuc"


def _rule(container: int, length: int) -> str:
    """A solid line ``length`` twips long, centred: the top border of an empty paragraph."""
    left, right = g.centred_indents(container, length)
    return paragraph("VBDuongKe", left=left, right=right, borders=(Border("top", 6, 0),))


def _agency_rule(text: str, container: int, size: float) -> str:
    """The line under the issuer or the trích yếu: 1/3–1/2 of the longest text line (§3.2)."""
    longest = g.longest_line_width(text, container, size, bold=True)
    return _rule(container, round(longest * nd30.AGENCY_LINE_FRACTION))


def _stamp(text: str, container: int) -> str:
    """Urgency or secrecy mark in a single-border box (§3.7), at the left of the column."""
    width = nd30.mm(nd30.URGENCY_BOX_WIDTH_MM.get(text, 0)) or (
        text_width_twips(text, SIZES.khan, bold=True) + nd30.mm(6))
    return paragraph("VBDauMucDo", text, right=max(0, container - width),
                     borders=box_borders(1))


def header_block(doc: Document) -> str:
    issuer = doc.co_quan
    left = []
    if issuer.chu_quan:
        left.append(paragraph("VBCoQuanChuQuan", issuer.chu_quan.upper()))
    left.append(paragraph("VBTenCoQuan", issuer.ten.upper()))
    left.append(_agency_rule(issuer.ten.upper(), g.HEADER_LEFT, SIZES.co_quan))
    right = [
        paragraph("VBQuocHieu", nd30.QUOC_HIEU),
        paragraph("VBTieuNgu", nd30.TIEU_NGU),
        _rule(g.HEADER_RIGHT, text_width_twips(nd30.TIEU_NGU, SIZES.tieu_ngu, bold=True)),
    ]
    number = [paragraph("VBSoKyHieu", f"Số: {doc.number_and_code}")]
    if doc.doc_type.slug == "cong-van" and doc.trich_yeu:
        number.append(paragraph("VBTrichYeuCongVan", f"V/v {doc.trich_yeu}"))
    for mark in (doc.do_mat, doc.muc_do_khan):  # ô 10a then ô 10b
        if mark:
            number.append(_stamp(mark, g.HEADER_LEFT))
    date_text = full_date(doc.ngay, blank_day=doc.chua_cap_so)
    date = paragraph("VBDiaDanh", f"{doc.dia_danh}, {date_text}")
    rows = [
        [Cell(g.HEADER_LEFT, "".join(left)), Cell(g.HEADER_RIGHT, "".join(right))],
        [Cell(g.HEADER_LEFT, "".join(number)), Cell(g.HEADER_RIGHT, date)],
    ]
    return table([g.HEADER_LEFT, g.HEADER_RIGHT], rows, style=LAYOUT_TABLE)


def title_block(doc: Document) -> str:
    """Tên loại and trích yếu (ô 5a) for every type but the công văn."""
    if doc.doc_type.slug == "cong-van":
        return ""
    out = [paragraph("VBTenLoai", doc.doc_type.name)]
    underlined = doc.doc_type.name
    if doc.trich_yeu:
        out.append(paragraph("VBTrichYeu", doc.trich_yeu))
        underlined = doc.trich_yeu
    out.append(_agency_rule(underlined, g.TEXT_WIDTH, SIZES.trich_yeu))
    return "".join(out)


def _listed(items: list[str]) -> list[str]:
    """``- a;`` … ``- z.``: the writer's punctuation (§3.6), the author's own trimmed."""
    clean = [item.rstrip().rstrip(";.,").rstrip() for item in items]
    return [f"- {text}{';' if i < len(clean) - 1 else '.'}" for i, text in enumerate(clean)]


def kinh_gui_block(doc: Document) -> str:
    """Kính gửi (ô 9a, §3.6): one line, or dashes aligned under the colon."""
    if not doc.kinh_gui:
        return ""
    label = nd30.KINH_GUI_LABEL
    size = SIZES.kinh_gui
    colon_x = g.KINH_GUI_INDENT + text_width_twips(label, size)
    if len(doc.kinh_gui) == 1:
        text = f"{label}: {doc.kinh_gui[0].rstrip(';.,')}"
        hang = text_width_twips(f"{label}: ", size)
        return paragraph("VBKinhGui", text, left=g.KINH_GUI_INDENT + hang, hanging=hang,
                         before=240)
    dash = text_width_twips("- ", size)
    out = [paragraph("VBKinhGui", f"{label}:", left=g.KINH_GUI_INDENT, before=240)]
    out += [paragraph("VBKinhGui", line, left=colon_x + dash, hanging=dash)
            for line in _listed(doc.kinh_gui)]
    return "".join(out)


def decision_preamble(doc: Document) -> str:
    """Thẩm quyền ban hành, căn cứ and the ``QUYẾT ĐỊNH:`` line (Mẫu 1.1–1.3)."""
    out = []
    if doc.tham_quyen:
        out.append(paragraph("VBThamQuyen", doc.tham_quyen.upper()))
    if doc.can_cu or doc.theo_de_nghi:
        basis = [] if not doc.theo_de_nghi else [doc.theo_de_nghi]
        out += [p.xml() for p in legal_basis(doc.can_cu, basis[0] if basis else None)]
    if doc.doc_type.slug in nd30.ARTICLE_TYPES:
        verb = "QUYẾT NGHỊ:" if doc.doc_type.slug == "nghi-quyet" else "QUYẾT ĐỊNH:"
        out.append(paragraph("VBDongGiua", verb))
    return "".join(out)


def recipients(doc: Document) -> list[str]:
    items = list(doc.noi_nhan)
    first = doc.doc_type.first_recipient
    if first == nd30.NHU_TREN and doc.kinh_gui and (
            not items or items[0].rstrip(";.,").strip().lower() != first.lower()):
        items.insert(0, first)
    storage = ", ".join([nd30.LUU_VAN_THU, *doc.storage_units])
    lines = _listed(items + [f"Lưu: {storage}"]) if items else [f"- Lưu: {storage}."]
    if doc.nguoi_soan:  # ô 12 after the Lưu line (§3.8 [sample])
        code = doc.nguoi_soan if doc.nguoi_soan.endswith(".") else doc.nguoi_soan + "."
        copies = f"({doc.so_ban})" if doc.so_ban else ""
        lines[-1] += f" {code}{copies}."
    return lines


def signature_block(doc: Document) -> str:
    size = SIZES.noi_nhan
    dash = text_width_twips("- ", size)
    left = [paragraph("VBNoiNhanNhan", nd30.NOI_NHAN_LABEL, before=FIRST_SIGNATURE_BEFORE)]
    left += [paragraph("VBNoiNhan", line, left=dash, hanging=dash) for line in recipients(doc)]
    signer = doc.nguoi_ky
    right = []
    for i, line in enumerate(signer.title_lines()):
        right.append(paragraph("VBChucVuKy", line,
                               before=FIRST_SIGNATURE_BEFORE if i == 0 else None))
    right += [paragraph("VBChoKy")] * nd30.SIGNATURE_BLANK_LINES
    if signer.chuc_vu_khac:
        right.append(paragraph("VBChucVuKy", signer.chuc_vu_khac.upper()))
    right.append(paragraph("VBHoTenKy", signer.ho_ten))
    cells = [Cell(g.SIGNATURE_LEFT, "".join(left)), Cell(g.SIGNATURE_RIGHT, "".join(right))]
    return table([g.SIGNATURE_LEFT, g.SIGNATURE_RIGHT], [cells], style=LAYOUT_TABLE,
                 cant_split=True)


def section_properties(has_first_footer: bool) -> str:
    m = g.MARGINS
    footer = '<w:footerReference w:type="first" r:id="rIdFtr1"/>' if has_first_footer else ""
    return ('<w:sectPr><w:headerReference w:type="default" r:id="rIdHdr1"/>'
            f'<w:headerReference w:type="first" r:id="rIdHdr2"/>{footer}'
            f'<w:pgSz w:w="{g.PAGE_WIDTH}" w:h="{g.PAGE_HEIGHT}"/>'
            f'<w:pgMar w:top="{m["top"]}" w:right="{m["right"]}" w:bottom="{m["bottom"]}" '
            f'w:left="{m["left"]}" w:header="{g.HEADER_DISTANCE}" w:footer="{g.HEADER_DISTANCE}" '
            'w:gutter="0"/><w:pgNumType w:start="1"/><w:titlePg/></w:sectPr>')


def first_page_header(doc: Document) -> str:
    """Empty but for the circulation notice (ô 11), boxed, right of centre (§3.7)."""
    if not doc.luu_hanh:
        return paragraph("VBSoTrang")
    width = text_width_twips(doc.luu_hanh.upper(), SIZES.luu_hanh, bold=True) + nd30.mm(6)
    left = max(0, round(g.TEXT_WIDTH * 0.58))
    return paragraph("VBLuuHanh", doc.luu_hanh.upper(), left=left,
                     right=max(0, g.TEXT_WIDTH - left - width), borders=box_borders(1))


# --- the package ------------------------------------------------------------------------------
_OOXML = "application/vnd.openxmlformats-officedocument."
_WML = _OOXML + "wordprocessingml."
_PART_TYPES = (
    ("/word/document.xml", _WML + "document.main+xml"),
    ("/word/styles.xml", _WML + "styles+xml"),
    ("/word/settings.xml", _WML + "settings+xml"),
    ("/word/fontTable.xml", _WML + "fontTable+xml"),
    ("/word/header1.xml", _WML + "header+xml"),
    ("/word/header2.xml", _WML + "header+xml"),
    ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
    ("/docProps/app.xml", _OOXML + "extended-properties+xml"),
)
_FOOTER_TYPE = ("/word/footer1.xml", _WML + "footer+xml")
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def _content_types(has_footer: bool) -> bytes:
    parts = _PART_TYPES + ((_FOOTER_TYPE,) if has_footer else ())
    overrides = "".join(f'<Override PartName="{name}" ContentType="{kind}"/>'
                        for name, kind in parts)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f"{overrides}</Types>").encode()


def _relationships(rels: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f'<Relationship Id="{i}" Type="{kind}" Target="{target}"/>'
                   for i, kind, target in rels)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PKG_REL}">{body}</Relationships>').encode()


_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PACKAGE_RELS = _relationships([
    ("rId1", _REL + "officeDocument", "word/document.xml"),
    ("rId2", _PKG_REL + "/metadata/core-properties", "docProps/core.xml"),
    ("rId3", _REL + "extended-properties", "docProps/app.xml"),
])
_SETTINGS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b'<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
    b'<w:characterSpacingControl w:val="doNotCompress"/>'
    b'<w:compat><w:compatSetting w:name="compatibilityMode" '
    b'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    b'<w:themeFontLang w:val="vi-VN"/></w:settings>'
)
_FONT_TABLE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    f'<w:font w:name="{nd30.FONT_FAMILY}"><w:panose1 w:val="02020603050405020304"/>'
    '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    "</w:fonts>"
).encode()
_STYLES = styles_xml(SIZES).encode()


def _document_rels(has_footer: bool) -> bytes:
    rels = [("rIdStyles", "styles", "styles.xml"), ("rIdSettings", "settings", "settings.xml"),
            ("rIdFonts", "fontTable", "fontTable.xml"), ("rIdHdr1", "header", "header1.xml"),
            ("rIdHdr2", "header", "header2.xml")]
    if has_footer:
        rels.append(("rIdFtr1", "footer", "footer1.xml"))
    return _relationships([(i, _REL + kind, target) for i, kind, target in rels])


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
    body = [header_block(doc), title_block(doc), kinh_gui_block(doc), decision_preamble(doc)]
    body += [p.xml() for p in body_paragraphs(doc)]
    body.append(signature_block(doc))
    has_footer = bool(doc.co_quan.dia_chi)
    document = document_xml("".join(body), section_properties(has_footer))
    header_default = part_xml("hdr", paragraph("VBSoTrang", extra_content=page_field()))
    header_first = part_xml("hdr", first_page_header(doc))
    parts = [
        ("[Content_Types].xml", _content_types(has_footer)),
        ("_rels/.rels", _PACKAGE_RELS),
        ("docProps/core.xml", _core_properties(doc)),
        ("docProps/app.xml", _APP),
        ("word/document.xml", document.encode()),
        ("word/_rels/document.xml.rels", _document_rels(has_footer)),
        ("word/styles.xml", _STYLES),
        ("word/settings.xml", _SETTINGS),
        ("word/fontTable.xml", _FONT_TABLE),
        ("word/header1.xml", header_default.encode()),
        ("word/header2.xml", header_first.encode()),
    ]
    if has_footer:  # ô 13: page 1 only, under a full-width line (§3.9)
        footer = paragraph("VBDiaChi", doc.co_quan.dia_chi or "", borders=(Border("top", 6, 1),))
        parts.append(("word/footer1.xml", part_xml("ftr", footer).encode()))
    return write_package(parts)

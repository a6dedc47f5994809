"""The low layer: WordprocessingML written as text.

Everything that knows OOXML element names lives here (paragraphs, runs, borders, tables,
fields, section properties, the ZIP package), so the writer above reads like the layout it
produces. Text is always escaped here, so ``&``, ``<``, ``>`` and quotes in content stay
content.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def esc(text: str) -> str:
    return text.translate(_ESCAPES)


@dataclass(frozen=True)
class Run:
    """A run of text with the direct formatting the writer needs (most comes from styles)."""

    text: str
    bold: bool | None = None
    italic: bool | None = None
    size: float | None = None  # points
    footnote: int | None = None  # a footnote reference mark (the text is then ignored)

    def xml(self, dates: bool = False) -> str:
        """The run; ``dates``: a date in it is bound into one unbreakable word."""
        if self.footnote is not None:
            return footnote_reference(self.footnote)
        props = []
        if self.bold is not None:
            props.append("<w:b/>" if self.bold else '<w:b w:val="0"/>')
        if self.italic is not None:
            props.append("<w:i/>" if self.italic else '<w:i w:val="0"/>')
        if self.size is not None:
            half = round(self.size * 2)
            props.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
        rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
        parts = self.text.split("\n")
        body = "<w:br/>".join(_text_xml(bind_dates(p) if dates else p) for p in parts)
        return f"<w:r>{rpr}{body}</w:r>"


# The hyphen inside a document code (44/2022/TT-BTC, QĐ-UBND, 2021-2025): between two
# capitals or digits. Written as <w:noBreakHyphen/> so that no line ends with "TT-"; Word and
# LibreOffice draw it as "-" and LibreOffice puts "-" in the PDF's text.
_CODE_HYPHEN = re.compile(r"(?<=[^\W_])-(?=[^\W_])")
_NO_BREAK_HYPHEN = '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'
# "Số: 4208/VP-NC" is one short line in its column; tools that fill or read the number
# (register, signing) find it as written.
_UNBOUND_STYLES = frozenset({"VBSoKyHieu"})
# A date in running text never breaks across lines (issue 9: "ngày 28 tháng 11" / "năm
# 2025"): its words are joined with no-break spaces (U+00A0), which Word and LibreOffice
# draw as spaces and never break at. "ngày 28 tháng 11 năm 2025", "tháng 11 năm 2025",
# "ngày 28/11/2025", "ngày 28/11".
_DATE = re.compile(r"(?:\b[Nn]gày +\d{1,2} +)?\b[Tt]háng +\d{1,2} +năm +\d{4}\b"
                   r"|\b[Nn]gày +\d{1,2}/\d{1,2}(?:/\d{4})?\b")
# The styles of running text, where a date may fall at a line's end (the body, căn cứ,
# articles, the lines of a Mẫu, table notes, footnotes); not the header's place/date line
# (one line, filled in by the signing tools), the (Kèm theo …) line (kept from a lone last
# word by geometry.no_lone_last_word) nor table cells, whose narrow columns must wrap.
_DATE_STYLES = frozenset({"VBNoiDung", "VBCanCu", "VBDieu", "VBTieuDeMuc", "VBDongMau",
                          "VBGhiChuBang", "VBChuThich"})


def bind_dates(text: str) -> str:
    """``ngày 28 tháng 11 năm 2025`` with no-break spaces between its words."""
    if "ngày" not in text.lower() and "tháng" not in text.lower():
        return text
    return _DATE.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)


def _text_xml(text: str) -> str:
    def bind(m: re.Match[str]) -> str:
        left, right = m.string[m.start() - 1], m.string[m.end()]
        upper = right.isupper() or right.isdigit()
        # after a number's slash the issuer part may end in a small letter: 12/TTr-UBND,
        # 5678/TTg-KGVX (ND30's codes of Tờ trình and of the Thủ tướng)
        numbered = "/" in m.string[:m.start()].rsplit(None, 1)[-1]
        code = upper and (left.isupper() or left.isdigit() or numbered)
        return _NO_BREAK_HYPHEN if code else "-"

    inner = _CODE_HYPHEN.sub(bind, esc(text)) if "-" in text else esc(text)
    return f'<w:t xml:space="preserve">{inner}</w:t>'


@dataclass(frozen=True)
class Raw:
    """Ready-made run XML (a field, a footnote mark) among ordinary runs."""

    markup: str

    def xml(self) -> str:
        return self.markup


@dataclass(frozen=True)
class Border:
    side: str  # top, bottom, left, right
    size_eighths: int = 6  # 0.75 pt, the usual thin solid line
    space: int = 1  # points between the border and the text

    def xml(self) -> str:
        return (f'<w:{self.side} w:val="single" w:sz="{self.size_eighths}" '
                f'w:space="{self.space}" w:color="000000"/>')


def box_borders(space: int = 1) -> tuple[Border, ...]:
    return tuple(Border(side, 6, space) for side in ("top", "left", "bottom", "right"))


def paragraph(
    style: str,
    runs: Sequence[Run | Raw] | str = (),
    *,
    left: int | None = None,
    right: int | None = None,
    first_line: int | None = None,
    hanging: int | None = None,
    before: int | None = None,
    after: int | None = None,
    borders: Iterable[Border] = (),
    keep_next: bool = False,
    extra_ppr: str = "",
    extra_content: str = "",
) -> str:
    """``<w:p>`` with a named style and only the direct properties that vary."""
    if isinstance(runs, str):
        runs = (Run(runs),) if runs else ()
    ppr = [f'<w:pStyle w:val="{style}"/>']
    if keep_next:
        ppr.append("<w:keepNext/>")
    border_xml = "".join(b.xml() for b in borders)
    if border_xml:
        ppr.append(f"<w:pBdr>{border_xml}</w:pBdr>")
    if before is not None or after is not None:
        attrs = ""
        if before is not None:
            attrs += f' w:before="{before}"'
        if after is not None:
            attrs += f' w:after="{after}"'
        ppr.append(f"<w:spacing{attrs}/>")
    if any(v is not None for v in (left, right, first_line, hanging)):
        attrs = ""
        if left is not None:
            attrs += f' w:left="{left}"'
        if right is not None:
            attrs += f' w:right="{right}"'
        if first_line is not None:
            attrs += f' w:firstLine="{first_line}"'
        if hanging is not None:
            attrs += f' w:hanging="{hanging}"'
        ppr.append(f"<w:ind{attrs}/>")
    ppr.append(extra_ppr)
    dates = style in _DATE_STYLES
    content = "".join(r.xml(dates) if isinstance(r, Run) else r.xml() for r in runs) \
        + extra_content
    if style in _UNBOUND_STYLES:  # the number line never wraps: its code stays plain text
        content = content.replace(_NO_BREAK_HYPHEN, "-")
    return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>{content}</w:p>"


def bookmark(name: str, inner: str) -> str:
    """``inner`` (runs or whole paragraphs) inside a Word bookmark ``name``.

    LibreOffice exports bookmarks as PDF named destinations, so a layout anchor placed here
    (``vb_chu_ky``, ``vb_so``, ``vb_ngay``) can be found in the PDF without searching its
    text. The id is derived from the name: stable across builds, unique per name. Around
    whole paragraphs the start goes into the first and the end into the last one.
    """
    ident = zlib.crc32(name.encode("utf-8")) & 0x7FFFFFF
    start = f'<w:bookmarkStart w:id="{ident}" w:name="{esc(name)}"/>'
    end = f'<w:bookmarkEnd w:id="{ident}"/>'
    if inner.startswith("<w:p>"):
        first = inner.index("</w:pPr>") + len("</w:pPr>")
        last = inner.rindex("</w:p>")
        return inner[:first] + start + inner[first:last] + end + inner[last:]
    return start + inner + end


def page_field() -> str:
    """A PAGE field (complex form, which Word and LibreOffice both keep when editing)."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            '<w:r><w:t>2</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


# --- section properties ---------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One section's page setup. A document is a run of sections; each but the last ends
    with a paragraph carrying its ``sectPr`` (that is how WordprocessingML marks them)."""

    width: int
    height: int
    margins: dict[str, int]
    header_distance: int
    landscape: bool = False
    restart_numbering: bool = False  # ``pgNumType start=1``: appendices (§3.10)
    title_page: bool = False  # a different first page: no page number there (§1)
    default_header: str | None = None  # relationship ids
    first_header: str | None = None
    first_footer: str | None = None

    def xml(self) -> str:
        refs = ""
        if self.default_header:
            refs += f'<w:headerReference w:type="default" r:id="{self.default_header}"/>'
        if self.first_header:
            refs += f'<w:headerReference w:type="first" r:id="{self.first_header}"/>'
        if self.first_footer:
            refs += f'<w:footerReference w:type="first" r:id="{self.first_footer}"/>'
        width, height = (self.height, self.width) if self.landscape else (self.width, self.height)
        orient = ' w:orient="landscape"' if self.landscape else ""
        m = self.margins
        numbering = '<w:pgNumType w:start="1"/>' if self.restart_numbering else ""
        title = "<w:titlePg/>" if self.title_page else ""
        return (f'<w:sectPr>{refs}<w:type w:val="nextPage"/>'
                f'<w:pgSz w:w="{width}" w:h="{height}"{orient}/>'
                f'<w:pgMar w:top="{m["top"]}" w:right="{m["right"]}" w:bottom="{m["bottom"]}" '
                f'w:left="{m["left"]}" w:header="{self.header_distance}" '
                f'w:footer="{self.header_distance}" w:gutter="0"/>{numbering}{title}</w:sectPr>')


def section_end(section: Section, style: str) -> str:
    """The empty paragraph that closes a section which is not the document's last (a tiny
    style, so that it never pushes a blank page after a full one)."""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{section.xml()}</w:pPr></w:p>'


# --- footnotes ---------------------------------------------------------------------------------


def footnote_reference(note_id: int) -> str:
    return (f'<w:r><w:rPr><w:rStyle w:val="VBSoChuThich"/></w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"/></w:r>')


def footnotes_xml(notes: Sequence[tuple[int, Sequence[Run]]], style: str) -> str:
    """word/footnotes.xml: the two separators Word requires (ids -1 and 0), then each note
    as a paragraph starting with its own number mark, then the note's runs."""
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
           'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p>'
           "</w:footnote>"
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
           'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
           "</w:r></w:p></w:footnote>"]
    for note_id, text in notes:
        mark = '<w:r><w:rPr><w:rStyle w:val="VBSoChuThich"/></w:rPr><w:footnoteRef/></w:r>'
        note = paragraph(style, (Raw(mark), Run(" "), *text))
        out.append(f'<w:footnote w:id="{note_id}">{note}</w:footnote>')
    out.append("</w:footnotes>")
    return "".join(out)


# --- tables ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    width: int  # twips
    content: str  # paragraphs (a cell must end with a paragraph)
    vertical: str | None = None  # top, center, bottom
    span: int = 1  # gridSpan: columns this cell covers
    merge: str | None = None  # vMerge: "restart" opens a vertical merge, "continue" extends it
    unbordered: tuple[str, ...] = ()  # sides whose table border this cell removes

    def xml(self) -> str:
        props = f'<w:tcW w:w="{self.width}" w:type="dxa"/>'
        if self.span > 1:
            props += f'<w:gridSpan w:val="{self.span}"/>'
        if self.merge == "restart":
            props += '<w:vMerge w:val="restart"/>'
        elif self.merge == "continue":
            props += "<w:vMerge/>"
        if self.unbordered:
            sides = "".join(f'<w:{side} w:val="nil"/>' for side in self.unbordered)
            props += f"<w:tcBorders>{sides}</w:tcBorders>"
        if self.vertical:
            props += f'<w:vAlign w:val="{self.vertical}"/>'
        return f"<w:tc><w:tcPr>{props}</w:tcPr>{self.content}</w:tc>"


def table(columns: Sequence[int], rows: Sequence[Sequence[Cell]], *, style: str,
          cant_split: bool = False) -> str:
    """A borderless layout table with fixed column widths and no cell margins."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in columns)
    total = sum(columns)
    out = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{total}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
    ]
    trpr = "<w:trPr><w:cantSplit/></w:trPr>" if cant_split else ""
    for row in rows:
        out.append(f"<w:tr>{trpr}")
        out += [cell.xml() for cell in row]
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def grid_table(columns: Sequence[int], rows: Sequence[Sequence[Cell]], *,
               header_rows: int = 1, splittable: Iterable[int] = ()) -> str:
    """A data table: single borders on every cell, the first ``header_rows`` rows repeated
    at the top of each page (``tblHeader``), rows kept whole on one page except those
    listed in ``splittable`` (indices of rows too tall to move without a large gap)."""
    may_split = set(splittable)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in columns)
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(columns)}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
    ]
    for index, row in enumerate(rows):
        header = "<w:tblHeader/>" if index < header_rows else ""
        keep = "" if index in may_split else "<w:cantSplit/>"
        out.append(f"<w:tr><w:trPr>{keep}{header}</w:trPr>")
        out += [cell.xml() for cell in row]
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def document_xml(body: str, sect_pr: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}{sect_pr}'
            "</w:body></w:document>")


def part_xml(root: str, content: str) -> str:
    """A header (``hdr``) or footer (``ftr``) part."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:{root} xmlns:w="{W_NS}" xmlns:r="{R_NS}">{content}</w:{root}>')


WML_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml."
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def content_types(parts: Sequence[tuple[str, str]]) -> bytes:
    """``[Content_Types].xml`` overriding the type of each (part name, content type)."""
    overrides = "".join(f'<Override PartName="{name}" ContentType="{kind}"/>'
                        for name, kind in parts)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f"{overrides}</Types>").encode()


def relationships(rels: Sequence[tuple[str, str, str]]) -> bytes:
    """A ``.rels`` part from (id, type, target) triples."""
    body = "".join(f'<Relationship Id="{i}" Type="{kind}" Target="{target}"/>'
                   for i, kind, target in rels)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PACKAGE_REL}">{body}</Relationships>').encode()


# Fixed ZIP entry time: a valid DOS date, so builds are byte-identical. The document's own
# date is in docProps/core.xml.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def write_package(parts: Sequence[tuple[str, bytes]]) -> bytes:
    """Zip the parts in the given order with fixed timestamps (deterministic output)."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, data in parts:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            zf.writestr(info, data)
    return buffer.getvalue()


def single_part_docx(document: str, styles: str) -> bytes:
    """A DOCX of one document part and a style sheet (stamps, registers, small forms)."""
    return write_package([
        ("[Content_Types].xml", content_types([
            ("/word/document.xml", WML_TYPE + "document.main+xml"),
            ("/word/styles.xml", WML_TYPE + "styles+xml")])),
        ("_rels/.rels", relationships([("rId1", OFFICE_REL + "officeDocument",
                                        "word/document.xml")])),
        ("word/document.xml", document.encode()),
        ("word/_rels/document.xml.rels", relationships([("rId1", OFFICE_REL + "styles",
                                                         "styles.xml")])),
        ("word/styles.xml", styles.encode()),
    ])

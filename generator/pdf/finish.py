"""Finish a PDF written by LibreOffice: metadata, language, fixed dates and IDs (pypdf).

LibreOffice stamps each export with the current time (Info and XMP), a random /ID, a
/DocChecksum and, for PDF/A, fresh XMP fields. Everything that varies is replaced here by
values derived from the document, so the same DOCX and metadata give a byte-identical PDF,
and the Info dictionary and the XMP packet say the same thing (PDF/A requires it).
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from generator import __version__

# Vietnam has used UTC+7 without daylight saving since 1975: naive dates are local time.
VIETNAM_TZ = timezone(timedelta(hours=7))

_ZERO_ID = b"\x00" * 16
_UUID_PLACEHOLDERS = ("uuid:00000000-0000-0000-0000-00000000d0c1",
                      "uuid:00000000-0000-0000-0000-00000000d0c2")
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


@dataclass(frozen=True)
class PdfMetadata:
    """Document properties written into the PDF (Info dictionary and XMP alike)."""

    title: str = ""
    author: str = ""
    subject: str = ""
    keywords: str = ""
    creator: str = "vanban"
    language: str = "vi-VN"
    date: datetime | date | None = None  # the document's date; fixed creation/mod date

    def moment(self) -> datetime:
        when = self.date or datetime(2000, 1, 1)
        if not isinstance(when, datetime):
            when = datetime(when.year, when.month, when.day)
        if when.tzinfo is None:
            when = when.replace(tzinfo=VIETNAM_TZ)
        return when.replace(microsecond=0)


def pdf_date(when: datetime) -> str:
    """D:YYYYMMDDHHmmSS+07'00' (PDF 1.7 §7.9.4)."""
    offset = when.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hh, mm = divmod(abs(minutes), 60)
    return f"D:{when:%Y%m%d%H%M%S}{sign}{hh:02d}'{mm:02d}'"


def xmp_date(when: datetime) -> str:
    """ISO 8601 with the same offset as the Info date, so the two agree exactly."""
    return when.isoformat(timespec="seconds")


def _xmp_packet(meta: PdfMetadata, producer: str, pdfa_part: str | None,
                pdfa_conformance: str | None) -> bytes:
    """The XMP packet, field for field the same as the Info dictionary (empty fields left out
    of both, as PDF/A wants them to agree)."""
    when = xmp_date(meta.moment())
    e = escape
    dc = ['<dc:format>application/pdf</dc:format>']
    if meta.title:
        dc.append(f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.title)}</rdf:li>'
                  '</rdf:Alt></dc:title>')
    if meta.author:
        dc.append(f'<dc:creator><rdf:Seq><rdf:li>{e(meta.author)}</rdf:li></rdf:Seq>'
                  '</dc:creator>')
    if meta.subject:
        dc.append('<dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
                  f'{e(meta.subject)}</rdf:li></rdf:Alt></dc:description>')
    if meta.language:
        dc.append(f'<dc:language><rdf:Bag><rdf:li>{e(meta.language)}</rdf:li></rdf:Bag>'
                  '</dc:language>')
    pdf = [f'<pdf:Producer>{e(producer)}</pdf:Producer>']
    if meta.keywords:
        pdf.insert(0, f'<pdf:Keywords>{e(meta.keywords)}</pdf:Keywords>')
    xmp = [f'<xmp:CreateDate>{when}</xmp:CreateDate>',
           f'<xmp:ModifyDate>{when}</xmp:ModifyDate>',
           f'<xmp:MetadataDate>{when}</xmp:MetadataDate>']
    if meta.creator:
        xmp.insert(0, f'<xmp:CreatorTool>{e(meta.creator)}</xmp:CreatorTool>')
    parts = [
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        *dc,
        '</rdf:Description>',
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
        *pdf,
        '</rdf:Description>',
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
        *xmp,
        '</rdf:Description>',
        '<rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">',
        f'<xmpMM:DocumentID>{_UUID_PLACEHOLDERS[0]}</xmpMM:DocumentID>',
        f'<xmpMM:InstanceID>{_UUID_PLACEHOLDERS[1]}</xmpMM:InstanceID>',
        '</rdf:Description>',
    ]
    if pdfa_part:
        parts += [
            '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
            f'<pdfaid:part>{e(pdfa_part)}</pdfaid:part>',
            f'<pdfaid:conformance>{e(pdfa_conformance or "B")}</pdfaid:conformance>',
            '</rdf:Description>',
        ]
    parts += ['</rdf:RDF>', '</x:xmpmeta>', '<?xpacket end="w"?>']
    return "\n".join(parts).encode("utf-8")


def _pdfa_identification(reader: PdfReader) -> tuple[str | None, str | None]:
    """pdfaid:part / conformance from LibreOffice's XMP, if it wrote one."""
    try:
        stream = reader.trailer["/Root"].get("/Metadata")
        data = stream.get_object().get_data().decode("utf-8", "replace") if stream else ""
    except Exception:  # a broken XMP packet just means: not PDF/A
        return None, None
    part = re.search(r"pdfaid:part(?:>|=\")\s*(\d)", data)
    conf = re.search(r"pdfaid:conformance(?:>|=\")\s*([ABU])", data)
    return (part.group(1) if part else None, conf.group(1) if conf else None)


def _normalise_subset_tags(writer: PdfWriter) -> None:
    """Replace subset tags (ABCDEF+Font) by tags derived from the embedded font program.

    LibreOffice numbers subsets per export; deriving the tag from the subset's bytes keeps
    it stable whatever the worker converted before.
    """
    renames: dict[str, str] = {}
    fonts: list[DictionaryObject] = []
    for obj in writer._objects:  # noqa: SLF001 - pypdf has no public object iterator
        if not isinstance(obj, DictionaryObject):
            continue
        kind = obj.get("/Type")
        if kind == "/FontDescriptor":
            name = str(obj.get("/FontName", ""))
            if _SUBSET_TAG.match(name[1:]):
                program = b""
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in obj:
                        program = obj[key].get_object().get_data()
                        break
                digest = hashlib.sha256(program + name[8:].encode()).digest()
                tag = "".join(chr(ord("A") + b % 26) for b in digest[:6])
                renames[name[1:7]] = tag
                obj[NameObject("/FontName")] = NameObject(f"/{tag}{name[7:]}")
        elif kind == "/Font":
            fonts.append(obj)
    for font in fonts:
        base = str(font.get("/BaseFont", ""))
        if _SUBSET_TAG.match(base[1:]) and base[1:7] in renames:
            font[NameObject("/BaseFont")] = NameObject(f"/{renames[base[1:7]]}{base[7:]}")


_ICC_DATE = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)


def _normalise_icc_profiles(writer: PdfWriter) -> None:
    """Give ICC profiles (PDF/A's output intent) a fixed creation date.

    LibreOffice builds its sRGB profile with lcms at export time, which stamps the
    current time into the profile header (bytes 24-35).
    """
    for obj in writer._objects:  # noqa: SLF001 - pypdf has no public object iterator
        if not isinstance(obj, StreamObject) or "/N" not in obj:
            continue
        try:
            data = obj.get_data()
        except Exception:  # an undecodable stream is none of our business
            continue
        if len(data) < 128 or data[36:40] != b"acsp" or data[24:36] == _ICC_DATE:
            continue
        fixed = bytearray(data)
        fixed[24:36] = _ICC_DATE
        if any(fixed[84:100]):  # profile ID: MD5 with flags, intent and ID zeroed
            probe = bytearray(fixed)
            probe[44:48] = probe[64:68] = b"\0" * 4
            probe[84:100] = b"\0" * 16
            fixed[84:100] = hashlib.md5(probe, usedforsecurity=False).digest()
        obj.set_data(bytes(fixed))


def finish_pdf(raw: bytes, meta: PdfMetadata) -> bytes:
    """Return the final PDF bytes for LibreOffice's output ``raw``."""
    reader = PdfReader(io.BytesIO(raw))
    lo_producer = str((reader.metadata or {}).get("/Producer", "LibreOffice"))
    producer = f"{lo_producer}; vanban {__version__}"
    pdfa_part, pdfa_conformance = _pdfa_identification(reader)

    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # pypdf would write %PDF-1.3; PDF/A-2 needs ≥1.4
    _normalise_subset_tags(writer)
    _normalise_icc_profiles(writer)

    when = pdf_date(meta.moment())
    info = {
        "/Title": meta.title,
        "/Author": meta.author,
        "/Subject": meta.subject,
        "/Keywords": meta.keywords,
        "/Creator": meta.creator,
        "/Producer": producer,
        "/CreationDate": when,
        "/ModDate": when,
    }
    writer.metadata = {key: value for key, value in info.items() if value}
    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject(meta.language)
    xmp = StreamObject()
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    # Left uncompressed: PDF/A readers and archive tools read the packet in place.
    xmp.set_data(_xmp_packet(meta, producer, pdfa_part, pdfa_conformance))
    old = root.raw_get("/Metadata") if "/Metadata" in root else None
    if isinstance(old, IndirectObject):
        # Reuse LibreOffice's object number: no free entry is left in the xref table.
        writer._replace_object(old, xmp)  # noqa: SLF001 - pypdf has no public equivalent
    else:
        root[NameObject("/Metadata")] = writer._add_object(xmp)  # noqa: SLF001

    writer._ID = ArrayObject([ByteStringObject(_ZERO_ID), ByteStringObject(_ZERO_ID)])  # noqa: SLF001
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    return _stamp_ids(data)


def _stamp_ids(data: bytes) -> bytes:
    """Fill the /ID and XMP document IDs with a hash of the file (same length, same offsets)."""
    digest = hashlib.md5(data, usedforsecurity=False).digest()
    zero_hex = _ZERO_ID.hex().encode()
    id_at = data.rfind(b"/ID")
    if id_at < 0:
        raise ValueError("PDF without /ID after writing")
    tail = data[id_at:].replace(zero_hex, digest.hex().encode(), 2)
    data = data[:id_at] + tail
    for i, placeholder in enumerate(_UUID_PLACEHOLDERS):
        value = "uuid:" + str(uuid.UUID(bytes=hashlib.md5(
            digest + bytes([i]), usedforsecurity=False).digest(), version=4))
        assert len(value) == len(placeholder)
        data = data.replace(placeholder.encode(), value.encode(), 1)
    return data


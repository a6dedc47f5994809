"""What the tests read back from a PDF: fonts, Info, XMP (pypdf + ElementTree)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}


def fonts(pdf: Path) -> dict[str, bool]:
    """Every font used on every page (forms included): BaseFont → embedded?"""
    found: dict[str, bool] = {}
    seen: set[int] = set()

    def walk(resources: Any) -> None:
        if not resources:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or DictionaryObject()).get_object().values():
            font = font.get_object()
            name = str(font.get("/BaseFont", "?"))[1:]
            if font.get("/Subtype") == "/Type3":
                found[name] = True  # glyphs are drawn by content streams in the file
                continue
            desc_font = font
            if font.get("/Subtype") == "/Type0":
                desc_font = font["/DescendantFonts"][0].get_object()
            desc = desc_font.get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            found[name] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        for xobj in (resources.get("/XObject") or DictionaryObject()).get_object().values():
            ref = getattr(xobj, "idnum", None)
            if ref in seen:
                continue
            seen.add(ref)
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                walk(xobj.get("/Resources"))

    for page in PdfReader(pdf).pages:
        walk(page.get("/Resources"))
    return found


def xmp_fields(pdf: Path) -> dict[str, str]:
    """The XMP values the Info dictionary has counterparts for."""
    reader = PdfReader(pdf)
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    assert "/Filter" not in stream, "XMP should stay readable in place"
    root = ET.fromstring(stream.get_data())
    out: dict[str, str] = {}

    def first(path: str) -> str | None:
        node = root.find(f".//{path}", NS)
        return node.text if node is not None else None

    pairs = {
        "/Title": "dc:title/rdf:Alt/rdf:li",
        "/Author": "dc:creator/rdf:Seq/rdf:li",
        "/Subject": "dc:description/rdf:Alt/rdf:li",
        "/Keywords": "pdf:Keywords",
        "/Creator": "xmp:CreatorTool",
        "/Producer": "pdf:Producer",
        "/CreationDate": "xmp:CreateDate",
        "/ModDate": "xmp:ModifyDate",
        "pdfaid:part": "pdfaid:part",
        "pdfaid:conformance": "pdfaid:conformance",
        "dc:language": "dc:language/rdf:Bag/rdf:li",
        "xmpMM:DocumentID": "xmpMM:DocumentID",
    }
    for key, path in pairs.items():
        value = first(path)
        if value is not None:
            out[key] = value
    return out


def info_as_xmp(pdf: Path) -> dict[str, str]:
    """The Info dictionary, dates converted to XMP's ISO form."""
    info = PdfReader(pdf).metadata or {}
    out = {}
    for key, value in info.items():
        value = str(value)
        if key in ("/CreationDate", "/ModDate"):
            # D:20171207000000+07'00' -> 2017-12-07T00:00:00+07:00
            v = value[2:]
            value = (f"{v[0:4]}-{v[4:6]}-{v[6:8]}T{v[8:10]}:{v[10:12]}:{v[12:14]}"
                     f"{v[14]}{v[15:17]}:{v[18:20]}")
        out[key] = value
    return out

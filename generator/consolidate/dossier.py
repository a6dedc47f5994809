"""The dossier: the consolidated document's PDF followed by every agency's submission, as one
PDF with a bookmark per appendix and per agency, and page labels (the document's own page
numbers, then ``STC-1``, ``STC-2`` … for each agency) so a reader's page box matches the
printed numbers.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject


@dataclass(frozen=True)
class DossierPart:
    """One agency's submission in the dossier."""

    title: str  # bookmark text, e.g. "Sở Tài chính — 245/ĐA-STC"
    label: str  # page label prefix, e.g. "STC"
    pdf: Path


@dataclass(frozen=True)
class DossierResult:
    data: bytes
    pages: int
    missing_appendices: list[str]  # appendix titles whose first page was not found


def _squash(text: str) -> str:
    """Text for matching across PDF line breaks: NFC, no whitespace, case-folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text)).casefold()


def find_pages(reader: PdfReader, titles: list[str], start: int = 1) -> list[int | None]:
    """The first page (0-based, from ``start`` on) whose text contains each title, in order:
    appendices follow one another, so each search starts where the previous one was found."""
    texts = [_squash(page.extract_text() or "") for page in reader.pages]
    found: list[int | None] = []
    at = start
    for title in titles:
        key = _squash(title)
        page = next((i for i in range(at, len(texts)) if key in texts[i]), None)
        found.append(page)
        if page is not None:
            at = page
    return found


def build_dossier(main: Path, main_title: str, appendices: list[str],
                  parts: list[DossierPart], *, title: str, author: str,
                  date: dt.date) -> DossierResult:
    """Merge ``main`` and each part's PDF (in order) into one bookmarked, labelled PDF."""
    writer = PdfWriter()
    main_reader = PdfReader(main)
    writer.append(main_reader, import_outline=False)
    main_pages = len(main_reader.pages)
    writer.set_page_label(0, main_pages - 1, style="/D", start=1)
    top = writer.add_outline_item(title=main_title, page_number=0)
    pages = find_pages(main_reader, appendices)
    for name, page in zip(appendices, pages, strict=True):
        if page is not None:
            writer.add_outline_item(title=name, page_number=page, parent=top)
    if parts:
        first = main_pages
        agencies = writer.add_outline_item(title="Hồ sơ của các cơ quan, đơn vị",
                                            page_number=first)
        for part in parts:
            reader = PdfReader(part.pdf)
            count = len(reader.pages)
            if count == 0:
                continue
            writer.append(reader, import_outline=False)
            writer.add_outline_item(title=part.title, page_number=first, parent=agencies)
            writer.set_page_label(first, first + count - 1, style="/D",
                                  prefix=f"{part.label}-", start=1)
            first += count
    moment = dt.datetime.combine(date, dt.time()).strftime("D:%Y%m%d%H%M%S+07'00'")
    writer.add_metadata({"/Title": title, "/Author": author, "/Producer": "vanban",
                         "/Creator": "vanban", "/CreationDate": moment, "/ModDate": moment})
    writer.page_mode = "/UseOutlines"
    # A fixed file id keeps the dossier byte-identical for the same inputs.
    ident = ByteStringObject(_digest(title, main, parts))
    writer._ID = ArrayObject([ident, ident])
    buffer = BytesIO()
    writer.write(buffer)
    missing = [name for name, page in zip(appendices, pages, strict=True) if page is None]
    return DossierResult(buffer.getvalue(), len(writer.pages), missing)


def _digest(title: str, main: Path, parts: list[DossierPart]) -> bytes:
    import hashlib

    h = hashlib.md5(title.encode(), usedforsecurity=False)
    for path in [main, *(p.pdf for p in parts)]:
        h.update(path.read_bytes())
    return h.digest()

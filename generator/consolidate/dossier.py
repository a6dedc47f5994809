"""The dossier: the consolidated document's PDF followed by every agency's submission, as one
PDF with a bookmark per appendix and per agency, and page labels (the document's own page
numbers, then ``STC-1``, ``STC-2`` … for each agency) so a reader's page box matches the
printed numbers (an appendix restarts its page numbers: ``PL I-1``).
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

from ..pdfinput import open_pdf, strip_active
from ..vietnamese import roman


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
    pages = find_pages(main_reader, appendices)
    _label_main(writer, main_pages, pages)
    starts: list[tuple[DossierPart, int]] = []
    for part in parts:  # every page first: an outline item needs its page to exist
        reader = open_pdf(part.pdf)  # an agency's own PDF: decrypted, limits checked
        if not reader.pages:
            continue
        first = len(writer.pages)
        writer.append(reader, import_outline=False)
        writer.set_page_label(first, len(writer.pages) - 1, style="/D",
                              prefix=f"{part.label}-", start=1)
        starts.append((part, first))
    top = writer.add_outline_item(title=main_title, page_number=0)
    for name, page in zip(appendices, pages, strict=True):
        if page is not None:
            writer.add_outline_item(title=name, page_number=page, parent=top)
    if starts:
        agencies = writer.add_outline_item(title="Hồ sơ của các cơ quan, đơn vị",
                                            page_number=starts[0][1])
        for part, first in starts:
            writer.add_outline_item(title=part.title, page_number=first, parent=agencies)
    moment = dt.datetime.combine(date, dt.time()).strftime("D:%Y%m%d%H%M%S+07'00'")
    writer.add_metadata({"/Title": title, "/Author": author, "/Producer": "vanban",
                         "/Creator": "vanban", "/CreationDate": moment, "/ModDate": moment})
    writer.page_mode = "/UseOutlines"
    strip_active(writer)  # an agency's PDF brings no script or embedded file into the dossier
    # A fixed file id keeps the dossier byte-identical for the same inputs.
    ident = ByteStringObject(_digest(title, main, parts))
    writer._ID = ArrayObject([ident, ident])
    buffer = BytesIO()
    writer.write(buffer)
    missing = [name for name, page in zip(appendices, pages, strict=True) if page is None]
    return DossierResult(buffer.getvalue(), len(writer.pages), missing)


def _label_main(writer: PdfWriter, count: int, appendix_pages: list[int | None]) -> None:
    """Body pages 1, 2 …; each appendix found ``PL I-1``, ``PL I-2`` … (an appendix
    numbers its pages afresh, spec §3.10); ``PL-1`` … when there is only one."""
    found = [(i, page) for i, page in enumerate(appendix_pages, start=1) if page is not None]
    body_end = found[0][1] if found else count
    writer.set_page_label(0, body_end - 1, style="/D", start=1)
    for k, (index, page) in enumerate(found):
        end = found[k + 1][1] if k + 1 < len(found) else count
        prefix = "PL-" if len(appendix_pages) == 1 else f"PL {roman(index)}-"
        writer.set_page_label(page, end - 1, style="/D", prefix=prefix, start=1)


def _digest(title: str, main: Path, parts: list[DossierPart]) -> bytes:
    import hashlib

    h = hashlib.md5(title.encode(), usedforsecurity=False)
    for path in [main, *(p.pdf for p in parts)]:
        h.update(path.read_bytes())
    return h.digest()

"""Reading ZIP packages (DOCX, XLSX) from outside without being blown up by them.

The ZIP directory is checked before anything is inflated: too many entries, a part that
would inflate beyond :data:`MAX_PART_BYTES`, a whole package beyond :data:`MAX_TOTAL_BYTES`
or an inflation ratio no real document has is refused (``zipfile`` never inflates a part past
the size its directory declares, so the declared sizes are a real bound). Every XML part is
parsed without a DTD: a ``<!DOCTYPE`` (entity expansion, external entities) is refused, no
entity is resolved, nothing is fetched from the network, and nesting is capped by libxml2's
default depth limit (256) instead of Python's recursion.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO

from lxml import etree

from .problems import Text
from .vietnamese import group

MAX_ENTRIES = 10_000
MAX_PART_BYTES = 100 * 1024 * 1024  # one part, inflated (a 300-page document.xml is ~15 MB)
MAX_TOTAL_BYTES = 300 * 1024 * 1024  # the whole package, inflated
MAX_RATIO = 200  # inflated / compressed, for parts over 1 MB (text XML deflates ~10:1)
_RATIO_FROM = 1024 * 1024


class ArchiveError(Exception):
    """A package refused or unreadable: ``text`` says why (both languages), ``part`` where."""

    def __init__(self, text: Text, part: str | None = None) -> None:
        self.text = text
        self.part = part
        super().__init__(text.en)

    def message(self, lang: str = "vi") -> str:
        if self.part is None:
            return self.text(lang)
        where = f"part {self.part}" if lang == "en" else f"phần {self.part}"
        return f"{where}: {self.text(lang)}"


def check_directory(zf: zipfile.ZipFile) -> None:
    """Refuse a package whose directory promises more than a document can hold."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise ArchiveError(Text(f"gói có quá nhiều phần ({group(len(infos))}).",
                                f"the package has too many parts ({len(infos):,})."))
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES:
            raise ArchiveError(Text(
                f"phần này khi giải nén lớn {group(info.file_size)} byte (tối đa "
                f"{group(MAX_PART_BYTES)}): có thể là một «bom nén».",
                f"it inflates to {info.file_size:,} bytes (at most {MAX_PART_BYTES:,}): "
                "possibly a zip bomb."), info.filename)
        if info.file_size > _RATIO_FROM and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise ArchiveError(Text(
                f"phần này nén với tỉ lệ bất thường ({group(info.file_size)} byte từ "
                f"{group(info.compress_size)}): có thể là một «bom nén».",
                f"it is compressed at an implausible ratio ({info.file_size:,} bytes from "
                f"{info.compress_size:,}): possibly a zip bomb."), info.filename)
    if total > MAX_TOTAL_BYTES:
        raise ArchiveError(Text(
            f"gói khi giải nén lớn {group(total)} byte (tối đa {group(MAX_TOTAL_BYTES)}).",
            f"the package inflates to {total:,} bytes (at most {MAX_TOTAL_BYTES:,})."))


def open_zip(source: Path | str | IO[bytes]) -> zipfile.ZipFile:
    """A ZIP package whose directory passed :func:`check_directory` (raises ArchiveError)."""
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ArchiveError(Text(f"không phải tệp ZIP (DOCX/XLSX) đọc được ({_short(exc)}).",
                                f"not a readable ZIP (DOCX/XLSX) file ({_short(exc)}).")) \
            from None
    try:
        check_directory(zf)
    except ArchiveError:
        zf.close()
        raise
    return zf


def read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    """One part's bytes (its size was checked with the directory)."""
    try:
        return zf.read(name)
    except KeyError:
        raise ArchiveError(Text("không có phần này.", "the part is missing."), name) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ArchiveError(Text(f"phần bị hỏng ({_short(exc)}).",
                                f"the part is damaged ({_short(exc)})."), name) from None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False)


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse one XML part, refusing any DTD (raises ArchiveError naming the part)."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        if "depth" in str(exc).lower():
            raise ArchiveError(Text("XML lồng quá sâu (quá 256 cấp).",
                                    "the XML nests too deeply (over 256 levels)."), name) \
                from None
        raise ArchiveError(Text(f"XML không hợp lệ ({_short(exc)}).",
                                f"invalid XML ({_short(exc)})."), name) from None
    except (ValueError, RecursionError) as exc:
        raise ArchiveError(Text(f"XML không hợp lệ ({_short(exc)}).",
                                f"invalid XML ({_short(exc)})."), name) from None
    if root is None:
        raise ArchiveError(Text("XML rỗng.", "empty XML."), name)
    if root.getroottree().docinfo.doctype or _has_entities(root):
        raise ArchiveError(Text(
            "phần XML khai báo DTD/thực thể (<!DOCTYPE>, <!ENTITY>): không được phép trong "
            "tệp Office (có thể là tấn công mở rộng thực thể).",
            "the XML part declares a DTD or entities (<!DOCTYPE>, <!ENTITY>): not allowed in "
            "an Office file (possibly an entity-expansion attack)."), name)
    return root


def _has_entities(root: etree._Element) -> bool:
    return any(isinstance(e, etree._Entity) for e in root.iter(etree.Entity))


def read_xml(zf: zipfile.ZipFile, name: str) -> etree._Element:
    return parse_xml(read_part(zf, name), name)


def check_xml_parts(zf: zipfile.ZipFile) -> None:
    """Parse every XML part of a package (before a library that parses less carefully)."""
    for info in zf.infolist():
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            read_xml(zf, info.filename)


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "…"

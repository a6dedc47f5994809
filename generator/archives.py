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

import io
import math
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


# --------------------------------------------------------------------------- spreadsheets

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class SheetError(ArchiveError):
    """A sheet refused (``sheet``: its name; ``cell``: the cell, when one is to blame)."""

    def __init__(self, text: Text, part: str, sheet: str, cell: str | None = None) -> None:
        super().__init__(text, part)
        self.sheet = sheet
        self.cell = cell

    def message(self, lang: str = "vi") -> str:
        where = f"sheet «{self.sheet}»" if lang == "en" else f"trang tính «{self.sheet}»"
        if self.cell:
            where += f", cell {self.cell}" if lang == "en" else f", ô {self.cell}"
        return f"{where}: {self.text(lang)}"


class SheetTooLarge(SheetError):
    """A sheet claims more rows/columns than the budget."""


def _cell_problem(element: etree._Element, shared_strings: int) -> Text | None:
    """Why openpyxl could not read this ``<c>`` (None: it can): a number it cannot convert
    (or of more digits than any document carries), a shared string that does not exist, a
    date that is no ISO 8601 date, a style or reference that is no number, a formula without
    the value Excel stores beside it (openpyxl would read an empty cell)."""
    from .content import MAX_DIGITS

    style = element.get("s")
    if style is not None and not (style.isdigit() and len(style) < 7):
        return Text(f"kiểu định dạng «{style[:20]}» không phải số.",
                    f"the style '{style[:20]}' is not a number.")
    kind = element.get("t", "n")
    value = element.findtext(_MAIN + "v") if kind != "inlineStr" else None
    formula = element.find(_MAIN + "f")
    if formula is not None and not value:  # written by a program, never calculated: its
        shown = (formula.text or "")[:40]  # value is unknown (read as an empty cell before)
        return Text(f"ô chứa công thức «={shown}» chưa được tính (không có giá trị): mở tệp "
                    "bằng Excel hoặc LibreOffice rồi lưu lại, hoặc ghi giá trị thay cho công "
                    "thức.", f"the cell holds the formula '={shown}', never calculated (it has "
                    "no value): open the file in Excel or LibreOffice and save it again, or "
                    "type the value instead of the formula.")
    if not value:
        return None
    shown = value if len(value) <= 20 else value[:20] + "…"
    digits = sum(ch.isdigit() for ch in value)
    if kind in ("n", "s", "b") and digits > MAX_DIGITS:
        return Text(f"số có {group(digits)} chữ số (tối đa {MAX_DIGITS}): không văn bản nào "
                    "mang số như vậy.", f"a number of {digits:,} digits (at most "
                    f"{MAX_DIGITS}): no document carries such a number.")
    try:
        if kind == "n":
            number = float(value) if any(ch in value for ch in ".Ee") else int(value)
            if not math.isfinite(number):  # 1E+999, NaN: no cell of Excel holds them
                raise ValueError(value)
            if abs(number) >= 10 ** MAX_DIGITS:  # 1E+300: more digits than it is written with
                return Text(f"số «{shown}» lớn hơn {MAX_DIGITS} chữ số: không văn bản nào "
                            "mang số như vậy.", f"the number '{shown}' has more than "
                            f"{MAX_DIGITS} digits: no document carries such a number.")
        elif kind in ("s", "b"):
            index = int(value)
            if kind == "s" and not 0 <= index < shared_strings:
                return Text(f"ô trỏ tới chuỗi dùng chung số {shown}, không có trong tệp.",
                            f"the cell points to shared string {shown}, which does not exist.")
        elif kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            from_ISO8601(value)
    except (ValueError, TypeError, OverflowError):
        what = {"n": ("số", "number"), "s": ("chỉ số chuỗi", "string index"),
                "b": ("giá trị đúng/sai", "true/false value"),
                "d": ("ngày (ISO 8601)", "date (ISO 8601)")}[kind]
        return Text(f"«{shown}» không phải {what[0]} đọc được.",
                    f"'{shown}' is not a readable {what[1]}.")
    return None


def _shared_strings(zf: zipfile.ZipFile) -> int:
    name = next((n for n in zf.NameToInfo if n.lower() == "xl/sharedstrings.xml"), None)
    if name is None:
        return 0
    return sum(1 for _ in read_xml(zf, name).iter(_MAIN + "si"))


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _reference(ref: str) -> tuple[int, int]:
    """(row, column) of a cell reference like ``XFD1048576`` ((0, 0) for nonsense)."""
    ref = ref.replace("$", "").strip().upper()
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters):]
    if not letters.isalpha() or not letters.isascii() or len(letters) > 7 or \
            not digits.isdigit() or len(digits) > 12:
        return 0, 0
    return int(digits), _column_number(letters)


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """{part name: sheet name} of a workbook's worksheets (from workbook.xml and its rels)."""
    try:
        workbook = read_xml(zf, "xl/workbook.xml")
        rels = read_xml(zf, "xl/_rels/workbook.xml.rels")
    except ArchiveError:
        return {info.filename: info.filename.rsplit("/", 1)[-1] for info in zf.infolist()
                if info.filename.startswith("xl/worksheets/")
                and info.filename.endswith(".xml")}
    targets = {rel.get("Id"): rel.get("Target") or ""
               for rel in rels.iter(_PKG_REL + "Relationship")}
    parts = {}
    for sheet in workbook.iter(_MAIN + "sheet"):
        target = targets.get(sheet.get(_REL + "id"), "")
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        parts[part] = sheet.get("name") or part
    return parts


def check_sheet(data: bytes, part: str, sheet: str, shared_strings: int = 0) -> None:
    """Refuse a sheet whose dimension, rows or cells reach beyond the budgets of
    generator/limits.py (streamed: nothing is allocated per claimed cell), or one with a cell
    openpyxl cannot read (naming the cell)."""
    from .limits import MAX_SHEET_CELLS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS

    rows = columns = row = column = 0
    try:
        events = etree.iterparse(io.BytesIO(data), events=("end",), resolve_entities=False,
                                 no_network=True, load_dtd=False, huge_tree=False,
                                 tag=(_MAIN + "dimension", _MAIN + "row", _MAIN + "c"))
        for _, element in events:
            tag = element.tag
            if tag == _MAIN + "row":
                number = element.get("r")
                row = int(number) if number and number.isdigit() and len(number) < 13 \
                    else row + 1
                rows, column = max(rows, row), 0
            elif tag == _MAIN + "c":  # without a reference: the next column (as openpyxl)
                ref = element.get("r")
                found_row, found_column = _reference(ref or "")
                if ref is not None and not found_row:
                    raise SheetError(Text(f"ô có địa chỉ «{ref[:20]}» không hợp lệ.",
                                          f"a cell has the invalid address '{ref[:20]}'."),
                                     part, sheet)
                why = _cell_problem(element, shared_strings)
                if why is not None:
                    raise SheetError(why, part, sheet, ref or f"{row or 1}:{column + 1}")
                column = found_column or column + 1
                rows, columns = max(rows, found_row), max(columns, column)
            else:  # <dimension ref="A1:XFD1048576"/>
                for ref in (element.get("ref") or "").split(":"):
                    found_row, found_column = _reference(ref)
                    rows, columns = max(rows, found_row), max(columns, found_column)
            if rows > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS \
                    or rows * columns > MAX_SHEET_CELLS:
                break
            if tag == _MAIN + "row":  # done with it: keep the tree small
                element.clear(keep_tail=False)
                while element.getprevious() is not None:
                    del element.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise ArchiveError(Text(f"XML không hợp lệ ({_short(exc)}).",
                                f"invalid XML ({_short(exc)})."), part) from None
    if rows > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS or rows * columns > MAX_SHEET_CELLS:
        raise SheetTooLarge(Text(
            f"trang tính khai báo tới {group(rows)} dòng × {group(columns)} cột; vanban chỉ "
            f"đọc tối đa {group(MAX_SHEET_ROWS)} dòng, {group(MAX_SHEET_COLUMNS)} cột và "
            f"{group(MAX_SHEET_CELLS)} ô.",
            f"the sheet claims up to {rows:,} rows × {columns:,} columns; vanban reads at most "
            f"{MAX_SHEET_ROWS:,} rows, {MAX_SHEET_COLUMNS:,} columns and {MAX_SHEET_CELLS:,} "
            "cells."), part, sheet)


def check_xlsx(source: Path | str | IO[bytes]) -> None:
    """Every check a spreadsheet from outside passes before openpyxl reads it: the ZIP
    directory (bombs), every XML part (DTDs, entities, depth), every sheet's extent and every
    cell's value. Raises :class:`ArchiveError` (a :class:`SheetError` names the sheet and the
    cell)."""
    with open_zip(source) as package:
        check_xml_parts(package)
        shared = _shared_strings(package)
        for part, sheet in sheet_parts(package).items():
            if part in package.NameToInfo:
                check_sheet(read_part(package, part), part, sheet, shared)

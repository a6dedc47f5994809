"""Values no document can carry: checked on a validated Document, reported where they were
typed. The lengths are the metadata's (spec office.md §3, Phụ lục VI — generator/nd30.py):
a số longer than CodeNumber, an issuing body longer than OrganName, a trích yếu longer than
Subject, a signer's title or name longer than SignerInfo; and a place name that does not start
with a capital letter (spec nd30.md §3.3). Also the budgets of a spreadsheet from outside
(agencies' XLSX forms, merge data, uploads to the web desk): the extent its sheets may claim,
enforced by generator.archives.check_xlsx before any library reads them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import nd30
from .content import Content, FieldPath, format_path
from .problems import Problem, Text
from .vietnamese import format_number, group, number_text, parse_date

# (field path, limit, what it is in the metadata). A trích yếu longer than Subject is only a
# warning: real documents have one (Nghị quyết 25/2026/NQ-CP, 565 characters, in
# tests/real/); the document is still written, and the register's metadata and edXML export
# refuses it there, naming the field.
_LENGTHS: tuple[tuple[FieldPath, int, str], ...] = (
    (("co_quan", "ten"), nd30.ORGAN_NAME_MAX, "OrganName"),
    (("co_quan", "chu_quan"), nd30.ORGAN_NAME_MAX, "OrganName"),
    (("trich_yeu",), nd30.SUBJECT_MAX, "Subject"),
    (("nguoi_ky", "chuc_vu"), nd30.SIGNER_POSITION_MAX, "SignerInfo.Position"),
    (("nguoi_ky", "ho_ten"), nd30.SIGNER_NAME_MAX, "SignerInfo.FullName"),
    (("ban_sao", "co_quan", "ten"), nd30.ORGAN_NAME_MAX, "OrganName"),
    (("ban_sao", "co_quan", "chu_quan"), nd30.ORGAN_NAME_MAX, "OrganName"),
)
# A sheet's extent (what its <dimension> or any row/cell reference claims): openpyxl pads every
# row to the widest column and fills the gaps between rows, so a claim of A1:XFD1048576 would
# allocate 17 billion cells. A form has dozens of rows, a mail merge some thousands.
MAX_SHEET_ROWS = 100_000
MAX_SHEET_COLUMNS = 1_000
MAX_SHEET_CELLS = 5_000_000  # rows × columns

_PLACES: tuple[FieldPath, ...] = (("dia_danh",), ("ban_sao", "dia_danh"))
_NUMBERS: tuple[FieldPath, ...] = (("so",), ("ban_sao", "so"))


def _get(obj: Any, path: FieldPath) -> Any:
    """The value at ``path`` of a Document, or of a file's raw data (a dict)."""
    for key in path:
        obj = obj.get(str(key)) if isinstance(obj, dict) else getattr(obj, str(key), None)
        if obj is None:
            return None
    return obj


_WARN_ONLY = frozenset({"Subject"})


def _located(content: Content, path: FieldPath, message: Text,
             hint: Text | None = None, severity: str = "error") -> Problem:
    pos = content.position(path)
    return Problem(content.path, message, pos.line if pos else None,
                   pos.column if pos else None, format_path(path), hint, severity)


def limit_problems(document: Any, content: Content) -> list[Problem]:
    """Every value of ``document`` no document can carry (empty: none). ``document`` None:
    the file failed validation elsewhere; the same checks run on its raw data, so that one
    run reports everything."""
    return list(_problems(content.data if document is None else document, content))


def _problems(document: Any, content: Content) -> Iterator[Problem]:
    for path in _NUMBERS:
        number = _get(document, path)
        if isinstance(number, int) and len(number_text(number)) > nd30.CODE_NUMBER_MAX:
            yield _located(content, path, Text(
                f"Số văn bản dài {len(number_text(number))} chữ số; siêu dữ liệu văn bản "
                f"(CodeNumber) chỉ cho phép {nd30.CODE_NUMBER_MAX}.",
                f"The document number has {len(number_text(number))} digits; the document "
                f"metadata (CodeNumber) allows {nd30.CODE_NUMBER_MAX}."),
                Text("Số văn bản là số thứ tự trong năm, ví dụ 4208.",
                     "The number is the document's ordinal in the year, e.g. 4208."))
    for path, limit, name in _LENGTHS:
        value = _get(document, path)
        if not isinstance(value, str):
            continue
        length = len(" ".join(value.split()))
        if length > limit:
            yield _located(content, path, Text(
                f"Dài {group(length)} ký tự; siêu dữ liệu văn bản ({name}) chỉ cho phép "
                f"{group(limit)}.", f"{length:,} characters long; the document metadata "
                f"({name}) allows {limit:,}."),
                Text("Rút gọn nội dung trường này.", "Shorten this field."),
                "warning" if name in _WARN_ONLY else "error")
    for path in _PLACES:
        place = _get(document, path)
        if isinstance(place, str) and place.strip() and not place.strip()[0].isupper():
            fixed = place.strip()[0].upper() + place.strip()[1:]
            yield _located(content, path, Text(
                f"Địa danh «{place.strip()}» phải viết hoa chữ cái đầu.",
                f"The place name '{place.strip()}' must start with a capital letter."),
                Text(f"Viết: {fixed}", f"Write: {fixed}"))

    yield from _place_date_width(document, content)


def _place_date_width(document: Any, content: Content) -> Iterator[Problem]:
    """A place/date line (ô 4) wider than the widest right column even at 13 pt would wrap
    (§3.2 #6: one line; ``vanban check`` H6 fails it): refused at the dia_danh line."""
    from .docx import geometry as g
    from .docx.components import date_text
    from .fonts import text_width_twips

    doc_type = nd30.DOC_TYPES.get(str(_get(document, ("loai",))))
    lines = []
    if doc_type is None or doc_type.mau != "1.9":  # Mẫu 1.9 (biên bản): no place/date line
        lines.append((("dia_danh",), _get(document, ("chua_cap_so",)) is True))
    if _get(document, ("ban_sao",)) is not None:
        lines.append((("ban_sao", "dia_danh"), False))
    for path, blank_day in lines:
        place = _get(document, path)
        try:
            date = parse_date(_get(document, (*path[:-1], "ngay")))
        except (ValueError, TypeError):  # ValueProblem is a ValueError
            continue  # no date (or a bad one, reported as such): nothing to measure
        if not isinstance(place, str) or not place.strip():
            continue
        text = date_text(place, date, blank_day=blank_day)
        size, column = g.date_fit(text)
        width = text_width_twips(text, size, italic=True) + g.FIT_MARGIN
        if width <= column:
            continue
        need, most = (round(w / nd30.TWIPS_PER_MM, 1) for w in (width, g.HEADER_RIGHT_MAX))
        yield _located(content, path, Text(
            f"Dòng «{text}» rộng {format_number(need, 1)} mm ở cỡ {size} pt, quá ô rộng nhất "
            f"{format_number(most, 1)} mm: sẽ xuống hai dòng (Nghị định 30, địa danh và thời gian "
            "ban hành viết trên một dòng).",
            f"The line '{text}' is {need} mm wide at {size} pt, more than the widest column "
            f"({most} mm): it would wrap (ND30: place and date stand on one line)."),
            Text("Viết địa danh ngắn hơn: tên đơn vị hành chính nơi cơ quan đóng trụ sở.",
                 "Write a shorter place name: the administrative unit where the body sits."))


# A figure in the body (``{hinh: …}``, generator.images): a chart, a map, a scanned diagram.
# An A4 page at 300 dpi is 8.7 megapixels; a photo from a phone is 12–50.
MAX_FIGURE_BYTES = 20 * 1024 * 1024
MAX_FIGURE_PIXELS = 50_000_000

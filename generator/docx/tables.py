"""Data tables (``Bang``): real Word tables with borders, a header row repeated on every
page, grouped rows whose label cell is merged vertically, totals, and numbers right-aligned
in the Vietnamese format (``1.234.567,5`` via Babel's ``vi`` locale).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from decimal import Decimal

from .. import nd30
from ..emphasis import plain
from ..fonts import text_width_twips
from ..model import Bang, CellValue, Cot, DongTieuDe, NhomDong
from ..number_words import ValueProblem
from ..vietnamese import format_number, parse_date, parse_number, short_date
from . import geometry as g
from .body import Para, Xml
from .footnotes import Footnotes
from .ooxml import Cell, grid_table, paragraph

SIZE = nd30.TABLE_TEXT_SIZE
NUMERIC = frozenset({"so", "tien", "phan_tram"})
SUMMED = frozenset({"so", "tien"})  # a total of percentages means nothing
CELL_PADDING = 2 * 57 + 40  # the cell margins of grid_table and a little air
MAX_NATURAL = nd30.mm(70)  # a long text column wraps rather than squeezing the others
_STYLE_FOR_KIND = {"so": "VBBangSo", "tien": "VBBangSo", "phan_tram": "VBBangSo",
                   "ngay": "VBBangGiua", "chu": "VBBangChu"}


_WRAPPED = re.compile(r"^(\*{1,3})([^*]+)(\*{1,3})$")


def cell_text(value: CellValue, column: Cot) -> str:
    """A cell as typed, numbers in the Vietnamese format, dates as ``15/12/2017`` — a
    number or date wholly emphasised (``**1200**``) keeps its marks around the format."""
    if value is None or value == "":
        return ""
    wrapped = _WRAPPED.match(value) if isinstance(value, str) else None
    if wrapped and wrapped.group(1) == wrapped.group(3) and column.kieu != "chu":
        marks = wrapped.group(1)
        return marks + cell_text(wrapped.group(2), column) + marks
    if column.kieu in NUMERIC:
        try:
            number = parse_number(value)  # type: ignore[arg-type]
        except ValueProblem:
            return str(value)  # "—", "x", "không có": the clerk's own mark
        decimals = column.so_le if column.so_le is not None else (
            0 if column.kieu == "tien" else None)
        text = format_number(number, decimals)
        return text + "%" if column.kieu == "phan_tram" else text
    if column.kieu == "ngay":
        try:
            return short_date(parse_date(value))  # type: ignore[arg-type]
        except ValueProblem:
            return str(value)
    return str(value)


def _number(value: CellValue) -> Decimal | None:
    try:
        shown = plain(value) if isinstance(value, str) else value
        return Decimal(parse_number(shown))  # type: ignore[arg-type]
    except (ValueProblem, TypeError):
        return None


def column_sums(rows: Sequence[Sequence[CellValue]], columns: Sequence[Cot]) -> list[CellValue]:
    """The totals row: sums of the ``so``/``tien`` columns, blanks elsewhere."""
    out: list[CellValue] = []
    for i, column in enumerate(columns):
        if column.kieu not in SUMMED:
            out.append(None)
            continue
        values = [_number(row[i]) for row in rows if i < len(row)]
        total = sum((v for v in values if v is not None), Decimal(0))
        out.append(int(total) if total == total.to_integral_value() else str(total))
    return out


def _full_rows(bang: Bang) -> list[list[CellValue]]:
    """Every data row with all its cells (a group's label stands in its first cell)."""
    rows: list[list[CellValue]] = []
    for row in bang.dong:
        if isinstance(row, NhomDong):
            rows += [[row.nhom, *cells] for cells in row.dong]
        elif not isinstance(row, DongTieuDe):  # a heading row has no cell of any column
            rows.append(list(row))
    return rows


def column_widths(bang: Bang, available: int) -> list[int]:
    """Widths in twips: ``rong`` (mm) where given; the rest share what is left in
    proportion to their content (the longest word is each column's minimum)."""
    rows = _full_rows(bang)
    fixed = {i: nd30.mm(c.rong) for i, c in enumerate(bang.cot) if c.rong}
    natural: dict[int, int] = {}
    minimum: dict[int, int] = {}
    for i, column in enumerate(bang.cot):
        if i in fixed:
            continue
        texts = [plain(cell_text(row[i], column)) for row in rows if i < len(row)]
        words = plain(column.ten).split() + [w for t in texts for w in t.split()]
        minimum[i] = max(text_width_twips(w, SIZE, bold=True) for w in words) + CELL_PADDING
        longest = max([text_width_twips(t, SIZE) for t in texts] + [
            text_width_twips(plain(column.ten), SIZE, bold=True) // 2])
        natural[i] = max(minimum[i], min(longest + CELL_PADDING, MAX_NATURAL))
    left = max(0, available - sum(fixed.values()))
    total = sum(natural.values()) or 1
    widths = []
    for i in range(len(bang.cot)):
        if i in fixed:
            widths.append(fixed[i])
        else:
            widths.append(max(minimum[i], natural[i] * left // total))
    if sum(widths) > available:  # never into the margins (P5): every column narrower
        widths = [w * available // sum(widths) for w in widths]
    return widths


def _cell(width: int, text: str, style: str, notes: Footnotes, *, bold: bool | None = None,
          span: int = 1, merge: str | None = None) -> Cell:
    runs = notes.runs(text, bold=bold) if text else []
    return Cell(width, paragraph(style, runs), vertical="center", span=span, merge=merge)


def _label_span(columns: Sequence[Cot], start: int) -> int:
    """How many columns a "Tổng cộng" label covers: up to the first summed column."""
    for i in range(start, len(columns)):
        if columns[i].kieu in SUMMED:
            return max(1, i - start)
    return max(1, len(columns) - start)


def _sum_row(label: str, sums: Sequence[CellValue], columns: Sequence[Cot], widths: list[int],
             notes: Footnotes, *, first: Cell | None = None) -> list[Cell]:
    """A totals row: ``label`` spanning the leading columns, the sums in bold after it."""
    start = 1 if first is not None else 0
    span = _label_span(columns, start)
    cells = [first] if first is not None else []
    cells.append(_cell(sum(widths[start:start + span]), label, "VBBangGiua", notes, bold=True,
                       span=span))
    for i in range(start + span, len(columns)):
        cells.append(_cell(widths[i], cell_text(sums[i], columns[i]),
                           _STYLE_FOR_KIND[columns[i].kieu], notes, bold=True))
    return cells


def _styles(bang: Bang) -> list[str]:
    """Paragraph style per column: numbers right, dates centred, and a text column that
    holds only whole numbers (an STT column) centred too."""
    rows = _full_rows(bang)
    out = []
    for i, column in enumerate(bang.cot):
        values = [row[i] for row in rows if i < len(row) and row[i] not in (None, "")]
        ordinal = column.kieu == "chu" and values and all(
            isinstance(v, int) and not isinstance(v, bool) for v in values)
        out.append("VBBangGiua" if ordinal else _STYLE_FOR_KIND[column.kieu])
    return out


def table_rows(bang: Bang, widths: list[int], notes: Footnotes) -> list[list[Cell]]:
    columns = bang.cot
    styles = _styles(bang)
    header = [_cell(w, c.ten, "VBBangTieuDe", notes) for w, c in zip(widths, columns,
                                                                      strict=True)]
    rows = [header]

    def data(values: Sequence[CellValue], start: int) -> list[Cell]:
        # a row built by code may be short (content files are checked by references.py)
        cells = [*values, *[None] * len(columns)][: len(columns) - start]
        return [_cell(widths[i], cell_text(cells[i - start], columns[i]), styles[i], notes)
                for i in range(start, len(columns))]

    for row in bang.dong:
        if isinstance(row, DongTieuDe):  # bold: [label,] one cell across the other columns
            labelled = row.nhan is not None and len(widths) > 1
            start = 1 if labelled else 0
            cells = [_cell(widths[0], row.nhan, "VBBangGiua", notes, bold=True)] if labelled else []
            cells.append(_cell(sum(widths[start:]), row.tieu_de, "VBBangChu", notes, bold=True,
                               span=len(widths) - start))
            rows.append(cells)
            continue
        if not isinstance(row, NhomDong):
            rows.append(data(row, 0))
            continue
        for k, cells in enumerate(row.dong):  # the group label merged down its rows
            label = _cell(widths[0], row.nhom if k == 0 else "", "VBBangChu", notes,
                          bold=True, merge="restart" if k == 0 else "continue")
            rows.append([label, *data(cells, 1)])
        if row.tong_nhom:
            continued = _cell(widths[0], "", "VBBangChu", notes, merge="continue")
            sums = column_sums([[row.nhom, *cells] for cells in row.dong], columns)
            rows.append(_sum_row(nd30.SUBTOTAL_LABEL, sums, columns, widths, notes,
                                 first=continued))
    if bang.tong is True:
        rows.append(_sum_row(nd30.TOTAL_LABEL, column_sums(_full_rows(bang), columns), columns,
                             widths, notes))
    elif isinstance(bang.tong, list):
        given = [*bang.tong, *[None] * len(columns)][: len(columns)]
        rows.append([_cell(widths[i], cell_text(v, columns[i]), "VBBangGiua" if columns[i].kieu
                           == "chu" else _STYLE_FOR_KIND[columns[i].kieu], notes, bold=True)
                     for i, v in enumerate(given)])
    return rows


# A row is kept whole on one page unless it is taller than this part of the page: moving
# such a row to the next page would leave a large blank gap (README "Layout choices").
TALL_ROW_FRACTION = 1 / 3
_CELL_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_CELL_AIR = 80 + 40  # the 2 pt before and after of the cell styles, and the borders


def row_height(row: Sequence[Cell]) -> int:
    """Estimated height of a table row in twips: its tallest cell's wrapped lines."""
    tallest = 0
    for cell in row:
        text = html.unescape("".join(_CELL_TEXT.findall(cell.content)))
        bold = "<w:b/>" in cell.content
        lines = len(g.wrap(text, max(1, cell.width - CELL_PADDING), SIZE, bold=bold))
        tallest = max(tallest, round(lines * SIZE * g.LINE_HEIGHT_FACTOR * 20) + _CELL_AIR)
    return tallest


_STYLE_START = re.compile(r'(<w:pPr><w:pStyle w:val="[^"]+"/>)')


def keep_last_row_with_next(markup: str) -> str:
    """The table's last row on the page of the paragraph after it (the ``./.`` that closes
    a text ending with a table must not stand alone on a page): keepNext on its paragraphs."""
    start = markup.rfind("<w:tr>")
    if start < 0:
        return markup
    end = markup.find("</w:tr>", start)
    row = _STYLE_START.sub(r"\1<w:keepNext/>", markup[start:end])
    return markup[:start] + row + markup[end:]


def table_flow(bang: Bang, notes: Footnotes, *, landscape: bool) -> list[Para | Xml]:
    """Title, unit, the table and its note, as items of the body flow."""
    available = g.LANDSCAPE_TEXT_WIDTH if landscape else g.TEXT_WIDTH
    widths = column_widths(bang, available)
    out: list[Para | Xml] = []
    if bang.bang:
        out.append(Para("VBTenBang", notes.runs(bang.bang)))
    rows = table_rows(bang, widths, notes)
    if bang.don_vi_tinh:  # a borderless first row, repeated with the header on each page
        unit = Cell(sum(widths), paragraph("VBDonViTinh", f"Đơn vị tính: {bang.don_vi_tinh}"),
                    span=len(widths), unbordered=("top", "left", "right"))
        rows.insert(0, [unit])
    header_rows = 2 if bang.don_vi_tinh else 1
    page = (g.PAGE_WIDTH if landscape else g.PAGE_HEIGHT) - g.MARGINS["top"] - g.MARGINS["bottom"]
    tall = [i for i, row in enumerate(rows) if i >= header_rows
            and row_height(row) > page * TALL_ROW_FRACTION]
    out.append(Xml(grid_table(widths, rows, header_rows=header_rows, splittable=tall)))
    if bang.ghi_chu:
        out.append(Para("VBGhiChuBang", notes.runs(bang.ghi_chu)))
    return out

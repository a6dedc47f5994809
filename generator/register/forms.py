"""The registers of Phụ lục IV printed from the database: DOCX (cover, first page, the
table with its header repeated on every page), PDF (the DOCX through LibreOffice) and XLSX.

Orientation: the wide registers — I (đi, 10 columns), IV (bản lưu, 9), VI (đến, 10) and VIII
(theo dõi, 7) — print their table on A4 landscape; III (bưu điện, 6) stays portrait. The
cover and first page are portrait, as the decree's forms are.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import nd30
from ..docx import geometry as g
from ..docx.ooxml import (
    Cell,
    Run,
    Section,
    document_xml,
    grid_table,
    paragraph,
    section_end,
    single_part_docx,
)
from ..docx.styles import styles_xml
from ..vietnamese import number_text, short_date
from .config import OfficeConfig
from .models import ISSUED, RELEASED, Incoming, Number


@dataclass(frozen=True)
class Form:
    slug: str
    roman: str  # its part of Phụ lục IV
    title: str
    columns: tuple[tuple[str, float], ...]  # header, width in mm
    landscape: bool
    number_range: bool = True  # the cover's "Từ số … đến số …" line (VIII has none)


FORMS: dict[str, Form] = {f.slug: f for f in (
    Form("di", "I", "SỔ ĐĂNG KÝ VĂN BẢN ĐI", (
        ("Số, ký hiệu văn bản", 29), ("Ngày tháng văn bản", 23),
        ("Tên loại và trích yếu nội dung văn bản", 54), ("Người ký", 25),
        ("Nơi nhận văn bản", 37), ("Đơn vị, người nhận bản lưu", 22),
        ("Số lượng bản", 12), ("Ngày chuyển", 18), ("Ký nhận", 16), ("Ghi chú", 16)), True),
    Form("buu-dien", "III", "SỔ GỬI VĂN BẢN ĐI BƯU ĐIỆN", (
        ("Ngày chuyển", 23), ("Số, ký hiệu văn bản", 32), ("Nơi nhận văn bản", 50),
        ("Số lượng bì", 15), ("Ký nhận và dấu bưu điện", 30), ("Ghi chú", 20)), False),
    Form("ban-luu", "IV", "SỔ SỬ DỤNG BẢN LƯU", (
        ("Ngày tháng", 23), ("Họ tên người sử dụng", 30),
        ("Số, ký hiệu ngày tháng văn bản", 32), ("Tên loại và trích yếu nội dung văn bản", 54),
        ("Số và ký hiệu HS", 22), ("Ký nhận", 20), ("Ngày trả", 23),
        ("Người cho phép sử dụng", 28), ("Ghi chú", 18)), True),
    Form("den", "VI", "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", (
        ("Ngày đến", 23), ("Số đến", 12), ("Tác giả", 30), ("Số, ký hiệu văn bản", 29),
        ("Ngày tháng văn bản", 23), ("Tên loại và trích yếu nội dung văn bản", 51),
        ("Đơn vị hoặc người nhận", 27), ("Ngày chuyển", 20), ("Ký nhận", 16),
        ("Ghi chú", 17)), True),
    Form("theo-doi", "VIII", "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN", (
        ("Số đến", 15), ("Tên loại, số, ký hiệu, ngày, tháng và tên cơ quan, tổ chức ban "
                         "hành văn bản", 75), ("Đơn vị hoặc người nhận", 35),
        ("Thời hạn giải quyết", 25), ("Tiến độ giải quyết", 40),
        ("Số, ký hiệu văn bản trả lời", 35), ("Ghi chú", 25)), True, number_range=False),
)}

BLANK_ROWS = 25  # a register kept by hand (bản lưu): ruled rows to fill in


@dataclass
class Register:
    """One printed register: the form, its cover lines and its rows of cell texts."""

    form: Form
    year: int
    rows: list[list[str]]
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    first_number: int | None = None
    last_number: int | None = None
    volume: int = 1


def _name_and_subject(kind: str | None, trich_yeu: str | None) -> str:
    parts = [p for p in (kind, trich_yeu) if p]
    return ": ".join(parts)


def outgoing_rows(numbers: Sequence[Number]) -> list[list[str]]:
    """Phụ lục IV I.2: every number of the range, a released one as a recorded gap."""
    rows = []
    for n in numbers:
        if n.trang_thai == ISSUED:
            rows.append([n.so_ky_hieu or number_text(n.so), short_date(n.ngay),
                         _name_and_subject(n.ten_loai, n.trich_yeu), n.nguoi_ky or "",
                         n.noi_nhan or "", n.luu or "", str(n.so_ban or ""), "", "", ""])
        else:
            note = (f"Hủy số: {n.ly_do}" if n.trang_thai == RELEASED
                    else f"Số đang giữ cho {n.nguoi_giu}")
            rows.append([number_text(n.so), short_date(n.ngay), "", "", "", "", "", "", "",
                         note])
    return rows


def post_rows(numbers: Sequence[Number]) -> list[list[str]]:
    return [["", n.so_ky_hieu or number_text(n.so), n.noi_nhan or "", "", "", ""]
            for n in numbers if n.trang_thai == ISSUED]


def incoming_rows(items: Sequence[Incoming]) -> list[list[str]]:
    return [[short_date(i.ngay_den), number_text(i.so_den), i.tac_gia or "",
             i.so_ky_hieu or "", short_date(i.ngay_van_ban) if i.ngay_van_ban else "",
             _name_and_subject(i.ten_loai, i.trich_yeu), i.don_vi_nhan or "", "", "",
             i.ghi_chu or ""] for i in items]


def follow_up_rows(items: Sequence[Incoming]) -> list[list[str]]:
    rows = []
    for i in items:
        what = ", ".join(p for p in (
            i.ten_loai, f"số {i.so_ky_hieu}" if i.so_ky_hieu else None,
            f"ngày {short_date(i.ngay_van_ban)}" if i.ngay_van_ban else None, i.tac_gia) if p)
        rows.append([number_text(i.so_den), what, i.don_vi_nhan or "",
                     short_date(i.han_giai_quyet) if i.han_giai_quyet else "",
                     i.tien_do or "", i.van_ban_tra_loi or "", i.ghi_chu or ""])
    return rows


# ------------------------------------------------------------------------------ DOCX


def _cover(config: OfficeConfig, register: Register) -> list[str]:
    """Bìa / trang đầu: TÊN CƠ QUAN CHỦ QUẢN, TÊN CƠ QUAN, SỔ …, Năm, Từ ngày, Từ số, Quyển số."""
    co_quan = config.co_quan
    out = []
    if co_quan.chu_quan:
        out.append(paragraph("VBCoQuanChuQuan", co_quan.chu_quan.upper()))
    out.append(paragraph("VBTenCoQuan", co_quan.ten.upper()))
    out.append(paragraph("VBBangGiua", [Run(register.form.title, bold=True, size=20)],
                         before=3600, after=600))
    dots = "…………"
    lines = [f"Năm: {register.year}",
             f"Từ ngày {short_date(register.first_date) if register.first_date else dots} "
             f"đến ngày {short_date(register.last_date) if register.last_date else dots}"]
    if register.form.number_range:
        first = number_text(register.first_number) if register.first_number else dots
        last = number_text(register.last_number) if register.last_number else dots
        lines.append(f"Từ số {first} đến số {last}")
    lines.append(f"Quyển số: {register.volume}")
    out += [paragraph("VBBangGiua", [Run(line, size=14)], before=120) for line in lines]
    return out


def _cell(width: int, text: str, *, bold: bool = False, center: bool = False) -> Cell:
    lines = text.split("\n") if text else [""]
    align = "" if center else '<w:jc w:val="left"/>'
    content = "".join(paragraph("VBBangGiua", [Run(line, bold=bold or None, size=11)],
                                extra_ppr=align) for line in lines)
    return Cell(width, content, vertical="center" if center else "top")


ROWS_PER_TABLE = 100  # LibreOffice lays out one long table in superlinear time


def _tables(form: Form, rows: Sequence[Sequence[str]], usable: int) -> str:
    """The register's table, cut every ``ROWS_PER_TABLE`` rows into tables that each start
    a page (so their repeated header always heads a page): a year of 5,000 entries converts
    in linear time."""
    chunks = [rows[i:i + ROWS_PER_TABLE] for i in range(0, len(rows), ROWS_PER_TABLE)]
    new_page = paragraph("VBNgatVung", extra_ppr="<w:pageBreakBefore/>")
    return new_page.join(_table(form, chunk, usable) for chunk in chunks or [[]])


def _table(form: Form, rows: Sequence[Sequence[str]], usable: int) -> str:
    total = sum(w for _, w in form.columns)
    widths = [round(usable * w / total) for _, w in form.columns]
    header = [_cell(w, name, bold=True, center=True) for w, (name, _) in zip(widths, form.columns,
                                                                              strict=True)]
    numbers = [_cell(w, f"({i})", center=True) for i, w in enumerate(widths, 1)]
    body = [[_cell(w, text, center=j in (0, 1) and form.slug != "theo-doi")
             for j, (w, text) in enumerate(zip(widths, row, strict=True))] for row in rows]
    return grid_table(widths, [header, numbers, *body], header_rows=2)


def _page(landscape: bool) -> Section:
    return Section(g.PAGE_WIDTH, g.PAGE_HEIGHT, g.MARGINS, g.HEADER_DISTANCE,
                   landscape=landscape)


def register_docx(config: OfficeConfig, register: Register) -> bytes:
    """Cover (page 1) and first page (page 2), portrait; then the table section."""
    cover = _cover(config, register)
    portrait = _page(False)
    table_page = _page(register.form.landscape)
    width = (g.PAGE_HEIGHT if register.form.landscape else g.PAGE_WIDTH) \
        - g.MARGINS["left"] - g.MARGINS["right"]
    rows = register.rows or ([[""] * len(register.form.columns)] * BLANK_ROWS
                             if register.form.slug == "ban-luu" else [])
    body = "".join(cover) + paragraph("VBBangGiua", extra_content='<w:r><w:br w:type="page"/>'
                                      "</w:r>") + "".join(cover)
    body += section_end(portrait, "VBNgatVung") + _tables(register.form, rows, width)
    body += paragraph("VBNgatVung")  # a body never ends with a table
    return simple_docx(body, table_page.xml())


def simple_docx(body: str, sect_pr: str) -> bytes:
    """A one-part DOCX (document + the project's style sheet)."""
    return single_part_docx(document_xml(body, sect_pr), styles_xml(nd30.DEFAULT_SIZES))


# ------------------------------------------------------------------------------ XLSX


def register_xlsx(config: OfficeConfig, register: Register) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = register.form.title[:31]
    font = nd30.FONT_FAMILY
    columns = len(register.form.columns)
    head = [config.co_quan.chu_quan.upper() if config.co_quan.chu_quan else "",
            config.co_quan.ten.upper(), register.form.title, f"Năm: {register.year}"]
    for row, text in enumerate(head, 1):
        sheet.cell(row, 1, text).font = Font(name=font, size=12, bold=row > 1)
        sheet.merge_cells(start_row=row, end_row=row, start_column=1, end_column=columns)
        sheet.cell(row, 1).alignment = Alignment(horizontal="center")
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    top = len(head) + 2
    for col, (name, width) in enumerate(register.form.columns, 1):
        sheet.column_dimensions[get_column_letter(col)].width = width * 0.6
        for row, text in ((top, name), (top + 1, f"({col})")):
            cell = sheet.cell(row, col, text)
            cell.font = Font(name=font, size=11, bold=row == top)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = box
    for r, values in enumerate(register.rows, top + 2):
        for col, text in enumerate(values, 1):
            cell = sheet.cell(r, col, text)
            cell.font = Font(name=font, size=11)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = box
    sheet.print_title_rows = f"{top}:{top + 1}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if register.form.landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.freeze_panes = sheet.cell(top + 2, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def output_stem(form: Form, year: int, book: str | None) -> str:
    return f"so-{form.slug}" + (f"-{book}" if book else "") + f"-{year}"


def register_files(folder: Path, form: Form, year: int, book: str | None) -> dict[str, Path]:
    stem = output_stem(form, year, book)
    return {kind: folder / f"{stem}.{kind}" for kind in ("docx", "pdf", "xlsx")}

"""The components every Mẫu shares (spec §3.2, §3.5, §3.6): header block, type name and
trích yếu, Kính gửi, the decision preamble, Nơi nhận and the signature block.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import nd30
from ..fonts import text_width_twips
from ..model import CoQuan, Document, NguoiKy, NhomNoiNhan
from ..vietnamese import DRAFT_BLANK, DRAFT_NUMBER_BLANK, full_date
from . import geometry as g
from .body import legal_basis
from .footnotes import Footnotes
from .ooxml import Border, Cell, Raw, Run, bookmark, box_borders, paragraph, table
from .styles import FIRST_SIGNATURE_BEFORE

SIZES = nd30.DEFAULT_SIZES
LAYOUT_TABLE = "VBBangBoCuc"
# Bookmarks (PDF named destinations) where a signed PDF gets its fields (README "The office
# folder"): the signature room between ô 7a and 7b, a draft's number and day slots.
ANCHOR_SIGNATURE, ANCHOR_NUMBER, ANCHOR_DATE = "vb_chu_ky", "vb_so", "vb_ngay"
ANCHOR_COPY_SIGNATURE = "vb_chu_ky_sao"  # a paper copy's own signature (bookmarks are unique)


def _with_slot(style: str, text: str, anchor: str, *, slot: str = DRAFT_BLANK,
               size: float | None = None) -> str:
    """A paragraph whose first blank ``slot`` (a draft's number or day) is the bookmark
    ``anchor``."""
    before, blank, after = text.partition(slot)
    if not blank:
        return paragraph(style, [Run(text, size=size)])
    runs = [Run(before, size=size), Raw(bookmark(anchor, Run(blank, size=size).xml())),
            Run(after, size=size)]
    return paragraph(style, [r for r in runs if not isinstance(r, Run) or r.text])


def rule(container: int, length: int) -> str:
    """A solid line ``length`` twips long, centred: the top border of an empty paragraph."""
    left, right = g.centred_indents(container, length)
    return paragraph("VBDuongKe", left=left, right=right, borders=(Border("top", 6, 0),))


def agency_rule(text: str, container: int, size: float) -> str:
    """The line under the issuer or the trích yếu: 1/3–1/2 of the longest text line (§3.2)."""
    longest = g.longest_line_width(text, container, size, bold=True)
    return rule(container, round(longest * nd30.AGENCY_LINE_FRACTION))


def _stamp(text: str, container: int) -> str:
    """Urgency or secrecy mark in a single-border box (§3.7), at the left of the column."""
    width = nd30.mm(nd30.URGENCY_BOX_WIDTH_MM.get(text, 0)) or (
        text_width_twips(text, SIZES.khan, bold=True) + nd30.mm(6))
    return paragraph("VBDauMucDo", text, right=max(0, container - width),
                     borders=box_borders(1))


def issuer_lines(issuer: CoQuan, column: int = g.HEADER_LEFT) -> list[str]:
    """Ô 2: the parent body (regular), the issuer (bold) and the line under it."""
    left = []
    if issuer.chu_quan:  # never one word alone on its last line (UBND THÀNH PHỐ HỒ CHÍ / MINH)
        left.append(paragraph("VBCoQuanChuQuan", g.no_lone_last_word(
            issuer.chu_quan.upper(), column, SIZES.co_quan)))
    # nor the issuer (SỞ NÔNG NGHIỆP VÀ MÔI / TRƯỜNG); the line under it follows the text
    # as printed
    name = g.no_lone_last_word(issuer.ten.upper(), column, SIZES.co_quan, bold=True)
    left.append(paragraph("VBTenCoQuan", name))
    left.append(agency_rule(name, column, SIZES.co_quan))
    return left


def national_lines(column: int = g.HEADER_RIGHT, sizes: nd30.Sizes = SIZES) -> list[str]:
    """Ô 1: Quốc hiệu, Tiêu ngữ and the line as long as the Tiêu ngữ (in the 12/13/13
    pairing when the date line needs 13 pt, §2)."""
    def sized(size: int, default: int) -> float | None:
        return None if size == default else size

    return [
        paragraph("VBQuocHieu", [Run(nd30.QUOC_HIEU, size=sized(sizes.quoc_hieu,
                                                                SIZES.quoc_hieu))]),
        paragraph("VBTieuNgu", [Run(nd30.TIEU_NGU, size=sized(sizes.tieu_ngu,
                                                              SIZES.tieu_ngu))]),
        rule(column, text_width_twips(nd30.TIEU_NGU, sizes.tieu_ngu, bold=True)),
    ]


def date_text(place: str, date: object, *, blank_day: bool = False) -> str:
    return f"{place}, {full_date(date, blank_day=blank_day)}"  # type: ignore[arg-type]


def place_and_date(place: str, date: object, *, blank_day: bool = False,
                   column: int = g.HEADER_RIGHT) -> str:
    """Ô 4 on one line: 14 pt, or 13 pt where 14 would wrap in ``column`` (§3.2 #6); a
    draft's blank day is the bookmark of its slot."""
    text = date_text(place, date, blank_day=blank_day)
    size, _ = g.date_fit(text, column=column)
    return _with_slot("VBDiaDanh", text, ANCHOR_DATE,
                      size=None if size == SIZES.dia_danh else size)


def header_block(doc: Document, *, with_number: bool = True, with_date: bool = True) -> str:
    """Ô 1–4 (and 5b, 10) as a borderless two-column table (§3.1 [sample]).

    Mẫu 1.9 (biên bản) has no place/date line; the text attached to a quyết định (Mẫu 1.3)
    has neither number nor date."""
    size, right = g.date_fit(date_text(doc.dia_danh, doc.ngay, blank_day=doc.chua_cap_so)) \
        if with_date else (SIZES.dia_danh, g.HEADER_RIGHT)
    left = g.TEXT_WIDTH - right
    pairing = SIZES if size == SIZES.dia_danh else nd30.SMALL_SIZES
    rows = [[Cell(left, "".join(issuer_lines(doc.co_quan, left))),
             Cell(right, "".join(national_lines(right, pairing)))]]
    if with_number or with_date:
        number = []
        if with_number:
            number.append(_with_slot("VBSoKyHieu", f"Số: {doc.number_and_code}",
                                     ANCHOR_NUMBER, slot=DRAFT_NUMBER_BLANK))
            if doc.doc_type.mau == "1.5" and doc.trich_yeu:
                vv = g.no_lone_last_word(f"V/v {doc.trich_yeu}", left,
                                         SIZES.trich_yeu_cong_van)
                number.append(paragraph("VBTrichYeuCongVan", vv))
            for mark in (doc.do_mat, doc.muc_do_khan):  # ô 10a then ô 10b
                if mark:
                    number.append(_stamp(mark, left))
        date = (place_and_date(doc.dia_danh, doc.ngay, blank_day=doc.chua_cap_so,
                               column=right) if with_date else paragraph("VBDiaDanh"))
        rows.append([Cell(left, "".join(number) or paragraph("VBSoKyHieu")),
                     Cell(right, date)])
    return table([left, right], rows, style=LAYOUT_TABLE)


def title_lines(name: str, trich_yeu: str | None) -> list[str]:
    """Tên loại and trích yếu (ô 5a) with the short line under them."""
    out = [paragraph("VBTenLoai", name)]
    underlined = name
    if trich_yeu:
        out.append(paragraph("VBTrichYeu", g.no_lone_last_word(trich_yeu, g.TEXT_WIDTH,
                                                               SIZES.trich_yeu, bold=True)))
        underlined = trich_yeu
    out.append(agency_rule(underlined, g.TEXT_WIDTH, SIZES.trich_yeu))
    return out


def title_block(doc: Document) -> str:
    """Ô 5a for every type but the công văn and the thư công (Mẫu 1.5)."""
    if doc.doc_type.mau == "1.5":
        return ""
    return "".join(title_lines(doc.doc_type.name, doc.trich_yeu))


def listed(items: Sequence[str]) -> list[str]:
    """``- a;`` … ``- z.``: the writer's punctuation (§3.6), the author's own trimmed."""
    clean = [item.rstrip().rstrip(";.,").rstrip() for item in items]
    return [f"- {text}{';' if i < len(clean) - 1 else '.'}" for i, text in enumerate(clean)]


GROUP_MARK = "+ "  # a member of a group of recipients (ô 9b), under its "- <group>:" line


def recipient_lines(items: Sequence[str | NhomNoiNhan]) -> list[str]:
    """Ô 9b lines: ``- a;`` … ``- z.`` as :func:`listed`; a group ``{nhom, gom}`` is a
    ``- <nhom>:`` line then one ``+ <member>;`` line each. The last line ends with ``.``."""
    marked: list[tuple[str, str, str]] = []  # (mark, text, ending unless last)
    for item in items:
        if isinstance(item, NhomNoiNhan):
            marked.append(("- ", item.nhom.rstrip().rstrip(";.,:").rstrip(), ":"))
            marked += [(GROUP_MARK, m.rstrip().rstrip(";.,").rstrip(), ";") for m in item.gom]
        else:
            marked.append(("- ", item.rstrip().rstrip(";.,").rstrip(), ";"))
    return [f"{mark}{text}{end if i < len(marked) - 1 else '.'}"
            for i, (mark, text, end) in enumerate(marked)]


def dash_lines(items: Sequence[str], style: str, left: int) -> list[str]:
    """Recipient lines whose dashes stand at ``left`` (wrapped lines hang after the dash)."""
    dash = text_width_twips("- ", SIZES.kinh_gui)
    room = g.TEXT_WIDTH - left
    return [paragraph(style, g.no_lone_last_word(line, room - dash, SIZES.kinh_gui,
                                                 first=room),
                      left=left + dash, hanging=dash) for line in listed(items)]


def kinh_gui_block(doc: Document) -> str:
    """Kính gửi (ô 9a, §3.6): one line, or dashes aligned under the colon."""
    if not doc.kinh_gui:
        return ""
    label = nd30.KINH_GUI_LABEL
    size = SIZES.kinh_gui
    colon_x = g.KINH_GUI_INDENT + text_width_twips(label, size)
    if len(doc.kinh_gui) == 1:
        text = f"{label}: {doc.kinh_gui[0].rstrip(';.,')}"
        hang = text_width_twips(f"{label}: ", size)
        room = g.TEXT_WIDTH - g.KINH_GUI_INDENT
        text = g.no_lone_last_word(text, room - hang, size, first=room)
        return paragraph("VBKinhGui", text, left=g.KINH_GUI_INDENT + hang, hanging=hang,
                         before=240)
    out = [paragraph("VBKinhGui", f"{label}:", left=g.KINH_GUI_INDENT, before=240)]
    out += dash_lines(doc.kinh_gui, "VBKinhGui", colon_x)
    return "".join(out)


def decision_preamble(doc: Document, notes: Footnotes) -> str:
    """Thẩm quyền ban hành, căn cứ and the ``QUYẾT ĐỊNH:`` line (Mẫu 1.1–1.3); a
    legal-normative document may close its căn cứ with ``ban_hanh`` instead of that line."""
    out = []
    if doc.tham_quyen:
        out.append(paragraph("VBThamQuyen", doc.tham_quyen.upper()))
    if doc.ban_hanh:  # "Theo đề nghị …;" then "Ủy ban nhân dân tỉnh ban hành Quyết định …."
        lines = [*doc.can_cu, *([doc.theo_de_nghi] if doc.theo_de_nghi else [])]
        out += [p.xml() for p in legal_basis(lines, doc.ban_hanh, notes)]
        return "".join(out)
    if doc.can_cu or doc.theo_de_nghi:
        out += [p.xml() for p in legal_basis(doc.can_cu, doc.theo_de_nghi, notes)]
    if doc.doc_type.slug in nd30.ARTICLE_TYPES:
        verb = nd30.VERB_NGHI_QUYET if doc.loai == "nghi-quyet" else nd30.VERB_QUYET_DINH
        out.append(paragraph("VBDongGiua", verb))
    return "".join(out)


def storage_line(units: Sequence[str]) -> str:
    return "Lưu: " + ", ".join([nd30.LUU_VAN_THU, *units])


def recipients(doc: Document) -> list[str]:
    """Ô 9b items: ``Như trên`` first where a Kính gửi (or the person sent, Mẫu 1.8) is the
    addressee (§3.6), the author's list, the Lưu line and the drafter's code (ô 12)."""
    items: list[str | NhomNoiNhan] = list(doc.noi_nhan)
    first = doc.doc_type.first_recipient
    addressed = bool(doc.kinh_gui) or doc.loai == "giay-gioi-thieu"
    if first == nd30.NHU_TREN and addressed and doc.loai != "cong-dien" and (
            not items or not isinstance(items[0], str)
            or items[0].rstrip(";.,").strip().lower() != first.lower()):
        items.insert(0, first)
    lines = recipient_lines([*items, storage_line(doc.storage_units)])
    if doc.nguoi_soan:  # ô 12 after the Lưu line (§3.8 [sample]): "PL.(300)." or "PL."
        code = doc.nguoi_soan if doc.nguoi_soan.endswith(".") else doc.nguoi_soan + "."
        lines[-1] += f" {code}({doc.so_ban})." if doc.so_ban else f" {code}"
    return lines


def recipient_cell(lines: Sequence[str]) -> str:
    size = SIZES.noi_nhan
    dash = text_width_twips("- ", size)
    out = [paragraph("VBNoiNhanNhan", nd30.NOI_NHAN_LABEL, before=FIRST_SIGNATURE_BEFORE)]
    # a group's "+" lines stand under the text of its "- <group>:" line, wrapped lines
    # hanging after the "+ " as they hang after the dash
    plus = text_width_twips(GROUP_MARK, size)
    out += [paragraph("VBNoiNhan", line, left=dash + plus, hanging=plus)
            if line.startswith(GROUP_MARK) else
            paragraph("VBNoiNhan", line, left=dash, hanging=dash) for line in lines]
    return "".join(out)


def signer_parts(signer: NguoiKy, anchor: str = ANCHOR_SIGNATURE) -> tuple[str, str]:
    """Ô 7a with the room for 7c and 8 (the bookmark ``anchor``); ô 7b (chức vụ khác and the
    name). Apart for a table that puts the names of signers side by side in a row of their
    own (biên bản)."""
    out = []
    for i, line in enumerate(signer.title_lines()):
        out.append(paragraph("VBChucVuKy", line,
                             before=FIRST_SIGNATURE_BEFORE if i == 0 else None))
    out.append(bookmark(anchor, "".join([paragraph("VBChoKy")] * nd30.SIGNATURE_BLANK_LINES)))
    name = paragraph("VBChucVuKy", signer.chuc_vu_khac.upper()) if signer.chuc_vu_khac else ""
    return "".join(out), name + paragraph("VBHoTenKy", signer.ho_ten)


def signer_cell(signer: NguoiKy, anchor: str = ANCHOR_SIGNATURE) -> str:
    """Ô 7a, room for 7c and 8 (the bookmark ``anchor``), 7b."""
    return "".join(signer_parts(signer, anchor))


def signature_table(left: str, right: str, *extra_rows: tuple[str, str]) -> str:
    """The borderless two-column block after the text: Nơi nhận left, signature right."""
    widths = [g.SIGNATURE_LEFT, g.SIGNATURE_RIGHT]
    rows = [[Cell(widths[0], left), Cell(widths[1], right)]]
    rows += [[Cell(widths[0], a or paragraph("VBNoiNhan")), Cell(widths[1], b or
                                                                   paragraph("VBNoiNhan"))]
             for a, b in extra_rows]
    return table(widths, rows, style=LAYOUT_TABLE, cant_split=True)


def signature_block(doc: Document) -> str:
    return signature_table(recipient_cell(recipients(doc)), signer_cell(doc.nguoi_ky))


def issuer_phrase(doc: Document) -> str:
    """The issuer as written inside a sentence (``Sở Nội vụ``): ``ten_day_du`` if given."""
    if doc.co_quan.ten_day_du:
        return doc.co_quan.ten_day_du
    name = " ".join(doc.co_quan.ten.split())
    return name[:1] + name[1:].lower()


def reference_phrase(doc: Document) -> str:
    """``Quyết định số 12/QĐ-UBND ngày 05 tháng 01 năm 2020 của …`` (§3.10, Mẫu 1.3)."""
    date = full_date(doc.ngay, blank_day=doc.chua_cap_so)
    return (f"{doc.doc_type.name.capitalize()} số {doc.number_and_code} {date} "
            f"của {issuer_phrase(doc)}")

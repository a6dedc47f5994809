"""The main document laid out per its sample layout (Mẫu, spec §5.1).

Every Mẫu shares the header, the type name and the signature; what differs is the opening
(Kính gửi, the decision preamble, ``… điện:``, ``… trân trọng kính mời:`` …), a few fixed
lines around the body, and the signature block of the biên bản and the giấy nghỉ phép.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .. import nd30
from ..model import BenKy, Document
from ..vietnamese import short_date
from . import geometry as g
from .body import BodyWriter, FlowItem, NewSection, Para, Xml, add_end_mark
from .components import (
    LAYOUT_TABLE,
    decision_preamble,
    header_block,
    issuer_phrase,
    kinh_gui_block,
    listed,
    recipient_cell,
    recipients,
    signature_block,
    signature_table,
    signer_cell,
    signer_parts,
    title_block,
)
from .footnotes import Footnotes
from .ooxml import Cell, Run, paragraph, table


def _line(notes: Footnotes, text: str, label: str | None = None) -> Para:
    """A fixed line of a Mẫu: ``Thời gian: …`` (label kept upright, like the sample)."""
    runs = ([Run(f"{label}: ")] if label else []) + notes.runs(text)
    return Para("VBDongMau", runs)


def _body(doc: Document, notes: Footnotes) -> list[FlowItem]:
    writer = BodyWriter(doc.numbering, notes)
    writer.blocks(doc.noi_dung, 0, doc.numbering, numbered_text=False)
    return writer.flow


# --- openings and fixed lines per Mẫu ---------------------------------------------------------


def cong_dien(doc: Document, notes: Footnotes) -> list[FlowItem]:
    """Mẫu 1.6: ``<issuer or head's title> điện:`` then the recipients, one per line."""
    sender = " ".join((doc.dien or doc.co_quan.ten).upper().split())
    # The recipients stand in the right column of a borderless table, as in the Mẫu; the
    # centred "… điện:" line heads that table (a row across both columns), so that it is
    # read as the address block it is, not as a body paragraph (which must be justified).
    widths = [g.CONG_DIEN_INDENT, g.TEXT_WIDTH - g.CONG_DIEN_INDENT]
    head = paragraph("VBDien", [Run(f"{sender} "), Run(nd30.DIEN, bold=False)])
    lines = "".join(paragraph("VBNoiNhanDien", line) for line in listed(doc.kinh_gui))
    rows = [[Cell(sum(widths), head, span=2)],
            [Cell(widths[0], paragraph("VBNoiNhanDien")), Cell(widths[1], lines)]]
    return [Xml(table(widths, rows, style=LAYOUT_TABLE)), *_body(doc, notes)]


def giay_moi(doc: Document, notes: Footnotes) -> list[FlowItem]:
    """Mẫu 1.7: kính mời, then the lines given of tới dự, chủ trì, thời gian, địa điểm;
    the body follows (the notes, or the whole invitation written as paragraphs)."""
    moi = doc.giay_moi
    assert moi is not None
    invited = [moi.kinh_moi] if isinstance(moi.kinh_moi, str) else moi.kinh_moi
    opening = f"{issuer_phrase(doc)} {nd30.KINH_MOI}"
    if len(invited) == 1:  # the issuer's name is not content text: a run of its own
        out: list[FlowItem] = [Para("VBDongMau", [Run(f"{opening} "),
                                                  *notes.runs(invited[0])])]
    else:  # several: one "- …;" line each under the opening, as in Kính gửi
        out = [_line(notes, opening), *(_line(notes, item) for item in listed(invited))]
    if moi.toi_du:
        out.append(_line(notes, f"Tới dự {moi.toi_du}"))
    for text, label in ((moi.chu_tri, "Chủ trì"), (moi.thoi_gian, "Thời gian"),
                        (moi.dia_diem, "Địa điểm")):
        if text:
            out.append(_line(notes, text, label))
    return out + _body(doc, notes)


def giay_gioi_thieu(doc: Document, notes: Footnotes) -> list[FlowItem]:
    """Mẫu 1.8: the person, where and why, the request and the validity line."""
    gt = doc.gioi_thieu
    assert gt is not None
    out: list[FlowItem] = [
        _line(notes, f"{issuer_phrase(doc)} {nd30.GIOI_THIEU}"),
        _line(notes, gt.ho_ten, gt.xung_ho),
        _line(notes, gt.chuc_vu, "Chức vụ"),
        _line(notes, gt.duoc_cu_den, "Được cử đến"),
        _line(notes, gt.ve_viec, "Về việc"),
    ]
    out += _body(doc, notes)
    out += [_line(notes, nd30.GGT_REQUEST),
            _line(notes, f"Giấy này có giá trị đến hết ngày {short_date(gt.co_gia_tri_den)}.")]
    return out


def bien_ban(doc: Document, notes: Footnotes) -> list[FlowItem]:
    """Mẫu 1.9: time, place, participants, chair, secretary, the proceedings, the end. Each
    fixed line only when given: a biên bản written as prose (căn cứ, "Hôm nay, vào lúc …")
    has its body in noi_dung alone."""
    bb = doc.bien_ban
    assert bb is not None
    out: list[FlowItem] = []
    for text, label in ((bb.thoi_gian_bat_dau, "Thời gian bắt đầu"), (bb.dia_diem, "Địa điểm")):
        if text:
            out.append(_line(notes, text, label))
    if len(bb.thanh_phan) == 1:
        out.append(_line(notes, bb.thanh_phan[0], "Thành phần tham dự"))
    elif bb.thanh_phan:
        out.append(_line(notes, "Thành phần tham dự:"))
        out += [_line(notes, item) for item in listed(bb.thanh_phan)]
    for text, label in ((bb.chu_tri, "Chủ trì (chủ tọa)"),
                        (bb.thu_ky, "Thư ký (người ghi biên bản)")):
        if text:
            out.append(_line(notes, text, label))
    if bb.mau_lines:
        out.append(_line(notes, f"Nội dung {bb.su_kien.lower()}:"))
    out += _body(doc, notes)
    if bb.ket_thuc:
        out.append(_line(notes, f"{bb.su_kien} kết thúc vào {bb.ket_thuc}."))
    return out


def giay_nghi_phep(doc: Document, notes: Footnotes) -> list[FlowItem]:
    """Mẫu 1.10: the request, who, how long, where, counted as what."""
    np = doc.nghi_phep
    assert np is not None
    out: list[FlowItem] = [
        _line(notes, f"Xét Đơn đề nghị nghỉ phép ngày {short_date(np.ngay_don)} của "
                     f"{np.xung_ho.lower()} {np.ho_ten},"),
        _line(notes, f"{issuer_phrase(doc)} {nd30.NGHI_PHEP_CAP}"),
        _line(notes, np.ho_ten, np.xung_ho),
        _line(notes, np.chuc_vu, "Chức vụ"),
        _line(notes, f"Được nghỉ phép trong thời gian {np.so_ngay:02d} ngày, kể từ ngày "
                     f"{short_date(np.tu_ngay)} đến hết ngày {short_date(np.den_ngay)} tại "
                     f"{np.noi_nghi}."),
    ]
    out += _body(doc, notes)
    out.append(_line(notes, f"Số ngày nghỉ phép nêu trên được tính vào thời gian "
                            f"{np.tinh_vao}."))
    return out


def standard(doc: Document, notes: Footnotes) -> list[FlowItem]:
    """Mẫu 1.1–1.5 and the other types of Mẫu 1.4: the body as written."""
    return _body(doc, notes)


OPENINGS: dict[str, Callable[[Document, Footnotes], list[FlowItem]]] = {
    "1.6": cong_dien,
    "1.7": giay_moi,
    "1.8": giay_gioi_thieu,
    "1.9": bien_ban,
    "1.10": giay_nghi_phep,
}


# --- signature blocks ------------------------------------------------------------------------


def _party_parts(party: BenKy) -> tuple[str, str]:
    """A signature of a biên bản other than the main signer's: its title lines (bold
    capitals) with the room for the signature; the name."""
    out = [paragraph("VBChuKyThuKy", line, before=240 if i == 0 else None)
           for i, line in enumerate(party.title_lines())]
    out += [paragraph("VBChoKy")] * nd30.SIGNATURE_BLANK_LINES
    return "".join(out), paragraph("VBHoTenKy", party.ho_ten)


def _keep_with_next(xml: str) -> str:
    return re.sub(r'(<w:pStyle w:val="[^"]*"/>)', r"\1<w:keepNext/>", xml)


def minutes_signatures(doc: Document) -> str:
    """Mẫu 1.9 and the biên bản signed by several parties: the parties side by side, the main
    signer (nguoi_ky) last on the right, in the rows of ``nd30.BIEN_BAN_PARTY_ROWS`` (up to
    three in one row; four as two rows of two, five as two then three, six as three rows of
    two, as real biên bản stand). As in the decree's Mẫu, the titles (with the room to sign)
    stand in one table row and the names in the next, so that the names are level whatever
    the titles' length; Nơi nhận stands in a last row, at the left margin below the left
    signature. Every row but the last keeps with the next: the block never splits over two
    pages."""
    assert doc.bien_ban is not None
    parts = [_party_parts(p) for p in doc.bien_ban.parties] + [signer_parts(doc.nguoi_ky)]
    groups, start = [], 0
    for size in nd30.BIEN_BAN_PARTY_ROWS[len(parts)]:
        groups.append(parts[start:start + size])
        start += size
    sizes = {len(group) for group in groups}
    if sizes == {2}:  # the two columns of Nơi nhận | signature
        grid = [g.SIGNATURE_LEFT, g.SIGNATURE_RIGHT]
    else:  # thirds; two and three in a row: sixths, a cell covering three or two of them
        n = 6 if sizes == {2, 3} else max(sizes)
        grid = [g.TEXT_WIDTH // n] * (n - 1) + [g.TEXT_WIDTH - (n - 1) * (g.TEXT_WIDTH // n)]

    def spans(count: int) -> list[tuple[int, int]]:
        """(width, gridSpan) of each of ``count`` cells sharing the grid equally."""
        step = len(grid) // count
        return [(sum(grid[i * step:(i + 1) * step]), step) for i in range(count)]

    rows: list[list[tuple[str, tuple[int, int]]]] = []
    for group in groups:
        cells = spans(len(group))
        rows.append([(titles, cell) for (titles, _), cell in zip(group, cells, strict=True)])
        rows.append([(name, cell) for (_, name), cell in zip(group, cells, strict=True)])
    left, *rest = spans(len(groups[-1]))  # Nơi nhận under the left signature of the last row
    rest_width = sum(w for w, _ in rest)
    rows.append([(recipient_cell(recipients(doc)), left)]
                + ([("", (rest_width, len(grid) - left[1]))] if rest else []))
    cells = [[Cell(w, _keep_with_next(xml) if i < len(rows) - 1 else xml or paragraph(
        "VBNoiNhan"), span=span) for xml, (w, span) in row] for i, row in enumerate(rows)]
    return table(grid, cells, style=LAYOUT_TABLE, cant_split=True)


def closing(doc: Document) -> str:
    """Mẫu 1.9: THƯ KÝ (or the other parties) left and the chair right, Nơi nhận below
    left; Mẫu 1.10: the confirmation of the place of leave below left; the others: Nơi nhận |
    signature."""
    if doc.mau_layout == "1.9":
        return minutes_signatures(doc)
    if doc.mau_layout == "1.10" and doc.nghi_phep and doc.nghi_phep.xac_nhan:
        confirm = (paragraph("VBChuKyThuKy", nd30.NGHI_PHEP_XAC_NHAN, before=240)
                   + paragraph("VBGhiChuKy", "(Chữ ký, dấu)")
                   + "".join([paragraph("VBChoKy")] * nd30.SIGNATURE_BLANK_LINES))
        return signature_table(recipient_cell(recipients(doc)), signer_cell(doc.nguoi_ky),
                               (confirm, ""))
    return signature_block(doc)


def main_flow(doc: Document, notes: Footnotes) -> list[FlowItem]:
    """The main document from the header to the signature, in reading order."""
    head: list[FlowItem] = [Xml(header_block(doc, with_date=doc.mau_layout != "1.9"))]
    head.append(Xml(title_block(doc)))
    if doc.mau_layout == "1.5" or doc.doc_type.kinh_gui_optional:
        head.append(Xml(kinh_gui_block(doc)))
    head.append(Xml(decision_preamble(doc, notes)))
    text = OPENINGS.get(doc.mau_layout, standard)(doc, notes)
    add_end_mark(text)
    keep_with_signature(text)
    return [*head, *text, Xml(closing(doc))]


def keep_with_signature(text: list[FlowItem]) -> None:
    """The last paragraph of the text goes to the page of the signature block, which is never
    alone on the last page (a reviewer sends such a document back)."""
    last = next((item for item in reversed(text) if not isinstance(item, NewSection)), None)
    if isinstance(last, Para):
        last.keep_next = True

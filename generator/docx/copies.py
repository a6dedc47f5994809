"""Paper copies (Mẫu 3.1): below the copied document, a full-width line, the copier's
mini-header (name, ``Số: 01/SY-…``, SAO Y / SAO LỤC / TRÍCH SAO, place and date), its
Nơi nhận ending ``- Lưu: VT.`` and the signature of the person authorised to sign copies.
"""

from __future__ import annotations

from .. import nd30
from ..model import BanSao
from ..vietnamese import number_text
from . import geometry as g
from .body import FlowItem, Xml
from .components import (
    ANCHOR_COPY_SIGNATURE,
    LAYOUT_TABLE,
    date_text,
    issuer_lines,
    place_and_date,
    recipient_cell,
    recipient_lines,
    signature_table,
    signer_cell,
    storage_line,
)
from .ooxml import Border, Cell, paragraph, table


def copy_code(copy: BanSao) -> str:
    """``01/SY-VP``: the copy's own number and code (§4)."""
    _, abbreviation = nd30.COPY_FORMS[copy.hinh_thuc]
    return f"{number_text(copy.so)}/{abbreviation}-{copy.co_quan.viet_tat}"


def copy_flow(copy: BanSao) -> list[FlowItem]:
    form, _ = nd30.COPY_FORMS[copy.hinh_thuc]
    line = paragraph("VBDuongKe", borders=(Border("top", 6, 0),), before=240)
    _, wide = g.date_fit(date_text(copy.dia_danh, copy.ngay))
    narrow = g.TEXT_WIDTH - wide
    left = "".join(issuer_lines(copy.co_quan, narrow)) + paragraph("VBSoKyHieu",
                                                                  f"Số: {copy_code(copy)}")
    right = paragraph("VBHinhThucSao", form) + place_and_date(copy.dia_danh, copy.ngay,
                                                              column=wide)
    header = table([narrow, wide], [[Cell(narrow, left), Cell(wide, right, vertical="top")]],
                   style=LAYOUT_TABLE)
    recipients = recipient_lines([*copy.noi_nhan, storage_line([])])
    signature = signature_table(recipient_cell(recipients), signer_cell(copy.nguoi_ky,
                                                                   ANCHOR_COPY_SIGNATURE))
    return [Xml(line), Xml(header), Xml(signature)]

"""The one-page forms of Phụ lục IV: the envelope (II), the "ĐẾN" stamp (V) and the phiếu
giải quyết văn bản đến (VII), as DOCX built on the engine's header components."""

from __future__ import annotations

from collections.abc import Sequence

from .. import nd30
from ..docx import geometry as g
from ..docx.components import LAYOUT_TABLE, SIZES, agency_rule, issuer_lines, national_lines
from ..docx.ooxml import Cell, Run, Section, paragraph, table
from ..vietnamese import short_date
from .config import OfficeConfig
from .forms import simple_docx
from .incoming import stamp_docx
from .models import Incoming

ENVELOPE_MM = (220, 110)  # DL, the usual size for A4 folded in three (the decree gives none)
DOTS = "…………………………………………"


def envelope_docx(config: OfficeConfig, number_and_code: str, recipients: Sequence[str]
                  ) -> bytes:
    """Mẫu bì văn bản (Phụ lục IV II): the sender's block with address, phone, fax, e-mail
    and website, the số/ký hiệu, and "Kính gửi:" with the recipient — one page each."""
    mm = nd30.mm
    width, height = mm(ENVELOPE_MM[0]), mm(ENVELOPE_MM[1])
    margin = mm(10)
    usable = width - 2 * margin
    contact = config.lien_he
    pages = []
    for recipient in recipients or [""]:
        sender = [paragraph("VBTenCoQuan", [Run(config.co_quan.ten.upper(), size=12)])]
        sender += [paragraph("VBBangGiua", [Run(line, size=11)], extra_ppr='<w:jc w:val="left"/>')
                   for line in (
                       f"Địa chỉ: {config.co_quan.dia_chi or DOTS}",
                       f"Điện thoại: {contact.dien_thoai or '…………'}    Fax: "
                       f"{contact.fax or '…………'}",
                       f"E-Mail: {contact.email or '…………'}    Website: "
                       f"{contact.website or '…………'}",
                       f"Số/ký hiệu văn bản: {number_and_code}")]
        to = [paragraph("VBBangGiua", [Run("Kính gửi: ", bold=True, size=14),
                                       Run(recipient or DOTS, size=14)], before=1400,
                        extra_ppr='<w:jc w:val="left"/>'),
              paragraph("VBBangGiua", [Run(DOTS, size=14)], extra_ppr='<w:jc w:val="left"/>')]
        left = round(usable * 0.55)
        pages.append(table([left, usable - left],
                           [[Cell(left, "".join(sender)), Cell(usable - left, "".join(to))]],
                           style=LAYOUT_TABLE))
    breaker = paragraph("VBNgatVung", extra_content='<w:r><w:br w:type="page"/></w:r>')
    body = breaker.join(pages) + paragraph("VBNgatVung")
    sect = Section(width, height, {"top": margin, "bottom": margin, "left": margin,
                                   "right": margin}, 0)
    return simple_docx(body, sect.xml())


def stamp_form_docx(config: OfficeConfig) -> bytes:
    """Mẫu dấu "ĐẾN" (Phụ lục IV V): 35 × 50 mm, for the seal maker or to print."""
    return stamp_docx(config.co_quan.ten, at_mm=(30, 20))


def slip_docx(config: OfficeConfig, item: Incoming) -> bytes:
    """Phiếu giải quyết văn bản đến (Phụ lục IV VII) for one registered incoming document."""
    header = table([g.HEADER_LEFT, g.HEADER_RIGHT], [
        [Cell(g.HEADER_LEFT, "".join(issuer_lines(config.co_quan))),
         Cell(g.HEADER_RIGHT, "".join(national_lines()) + paragraph(
             "VBDiaDanh", f"{config.dia_danh}, ngày …… tháng …… năm ……"))]],
        style=LAYOUT_TABLE)
    what = ", ".join(p for p in (
        item.ten_loai, f"số {item.so_ky_hieu}" if item.so_ky_hieu else None,
        f"ngày {short_date(item.ngay_van_ban)}" if item.ngay_van_ban else None,
        f"của {item.tac_gia}" if item.tac_gia else None) if p)
    if item.trich_yeu:
        what += f" về {item.trich_yeu}"
    subtitle = f"({what}; số đến {item.so_den:02d} ngày {short_date(item.ngay_den)})"
    body = [header, paragraph("VBTenLoai", "PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN"),
            paragraph("VBTrichYeu", subtitle), agency_rule(subtitle, g.TEXT_WIDTH,
                                                           SIZES.trich_yeu)]
    dots = "……………"
    parts = [
        ("1. Ý kiến của lãnh đạo cơ quan, tổ chức", [
            "- Giao đơn vị, cá nhân chủ trì: " + (item.don_vi_nhan or dots),
            "- Giao các đơn vị, cá nhân tham gia phối hợp giải quyết văn bản đến (nếu có): "
            + dots,
            "- Thời hạn giải quyết: " + (short_date(item.han_giai_quyet)
                                         if item.han_giai_quyet else dots),
            "- Ngày tháng cho ý kiến phân phối, giải quyết: " + dots]),
        ("2. Ý kiến của lãnh đạo đơn vị", [
            "- Giao cho cá nhân; thời hạn giải quyết đối với cá nhân (nếu có): " + dots,
            "- Ngày, tháng, năm cho ý kiến: " + dots]),
        ("3. Ý kiến đề xuất của người giải quyết", [
            "- Ý kiến đề xuất giải quyết văn bản đến: " + dots,
            "- Ngày, tháng, năm đề xuất ý kiến: " + dots]),
    ]
    for title, lines in parts:
        body.append(paragraph("VBNoiDung", [Run(title, bold=True)]))
        body += [paragraph("VBNoiDung", line) for line in lines]
    sect = Section(g.PAGE_WIDTH, g.PAGE_HEIGHT, g.MARGINS, g.HEADER_DISTANCE)
    return simple_docx("".join(body), sect.xml())

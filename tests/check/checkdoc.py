"""A conformant document built in code, with switches that break exactly one thing.

(A module of its own, not conftest.py: other test folders have a conftest too, and only a
unique module name can be imported from the tests.)

The layout follows what the project's writer produces (DESIGN.md, issue 3): a borderless
two-column header table, lines drawn as paragraph borders sized by indents, named paragraph
styles, a borderless signature table, a PAGE field in the default header with an empty
first-page header.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from docxbuild import para, run, sect, table, write_docx

from generator.fonts import text_width_pt

CELL_MARGIN = 108
LEFT_COL, RIGHT_COL = 3685, 5669  # 9354 twips = A4 minus 30 mm and 15 mm margins


def style(sid: str, ppr: str = "", rpr: str = "", based_on: str | None = "Normal") -> str:
    base = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{sid}"/>{base}'
            f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>")


def sz(pt: float) -> str:
    return f'<w:sz w:val="{int(pt * 2)}"/><w:szCs w:val="{int(pt * 2)}"/>'


CENTER = '<w:jc w:val="center"/>'
SINGLE = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'


def default_styles() -> dict[str, tuple[str, str]]:
    """Style id → (pPr, rPr)."""
    return {
        "CoQuanChuQuan": (CENTER + SINGLE, sz(13)),
        "CoQuan": (CENTER + SINGLE, sz(13) + "<w:b/>"),
        "QuocHieu": (CENTER + SINGLE, sz(13) + "<w:b/>"),
        "TieuNgu": (CENTER + SINGLE, sz(14) + "<w:b/>"),
        "DuongKe": (SINGLE, sz(6)),
        "SoKyHieu": (CENTER + SINGLE, sz(13)),
        "TrichYeuCV": (CENTER + '<w:spacing w:before="120" w:after="0"/>', sz(12)),
        "DiaDanh": (CENTER + SINGLE, sz(14) + "<w:i/>"),
        "TenLoai": (CENTER + '<w:spacing w:before="240" w:after="0"/>', sz(14) + "<w:b/>"),
        "TrichYeu": (CENTER + SINGLE, sz(14) + "<w:b/>"),
        "KinhGui": ('<w:spacing w:before="240" w:after="0"/>', sz(14)),
        "NoiDung": ('<w:jc w:val="both"/><w:ind w:firstLine="567"/>'
                    '<w:spacing w:before="120" w:after="0" w:line="240" w:lineRule="auto"/>',
                    sz(14)),
        "CanCu": ('<w:jc w:val="both"/><w:ind w:firstLine="567"/>'
                  '<w:spacing w:before="120" w:after="0"/>', sz(14) + "<w:i/>"),
        "Dieu": ('<w:jc w:val="both"/><w:ind w:firstLine="567"/>'
                 '<w:spacing w:before="120" w:after="0"/>', sz(14)),
        "NoiNhanNhan": (SINGLE, sz(12) + "<w:b/><w:i/>"),
        "NoiNhan": (SINGLE, sz(11)),
        "ChucVu": (CENTER + SINGLE, sz(14) + "<w:b/>"),
        "HoTen": (CENTER + SINGLE, sz(14) + "<w:b/>"),
        "SoTrang": (CENTER, sz(14)),
    }


@dataclass
class Doc:
    """Switches for the conformant document; change one to break one rule."""

    doc_type: str = "cong-van"
    page: tuple[int, int] = (11906, 16838)
    margins: tuple[int, int, int, int] = (1134, 1134, 1701, 851)  # top, bottom, left, right
    styles: dict[str, tuple[str, str]] = field(default_factory=default_styles)
    extra_styles: str = ""
    theme: tuple[str, str] | None = None
    parent: str | None = "UBND TỈNH LẠNG SƠN"
    issuer: str = "VĂN PHÒNG"
    quoc_hieu: str | None = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    tieu_ngu: str = "Độc lập - Tự do - Hạnh phúc"
    tn_line_fraction: float = 1.0
    issuer_line_fraction: float = 0.4
    so: str = "Số: 4208/VP-NC"
    date: str = "Lạng Sơn, ngày 07 tháng 12 năm 2017"
    vv: str = "V/v thực hiện Kết luận của Ban Thường vụ Tỉnh ủy"
    vv_rpr: str = ""
    kinh_gui: bool = True
    body: tuple[str, ...] = (
        "Thực hiện Kết luận của Ban Thường vụ Tỉnh ủy về Đề án tinh giản biên chế, Chủ tịch "
        "UBND tỉnh có ý kiến chỉ đạo như sau:",
        "1. Các sở, ban, ngành tỉnh rà soát chức năng, nhiệm vụ, tổ chức bộ máy.",
        "2. Văn phòng UBND tỉnh theo dõi, tổng hợp, báo cáo kết quả thực hiện./.",
    )
    body_ppr: str = ""
    body_rpr: str = ""
    body_first_rpr: str = ""  # direct formatting on the first body paragraph only
    noi_nhan: tuple[str, ...] = ("- Như trên;", "- Chủ tịch UBND tỉnh;", "- Lưu: VT, NC.")
    authority: tuple[str, ...] = ("KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG")
    signer: str = "Nguyễn Văn An"
    page_number: str = "header"  # "header", "footer", "if" (IF-field trick), "none"
    title_page: bool = True
    urgency: str | None = None
    secrecy: str | None = None
    urgency_boxed: bool = True
    appendix: bool = False
    nest_header: bool = False  # put the header table inside a one-cell outer table
    header_in_page_header: bool = False  # the header table typed into page 1's page header
    line_kind: str = "border"  # how the header lines are drawn: border, underscores, vml, shape

    # quyết định parts
    type_name: str = "QUYẾT ĐỊNH"
    trich_yeu: str = "Về việc thành lập Tổ công tác tinh giản biên chế"
    ty_line_fraction: float = 0.4
    can_cu: tuple[str, ...] = (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Theo đề nghị của Giám đốc Sở Nội vụ.",
    )
    can_cu_rpr: str = ""
    dieu_label_rpr: str = "<w:b/>"
    # a legal-normative quyết định may have neither (its căn cứ end "… ban hành Quyết định …")
    tham_quyen: str | None = "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"
    verb: str | None = "QUYẾT ĐỊNH:"


def _line_para(cell_width: int, text_width: float, fraction: float, kind: str = "border") -> str:
    """A paragraph drawing the line under a heading, ``fraction`` of ``text_width`` long."""
    content = cell_width - 2 * CELL_MARGIN
    length = text_width * fraction
    indent = max(0, round((content - length) / 2))
    if kind == "underscores":  # an underscore is half an em wide in Times New Roman
        return para("_" * round(length / (0.5 * 13 * 20)), style="DuongKe",
                    ppr='<w:jc w:val="center"/>', rpr=sz(13))
    if kind == "vml":
        return para(style="DuongKe", ppr='<w:jc w:val="center"/>',
                    runs=f'<w:r><w:pict><v:line from="0,0" to="{length / 20:.1f}pt,0" '
                    'strokeweight=".5pt"/></w:pict></w:r>')
    if kind == "shape":
        return para(style="DuongKe", runs=(
            '<w:r><w:drawing><wp:anchor><wp:positionH relativeFrom="column"><wp:posOffset>'
            f"{indent * 635}</wp:posOffset></wp:positionH><wp:extent cx=\"{round(length) * 635}\" "
            'cy="0"/><a:graphic><a:graphicData><wps:wsp><wps:spPr><a:prstGeom prst="line"/>'
            "</wps:spPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"))
    return para(style="DuongKe", ppr=f'<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" '
                f'w:color="000000"/></w:pBdr><w:ind w:left="{indent}" w:right="{indent}"/>')


def _tw(text: str, size: float, bold: bool = False) -> float:
    return text_width_pt(text, size, bold=bold) * 20


def build(d: Doc, path: Path) -> Path:
    cv = d.doc_type == "cong-van"
    left1 = ""
    if d.parent:
        left1 += para(d.parent, style="CoQuanChuQuan")
    left1 += para(d.issuer, style="CoQuan")
    left1 += _line_para(LEFT_COL, _tw(d.issuer, 13, True), d.issuer_line_fraction, d.line_kind)
    right1 = ""
    if d.quoc_hieu:
        right1 += para(d.quoc_hieu, style="QuocHieu")
    right1 += para(d.tieu_ngu, style="TieuNgu")
    right1 += _line_para(RIGHT_COL, _tw(d.tieu_ngu, 14, True), d.tn_line_fraction, d.line_kind)
    left2 = para(d.so, style="SoKyHieu")
    if cv:
        left2 += para(runs=run(d.vv, d.vv_rpr), style="TrichYeuCV")
    box = ('<w:pBdr>' + "".join(f'<w:{s} w:val="single" w:sz="8"/>' for s in
                                 ("top", "left", "bottom", "right")) + "</w:pBdr>")
    if d.secrecy:  # ô 10a, above the urgency mark (ô 10b)
        left2 += para(runs=run(d.secrecy, sz(13) + "<w:b/>"), ppr=CENTER + box)
    if d.urgency:
        left2 += para(runs=run(d.urgency, sz(13) + "<w:b/>"),
                      ppr=CENTER + (box if d.urgency_boxed else ""))
    right2 = para(d.date, style="DiaDanh")
    body = table([[left1, right1], [left2, right2]], [LEFT_COL, RIGHT_COL])
    if d.nest_header:
        body = table([[body + para()]], [LEFT_COL + RIGHT_COL + 2 * CELL_MARGIN])
    first_header = para()
    if d.header_in_page_header:
        first_header, body = body + para(), ""

    if not cv:
        body += para(d.type_name, style="TenLoai") + para(d.trich_yeu, style="TrichYeu")
        body += _line_para(LEFT_COL + RIGHT_COL, _tw(d.trich_yeu, 14, True), d.ty_line_fraction,
                           d.line_kind)
        if d.tham_quyen:
            body += para(d.tham_quyen, style="TenLoai")
        for c in d.can_cu:
            body += para(runs=run(c, d.can_cu_rpr), style="CanCu")
        if d.verb:
            body += para(d.verb, style="TenLoai")
        for i, text in enumerate(("Thành lập Tổ công tác tinh giản biên chế.",
                                  "Quyết định này có hiệu lực kể từ ngày ký.",
                                  "Chánh Văn phòng và các thành viên chịu trách nhiệm thi hành "
                                  "Quyết định này./.")):
            body += para(style="Dieu", runs=run(f"Điều {i + 1}. ", d.dieu_label_rpr) + run(text))
    elif d.kinh_gui:
        x0 = 1418
        colon = x0 + _tw("Kính gửi", 14)
        body += para("Kính gửi:", style="KinhGui", ppr=f'<w:ind w:firstLine="{x0}"/>')
        for item in ("- Các sở, ban, ngành tỉnh;", "- UBND các huyện, thành phố."):
            body += para(item, style="KinhGui",
                         ppr=f'<w:spacing w:before="0"/><w:ind w:left="{round(colon)}"/>')
    if cv:
        for i, text in enumerate(d.body):
            rpr = d.body_rpr + (d.body_first_rpr if i == 0 else "")
            body += para(runs=run(text, rpr), style="NoiDung", ppr=d.body_ppr)

    noi = para(d.noi_nhan and "Nơi nhận:", style="NoiNhanNhan")
    noi += "".join(para(x, style="NoiNhan") for x in d.noi_nhan)
    sign = "".join(para(x, style="ChucVu") for x in d.authority)
    sign += para(style="ChucVu") * 4 + para(d.signer, style="HoTen")
    body += table([[noi, sign]], [LEFT_COL, RIGHT_COL])

    styles = "".join(style(k, *v) for k, v in d.styles.items()) + d.extra_styles
    page_para = para(runs='<w:fldSimple w:instr=" PAGE ">' + run("2") + "</w:fldSimple>",
                     style="SoTrang")
    parts: dict[str, str] = {}
    headers: dict[str, str] = {}
    footers: dict[str, str] = {}
    if d.page_number == "if":  # { IF { PAGE } > 1 "{ PAGE }" "" }: hidden on page 1
        fld = ('<w:r><w:fldChar w:fldCharType="{}"/></w:r>').format
        instr = '<w:r><w:instrText xml:space="preserve">{}</w:instrText></w:r>'.format
        parts["header1.xml"] = para(style="SoTrang", runs=(
            fld("begin") + instr(" IF ") + fld("begin") + instr(" PAGE ") + fld("separate")
            + run("1") + fld("end") + instr(' > 1 "') + fld("begin") + instr(" PAGE ")
            + fld("separate") + run("2") + fld("end") + instr('" "" ') + fld("separate")
            + fld("end")))
    elif d.page_number == "header":
        parts["header1.xml"] = page_para
    else:
        parts["header1.xml"] = para()
    headers["default"] = "rIdheader1"
    if d.title_page:
        parts["header2.xml"] = first_header
        headers["first"] = "rIdheader2"
    if d.page_number == "footer":
        parts["footer1.xml"] = page_para
        footers["default"] = "rIdfooter1"
    top, bottom, left, right = d.margins
    sect_xml = sect(width=d.page[0], height=d.page[1], top=top, bottom=bottom, left=left,
                    right=right, title_pg=d.title_page, headers=headers, footers=footers)
    if d.appendix:  # the main text ends its section; the appendix is numbered from 1
        body += para(ppr=sect_xml)
        body += para("Phụ lục", style="TenLoai") + para("DANH SÁCH TỔ CÔNG TÁC", style="TenLoai")
        sect_xml = sect(top=top, bottom=bottom, left=left, right=right, title_pg=False,
                        headers={"default": "rIdheader1"}).replace(
            "</w:sectPr>", '<w:pgNumType w:start="1"/></w:sectPr>')
    if d.theme:  # Word's own habit: document defaults name the theme's minor font
        styles = ('<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" '
                  'w:hAnsiTheme="minorHAnsi" w:eastAsiaTheme="minorHAnsi" w:cstheme="minorBidi"/>'
                  '<w:sz w:val="22"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault>'
                  '<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" '
                  'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
                  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
                  '<w:name w:val="Normal"/></w:style>' + styles)
    return write_docx(path, body, sect_xml=sect_xml, styles=styles, parts=parts, theme=d.theme,
                      default_styles=not d.theme)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)

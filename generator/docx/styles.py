"""The named paragraph styles of a vanban document (a lean styles.xml of our own).

Each component of the decree gets a style whose name says what it is ("VB Quốc hiệu",
"VB Nơi nhận"…), so a clerk editing in Word changes all of them at once and a reader of
the XML sees the layout. Sizes come from :class:`generator.nd30.Sizes`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import nd30
from .ooxml import W_NS, esc

BODY_INDENT = round(nd30.FIRST_LINE_INDENT_CM * nd30.TWIPS_PER_CM)  # §3.4: 567 = 1 cm
PARA_SPACING = nd30.PARAGRAPH_SPACING_PT * 20  # §3.4: 6 pt before each body paragraph
SINGLE = round(nd30.LINE_SPACING * 240)


@dataclass(frozen=True)
class Style:
    style_id: str
    name: str
    size: float
    bold: bool = False
    italic: bool = False
    align: str = "left"  # left, center, right, both
    first_line: int = 0
    before: int = 0
    after: int = 0
    based_on: str = "Normal"
    keep_next: bool = False

    def xml(self) -> str:
        ppr = [f'<w:jc w:val="{self.align}"/>'] if self.align != "left" else []
        if self.keep_next:
            ppr.insert(0, "<w:keepNext/>")
        ppr.append(f'<w:spacing w:before="{self.before}" w:after="{self.after}" '
                   f'w:line="{SINGLE}" w:lineRule="auto"/>')
        if self.first_line:
            ppr.append(f'<w:ind w:firstLine="{self.first_line}"/>')
        half = round(self.size * 2)
        rpr = ("<w:b/><w:bCs/>" if self.bold else '<w:b w:val="0"/>') + (
            "<w:i/><w:iCs/>" if self.italic else '<w:i w:val="0"/>')
        rpr += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
        return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{self.style_id}">'
                f'<w:name w:val="{esc(self.name)}"/><w:basedOn w:val="{self.based_on}"/>'
                f'<w:qFormat/><w:pPr>{"".join(ppr)}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


def paragraph_styles(s: nd30.Sizes) -> list[Style]:
    return [
        Style("VBCoQuanChuQuan", "VB Cơ quan chủ quản", s.co_quan, align="center"),
        Style("VBTenCoQuan", "VB Tên cơ quan ban hành", s.co_quan, bold=True, align="center"),
        Style("VBQuocHieu", "VB Quốc hiệu", s.quoc_hieu, bold=True, align="center"),
        Style("VBTieuNgu", "VB Tiêu ngữ", s.tieu_ngu, bold=True, align="center"),
        Style("VBDuongKe", "VB Đường kẻ", 1, align="center", before=50),  # the line ~2.5 pt below
        Style("VBSoKyHieu", "VB Số, ký hiệu", s.so_ky_hieu, align="center", before=120),
        Style("VBDiaDanh", "VB Địa danh, ngày tháng", s.dia_danh, italic=True, align="center",
              before=120),
        Style("VBTrichYeuCongVan", "VB Trích yếu công văn", s.trich_yeu_cong_van,
              align="center", before=nd30.SPACE_AFTER_SO_PT * 20),
        Style("VBDauMucDo", "VB Dấu mức độ khẩn, mật", s.khan, bold=True, align="center",
              before=120),
        Style("VBLuuHanh", "VB Chỉ dẫn phạm vi lưu hành", s.luu_hanh, bold=True,
              align="center"),
        Style("VBTenLoai", "VB Tên loại văn bản", s.ten_loai, bold=True, align="center",
              before=360, keep_next=True),
        Style("VBTrichYeu", "VB Trích yếu", s.trich_yeu, bold=True, align="center",
              keep_next=True),
        Style("VBThamQuyen", "VB Thẩm quyền ban hành", s.noi_dung, bold=True, align="center",
              before=240, after=120, keep_next=True),
        Style("VBKinhGui", "VB Kính gửi", s.kinh_gui, before=0),
        Style("VBNoiDung", "VB Nội dung", s.noi_dung, align="both", first_line=BODY_INDENT,
              before=PARA_SPACING),
        Style("VBCanCu", "VB Căn cứ", s.noi_dung, italic=True, align="both",
              first_line=BODY_INDENT, before=PARA_SPACING, based_on="VBNoiDung"),
        Style("VBDieu", "VB Điều", s.noi_dung, bold=True, align="both", first_line=BODY_INDENT,
              before=PARA_SPACING, based_on="VBNoiDung", keep_next=True),
        Style("VBTieuDeMuc", "VB Tên mục", s.noi_dung, bold=True, align="both",
              first_line=BODY_INDENT, before=PARA_SPACING, based_on="VBNoiDung",
              keep_next=True),
        Style("VBDongGiua", "VB Dòng giữa in đậm", s.noi_dung, bold=True, align="center",
              before=PARA_SPACING, keep_next=True),
        Style("VBNoiNhanNhan", "VB Nơi nhận (chữ Nơi nhận)", s.noi_nhan_nhan, bold=True,
              italic=True, before=240),
        Style("VBNoiNhan", "VB Nơi nhận", s.noi_nhan),
        Style("VBChucVuKy", "VB Quyền hạn, chức vụ người ký", s.chuc_vu_ky, bold=True,
              align="center"),
        Style("VBHoTenKy", "VB Họ tên người ký", s.ho_ten_ky, bold=True, align="center"),
        Style("VBChoKy", "VB Chỗ ký", s.ho_ten_ky, align="center"),
        Style("VBSoTrang", "VB Số trang", s.so_trang, align="center"),
        Style("VBDiaChi", "VB Địa chỉ cơ quan", s.dia_chi, align="center"),
        # §3.4 structure: Phần/Chương/Mục label (normal case, bold) and title (capitals, bold)
        Style("VBNhanPhan", "VB Phần, Chương, Mục", s.noi_dung, bold=True, align="center",
              before=240, keep_next=True),
        Style("VBTenPhan", "VB Tên phần, chương, mục", s.noi_dung, bold=True, align="center",
              keep_next=True),
        # Mẫu 1.6–1.10: the lines of công điện, giấy mời, biên bản … (body size, no indent)
        Style("VBDien", "VB Công điện (dòng điện)", s.noi_dung, bold=True, align="center",
              before=PARA_SPACING),
        Style("VBNoiNhanDien", "VB Nơi nhận điện", s.noi_dung, align="both",
              before=PARA_SPACING),
        Style("VBDongMau", "VB Dòng theo mẫu", s.noi_dung, align="both", first_line=BODY_INDENT,
              before=PARA_SPACING, based_on="VBNoiDung"),
        Style("VBChuKyThuKy", "VB Chữ ký thư ký, xác nhận", s.chuc_vu_ky, bold=True,
              align="center"),
        Style("VBGhiChuKy", "VB Ghi chú chữ ký", s.noi_dung, italic=True, align="center"),
        # §3.10 appendices; also the attached text of a quyết định (Mẫu 1.3)
        Style("VBPhuLuc", "VB Phụ lục số", s.phu_luc, bold=True, align="center",
              keep_next=True),
        Style("VBTenPhuLuc", "VB Tên phụ lục", s.trich_yeu, bold=True, align="center",
              keep_next=True),
        Style("VBKemTheo", "VB Kèm theo", s.noi_dung, italic=True, align="center",
              keep_next=True),
        # Mẫu 3.1 copies
        Style("VBHinhThucSao", "VB Hình thức sao", s.ten_loai, bold=True, align="center"),
        # tables [interpretation]: body-range size, no indent, small spacing inside cells
        Style("VBTenBang", "VB Tên bảng", s.noi_dung, bold=True, align="center",
              before=PARA_SPACING, after=60, keep_next=True),
        Style("VBDonViTinh", "VB Đơn vị tính", nd30.TABLE_TEXT_SIZE, italic=True,
              align="right", keep_next=True),
        Style("VBGhiChuBang", "VB Ghi chú bảng", nd30.TABLE_TEXT_SIZE, italic=True,
              align="both", before=60),
        Style("VBBangTieuDe", "VB Bảng: tiêu đề cột", nd30.TABLE_TEXT_SIZE, bold=True,
              align="center", before=40, after=40),
        Style("VBBangChu", "VB Bảng: ô chữ", nd30.TABLE_TEXT_SIZE, before=40, after=40),
        Style("VBBangSo", "VB Bảng: ô số", nd30.TABLE_TEXT_SIZE, align="right", before=40,
              after=40),
        Style("VBBangGiua", "VB Bảng: ô căn giữa", nd30.TABLE_TEXT_SIZE, align="center",
              before=40, after=40),
        # figures [interpretation]: the picture's paragraph centred, kept with its caption
        Style("VBHinh", "VB Hình", s.noi_dung, align="center", before=PARA_SPACING,
              after=60),
        Style("VBChuThichHinh", "VB Chú thích hình", nd30.FIGURE_CAPTION_SIZE, italic=True,
              align="center"),
        Style("VBChuThich", "VB Chú thích cuối trang", nd30.FOOTNOTE_SIZE, align="both"),
        Style("VBNgatVung", "VB Ngắt vùng trang", 1),  # carries a section break only
    ]


FIRST_SIGNATURE_BEFORE = 240  # the 7a line level with "Nơi nhận:" (§3.6): same 12 pt above


def styles_xml(sizes: nd30.Sizes) -> str:
    body_half = round(sizes.noi_dung * 2)
    font = nd30.FONT_FAMILY
    doc_defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        f'<w:color w:val="000000"/><w:sz w:val="{body_half}"/><w:szCs w:val="{body_half}"/>'
        '<w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        f'<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="{SINGLE}" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    normal = ('<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
              '<w:name w:val="Normal"/><w:qFormat/></w:style>')
    default_font = ('<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
                    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/>'
                    "<w:semiHidden/></w:style>")
    table_normal = ('<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
                    '<w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr>'
                    '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
                    '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
                    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
                    "</w:tblCellMar></w:tblPr></w:style>")
    layout_table = ('<w:style w:type="table" w:customStyle="1" w:styleId="VBBangBoCuc">'
                    '<w:name w:val="VB Bảng bố cục (không viền)"/><w:basedOn w:val="TableNormal"/>'
                    '<w:tblPr><w:tblCellMar><w:left w:w="0" w:type="dxa"/>'
                    '<w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>')
    footnote_mark = ('<w:style w:type="character" w:customStyle="1" w:styleId="VBSoChuThich">'
                     '<w:name w:val="VB Số chú thích"/><w:rPr><w:vertAlign w:val="superscript"/>'
                     "</w:rPr></w:style>")
    styles = footnote_mark + "".join(s.xml() for s in paragraph_styles(sizes))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">'
            f"{doc_defaults}{normal}{default_font}{table_normal}{layout_table}{styles}</w:styles>")

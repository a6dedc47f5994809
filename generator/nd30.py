"""Nghị định 30/2020/NĐ-CP as data.

Every number of the decree that the writer or the checker uses is defined here once, with
the section of ``shared/spec/nd30.md`` it comes from. Lengths are in twentieths of a point
(twips, Word's unit: 1 mm = 56.693 twips), sizes in points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_CM = 1440 / 2.54


def mm(value: float) -> int:
    """Millimetres → twips (rounded)."""
    return round(value * TWIPS_PER_MM)


# --- §1 Page -------------------------------------------------------------------------------
PAGE_WIDTH_MM = 210  # §1 A4
PAGE_HEIGHT_MM = 297
MARGIN_RANGES_MM = {  # §1 (inclusive ranges)
    "top": (20, 25),
    "bottom": (20, 25),
    "left": (30, 35),
    "right": (15, 20),
}
# [interpretation] §1: the minimum of each range, as most provincial offices use.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
HEADER_DISTANCE_MM = 10  # §1 [sample] Phụ lục III's header distance
MARGIN_TOLERANCE_MM = 0.5  # §1 checker tolerance [interpretation]

FONT_FAMILY = "Times New Roman"  # §2

# --- §2 size pairings: (Quốc hiệu, Tiêu ngữ, địa danh/ngày) ----------------------------------
SIZE_PAIRINGS = ((13, 14, 14), (12, 13, 13))


@dataclass(frozen=True)
class Sizes:
    """One consistent choice of sizes inside the decree's ranges (§2, §3.2)."""

    quoc_hieu: int = 13  # §3.2 #1, 12–13
    tieu_ngu: int = 14  # §3.2 #2, 13–14
    co_quan: int = 13  # §3.2 #3–4, 12–13 (TT01 practice: same as Quốc hiệu; UNCONFIRMED 11)
    so_ky_hieu: int = 13  # §3.2 #5, fixed 13
    dia_danh: int = 14  # §3.2 #6, 13–14
    ten_loai: int = 14  # §3.2 #7, 13–14
    trich_yeu: int = 14  # §3.2 #8, 13–14
    trich_yeu_cong_van: int = 13  # §3.2 #9, 12–13
    noi_dung: int = 14  # §3.2 #10, 13–14
    chuc_vu_ky: int = 14  # §3.2 #11, 13–14
    ho_ten_ky: int = 14  # §3.2 #13, 13–14
    kinh_gui: int = 14  # §3.2 #15, 13–14
    noi_nhan_nhan: int = 12  # §3.2 #16, fixed 12 ("Nơi nhận:")
    noi_nhan: int = 11  # §3.2 #17, fixed 11
    khan: int = 13  # §3.2 #19, 13–14
    luu_hanh: int = 13  # §3.2 #20, 13–14
    nguoi_soan: int = 11  # §3.2 #21, fixed 11
    dia_chi: int = 11  # §3.2 #22, 11–12
    phu_luc: int = 14  # §3.2 #23, fixed 14
    so_trang: int = 14  # §1, §3.2 #26, 13–14


# §3.2 (and §1 for page numbers): the range the decree allows for each component, in pt.
# The writer picks one value of each (Sizes); the checker accepts the whole range.
SIZE_RANGES = {
    "quoc_hieu": (12, 13), "tieu_ngu": (13, 14), "co_quan": (12, 13), "so_ky_hieu": (13, 13),
    "dia_danh": (13, 14), "ten_loai": (13, 14), "trich_yeu": (13, 14),
    "trich_yeu_cong_van": (12, 13), "noi_dung": (13, 14), "chuc_vu_ky": (13, 14),
    "ho_ten_ky": (13, 14), "kinh_gui": (13, 14), "noi_nhan_nhan": (12, 12),
    "noi_nhan": (11, 11), "khan": (13, 14), "luu_hanh": (13, 14), "nguoi_soan": (11, 11),
    "dia_chi": (11, 12), "phu_luc": (14, 14), "so_trang": (13, 14),
}

DEFAULT_SIZES = Sizes()
SMALL_SIZES = Sizes(  # the second pairing of §2: 12 / 13 / 13
    quoc_hieu=12, tieu_ngu=13, co_quan=12, dia_danh=13, ten_loai=13, trich_yeu=13,
    trich_yeu_cong_van=12, noi_dung=13, chuc_vu_ky=13, ho_ten_ky=13, kinh_gui=13, so_trang=13,
)

# --- §3.2 fixed literals ----------------------------------------------------------------------
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

# Horizontal lines (§3.2 [interpretation]): the issuer/trích-yếu line is 1/3–1/2 of the
# text line above it; we draw it at 40 %, the middle of the range. The Tiêu ngữ line has
# the width of the Tiêu ngữ text.
AGENCY_LINE_RANGE = (1 / 3, 1 / 2)
AGENCY_LINE_FRACTION = 0.4
LINE_TOLERANCE = 0.10  # ±10 % [interpretation]

# --- §3.4 body -------------------------------------------------------------------------------
FIRST_LINE_INDENTS_CM = (1.0, 1.27)
FIRST_LINE_INDENT_CM = 1.0  # [sample] Phụ lục III: 567 twips
INDENT_TOLERANCE_CM = 0.05
MIN_PARAGRAPH_SPACING_PT = 6  # "ít nhất 6pt"
PARAGRAPH_SPACING_PT = 6  # [sample] spacing-before 120 twips
LINE_SPACING_RANGE = (1.0, 1.5)  # single … 1.5 lines
LINE_SPACING = 1.0  # [sample]
SPACE_AFTER_SO_PT = 6  # §3.2 #9: V/v 6 pt below Số
END_MARK = "./."  # §3.4 [sample]

# Letters for điểm (§3.4): the decree's order, f j w z and diacritic letters never used.
DIEM_LETTERS = (
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
    "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y",
)

# --- §3.5 signature ---------------------------------------------------------------------------
AUTHORITY_PREFIXES = ("TM.", "KT.", "TL.", "TUQ.", "Q.")
# §3.5 (PL I II.7.b, Điều 13.2 and 13.4): two prefixes on consecutive title lines. TM. + KT.
# (a deputy signs for the collective in place of its head: TM. ỦY BAN NHÂN DÂN / KT. CHỦ
# TỊCH / PHÓ CHỦ TỊCH), TM. + Q. (an acting head signs for the collective) and TL. + KT.
# (the unit head signing by order hands it to his deputy, Điều 13.4; line layout
# UNCONFIRMED). TUQ. cannot be passed on (Điều 13.3), so it never combines.
AUTHORITY_COMBINATIONS = (("TM.", "KT."), ("TM.", "Q."), ("TL.", "KT."))
SIGNATURE_BLANK_LINES = 4  # [interpretation] 3–5 blank lines for the handwritten signature
# §7 / PL I II.8.a: the seal image covers about 1/3 of the signature image, on its left
SEAL_OVERLAP_FRACTION = 1 / 3
# §7 / PL I II.8.b, III.1.d, Phần II I.3: the office's signature text on a separate-file
# attachment or an electronic copy: top right of page 1, Times New Roman 10 pt, black
OFFICE_SIGNATURE_TEXT_PT = 10

# --- §3.6 recipients ---------------------------------------------------------------------------
NOI_NHAN_LABEL = "Nơi nhận:"
KINH_GUI_LABEL = "Kính gửi"
NHU_TREN = "Như trên"
LUU_VAN_THU = "VT"

# --- §3.7 urgency and circulation -------------------------------------------------------------
URGENCY_LEVELS = ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC")  # the decree spells both HỎA and HOẢ
URGENCY_BOX_WIDTH_MM = {"KHẨN": 20, "THƯỢNG KHẨN": 40, "HỎA TỐC": 30}  # §3.7
SECRECY_LEVELS = ("MẬT", "TỐI MẬT", "TUYỆT MẬT")


# --- §5 document types --------------------------------------------------------------------------
@dataclass(frozen=True)
class DocType:
    slug: str
    name: str  # Tên loại as printed (in hoa)
    abbreviation: str | None  # §5 table; None for công văn / thư công
    mau: str  # sample layout (§5.1)
    kinh_gui: bool = False  # always carries "Kính gửi" (§3.6)
    kinh_gui_optional: bool = False  # may carry it (tờ trình, báo cáo to a superior, §3.6)
    first_recipient: str | None = None  # first Nơi nhận item (§3.6)
    numbering: tuple[str, ...] = ("I.", "1.", "a)", "-", "+")  # label scheme per level


DOC_TYPES: dict[str, DocType] = {
    t.slug: t
    for t in (
        DocType("nghi-quyet", "NGHỊ QUYẾT", "NQ", "1.1", first_recipient="Như Điều"),
        DocType("quyet-dinh", "QUYẾT ĐỊNH", "QĐ", "1.2", first_recipient="Như Điều"),
        DocType("chi-thi", "CHỈ THỊ", "CT", "1.4"),
        DocType("quy-che", "QUY CHẾ", "QC", "1.4"),
        DocType("quy-dinh", "QUY ĐỊNH", "QyĐ", "1.4"),
        DocType("thong-cao", "THÔNG CÁO", "TC", "1.4"),
        DocType("thong-bao", "THÔNG BÁO", "TB", "1.4"),
        DocType("huong-dan", "HƯỚNG DẪN", "HD", "1.4"),
        DocType("chuong-trinh", "CHƯƠNG TRÌNH", "CTr", "1.4"),
        DocType("ke-hoach", "KẾ HOẠCH", "KH", "1.4"),
        DocType("phuong-an", "PHƯƠNG ÁN", "PA", "1.4"),
        DocType("de-an", "ĐỀ ÁN", "ĐA", "1.4"),
        DocType("du-an", "DỰ ÁN", "DA", "1.4"),
        DocType("bao-cao", "BÁO CÁO", "BC", "1.4", kinh_gui_optional=True,
                first_recipient=NHU_TREN),
        DocType("bien-ban", "BIÊN BẢN", "BB", "1.9"),
        DocType("to-trinh", "TỜ TRÌNH", "TTr", "1.4", kinh_gui_optional=True,
                first_recipient=NHU_TREN),
        DocType("hop-dong", "HỢP ĐỒNG", "HĐ", "1.4"),
        DocType(
            "cong-van", "CÔNG VĂN", None, "1.5", kinh_gui=True, first_recipient=NHU_TREN,
            numbering=("1.", "-", "+"),
        ),
        DocType("cong-dien", "CÔNG ĐIỆN", "CĐ", "1.6"),
        DocType("ban-ghi-nho", "BẢN GHI NHỚ", "BGN", "1.4"),
        DocType("ban-thoa-thuan", "BẢN THỎA THUẬN", "BTT", "1.4"),
        DocType("giay-uy-quyen", "GIẤY ỦY QUYỀN", "GUQ", "1.4"),
        DocType("giay-moi", "GIẤY MỜI", "GM", "1.7"),
        DocType("giay-gioi-thieu", "GIẤY GIỚI THIỆU", "GGT", "1.8", first_recipient=NHU_TREN),
        DocType("giay-nghi-phep", "GIẤY NGHỈ PHÉP", "GNP", "1.10"),
        DocType("phieu-gui", "PHIẾU GỬI", "PG", "1.4"),
        DocType("phieu-chuyen", "PHIẾU CHUYỂN", "PC", "1.4"),
        DocType("phieu-bao", "PHIẾU BÁO", "PB", "1.4"),
        # §5 UNCONFIRMED: thư công has no abbreviation; we build its code like a công văn.
        DocType("thu-cong", "THƯ CÔNG", None, "1.5", kinh_gui=True, first_recipient=NHU_TREN,
                numbering=("1.", "-", "+")),
    )
}

# Types whose Quyết định-style body uses articles (§5.1 Mẫu 1.1–1.3).
ARTICLE_TYPES = frozenset({"nghi-quyet", "quyet-dinh"})

# Legal-normative documents (văn bản quy phạm pháp luật; outside ND30, §4 "contrast"): of the
# 29 types only a nghị quyết (HĐND) and a quyết định (UBND, Thủ tướng) may be one (Luật Ban
# hành văn bản quy phạm pháp luật số 64/2025/QH15, Điều 4). Their number carries the year of
# issue: số/năm/ký hiệu, ``89/2025/QĐ-UBND`` (Điều 7.3 of that law: the number shows "số thứ
# tự liên tục, năm ban hành, loại văn bản, cơ quan … ban hành").
QPPL_TYPES = frozenset({"nghi-quyet", "quyet-dinh"})
# Type names of legal-normative documents that are not among the 29 administrative types
# (Luật 64/2025/QH15 Điều 4), with the abbreviation of their code where they have one.
QPPL_ONLY_TYPES = {"NGHỊ ĐỊNH": "NĐ", "THÔNG TƯ": "TT", "LUẬT": None, "PHÁP LỆNH": None,
                   "THÔNG TƯ LIÊN TỊCH": "TTLT", "NGHỊ QUYẾT LIÊN TỊCH": "NQLT"}

# Types laid out with articles (Điều) in Phụ lục III: Mẫu 1.1–1.3 and their attached texts.
ATTACHABLE_TYPES = ("quy-che", "quy-dinh", "huong-dan", "chuong-trinh", "ke-hoach", "de-an",
                    "phuong-an", "du-an")

# Types that may issue a text attached to them (``(Kèm theo Quyết định/Nghị quyết số …)``):
# the quyết định of Mẫu 1.3 and the nghị quyết, whose attached text is laid out the same way
# (the Government's nghị quyết issue their Chương trình hành động so, e.g. 126/NQ-CP/2024).
ISSUING_TYPES = ARTICLE_TYPES

# --- §3.4 structure labels ----------------------------------------------------------------
PHAN_LABEL = "Phần"  # Roman (§3.4)
CHUONG_LABEL = "Chương"  # Roman
MUC_LABEL = "Mục"  # Arabic
DIEU_LABEL = "Điều"  # Arabic + "."

# --- §5.1 fixed wording of the sample layouts -----------------------------------------------
VERB_NGHI_QUYET = "QUYẾT NGHỊ:"  # Mẫu 1.1
VERB_QUYET_DINH = "QUYẾT ĐỊNH:"  # Mẫu 1.2, 1.3
DIEN = "điện:"  # Mẫu 1.6: "<issuer or head's title> điện:"
KINH_MOI = "trân trọng kính mời:"  # Mẫu 1.7
GIOI_THIEU = "trân trọng giới thiệu:"  # Mẫu 1.8
GGT_REQUEST = ("Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên ở trên hoàn thành "
               "nhiệm vụ.")  # Mẫu 1.8
THU_KY = "THƯ KÝ"  # Mẫu 1.9, left signature
# [interpretation] biên bản signed by several parties side by side (real biên bản of 2025-2026:
# two to six; Mẫu 1.9 has two): up to three in one row, four as two rows of two, five as two
# then three (Cục Hóa chất, biên bản thẩm định 11/2025), six as three rows of two (biên bản làm
# việc liên ngành, Sở Công Thương Lào Cai 2026); the main signer last, on the right
BIEN_BAN_PARTY_ROWS: dict[int, tuple[int, ...]] = {
    2: (2,), 3: (3,), 4: (2, 2), 5: (2, 3), 6: (2, 2, 2)}
BIEN_BAN_MAX_PARTIES = max(BIEN_BAN_PARTY_ROWS)
NGHI_PHEP_CAP = "cấp cho:"  # Mẫu 1.10
NGHI_PHEP_XAC_NHAN = ("Xác nhận của cơ quan (tổ chức) hoặc chính quyền địa phương nơi "
                      "nghỉ phép")  # Mẫu 1.10

# --- §3.10 appendices -------------------------------------------------------------------------
PHU_LUC_LABEL = "Phụ lục"
# An appendix's own number (§3.10 wants Roman numerals from two on; real documents number
# the parts of one appendix 1A, 1B, 2B …): a Roman numeral, or Arabic with a capital letter
# after it; plain Arabic numbers belong to such a lettered series (1A, 1B, 2).
APPENDIX_NUMBER = re.compile(r"^(?:[IVXLC]+|[0-9]+[A-Z]?)$")

# --- §4, §5.1 Mẫu 3.1 copies ------------------------------------------------------------------
COPY_FORMS = {  # slug: (printed form, abbreviation in the copy's code)
    "sao-y": ("SAO Y", "SY"),
    "sao-luc": ("SAO LỤC", "SL"),
    "trich-sao": ("TRÍCH SAO", "TrS"),
}

# --- tables [interpretation]: the decree sets no size for table text; we keep the body's
# range (13–14 pt) at its lower end so that wide tables fit.
TABLE_TEXT_SIZE = 13
TOTAL_LABEL = "Tổng cộng"
SUBTOTAL_LABEL = "Cộng"
FOOTNOTE_SIZE = 12  # [interpretation] not set by the decree
# --- figures [interpretation]: the decree sets nothing for pictures. A caption is set like a
# table's note: below the figure, centred, italic, at the body range's lower end; the figure
# is never wider than the text area and never taller than it less FIGURE_CAPTION_ROOM_MM, so
# figure and caption share a page.
FIGURE_CAPTION_SIZE = 13
FIGURE_CAPTION_ROOM_MM = 25

# --- metadata lengths (spec office.md §3: Phụ lục VI, Phần II, "maximum length"): what a
# document's fields may hold so that its metadata can be filled without cutting.
CODE_NUMBER_MAX = 11  # 4 CodeNumber String 11: the number as printed ("4208", "05")
ORGAN_NAME_MAX = 200  # 7 OrganName String 200: the issuing body (and its parent)
SUBJECT_MAX = 500  # 8 Subject String 500: the trích yếu
SIGNER_POSITION_MAX = 100  # 12 SignerInfo.Position String 100
SIGNER_NAME_MAX = 50  # 12 SignerInfo.FullName String 50

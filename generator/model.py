"""The typed Document: what a content file says, with no layout in it.

Field names are the decree's terms in Vietnamese without diacritics. The JSON Schema that
editors use for completion is generated from these classes (``vanban schema``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    field_validator,
    model_validator,
)

from . import nd30
from .vietnamese import parse_date, roman


def _date(value: Any) -> Any:
    """YAML dates and the forms clerks write (07/12/2017…); other types go to pydantic."""
    return parse_date(value) if isinstance(value, str | dt.date) else value


Date = Annotated[dt.date, BeforeValidator(_date)]
# One line of text: no line breaks.
Line = Annotated[str, Field(min_length=1, pattern=r"^[^\n]*\S[^\n]*$")]
# Free text: the author's prose, kept exactly.
Prose = Annotated[str, Field(min_length=1, pattern=r"\S")]
Abbreviation = Annotated[
    str, Field(pattern=r"^[A-ZĐ][A-Za-zĐđ0-9&]*$", description="Viết tắt, ví dụ: VP, NC, UBND")
]
KyHieu = Annotated[
    str,
    Field(
        pattern=r"^[A-ZĐ][A-Za-zĐđÀ-ỹ0-9&]*(-[A-ZĐ][A-Za-zĐđÀ-ỹ0-9&]*)+$",
        description="Ký hiệu văn bản, ví dụ VP-NC, QĐ-UBND (không có số, không có dấu cách).",
    ),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CoQuan(_Model):
    """Cơ quan ban hành (ô 2)."""

    ten: Prose = Field(description="Tên cơ quan ban hành, ví dụ: VĂN PHÒNG, SỞ NỘI VỤ. "
                                   "Xuống dòng bằng '\\n' nếu tên dài.")
    viet_tat: Abbreviation = Field(description="Chữ viết tắt tên cơ quan, dùng trong ký hiệu.")
    chu_quan: Prose | None = Field(None, description="Tên cơ quan chủ quản (nếu có), ví dụ: "
                                                     "UBND TỈNH LẠNG SƠN.")
    ten_day_du: Line | None = Field(None, description=(
        "Tên đầy đủ viết theo quy tắc viết hoa, ví dụ: Sở Nội vụ tỉnh Lạng Sơn. Dùng trong câu "
        "văn (dòng Kèm theo của phụ lục, giấy mời, giấy giới thiệu…) và làm tác giả của tệp "
        "(mặc định: tên + chủ quản)."))
    dia_chi: Line | None = Field(None, description="Địa chỉ, điện thoại, thư điện tử… in ở "
                                                   "chân trang 1 (ô 13), nếu cần.")

    @property
    def author(self) -> str:
        if self.ten_day_du:
            return self.ten_day_du
        name = " ".join(self.ten.split())
        return f"{name}, {' '.join(self.chu_quan.split())}" if self.chu_quan else name


Prefix = Literal["TM.", "KT.", "TL.", "TUQ.", "Q."]


class NguoiKy(_Model):
    """Quyền hạn, chức vụ, họ tên người ký (ô 7)."""

    quyen_han: Prefix | Annotated[list[Prefix], Field(min_length=1)] | None = Field(
        None, description="TM., KT., TL., TUQ., Q. hoặc bỏ trống khi người đứng đầu ký; hai "
                          "quyền hạn thành danh sách, mỗi mục một dòng: [TM., KT.], [TM., Q.], "
                          "[TL., KT.].")
    thu_truong: Line | Annotated[list[Line], Field(min_length=1)] | None = Field(
        None, description="Dòng sau quyền hạn: chức danh người đứng đầu hoặc tên tập thể, "
                          "ví dụ CHÁNH VĂN PHÒNG, ỦY BAN NHÂN DÂN; với hai quyền hạn là danh "
                          "sách cùng thứ tự, ví dụ [ỦY BAN NHÂN DÂN, CHỦ TỊCH].")
    chuc_vu: Line = Field(description="Chức vụ của người ký, ví dụ PHÓ CHÁNH VĂN PHÒNG.")
    chuc_vu_khac: Line | None = Field(None, description="Chức vụ khác (ô 7b), in trên họ tên.")
    ho_ten: Line = Field(description="Họ và tên người ký, không ghi học hàm, học vị.")

    @property
    def prefixes(self) -> list[str]:
        """The authority prefixes, one per title line: ``["TM.", "KT."]``."""
        if self.quyen_han is None:
            return []
        return [self.quyen_han] if isinstance(self.quyen_han, str) else list(self.quyen_han)

    @property
    def heads(self) -> list[str]:
        """What follows each prefix: the collective's name, the head's title."""
        if self.thu_truong is None:
            return []
        return [self.thu_truong] if isinstance(self.thu_truong, str) else list(self.thu_truong)

    @model_validator(mode="after")
    def _prefix_needs_head(self) -> NguoiKy:
        prefixes, heads = self.prefixes, self.heads
        if len(prefixes) > 2:
            raise ValueError("signer_too_many_prefixes@quyen_han")
        if len(prefixes) == 2 and tuple(prefixes) not in nd30.AUTHORITY_COMBINATIONS:
            raise ValueError("signer_bad_combination@quyen_han")
        if not prefixes:
            if len(heads) > 1:
                raise ValueError("signer_heads_without_prefixes@thu_truong")
            return self
        # "Q." may stand before the signer's own title (Q. GIÁM ĐỐC), so it may lack a head
        needed = len(prefixes) - (1 if prefixes[-1] == "Q." else 0)
        if len(prefixes) == 1 and not heads and needed:
            raise ValueError("prefix_needs_head")
        if len(prefixes) == 2 and len(heads) not in (needed, len(prefixes)):
            raise ValueError("signer_heads_count@thu_truong")
        if len(prefixes) == 1 and len(heads) > 1:
            raise ValueError("signer_heads_count@thu_truong")
        return self

    def title_lines(self) -> list[str]:
        """The 7a lines, in capitals: ``KT. CHÁNH VĂN PHÒNG`` / ``PHÓ CHÁNH VĂN PHÒNG``, or
        ``TM. ỦY BAN NHÂN DÂN`` / ``KT. CHỦ TỊCH`` / ``PHÓ CHỦ TỊCH`` (§3.5)."""
        heads = self.heads
        lines = []
        for i, prefix in enumerate(self.prefixes):
            if i >= len(heads):  # Q. before the signer's own title: TM. … / Q. CHỦ TỊCH
                return [*lines, f"{prefix} {self.chuc_vu.upper()}"]
            lines.append(f"{prefix} {heads[i].upper()}")
        if not self.prefixes and heads:
            lines.append(heads[0].upper())
        lines.append(self.chuc_vu.upper())
        return lines


def _block_kind(value: Any) -> str | None:
    """Which kind of block a list entry is, from its keys (errors then name one kind)."""
    if isinstance(value, str):
        return "~text"
    if isinstance(value, dict):
        for key, tag in (("phan", "~phan"), ("chuong", "~chuong"), ("dieu", "~dieu"),
                         ("doan", "~doan"), ("cot", "~bang"), ("hinh", "~hinh")):
            if key in value:
                return tag
        if "muc" in value and "noi_dung" in value:  # "Mục 1" grouping articles (§3.4)
            return "~muc_lon"
        return "~muc"
    if isinstance(value, BaseModel):
        return "~" + type(value).__name__.lower()
    return None


FOOTNOTE_SYNTAX = ("Chú thích cuối trang: ghi [^1] (hoặc [^ten]) ngay sau chữ cần chú thích "
                   "và khai báo nội dung trong 'chu_thich'.")


# The label styles of a list level: I., 1., a), (1), -, + (the ladder's and the others).
ListStyle = Literal["I.", "1.", "a)", "(1)", "-", "+"]
ItemLabel = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[^\n]*\S[^\n]*$")]
CHILD_STYLE = ("Kiểu nhãn của các ý con ngay dưới: \"-\", \"+\", \"(1)\", \"a)\", \"1.\" "
               "(mặc định: cấp tiếp theo của thang đánh số).")


class Doan(_Model):
    """Một đoạn văn không đánh số (dùng trong danh sách ý con)."""

    doan: Prose


class Hinh(_Model):
    """Một hình (biểu đồ, bản đồ, sơ đồ) trong nội dung: ảnh PNG hoặc JPEG, căn giữa."""

    hinh: Line = Field(description=(
        "Tệp ảnh PNG hoặc JPEG, đường dẫn tính từ thư mục của tệp nội dung, ví dụ: "
        "so-do-vi-tri.png (không ra ngoài thư mục đó)."))
    rong: float | None = Field(None, gt=0, le=1000, description=(
        "Độ rộng in (mm); mặc định: kích thước của ảnh theo độ phân giải (dpi) của nó. Không "
        "bao giờ rộng hơn vùng chữ của trang."))
    ten_hinh: Line | None = Field(None, description=(
        "Tên (chú thích) của hình, in dưới hình, căn giữa, in nghiêng, ví dụ: Hình 1. Sơ đồ "
        "vị trí các điểm nổ mìn."))

    _image: Any = PrivateAttr(None)  # the checked picture (generator.images), set by validate

    @property
    def image(self) -> Any:
        """The picture read and checked by :func:`generator.images.load_figures`."""
        if self._image is None:
            raise RuntimeError(f"figure {self.hinh!r} was not loaded (generator.images)")
        return self._image


SubBlock = Annotated[
    Annotated[Prose, Tag("~text")] | Annotated["Muc", Tag("~muc")]
    | Annotated[Doan, Tag("~doan")] | Annotated["Bang", Tag("~bang")]
    | Annotated[Hinh, Tag("~hinh")],
    Discriminator(_block_kind),
]


class Muc(_Model):
    """Một mục/khoản/điểm/ý được đánh số tự động theo cấp (I., 1., a), -, +)."""

    muc: Prose | None = Field(None, description="Nội dung của mục (chữ thường).")
    tieu_de: Prose | None = Field(None, description="Tên mục (in đậm); cấp La Mã in hoa.")
    nhan: ItemLabel | None = Field(None, description=(
        "Nhãn riêng của mục thay cho số tự động, ví dụ \"(1)\", \"1A\"; mục có nhãn riêng "
        "không làm tăng số của các mục cùng cấp."))
    danh_so_y: ListStyle | None = Field(None, description=CHILD_STYLE)
    y: list[SubBlock] = Field(
        default_factory=list,
        description="Các ý con, đánh số ở cấp tiếp theo. Dùng {doan: ...} cho đoạn không số, "
                    "{cot, dong} cho một bảng, {hinh} cho một hình.")

    @model_validator(mode="after")
    def _one_text(self) -> Muc:
        if (self.muc is None) == (self.tieu_de is None):
            raise ValueError("muc_xor_tieu_de")
        return self


class Dieu(_Model):
    """Điều N. Tên điều (nghị quyết, quyết định, quy chế…)."""

    dieu: Prose | None = Field(description=(
        "Tên điều, hoặc nội dung điều nếu điều không có khoản; bỏ trống (dieu:) cho điều "
        "không có tên mà chỉ có các khoản: dòng «Điều 1.» rồi các khoản 1., 2."))
    danh_so_y: ListStyle | None = Field(None, description=CHILD_STYLE)
    y: list[SubBlock] = Field(
        default_factory=list, description="Các khoản (1., 2.) và điểm (a), b)).")

    @model_validator(mode="after")
    def _title_or_clauses(self) -> Dieu:
        if self.dieu is None and not self.y:
            raise ValueError("article_empty@dieu")
        return self


CellValue = str | int | float | dt.date | None


class Cot(_Model):
    """Một cột của bảng."""

    ten: Prose = Field(description="Tên cột (dòng tiêu đề, lặp lại ở mỗi trang).")
    rong: float | None = Field(None, gt=0, description="Độ rộng (mm); bỏ trống để tự tính.")
    kieu: Literal["chu", "so", "tien", "phan_tram", "ngay"] = Field(
        "chu", description="chu: chữ; so, tien, phan_tram: số căn phải theo kiểu Việt Nam "
                           "(1.234.567,5); ngay: ngày 15/12/2017.")
    so_le: int | None = Field(None, ge=0, le=6, description="Số chữ số thập phân.")


class NhomDong(_Model):
    """Nhóm dòng: tên nhóm ở cột đầu, gộp ô dọc theo các dòng của nhóm."""

    nhom: Prose
    dong: list[list[CellValue]] = Field(min_length=1, description="Các dòng, mỗi dòng ít hơn "
                                                                  "số cột một ô (cột đầu là "
                                                                  "tên nhóm).")
    tong_nhom: bool = Field(False, description="Thêm dòng cộng của nhóm.")


class DongTieuDe(_Model):
    """Dòng tiêu đề giữa các dòng của bảng: một ô gộp suốt các cột, chữ đậm (ví dụ các mục
    "I. NÂNG CAO NHẬN THỨC …" của bảng danh mục nhiệm vụ), hoặc nhãn ở cột đầu và nội dung
    gộp các cột còn lại."""

    tieu_de: Prose = Field(description="Nội dung dòng tiêu đề, ví dụ: I. NHÓM XÃ, PHƯỜNG.")
    nhan: Line | None = Field(None, description="Nhãn riêng ở cột đầu (ví dụ: I, A); nội dung "
                                                "khi đó gộp các cột còn lại.")


class Bang(_Model):
    """Bảng số liệu trong nội dung hoặc phụ lục."""

    bang: Line | None = Field(None, description="Tên bảng (in đậm, căn giữa), nếu có.")
    don_vi_tinh: Line | None = Field(None, description="Đơn vị tính, in nghiêng ở góc phải "
                                                       "trên bảng, ví dụ: người, triệu đồng.")
    cot: list[Cot] = Field(min_length=1)
    dong: list[list[CellValue] | NhomDong | DongTieuDe] = Field(
        default_factory=list, description="Các dòng: danh sách ô, nhóm {nhom, dong} hoặc dòng "
                                          "tiêu đề gộp suốt các cột {tieu_de}.")
    tong: bool | list[CellValue] = Field(False, description="true: dòng Tổng cộng tự cộng các "
                                                            "cột số; hoặc ghi sẵn các ô.")
    ngang: bool = Field(False, description="Đặt bảng trên trang xoay ngang (bảng rộng).")
    ghi_chu: Prose | None = None


Block = Annotated[
    Annotated[Prose, Tag("~text")] | Annotated[Dieu, Tag("~dieu")]
    | Annotated[Muc, Tag("~muc")] | Annotated[Doan, Tag("~doan")]
    | Annotated[Bang, Tag("~bang")] | Annotated[Hinh, Tag("~hinh")]
    | Annotated["Phan", Tag("~phan")]
    | Annotated["Chuong", Tag("~chuong")] | Annotated["MucLon", Tag("~muc_lon")],
    Discriminator(_block_kind),
]


class Phan(_Model):
    """Phần I, II… : nhãn in đậm căn giữa, tên phần in hoa đậm (§3.4)."""

    phan: Line = Field(description="Tên phần (in hoa khi in), ví dụ: Tình hình thực hiện.")
    noi_dung: list[Block] = Field(min_length=1)


class Chuong(_Model):
    """Chương I, II… (quy chế, quy định): nhãn in đậm căn giữa, tên chương in hoa đậm."""

    chuong: Line = Field(description="Tên chương, ví dụ: Quy định chung.")
    noi_dung: list[Block] = Field(min_length=1, description="Các mục {muc, noi_dung} và "
                                                            "điều {dieu, y} của chương.")


class MucLon(_Model):
    """Mục 1, 2… trong một chương: nhãn in đậm căn giữa, tên mục in hoa đậm."""

    muc: Line = Field(description="Tên mục của chương.")
    noi_dung: list[Block] = Field(min_length=1)


class PhuLuc(_Model):
    """Phụ lục (spec §3.10): số La Mã, tên in hoa, dòng (Kèm theo …), đánh số trang riêng."""

    ten: Line = Field(description="Tên phụ lục, ví dụ: TỔNG HỢP BIÊN CHẾ NĂM 2017.")
    nhan: Annotated[str, Field(pattern=nd30.APPENDIX_NUMBER.pattern)] | None = Field(
        None, description=(
            "Số riêng của phụ lục thay cho số La Mã tự động, ví dụ \"1A\", \"1B\", \"2\": "
            "tiêu đề in «Phụ lục 1A»; các phụ lục không có nhãn riêng vẫn đánh số I, II…"))
    noi_dung: list[Block] = Field(min_length=1)
    ngang: bool = Field(False, description="Cả phụ lục trên trang xoay ngang.")


class VanBanKemTheo(_Model):
    """Văn bản ban hành kèm theo quyết định (Mẫu 1.3) hoặc nghị quyết: quy chế, quy định,
    chương trình hành động…, trang riêng."""

    loai: Literal[nd30.ATTACHABLE_TYPES] = Field(  # type: ignore[valid-type]
        description="Loại văn bản kèm theo: quy-che, quy-dinh, …")
    trich_yeu: Line = Field(description="Trích yếu, ví dụ: Làm việc của Ủy ban nhân dân tỉnh.")
    noi_dung: list[Block] = Field(min_length=1, description="Chương {chuong, noi_dung}, mục "
                                                            "{muc, noi_dung}, điều {dieu, y}.")


class GiayMoi(_Model):
    """Các dòng riêng của giấy mời (Mẫu 1.7): kính mời, rồi các dòng tới dự, chủ trì, thời
    gian, địa điểm — hoặc bỏ các dòng đó và viết thành đoạn văn trong noi_dung."""

    kinh_moi: Prose | Annotated[list[Prose], Field(min_length=1)] = Field(description=(
        "Người, cơ quan được mời (sau 'trân trọng kính mời:'); một danh sách thì mỗi nơi "
        "một dòng '- …;' dưới dòng kính mời."))
    toi_du: Prose | None = Field(None, description="Tên cuộc họp, hội nghị (sau 'Tới dự'); bỏ "
                                                   "trống khi viết thành đoạn văn.")
    chu_tri: Line | None = Field(None, description="Người chủ trì.")
    thoi_gian: Line | None = Field(None, description="Thời gian, ví dụ: 08 giờ 00, thứ Năm, "
                                                     "ngày 14/12/2017.")
    dia_diem: Line | None = Field(None, description="Địa điểm.")


class BenKy(_Model):
    """Một bên ký biên bản, đứng bên trái người ký chính (nguoi_ky, bên phải)."""

    dai_dien: Line | None = Field(None, description="Dòng đầu in hoa, ví dụ: ĐẠI DIỆN SỞ CÔNG "
                                                    "THƯƠNG, ĐẠI DIỆN CÔNG TY.")
    chuc_vu: Line | None = Field(None, description="Chức danh ký, ví dụ: THƯ KÝ, TRƯỞNG ĐOÀN, "
                                                   "PHÓ GIÁM ĐỐC.")
    ho_ten: Line = Field(description="Họ và tên người ký của bên này.")

    @model_validator(mode="after")
    def _needs_title(self) -> BenKy:
        if not self.dai_dien and not self.chuc_vu:
            raise ValueError("party_needs_title@chuc_vu")
        return self

    def title_lines(self) -> list[str]:
        """``ĐẠI DIỆN SỞ CÔNG THƯƠNG`` / ``PHÓ GIÁM ĐỐC``, in capitals."""
        return [line.upper() for line in (self.dai_dien, self.chuc_vu) if line]


class BienBan(_Model):
    """Các dòng riêng của biên bản (Mẫu 1.9); người ký bên phải (chủ tọa) là nguoi_ky.

    Mẫu 1.9 là mặc định: các dòng thời gian, địa điểm, thành phần, chủ trì, thư ký, giờ kết
    thúc và chữ ký THƯ KÝ (ho_ten_thu_ky). Biên bản viết thành đoạn văn (căn cứ, "Hôm nay,
    vào lúc … tại …") bỏ các dòng đó; nhiều bên ký thì ghi ben_ky thay cho ho_ten_thu_ky."""

    su_kien: Literal["Cuộc họp", "Hội nghị", "Hội thảo"] = Field(
        "Cuộc họp", description="Cuộc họp, Hội nghị hoặc Hội thảo (câu kết thúc).")
    thoi_gian_bat_dau: Line | None = Field(None, description="Ví dụ: 14 giờ 00, ngày "
                                                             "20/11/2017.")
    dia_diem: Line | None = None
    thanh_phan: list[Line] = Field(default_factory=list, description="Thành phần tham dự.")
    chu_tri: Line | None = Field(None, description="Chủ trì (chủ tọa): họ tên, chức vụ.")
    thu_ky: Line | None = Field(None, description="Thư ký (người ghi biên bản): họ tên, "
                                                  "chức vụ.")
    ket_thuc: Line | None = Field(None, description="Giờ kết thúc, ví dụ: 16 giờ 30, ngày "
                                                    "20/11/2017.")
    ho_ten_thu_ky: Line | None = Field(None, description="Họ tên ký ở chữ ký THƯ KÝ (bên "
                                                         "trái, Mẫu 1.9).")
    ben_ky: list[BenKy] = Field(default_factory=list, max_length=nd30.BIEN_BAN_MAX_PARTIES - 1,
                                description=(
        "Các bên ký khác, từ trái sang phải, trước người ký chính nguoi_ky (bên phải): "
        "{dai_dien, chuc_vu, ho_ten}; thay cho ho_ten_thu_ky. Cùng nguoi_ky tối đa 6 bên: "
        "một hàng đến 3 chữ ký; 4 bên hai hàng hai; 5 bên hai rồi ba; 6 bên ba hàng hai."))

    @property
    def mau_lines(self) -> bool:
        """The Mẫu's fixed lines are written (any of them is given)."""
        return any((self.thoi_gian_bat_dau, self.dia_diem, self.thanh_phan, self.chu_tri,
                    self.thu_ky))

    @property
    def parties(self) -> list[BenKy]:
        """The signatures left of nguoi_ky: ben_ky, or THƯ KÝ of Mẫu 1.9."""
        if self.ben_ky:
            return list(self.ben_ky)
        if self.ho_ten_thu_ky:
            return [BenKy(chuc_vu=nd30.THU_KY, ho_ten=self.ho_ten_thu_ky)]
        return []

    @model_validator(mode="after")
    def _signatures(self) -> BienBan:
        if self.ben_ky and self.ho_ten_thu_ky:
            raise ValueError("minutes_two_left_signatures@ben_ky")
        if not self.ben_ky and not self.ho_ten_thu_ky:
            raise ValueError("minutes_needs_parties@ho_ten_thu_ky")
        return self


class GioiThieu(_Model):
    """Các dòng riêng của giấy giới thiệu (Mẫu 1.8)."""

    xung_ho: Literal["Ông", "Bà"] = Field(description="Ông hoặc Bà.")
    ho_ten: Line = Field(description="Họ tên người được giới thiệu.")
    chuc_vu: Line = Field(description="Chức vụ, đơn vị công tác.")
    duoc_cu_den: Line = Field(description="Cơ quan được giới thiệu tới làm việc.")
    ve_viec: Prose
    co_gia_tri_den: Date = Field(description="Giấy có giá trị đến hết ngày …")


class NghiPhep(_Model):
    """Các dòng riêng của giấy nghỉ phép (Mẫu 1.10)."""

    ngay_don: Date = Field(description="Ngày của đơn đề nghị nghỉ phép.")
    xung_ho: Literal["Ông", "Bà"] = Field(description="Ông hoặc Bà.")
    ho_ten: Line = Field(description="Họ tên người được nghỉ phép.")
    chuc_vu: Line = Field(description="Chức vụ, đơn vị công tác.")
    so_ngay: int = Field(gt=0, description="Số ngày nghỉ.")
    tu_ngay: Date
    den_ngay: Date
    noi_nghi: Line = Field(description="Nơi nghỉ phép.")
    tinh_vao: Line = Field(description="Tính vào thời gian nào, ví dụ: nghỉ hằng năm năm 2017.")
    xac_nhan: bool = Field(True, description="In ô xác nhận của nơi nghỉ phép (nếu cần).")


class NhomNoiNhan(_Model):
    """Một nhóm nơi nhận (ô 9b): dòng “- <nhom>:” rồi mỗi nơi nhận của nhóm một dòng “+ …;”."""

    nhom: Line = Field(description="Tên nhóm, ví dụ: Các sở, ban, ngành tỉnh (in kèm dấu “:”).")
    gom: list[Line] = Field(min_length=1, description="Các nơi nhận của nhóm, mỗi nơi một "
                                                      "dòng “+ …;”.")


def _recipient_kind(value: Any) -> str | None:
    """A Nơi nhận entry: one recipient (text) or a group ``{nhom, gom}``."""
    if isinstance(value, str):
        return "~text"
    if isinstance(value, dict | NhomNoiNhan):
        return "~nhom"
    return None


# One entry of Nơi nhận: a recipient, or a group of recipients printed as "+" lines.
NoiNhan = Annotated[
    Annotated[Line, Tag("~text")] | Annotated[NhomNoiNhan, Tag("~nhom")],
    Discriminator(_recipient_kind),
]


def recipient_names(items: list[Any]) -> list[str]:
    """Every recipient of a Nơi nhận list, groups opened (for the register, the metadata)."""
    out: list[str] = []
    for item in items:
        if isinstance(item, NhomNoiNhan):
            out += item.gom
        else:
            out.append(item)
    return out


class BanSao(_Model):
    """Bản sao giấy (Mẫu 3.1): in sau văn bản được sao, kèm số, ký hiệu của bản sao."""

    hinh_thuc: Literal[tuple(nd30.COPY_FORMS)] = Field(  # type: ignore[valid-type]
        description="sao-y, sao-luc hoặc trich-sao.")
    co_quan: CoQuan = Field(description="Cơ quan thực hiện sao.")
    so: int = Field(gt=0, description="Số bản sao (dãy số chung của các loại bản sao).")
    dia_danh: Line
    ngay: Date
    nguoi_ky: NguoiKy
    noi_nhan: list[NoiNhan] = Field(default_factory=list)


# Types whose own lines come from a section of the file rather than the body (§5.1).
SECTION_FOR_TYPE = {
    "giay-moi": "giay_moi",
    "bien-ban": "bien_ban",
    "giay-gioi-thieu": "gioi_thieu",
    "giay-nghi-phep": "nghi_phep",
}


def _part(group: Any, name: str) -> Any:
    """A field of a group, whether validated or still raw data (``consistency_problems`` also
    runs on the raw data of a file with errors elsewhere)."""
    return group.get(name) if isinstance(group, dict) else getattr(group, name, None)


class Document(_Model):
    """Một văn bản hành chính theo Nghị định 30/2020/NĐ-CP."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              json_schema_extra={"title": "Văn bản hành chính (vanban)"})

    loai: Literal[tuple(nd30.DOC_TYPES)] = Field(  # type: ignore[valid-type]
        description="Loại văn bản: cong-van, quyet-dinh, thong-bao, ke-hoach, …")
    co_quan: CoQuan
    so: int | None = Field(None, gt=0, description="Số văn bản (số thứ tự trong năm); số nhỏ "
                                                  "hơn 10 được ghi 01…09.")
    chua_cap_so: bool = Field(False, description="true: văn bản in ra để ký rồi mới cấp số; "
                                                 "để trống số và ngày.")
    ky_hieu: KyHieu | None = Field(None, description="Ký hiệu; mặc định ghép theo Nghị định "
                                                     "30 (loại-cơ quan, hoặc cơ quan-đơn vị "
                                                     "đối với công văn).")
    don_vi_soan_thao: Abbreviation | None = Field(
        None, description="Viết tắt đơn vị soạn thảo/lĩnh vực (công văn: VP-NC → NC); "
                          "cũng ghi ở dòng Lưu.")
    dia_danh: Line = Field(description="Địa danh, ví dụ: Lạng Sơn, Hà Nội.")
    ngay: Date = Field(description="Ngày ban hành: 2017-12-07 hoặc 07/12/2017.")
    trich_yeu: Line | None = Field(None, description="Trích yếu nội dung (công văn: phần sau "
                                                     "'V/v').")
    muc_do_khan: Literal["KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"] | None = None
    do_mat: Literal["MẬT", "TỐI MẬT", "TUYỆT MẬT"] | None = None
    luu_hanh: Line | None = Field(None, description="Chỉ dẫn phạm vi lưu hành, ví dụ XEM XONG "
                                                    "TRẢ LẠI (ô 11).")
    tham_quyen: Prose | None = Field(None, description="Thẩm quyền ban hành (quyết định, nghị "
                                                       "quyết), ví dụ CHỦ TỊCH ỦY BAN NHÂN DÂN "
                                                       "TỈNH LẠNG SƠN; xuống dòng bằng '\\n' "
                                                       "(HỘI ĐỒNG NHÂN DÂN TỈNH …\\nKHÓA …, KỲ "
                                                       "HỌP THỨ …); văn bản quy phạm pháp luật "
                                                       "có thể không có.")
    qppl: bool = Field(False, description="true: văn bản quy phạm pháp luật (nghị quyết, quyết "
                                          "định); số có năm ban hành: 89/2025/QĐ-UBND.")
    ban_hanh: Line | None = Field(None, description=(
        "Văn bản quy phạm pháp luật: câu cuối phần căn cứ thay dòng QUYẾT ĐỊNH:, ví dụ: Ủy ban "
        "nhân dân tỉnh ban hành Quyết định quy định …"))
    can_cu: list[Line] = Field(default_factory=list, description="Các dòng căn cứ (in "
                                                                 "nghiêng; dấu ; . tự thêm).")
    theo_de_nghi: Line | None = Field(None, description="Theo đề nghị của …")
    kinh_gui: list[Line] = Field(default_factory=list, description="Nơi nhận ở phần Kính gửi "
                                                                   "(dấu ; . tự thêm).")
    danh_so: list[ListStyle] | None = Field(
        None, description="Kiểu đánh số từng cấp, ví dụ [\"1.\", \"-\", \"+\"].")
    noi_dung: list[Block] = Field(default_factory=list, description=(
        "Nội dung: đoạn văn (chuỗi), mục đánh số {muc|tieu_de, y}, điều {dieu, y}, phần "
        "{phan, noi_dung}, chương {chuong, noi_dung}, bảng {cot, dong}, hình {hinh, rong, "
        "ten_hinh}. " + FOOTNOTE_SYNTAX))
    chu_thich: dict[str, Prose] = Field(default_factory=dict, description=(
        "Chú thích cuối trang theo khóa: ghi '[^1]' trong nội dung và '1: nội dung chú "
        "thích' ở đây (chú thích thật của Word, đánh số 1, 2… theo thứ tự xuất hiện)."))
    phu_luc: list[PhuLuc] = Field(default_factory=list, description="Các phụ lục kèm theo; "
                                  "nội dung phải nhắc đến từng phụ lục (Phụ lục I, II…).")
    gui_kem_rieng: list[Line] = Field(default_factory=list, description=(
        "Tài liệu gửi kèm thành tệp riêng, không in trong văn bản, ví dụ [Phụ lục số 1A, "
        "Phụ lục số 1B, biểu mẫu]: nội dung được nhắc đến chúng mà không cần phụ lục."))
    van_ban_kem_theo: VanBanKemTheo | None = Field(
        None, description="Quyết định (Mẫu 1.3) hoặc nghị quyết ban hành quy chế, quy định, "
                          "chương trình…: văn bản kèm theo.")
    dien: Line | None = Field(None, description="Công điện: tên cơ quan hoặc chức danh người "
                                                "đứng đầu trước chữ 'điện:' (mặc định: tên cơ "
                                                "quan); nơi nhận điện ghi ở kinh_gui.")
    giay_moi: GiayMoi | None = Field(None, description="Giấy mời: các dòng kính mời, tới dự, "
                                                       "chủ trì, thời gian, địa điểm.")
    bien_ban: BienBan | None = Field(None, description="Biên bản: thời gian, địa điểm, thành "
                                                       "phần, chủ trì, thư ký, giờ kết thúc.")
    gioi_thieu: GioiThieu | None = Field(None, description="Giấy giới thiệu.")
    nghi_phep: NghiPhep | None = Field(None, description="Giấy nghỉ phép.")
    ban_sao: BanSao | None = Field(None, description="Bản sao y, sao lục, trích sao (Mẫu 3.1) "
                                                     "của văn bản này.")
    mau: Line | None = Field(None, description="Tên mẫu văn bản dùng chung (thư mục templates/), "
                                               "ví dụ: giay-moi-hop. Các trường ghi trong tệp "
                                               "này thay cho trường của mẫu.")
    bien: dict[str, Any] = Field(default_factory=dict, description="Giá trị các biến của mẫu.")
    nguoi_ky: NguoiKy
    noi_nhan: list[NoiNhan] = Field(default_factory=list, description=(
        "Nơi nhận (ngoài dòng Lưu): mỗi nơi một dòng, hoặc một nhóm {nhom: tên nhóm, "
        "gom: [các nơi nhận]} in “- <nhóm>:” rồi các dòng “+ …;”."))
    luu: list[Line] | None = Field(None, description="Dòng Lưu sau VT, mặc định đơn vị soạn "
                                                     "thảo.")
    nguoi_soan: Annotated[str, Field(pattern=r"^[A-ZĐ][A-ZĐ.]*$")] | None = Field(
        None, description="Ký hiệu người soạn thảo (ô 12), chữ in hoa.")
    so_ban: int | None = Field(None, gt=0, description="Số lượng bản phát hành (ô 12).")

    @field_validator("loai", mode="before")
    @classmethod
    def _slug(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _consistency(self) -> Document:
        codes = self.consistency_problems()
        if codes:  # every one at once: validate.py turns each code into its own message
            raise ValueError(CODE_SEPARATOR.join(codes))
        return self

    def consistency_problems(self) -> list[str]:
        """The codes of every rule across fields this document breaks (validate.py words
        them). Also run on the raw data of a file that failed validation elsewhere, so that
        the clerk sees every problem in one run: blocks may then still be plain dicts."""
        problems: list[str] = []
        fail = problems.append
        if self.so is None and not self.chua_cap_so:
            fail("missing_number")
        if self.ky_hieu is None and self.doc_type.abbreviation is None \
                and not self.don_vi_soan_thao:
            fail("missing_unit")
        if self.doc_type.mau == "1.5":  # công văn, thư công: V/v and Kính gửi (§3.6)
            if not self.trich_yeu:
                fail("missing_vv")
            if not self.kinh_gui:
                fail("missing_kinh_gui")
        for slug, section in SECTION_FOR_TYPE.items():
            if self.loai == slug and getattr(self, section) is None:
                fail(f"missing_section:{section}")
            if self.loai != slug and getattr(self, section) is not None:
                fail(f"section_not_for_type:{section}@{section}")
        if not self.noi_dung and self.loai not in SECTION_FOR_TYPE:
            fail("missing_body")
        minutes = self.bien_ban
        if minutes is not None and not self.noi_dung and not any(
                _part(minutes, name) for name in ("thoi_gian_bat_dau", "dia_diem", "thanh_phan",
                                                  "chu_tri", "thu_ky", "ket_thuc")):
            fail("minutes_needs_text")
        invitation = self.giay_moi
        if invitation is not None and not self.noi_dung and None in (
                _part(invitation, "toi_du"), _part(invitation, "thoi_gian"),
                _part(invitation, "dia_diem")):
            fail("invitation_needs_text")
        if self.van_ban_kem_theo is not None and self.loai not in nd30.ISSUING_TYPES:
            fail("attached_needs_decision@van_ban_kem_theo")
        doc_type = self.doc_type
        if self.qppl and self.loai not in nd30.QPPL_TYPES:
            fail("qppl_not_for_type@qppl")
        if self.ban_hanh is not None and not self.qppl:
            fail("ban_hanh_needs_qppl@ban_hanh")
        if self.loai in nd30.ARTICLE_TYPES:  # Mẫu 1.1–1.3
            if not self.tham_quyen and not self.qppl:
                fail("missing_authority")
            if not self.can_cu:
                fail("missing_legal_basis")
            if not any(isinstance(b, Dieu | Chuong) or isinstance(b, dict) and (
                    "dieu" in b or "chuong" in b) for b in self.noi_dung):
                fail("decision_needs_articles")
            # Nơi nhận is a main component (ND30 Điều 8.2.i) and Mẫu 1.1–1.3 send the text
            # to those who execute it (Như Điều …): never a block holding only "Lưu".
            if not self.noi_nhan:
                fail("decision_needs_recipients@noi_nhan")
        if self.loai == "cong-dien":
            if not self.kinh_gui:
                fail("telegram_needs_recipients")
        elif self.kinh_gui and not (doc_type.kinh_gui or doc_type.kinh_gui_optional):
            fail("kinh_gui_not_for_type@kinh_gui")
        if self.dien is not None and self.loai != "cong-dien":
            fail("dien_not_for_type@dien")
        return problems

    @property
    def mau_layout(self) -> str:
        """The sample layout (§5.1) this document follows."""
        if self.loai == "quyet-dinh" and self.van_ban_kem_theo is not None:
            return "1.3"
        return self.doc_type.mau

    @property
    def appendix_numbers(self) -> list[str | None]:
        return appendix_numbers([a.nhan for a in self.phu_luc])

    @property
    def doc_type(self) -> nd30.DocType:
        return nd30.DOC_TYPES[self.loai]

    @property
    def code(self) -> str:
        """Ký hiệu by spec §4 unless given: type-issuer, or issuer-unit for a công văn."""
        if self.ky_hieu:
            return self.ky_hieu
        abbreviation = self.doc_type.abbreviation
        if abbreviation is None:
            return f"{self.co_quan.viet_tat}-{self.don_vi_soan_thao}"
        return f"{abbreviation}-{self.co_quan.viet_tat}"

    @property
    def number_and_code(self) -> str:
        """``4208/VP-NC``; a legal-normative document's carries the year of issue,
        ``89/2025/QĐ-UBND`` (blank number for a draft printed before numbering)."""
        from .vietnamese import DRAFT_NUMBER_BLANK, number_text

        number = DRAFT_NUMBER_BLANK if self.chua_cap_so else number_text(self.so or 0)
        if self.qppl:
            return f"{number}/{self.ngay.year}/{self.code}"
        return f"{number}/{self.code}"

    @property
    def numbering(self) -> tuple[str, ...]:
        return tuple(self.danh_so) if self.danh_so else self.doc_type.numbering

    @property
    def storage_units(self) -> list[str]:
        """The units after ``VT`` on the Lưu line; a ``VT`` the clerk wrote himself (as the
        decree prints the line) is not printed twice."""
        if self.luu is not None:
            return [unit for unit in self.luu
                    if unit.strip(" ;.,").upper() != nd30.LUU_VAN_THU]
        return [self.don_vi_soan_thao] if self.don_vi_soan_thao else []


CODE_SEPARATOR = "|"  # between the codes of one consistency error


def appendix_numbers(labels: list[Any]) -> list[str | None]:
    """What follows ``Phụ lục`` on each appendix's heading, from their own labels (``nhan``):
    that label (``1A``), the Roman numeral of its rank among those without one, or nothing
    for a sole appendix (§3.10: Roman numerals from two on)."""
    rank = iter(range(1, len(labels) + 1))
    return [str(x) if x is not None else (None if len(labels) == 1 else roman(next(rank)))
            for x in labels]


for _model in (Muc, Dieu, Phan, Chuong, MucLon, PhuLuc, VanBanKemTheo, Document):
    _model.model_rebuild()

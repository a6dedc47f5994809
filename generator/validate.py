"""Content → :class:`Document`, with every validation error turned into a clerk's message.

Pydantic reports errors by location and type; here each becomes a Vietnamese (or English)
sentence naming the field, where it is in the file and what to write instead.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from . import model, nd30
from .content import TOO_DEEP, Content, FieldPath, format_path
from .number_words import ValueProblem
from .problems import Problem, Problems, Text

# Which model a key or a discriminator tag leads to, for "did you mean" suggestions.
_MODEL_FOR_KEY: dict[str, type[BaseModel]] = {
    "co_quan": model.CoQuan,
    "nguoi_ky": model.NguoiKy,
    "~muc": model.Muc,
    "~nhom": model.NhomNoiNhan,
    "~dieu": model.Dieu,
    "~doan": model.Doan,
    "~bang": model.Bang,
    "~hinh": model.Hinh,
    "~phan": model.Phan,
    "~chuong": model.Chuong,
    "~muc_lon": model.MucLon,
    "cot": model.Cot,
    "phu_luc": model.PhuLuc,
    "van_ban_kem_theo": model.VanBanKemTheo,
    "giay_moi": model.GiayMoi,
    "bien_ban": model.BienBan,
    "ben_ky": model.BenKy,
    "gioi_thieu": model.GioiThieu,
    "nghi_phep": model.NghiPhep,
    "ban_sao": model.BanSao,
}

_KINDS = {
    "string_type": Text("một đoạn chữ", "text"),
    "int_type": Text("một số nguyên", "a whole number"),
    "int_parsing": Text("một số nguyên", "a whole number"),
    "int_from_float": Text("một số nguyên", "a whole number"),
    "bool_type": Text("true hoặc false", "true or false"),
    "bool_parsing": Text("true hoặc false", "true or false"),
    "list_type": Text("một danh sách (mỗi dòng bắt đầu bằng '- ')",
                      "a list (each line starting with '- ')"),
    "dict_type": Text("một nhóm trường (tên_trường: giá trị)", "a group of fields (name: value)"),
    "model_type": Text("một nhóm trường (tên_trường: giá trị)", "a group of fields (name: value)"),
    "model_attributes_type": Text("một nhóm trường (tên_trường: giá trị)",
                                  "a group of fields (name: value)"),
    "date_type": Text("một ngày (2017-12-07 hoặc 07/12/2017)",
                      "a date (2017-12-07 or 07/12/2017)"),
    "date_parsing": Text("một ngày (2017-12-07 hoặc 07/12/2017)",
                         "a date (2017-12-07 or 07/12/2017)"),
    "date_from_datetime_parsing": Text("một ngày (2017-12-07 hoặc 07/12/2017)",
                                       "a date (2017-12-07 or 07/12/2017)"),
    "union_tag_not_found": Text("một đoạn chữ hoặc một nhóm trường",
                                "text or a group of fields"),
    "union_tag_invalid": Text("một đoạn chữ hoặc một nhóm trường", "text or a group of fields"),
}

_PATTERN_HINTS = {
    "ky_hieu": Text("Ký hiệu chỉ gồm chữ in hoa, chữ số và dấu '-' giữa các nhóm, không có số "
                    "văn bản, dấu '/' hay dấu cách; ví dụ: VP-NC, QĐ-UBND.",
                    "A code is capital letters and digits with '-' between groups, without the "
                    "number, '/' or spaces; e.g. VP-NC, QĐ-UBND."),
    "viet_tat": Text("Chữ viết tắt bắt đầu bằng chữ in hoa, không dấu cách, không '/', ví dụ: "
                     "VP, SNV.", "An abbreviation starts with a capital letter, without spaces "
                     "or '/', e.g. VP, SNV."),
    "don_vi_soan_thao": Text("Viết tắt đơn vị soạn thảo: chữ in hoa, không dấu cách, không '/', "
                             "ví dụ: NC, TH.", "The drafting unit's abbreviation: capitals, no "
                             "spaces or '/', e.g. NC, TH."),
    "nguoi_soan": Text("Ký hiệu người soạn thảo: chữ in hoa, ví dụ: PL.",
                       "The drafter's code: capital letters, e.g. PL."),
    "nhan": Text("Nhãn riêng viết trên một dòng; số riêng của phụ lục là số La Mã hoặc chữ số "
                 "(có thể thêm một chữ in hoa), không dấu cách: II, 1A, 1B, 2.",
                 "An own label is one line; an appendix's own number is a Roman numeral or "
                 "digits (maybe with one capital letter), no spaces: II, 1A, 1B, 2."),
}

_VALUE_ERRORS = {
    "prefix_needs_head": (
        Text("Có quyền hạn ký (TM., KT., TL., TUQ.) nhưng thiếu 'thu_truong'.",
             "An authority prefix (TM., KT., TL., TUQ.) is given without 'thu_truong'."),
        Text("Thêm dòng 'thu_truong:' với chức danh người đứng đầu hoặc tên tập thể, ví dụ: "
             "thu_truong: CHÁNH VĂN PHÒNG.", "Add 'thu_truong:' with the head's title or the "
             "collective's name, e.g. thu_truong: CHÁNH VĂN PHÒNG."),
    ),
    "signer_too_many_prefixes": (
        Text("Người ký có nhiều nhất hai quyền hạn, mỗi quyền hạn một dòng.",
             "A signer has at most two authority prefixes, one per line."),
        Text("Các cách ghép được: [TM., KT.], [TM., Q.], [TL., KT.].",
             "The combinations allowed: [TM., KT.], [TM., Q.], [TL., KT.]."),
    ),
    "signer_bad_combination": (
        Text("Cách ghép quyền hạn này không có trong Nghị định 30/2020/NĐ-CP (Điều 13, Phụ lục "
             "I mục II.7.b).", "This combination of authority prefixes is not one of Nghị "
             "định 30/2020/NĐ-CP (Article 13, Phụ lục I II.7.b)."),
        Text("Chỉ ghép, theo đúng thứ tự: [TM., KT.] (cấp phó thay mặt tập thể, ký thay người "
             "đứng đầu), [TM., Q.] (quyền người đứng đầu thay mặt tập thể), [TL., KT.] (cấp phó "
             "ký thay người được giao ký thừa lệnh, Điều 13 khoản 4). TUQ. không được giao lại "
             "(Điều 13 khoản 3).", "Only, in this order: [TM., KT.] (a deputy signing for the "
             "collective in place of its head), [TM., Q.] (an acting head signing for the "
             "collective), [TL., KT.] (the deputy of the one who signs by order, Article 13.4). "
             "TUQ. cannot be passed on (Article 13.3)."),
    ),
    "signer_heads_count": (
        Text("Số dòng 'thu_truong' không khớp với 'quyen_han': mỗi quyền hạn cần một dòng (Q. "
             "cuối cùng có thể đứng trước chức vụ người ký).", "'thu_truong' does not match "
             "'quyen_han': each prefix needs one line (a final Q. may stand before the "
             "signer's own title)."),
        Text("Ví dụ: quyen_han: [TM., KT.] và thu_truong: [ỦY BAN NHÂN DÂN, CHỦ TỊCH] → TM. ỦY "
             "BAN NHÂN DÂN / KT. CHỦ TỊCH / chức vụ.", "E.g. quyen_han: [TM., KT.] with "
             "thu_truong: [ỦY BAN NHÂN DÂN, CHỦ TỊCH] → TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / "
             "title."),
    ),
    "signer_heads_without_prefixes": (
        Text("'thu_truong' có nhiều dòng nhưng không có 'quyen_han'.",
             "'thu_truong' has several lines but there is no 'quyen_han'."),
        Text("Thêm quyen_han: [TM., KT.] (hoặc cách ghép khác), hoặc ghi thu_truong một dòng.",
             "Add quyen_han: [TM., KT.] (or another combination), or give one thu_truong."),
    ),
    "party_needs_title": (
        Text("Bên ký của biên bản thiếu dòng chức danh: cần 'chuc_vu' hoặc 'dai_dien'.",
             "A party signing the biên bản has no title line: give 'chuc_vu' or 'dai_dien'."),
        Text("Ví dụ: {dai_dien: ĐẠI DIỆN CÔNG TY, ho_ten: Nguyễn Văn A} hoặc {chuc_vu: THƯ KÝ, "
             "ho_ten: Nguyễn Văn A}.", "E.g. {dai_dien: ĐẠI DIỆN CÔNG TY, ho_ten: Nguyễn Văn "
             "A} or {chuc_vu: THƯ KÝ, ho_ten: Nguyễn Văn A}."),
    ),
    "minutes_two_left_signatures": (
        Text("Biên bản có cả 'ho_ten_thu_ky' (chữ ký THƯ KÝ của Mẫu 1.9) và 'ben_ky'.",
             "The biên bản has both 'ho_ten_thu_ky' (the THƯ KÝ signature of Mẫu 1.9) and "
             "'ben_ky'."),
        Text("Giữ một trong hai: thư ký là một bên trong ben_ky: {chuc_vu: THƯ KÝ, ho_ten: …}.",
             "Keep one: the secretary is a party in ben_ky: {chuc_vu: THƯ KÝ, ho_ten: …}."),
    ),
    "minutes_needs_parties": (
        Text("Biên bản cần chữ ký bên trái: 'ho_ten_thu_ky' (THƯ KÝ, Mẫu 1.9) hoặc 'ben_ky'.",
             "A biên bản needs the signature on the left: 'ho_ten_thu_ky' (THƯ KÝ, Mẫu 1.9) or "
             "'ben_ky'."),
        Text("Thêm ho_ten_thu_ky: <họ tên thư ký>, hoặc ben_ky: [{dai_dien: ĐẠI DIỆN CÔNG TY, "
             "ho_ten: …}].", "Add ho_ten_thu_ky: <the secretary's name>, or ben_ky: "
             "[{dai_dien: ĐẠI DIỆN CÔNG TY, ho_ten: …}]."),
    ),
    "qppl_not_for_type": (
        Text("Chỉ nghị quyết và quyết định mới có thể là văn bản quy phạm pháp luật ('qppl: "
             "true'); các loại khác là văn bản hành chính (Luật Ban hành văn bản quy phạm pháp "
             "luật số 64/2025/QH15, Điều 4).", "Only a nghị quyết or a quyết định can be a "
             "legal-normative document ('qppl: true'); the other types are administrative "
             "(Law 64/2025/QH15 on legal documents, Article 4)."),
        Text("Xóa 'qppl: true', hoặc đổi 'loai: quyet-dinh' / 'loai: nghi-quyet'.",
             "Remove 'qppl: true', or use 'loai: quyet-dinh' / 'loai: nghi-quyet'."),
    ),
    "ban_hanh_needs_qppl": (
        Text("'ban_hanh' (câu “… ban hành Quyết định …” thay dòng QUYẾT ĐỊNH:) chỉ dùng cho văn "
             "bản quy phạm pháp luật.", "'ban_hanh' (the sentence “… ban hành Quyết định …” "
             "replacing the QUYẾT ĐỊNH: line) is only for a legal-normative document."),
        Text("Thêm 'qppl: true', hoặc xóa 'ban_hanh' (văn bản hành chính in dòng QUYẾT ĐỊNH:).",
             "Add 'qppl: true', or remove 'ban_hanh' (an administrative document prints "
             "QUYẾT ĐỊNH:)."),
    ),
    "decision_needs_recipients": (
        Text("Nghị quyết, quyết định cần nơi nhận 'noi_nhan': Nơi nhận là thành phần chính của "
             "văn bản (Nghị định 30/2020/NĐ-CP, Điều 8 khoản 2 điểm i), không chỉ có dòng Lưu.",
             "A nghị quyết or quyết định needs its recipients 'noi_nhan': Nơi nhận is a main "
             "component (Nghị định 30/2020/NĐ-CP, Article 8.2.i), not only the Lưu line."),
        Text("Ví dụ: noi_nhan: [Như Điều 3, Chủ tịch, các Phó Chủ tịch UBND tỉnh] (dòng Lưu: "
             "VT, … tự thêm).", "E.g. noi_nhan: [Như Điều 3, Chủ tịch, các Phó Chủ tịch UBND "
             "tỉnh] (the Lưu: VT, … line is added)."),
    ),
    "article_empty": (
        Text("Điều không có tên thì phải có các khoản 'y' (dòng «Điều 1.» rồi 1., 2.).",
             "An article without a title needs its clauses 'y' («Điều 1.» then 1., 2.)."),
        Text("Ghi tên điều hoặc nội dung điều sau 'dieu:', hoặc thêm 'y:' với các khoản.",
             "Write the article's title or text after 'dieu:', or add 'y:' with its clauses."),
    ),
    "muc_xor_tieu_de": (
        Text("Mỗi mục cần đúng một trong hai trường 'muc' (nội dung) hoặc 'tieu_de' (tên mục).",
             "Each item needs exactly one of 'muc' (text) or 'tieu_de' (heading)."),
        None,
    ),
    "missing_number": (
        Text("Thiếu số văn bản 'so'.", "The document number 'so' is missing."),
        Text("Ghi 'so: 4208'; nếu văn bản in ra để ký rồi mới cấp số, ghi 'chua_cap_so: true'.",
             "Write 'so: 4208'; for a draft numbered by hand after signing, write "
             "'chua_cap_so: true'."),
    ),
    "missing_unit": (
        Text("Công văn cần 'don_vi_soan_thao' (hoặc 'ky_hieu') để ghép ký hiệu.",
             "A công văn needs 'don_vi_soan_thao' (or 'ky_hieu') to build its code."),
        Text("Ví dụ: don_vi_soan_thao: NC → ký hiệu VP-NC.",
             "E.g. don_vi_soan_thao: NC → code VP-NC."),
    ),
    "minutes_needs_text": (
        Text("Biên bản không có nội dung: không có các dòng của Mẫu 1.9 (thoi_gian_bat_dau, "
             "dia_diem, thanh_phan, chu_tri, thu_ky, ket_thuc) và không có 'noi_dung'.",
             "The biên bản has no text: none of the lines of Mẫu 1.9 (thoi_gian_bat_dau, "
             "dia_diem, thanh_phan, chu_tri, thu_ky, ket_thuc) and no 'noi_dung'."),
        Text("Thêm các dòng của Mẫu 1.9 dưới bien_ban, hoặc 'noi_dung:' với đoạn «Hôm nay, "
             "vào hồi … tại …».", "Add the lines of Mẫu 1.9 under bien_ban, or 'noi_dung:' "
             "with a paragraph «Hôm nay, vào hồi … tại …»."),
    ),
    "invitation_needs_text": (
        Text("Giấy mời thiếu 'toi_du', 'thoi_gian' hoặc 'dia_diem' thì cần viết cuộc họp, thời "
             "gian và địa điểm thành đoạn văn trong 'noi_dung'.",
             "A giấy mời without 'toi_du', 'thoi_gian' or 'dia_diem' needs the meeting, its time "
             "and place written as paragraphs under 'noi_dung'."),
        Text("Thêm các dòng giay_moi.toi_du, thoi_gian, dia_diem, hoặc 'noi_dung:' với đoạn "
             "«Tới dự … vào lúc … tại …».", "Add giay_moi.toi_du, thoi_gian and dia_diem, or "
             "'noi_dung:' with a paragraph 'Tới dự … vào lúc … tại …'."),
    ),
    "missing_body": (
        Text("Thiếu nội dung văn bản 'noi_dung'.", "The body 'noi_dung' is missing."),
        Text("Thêm 'noi_dung:' rồi các đoạn văn, mỗi đoạn một dòng bắt đầu bằng '- '.",
             "Add 'noi_dung:' then the paragraphs, each on a line starting with '- '."),
    ),
    "attached_needs_decision": (
        Text("Chỉ quyết định (Mẫu 1.3) và nghị quyết mới có 'van_ban_kem_theo'.",
             "Only a quyết định (Mẫu 1.3) or a nghị quyết has 'van_ban_kem_theo'."),
        Text("Đổi 'loai: quyet-dinh' (hoặc nghi-quyet), hoặc xóa 'van_ban_kem_theo'.",
             "Use 'loai: quyet-dinh' (or nghi-quyet), or remove 'van_ban_kem_theo'."),
    ),
    "missing_authority": (
        Text("Nghị quyết, quyết định cần dòng thẩm quyền ban hành 'tham_quyen' (Mẫu 1.1–1.3).",
             "A nghị quyết or quyết định needs the authority line 'tham_quyen' (Mẫu 1.1–1.3)."),
        Text("Ví dụ: tham_quyen: CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN (chức vụ người đứng "
             "đầu, hoặc tên tập thể, cơ quan).", "E.g. tham_quyen: CHỦ TỊCH ỦY BAN NHÂN DÂN "
             "TỈNH LẠNG SƠN (the head's title, or the collective's or body's name)."),
    ),
    "decision_needs_articles": (
        Text("Nội dung nghị quyết, quyết định được trình bày theo điều: cần ít nhất một "
             "{dieu: …}.", "The body of a nghị quyết or quyết định is in articles: at least "
             "one {dieu: …} is needed."),
        Text("Ví dụ: - dieu: Quyết định này có hiệu lực kể từ ngày ký.",
             "E.g. - dieu: Quyết định này có hiệu lực kể từ ngày ký."),
    ),
    "telegram_needs_recipients": (
        Text("Công điện cần nơi nhận điện trong 'kinh_gui'.",
             "A công điện needs its recipients under 'kinh_gui'."),
        Text("Ví dụ: kinh_gui: [Chủ tịch UBND các huyện, thành phố].",
             "E.g. kinh_gui: [Chủ tịch UBND các huyện, thành phố]."),
    ),
    "kinh_gui_not_for_type": (
        Text("Loại văn bản này không có phần Kính gửi (chỉ công văn, thư công, tờ trình và "
             "báo cáo gửi cấp trên).", "This type has no Kính gửi (only công văn, thư công, "
             "and tờ trình or báo cáo sent to a superior)."),
        Text("Ghi các nơi nhận vào 'noi_nhan'.", "Put the recipients under 'noi_nhan'."),
    ),
    "dien_not_for_type": (
        Text("Trường 'dien' chỉ dùng cho công điện.", "'dien' is only for a công điện."),
        Text("Xóa 'dien' hoặc đổi 'loai: cong-dien'.", "Remove 'dien' or use 'loai: cong-dien'."),
    ),
    "missing_kinh_gui": (
        Text("Công văn, thư công cần nơi nhận ở phần 'kinh_gui'.",
             "A công văn or thư công needs its addressees under 'kinh_gui'."),
        Text("Ví dụ: kinh_gui: [Sở Tài chính].", "E.g. kinh_gui: [Sở Tài chính]."),
    ),
    "missing_legal_basis": (
        Text("Nghị quyết, quyết định cần các dòng căn cứ 'can_cu' (Mẫu 1.1–1.3).",
             "A nghị quyết or quyết định needs its legal bases 'can_cu' (Mẫu 1.1–1.3)."),
        Text("Ví dụ: can_cu: [Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm "
             "2015]", "E.g. can_cu: [Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 "
             "tháng 6 năm 2015]"),
    ),
    "missing_vv": (
        Text("Công văn, thư công cần 'trich_yeu' (phần sau 'V/v').",
             "A công văn or thư công needs 'trich_yeu' (the text after 'V/v')."),
        Text("Ví dụ: trich_yeu: thực hiện Kết luận của Ban Thường vụ Tỉnh ủy.",
             "E.g. trich_yeu: thực hiện Kết luận của Ban Thường vụ Tỉnh ủy."),
    ),
}


_SECTION_TYPES = {section: slug for slug, section in model.SECTION_FOR_TYPE.items()}


def _section_message(code: str) -> tuple[Text, Text | None]:
    kind, section = code.split(":")
    slug = _SECTION_TYPES[section]
    if kind == "missing_section":
        fields = ", ".join(_MODEL_FOR_KEY[section].model_fields)
        return (Text(f"Văn bản loại {slug} cần phần '{section}'.",
                     f"A {slug} needs the '{section}' section."),
                Text(f"Thêm '{section}:' với các trường: {fields}.",
                     f"Add '{section}:' with the fields: {fields}."))
    return (Text(f"Phần '{section}' chỉ dùng cho văn bản loại {slug}.",
                 f"The '{section}' section is only for a {slug}."),
            Text(f"Xóa '{section}' hoặc đổi 'loai: {slug}'.",
                 f"Remove '{section}' or use 'loai: {slug}'."))


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel]:
    for part in reversed(loc):
        if isinstance(part, str) and part in _MODEL_FOR_KEY:
            return _MODEL_FOR_KEY[part]
    return model.Document


def _field_description(loc: tuple[Any, ...], name: str) -> str | None:
    info = _model_at(loc).model_fields.get(name)
    return info.description if info else None


def _content_path(loc: tuple[Any, ...], data: Any = None) -> FieldPath:
    """The path in the file: discriminator tags and union member names (``int``,
    ``list[...]``) that pydantic puts in ``loc`` are not keys of the data and are left out."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(part, str) and part.startswith("~"):
            continue
        if isinstance(current, dict):
            if part not in current and path and isinstance(part, str) and not _is_field(part):
                continue
            current = current.get(part)
        elif isinstance(current, list):
            if not isinstance(part, int):
                continue  # a union member's name
            current = current[part] if part < len(current) else None
        elif data is not None and isinstance(part, str):
            continue
        path.append(part)
    return tuple(path)


def _is_field(name: str) -> bool:
    return any(name in m.model_fields for m in (*_MODEL_FOR_KEY.values(), model.Document))


def message_for(error: dict[str, Any], path: FieldPath = ()) -> tuple[Text, Text | None]:
    """The clerk's message and hint for one pydantic error (also used for plan files)."""
    kind = error["type"]
    loc = error["loc"]
    name = next((p for p in reversed(path or loc)
                 if isinstance(p, str) and not p.startswith("~")), "")
    if path and isinstance(path[-1], int) and name:  # an item of a list: dong[0][2]
        tail = path[max(i for i, p in enumerate(path) if p == name):]
        name = format_path(tail)
    if kind == "missing":
        desc = _field_description(loc[:-1], name)
        return (Text(f"Thiếu trường bắt buộc '{name}'.", f"Required field '{name}' is missing."),
                Text(f"Thêm '{name}:' — {desc}", f"Add '{name}:' — {desc}") if desc else None)
    if kind == "extra_forbidden":
        fields = list(_model_at(loc[:-1]).model_fields)
        if "~muc" in loc:  # an item of a list may also be meant as another kind of block
            fields += ["doan", "dieu", "phan", "chuong", "cot", "noi_dung"]
        close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
        hint = (Text(f"Có phải ý bạn là '{close[0]}'?", f"Did you mean '{close[0]}'?") if close
                else Text("Các trường được dùng ở đây: " + ", ".join(fields) + ".",
                          "Fields allowed here: " + ", ".join(fields) + "."))
        return Text(f"Trường '{name}' không có trong mẫu văn bản.",
                    f"Unknown field '{name}'."), hint
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
        value = str(error.get("input"))
        close = difflib.get_close_matches(value, options, n=1, cutoff=0.5)
        hint = Text(f"Có phải ý bạn là '{close[0]}'?", f"Did you mean '{close[0]}'?") if close \
            else None
        return (Text(f"Giá trị '{value}' không hợp lệ; chỉ nhận: {expected}.",
                     f"Invalid value '{value}'; allowed: {expected}."), hint)
    if kind == "value_error":
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, ValueProblem):  # already a clerk's message (dates, amounts)
            return Text(cause.message_vi, cause.message_en), None
        code, _, field = str(cause).partition("@")  # "code@field": the field it is about
        if code in _VALUE_ERRORS:
            message, hint = _VALUE_ERRORS[code]
            given = error.get("input", {}).get(field) if isinstance(error.get("input"),
                                                                    dict) else None
            if isinstance(given, list):  # say what was written: [TM., TUQ.]
                shown = "[" + ", ".join(map(str, given)) + "]"
                message = Text(f"{message.vi.rstrip('.')} (đang ghi: {shown}).",
                               f"{message.en.rstrip('.')} (written: {shown}).")
            return message, hint
        if code.startswith(("missing_section:", "section_not_for_type:")):
            return _section_message(code)
    if kind in ("greater_than", "greater_than_equal"):
        return (Text(f"'{name}' phải là số lớn hơn 0 (nhận được {error.get('input')}).",
                     f"'{name}' must be a number above 0 (got {error.get('input')})."), None)
    if kind == "string_pattern_mismatch":
        value = error.get("input")
        hint = _PATTERN_HINTS.get(name, Text("Viết trên một dòng, không để trống.",
                                             "Write it on one line, not empty."))
        return Text(f"Giá trị '{value}' không đúng dạng của '{name}'.",
                    f"'{value}' is not a valid '{name}'."), hint
    if kind in ("too_short", "string_too_short"):
        return Text(f"'{name}' không được để trống.", f"'{name}' must not be empty."), None
    if kind in _KINDS:
        want = _KINDS[kind]
        got = type(error.get("input")).__name__
        return (Text(f"Sai kiểu dữ liệu: '{name}' cần {want.vi} (đang là {got}).",
                     f"Wrong type: '{name}' needs {want.en} (got {got})."), None)
    if kind in ("less_than", "less_than_equal", "too_long", "string_too_long",
                "int_parsing_size", "finite_number"):
        return Text(f"Giá trị của '{name}' quá lớn hoặc quá dài.",
                    f"The value of '{name}' is too large or too long."), None
    # anything else: a Vietnamese explanation first, the validator's own words as detail
    return Text(f"Giá trị của '{name}' không hợp lệ (chi tiết: {error['msg']}).",
                f"Invalid value for '{name}' ({error['msg']})."), None


_GROUP_KINDS = frozenset({"model_type", "dict_type", "model_attributes_type"})


def _one_per_code(items: list[Any]) -> list[Any]:
    """The model's consistency error carries every broken rule's code: one item each."""
    out = []
    for item in items:
        cause = item.get("ctx", {}).get("error") if item["type"] == "value_error" else None
        if isinstance(cause, ValueError) and model.CODE_SEPARATOR in str(cause):
            out += [{**item, "ctx": {**item["ctx"], "error": ValueError(code)}}
                    for code in str(cause).split(model.CODE_SEPARATOR)]
        else:
            out.append(item)
    return out


def _error_field(error: dict[str, Any]) -> tuple[str, ...]:
    """The field a check across fields names (``"signer_heads_count@thu_truong"``)."""
    if error["type"] != "value_error":
        return ()
    code = str(error.get("ctx", {}).get("error", ""))
    return (code.split("@", 1)[1],) if "@" in code else ()


def problems_from(error: ValidationError, content: Content) -> list[Problem]:
    out = []
    seen = set()
    errors = [(item, _content_path(item["loc"], content.data) + _error_field(item))
              for item in _one_per_code(error.errors())]
    deeper = {path[:i] for _, path in errors for i in range(len(path))}
    for item, path in errors:
        if path in deeper and (item["type"] in _GROUP_KINDS or (
                item["type"] != "value_error" and isinstance(item.get("input"), list))):
            continue  # a union's other member ("a group of fields", "one prefix") beside a
            # real error inside the value

        message, hint = message_for(item, path)
        # one message per place (a union's members would each add one); the file as a
        # whole may have several (the rules across fields)
        key: object = path if path else ((), message.vi)
        if key in seen:
            continue
        seen.add(key)
        pos = content.position(path)
        out.append(Problem(content.path, message, pos.line if pos else None,
                           pos.column if pos else None, format_path(path) or None, hint))
    out.sort(key=lambda p: (p.line or 0, p.column or 0))
    return out


def _in_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def validate(content: Content, *, figures: bool = True) -> model.Document:
    """Build the :class:`Document` or raise :class:`Problems` listing every fault.

    ``figures``: read each figure's picture from the content file's folder; False where the
    content has no folder of its own (the web desk's form), so that a figure is refused."""
    if not isinstance(content.data, dict):
        raise Problems([Problem(content.path, Text(
            "Tệp nội dung phải là một nhóm trường (loai:, co_quan:, …).",
            "A content file must be a group of fields (loai:, co_quan:, …)."), 1, 1)])
    from .limits import limit_problems
    from .references import cross_checks, emphasis_problems

    marks = emphasis_problems(content)
    try:
        document = model.Document.model_validate(content.data)
    except ValidationError as exc:
        # every problem in one run: what the schema found, the lone emphasis marks, and the
        # checks across fields that can still be made on the raw data (the model's own did
        # not run)
        problems = problems_from(exc, content) + marks
        problems += _unbuilt_consistency(exc, content) + cross_checks(None, content)
        named = {p.field for p in problems}
        problems += [p for p in limit_problems(None, content) if p.field not in named]
        from .images import raw_figure_problems

        problems += [p for p in raw_figure_problems(content, readable=figures)
                     if p.field not in named]
        raise Problems(_in_order(problems)) from None
    except RecursionError:
        raise Problems([Problem(content.path, TOO_DEEP)]) from None
    from .images import load_figures

    problems = _in_order(cross_checks(document, content) + marks
                         + limit_problems(document, content)
                         + load_figures(document, content, readable=figures))
    if any(p.severity == "error" for p in problems):
        raise Problems(problems)
    content.warnings = problems  # the build reports them beside its outputs
    return document


def _unbuilt_consistency(error: ValidationError, content: Content) -> list[Problem]:
    """The model's rules across fields, on the raw data of a file whose fields have errors
    (pydantic runs them only on a model whose fields are all valid)."""
    if any(item["loc"] == () for item in error.errors()):
        return []  # they ran: their codes are among the errors already
    data = content.data
    slug = data.get("loai")
    slug = slug.strip().lower() if isinstance(slug, str) else None
    if slug not in nd30.DOC_TYPES:
        return []
    fields = {k: v for k, v in data.items() if k in model.Document.model_fields}
    try:
        codes = model.Document.model_construct(**{**fields, "loai": slug}).consistency_problems()
    except Exception:  # noqa: BLE001 — raw values too malformed to judge: their errors stand
        return []
    out = []
    for code in codes:
        item = {"type": "value_error", "loc": (), "msg": code, "ctx": {"error": ValueError(code)}}
        path = _error_field(item)
        message, hint = message_for(item, path)
        pos = content.position(path)
        out.append(Problem(content.path, message, pos.line if pos else None,
                           pos.column if pos else None, format_path(path) or None, hint))
    return out

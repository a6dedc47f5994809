"""``vanban new <type>``: a commented starter content file for each document type.

The file is a working document of its type (it validates and builds as written) whose
comments say what each field is; the clerk replaces the sample values.
"""

from __future__ import annotations

from . import nd30

_HEAD = """\
# {name} — tệp nội dung mẫu (tạo bằng: vanban new {slug}).
# Sửa các giá trị mẫu rồi dựng văn bản: vanban build <tệp này> -o output/
# Nội dung là chữ thường (không phải mẫu Jinja2); dấu ; . cuối dòng liệt kê tự thêm.
# Nhấn mạnh: **chữ đậm**, *chữ nghiêng*; \\* là dấu sao; giá trị bắt đầu bằng * đặt trong '…'.
{loai_line}# loại văn bản ({mau})
co_quan:
  chu_quan: UBND TỈNH LẠNG SƠN    # cơ quan chủ quản trực tiếp (nếu có)
  ten: SỞ NỘI VỤ                  # cơ quan ban hành (in hoa, đậm)
  viet_tat: SNV                   # chữ viết tắt dùng trong ký hiệu
  ten_day_du: Sở Nội vụ tỉnh Lạng Sơn   # tên viết trong câu văn
so: 1                             # số văn bản (1 → 01); chưa cấp số: chua_cap_so: true
don_vi_soan_thao: VP              # đơn vị soạn thảo (dòng Lưu; công văn: ký hiệu SNV-VP)
dia_danh: Lạng Sơn
ngay: 2020-03-05                  # hoặc 05/03/2020
"""

_TRICH_YEU = "trich_yeu: {text}   # trích yếu nội dung\n"

_SIGNER = """\
nguoi_ky:
  quyen_han: KT.                  # TM., KT., TL., TUQ., Q. hoặc bỏ dòng này
  thu_truong: GIÁM ĐỐC            # chức danh người đứng đầu (sau KT.)
  # Phó Chủ tịch ký thay Chủ tịch, thay mặt UBND (ba dòng TM. / KT. / chức vụ):
  #   quyen_han: [TM., KT.]  và  thu_truong: [ỦY BAN NHÂN DÂN, CHỦ TỊCH]
  # cũng được: [TM., Q.] với thu_truong: [ỦY BAN NHÂN DÂN]; [TL., KT.] với
  #   thu_truong: [CHỦ TỊCH, CHÁNH VĂN PHÒNG]
  chuc_vu: PHÓ GIÁM ĐỐC           # chức vụ người ký
  ho_ten: Nguyễn Văn A            # họ tên, không ghi học hàm, học vị
"""

_RECIPIENTS = """\
noi_nhan:                         # dòng Lưu: VT, <đơn vị> tự thêm cuối danh sách
{items}  # - nhom: Các sở, ban, ngành tỉnh  # một nhóm: "- Các sở, ban, ngành tỉnh:" rồi
  #   gom: [Sở Nội vụ, Sở Tài chính] # các dòng "+ Sở Nội vụ;", "+ Sở Tài chính;"
# luu: [TCCV (02)]               # dòng Lưu: VT, TCCV (02). (số bản lưu của đơn vị)
# nguoi_soan: LTC                 # ký hiệu người soạn thảo, số bản (ô 12): LTC.(10).
# so_ban: 10
"""

_DECISION = """\
tham_quyen: {authority}   # thẩm quyền ban hành (in hoa, đậm, căn giữa)
can_cu:                           # các căn cứ (in nghiêng)
  - Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015
  - Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư
theo_de_nghi: Theo đề nghị của Chánh Văn phòng Sở
# Văn bản quy phạm pháp luật (chỉ của UBND, HĐND…): số có năm (Số: 89/2025/{code}),
# tham_quyen có thể bỏ; câu ban_hanh kết thúc phần căn cứ, thay dòng {verb}
# qppl: true
# ban_hanh: {enacting}
# Thẩm quyền hai dòng (HĐND): tham_quyen: "HỘI ĐỒNG NHÂN DÂN TỈNH …\\nKHÓA …, KỲ HỌP THỨ …"
noi_dung:                         # các điều: {{dieu: tên điều, y: [khoản…]}}
  - dieu: "{first}"
  - dieu: "{second}"
  - dieu: "{last}"
# Điều không có tên, chỉ có các khoản: in «Điều 1.» rồi 1., 2.
#   - dieu:                       (để trống)
#     y: [Khoản thứ nhất., Khoản thứ hai.]
# Văn bản ban hành kèm theo (quy chế, chương trình hành động…), trang riêng, dòng
# (Kèm theo {kind} số …):
# van_ban_kem_theo: {{loai: chuong-trinh, trich_yeu: Hành động …, noi_dung: [...]}}
"""

_BODY_14 = """\
# Căn cứ mở đầu văn bản (hợp đồng, giấy ủy quyền, kế hoạch…): in nghiêng, dấu ; . tự thêm
# can_cu: [Căn cứ Bộ luật Dân sự ngày 24 tháng 11 năm 2015]
noi_dung:                         # đoạn văn (chuỗi) và mục đánh số tự động
  - Đoạn mở đầu nêu mục đích, căn cứ của văn bản.
  - tieu_de: {first}              # cấp 1 in hoa, đậm (I., II.)
    y:
      - Nội dung thứ nhất, hoàn thành **trước ngày 30/6/2020**.   # cấp 2: 1., 2.
      - muc: "Nội dung thứ hai gồm:"
        danh_so_y: "-"            # nhãn các ý con: "-", "+", "(1)", "a)" (mặc định: a))
        y:
          - Ý thứ nhất;
          - Ý thứ hai.
      - muc: Nội dung bổ sung.
        nhan: "2A"                # nhãn riêng thay cho số tự động (không tăng số)
  - tieu_de: Tổ chức thực hiện
    y:
      - Văn phòng Sở chủ trì, theo dõi, đôn đốc thực hiện.
# Hình (biểu đồ, bản đồ, sơ đồ) ở bất cứ chỗ nào của nội dung: ảnh PNG hoặc JPEG đặt cạnh
# tệp này; căn giữa, không rộng quá vùng chữ; tên hình in nghiêng dưới hình:
#   - hinh: so-do-vi-tri.png      # đường dẫn tính từ thư mục của tệp này
#     rong: 120                   # mm (mặc định: kích thước ảnh theo dpi của nó)
#     ten_hinh: Hình 1. Sơ đồ vị trí các điểm nổ mìn
# Phụ lục: phu_luc: [{{ten: …, noi_dung: [...]}}] → Phụ lục I, II … (nội dung phải nhắc
# đến từng phụ lục); số riêng như văn bản thật: nhan: 1A → «Phụ lục 1A». Phụ lục, biểu
# mẫu gửi kèm thành tệp riêng: gui_kem_rieng: [Phụ lục số 1A, biểu mẫu báo cáo]
"""

_KINH_GUI = """\
kinh_gui:                         # Kính gửi (một hoặc nhiều nơi)
  - {to}
"""

_CONG_VAN_BODY = """\
noi_dung:
  - Đoạn mở đầu của công văn.
  - muc: Nội dung thứ nhất         # đánh số 1., 2.; ý con dùng dấu -
    y:
      - Ý thứ nhất;
      - Ý thứ hai.
  - Đề nghị các cơ quan, đơn vị thực hiện **trước ngày 15/3/2020**.
# Phụ lục, biểu mẫu gửi kèm thành tệp riêng (không in trong văn bản): khai báo để được nhắc
# đến mà không cần phụ lục, ví dụ: gui_kem_rieng: [Phụ lục số 1A, biểu mẫu báo cáo]
"""

_BY_MAU = {
    "1.6": """\
dien: GIÁM ĐỐC SỞ NỘI VỤ          # tên cơ quan hoặc chức danh trước chữ "điện:"
kinh_gui:                         # nơi nhận điện
  - Các phòng, đơn vị thuộc Sở
  - UBND các huyện, thành phố
noi_dung:
  - Nội dung điện nêu tình hình và yêu cầu cụ thể.
  - Yêu cầu các cơ quan, đơn vị khẩn trương triển khai thực hiện.
""",
    "1.7": """\
# Viết thành đoạn văn: chỉ giữ kinh_moi, bỏ toi_du, chu_tri, thoi_gian, dia_diem và ghi
# "Tới dự … vào lúc … tại …" trong noi_dung. Danh sách mời kèm theo: một phu_luc có tên
# bắt đầu bằng "Danh sách", và kinh_moi ghi "… (có danh sách kèm theo)". Nhiều nơi được
# mời: kinh_moi là danh sách, mỗi nơi một dòng.
giay_moi:
  kinh_moi: Lãnh đạo các phòng, đơn vị thuộc Sở
  toi_du: cuộc họp triển khai nhiệm vụ năm 2020
  chu_tri: Đồng chí Nguyễn Văn A, Giám đốc Sở
  thoi_gian: "**08 giờ 00**, thứ Hai, ngày 09/3/2020"
  dia_diem: Phòng họp tầng 2, Sở Nội vụ
noi_dung:                         # các vấn đề cần lưu ý (nếu có)
  - Đề nghị các đại biểu dự họp đúng thành phần, đúng giờ.
""",
    "1.8": """\
gioi_thieu:
  xung_ho: Ông                    # Ông hoặc Bà
  ho_ten: Trần Văn B
  chuc_vu: Chuyên viên Văn phòng Sở
  duoc_cu_den: Sở Tài chính tỉnh Lạng Sơn
  ve_viec: Liên hệ công tác quyết toán kinh phí năm 2019
  co_gia_tri_den: 2020-03-31
""",
    "1.9": """\
bien_ban:
  su_kien: Cuộc họp               # Cuộc họp, Hội nghị hoặc Hội thảo
  thoi_gian_bat_dau: 14 giờ 00, ngày 05/3/2020
  dia_diem: Phòng họp tầng 2, Sở Nội vụ
  thanh_phan:
    - Lãnh đạo Sở
    - Trưởng các phòng, đơn vị thuộc Sở
  chu_tri: Ông Nguyễn Văn A, Giám đốc Sở
  thu_ky: Bà Lê Thị C, Chuyên viên Văn phòng Sở
  ket_thuc: 16 giờ 30 cùng ngày
  ho_ten_thu_ky: Lê Thị C          # họ tên ký ở chữ ký THƯ KÝ
  # Biên bản viết thành đoạn văn (kiểm tra, làm việc): bỏ các dòng thoi_gian_bat_dau …
  # ket_thuc ở trên (dòng nào cũng có thể bỏ), viết căn cứ ở can_cu (in nghiêng, dấu ; .
  # tự thêm) và "Hôm nay, vào hồi … tại …" ở noi_dung. Nhiều bên ký: thay ho_ten_thu_ky
  # bằng ben_ky, các bên từ trái sang phải trước nguoi_ky (bên phải cùng); tối đa 6 bên:
  # 4 bên hai hàng hai chữ ký, 5 bên hàng hai rồi hàng ba, 6 bên ba hàng hai chữ ký;
  # Nơi nhận dưới chữ ký bên trái hàng cuối:
  # ben_ky:
  #   - dai_dien: ĐẠI DIỆN CÔNG TY  # dòng đầu in hoa (có thể bỏ)
  #     chuc_vu: GIÁM ĐỐC           # chức danh (có thể bỏ nếu có dai_dien)
  #     ho_ten: Nguyễn Văn D
noi_dung:                         # diễn biến cuộc họp
  - Ông Nguyễn Văn A quán triệt nội dung cuộc họp.
  - Các đại biểu thảo luận, thống nhất nội dung.
""",
    "1.10": """\
nghi_phep:
  ngay_don: 2020-03-02            # ngày của đơn đề nghị nghỉ phép
  xung_ho: Bà
  ho_ten: Lê Thị C
  chuc_vu: Chuyên viên Văn phòng Sở
  so_ngay: 5
  tu_ngay: 2020-03-09
  den_ngay: 2020-03-13
  noi_nghi: thành phố Hà Nội
  tinh_vao: nghỉ hằng năm năm 2020
""",
}

_BIEN_BAN_SIGNER = """\
nguoi_ky:                         # chữ ký bên phải: chủ tọa (trưởng đoàn …); một dòng
                                  # đầu như ĐẠI DIỆN SỞ NỘI VỤ thì ghi ở thu_truong
  chuc_vu: CHỦ TỌA
  ho_ten: Nguyễn Văn A
luu: [Hồ sơ]                      # dòng Lưu: VT, Hồ sơ.
"""


def _items(lines: list[str]) -> str:
    return "".join(f"  - {line}\n" for line in lines)


def starter_yaml(slug: str) -> str:
    """The commented starter file for the type ``slug`` (a key of ``nd30.DOC_TYPES``)."""
    doc_type = nd30.DOC_TYPES[slug]
    name = doc_type.name.capitalize()
    out = _HEAD.format(name=name, slug=slug, mau=f"Mẫu {doc_type.mau}",
                       loai_line=f"loai: {slug}".ljust(34))
    mau = doc_type.mau
    if mau not in ("1.8", "1.10"):
        text = {"1.5": "triển khai nhiệm vụ năm 2020", "1.9": "Họp giao ban tháng 3 năm 2020",
                "1.7": "Họp triển khai nhiệm vụ năm 2020"}.get(mau, "Về công tác văn thư, lưu "
                                                                     "trữ năm 2020")
        out += _TRICH_YEU.format(text=text)
    recipients = ["Giám đốc, các Phó Giám đốc Sở", "Các phòng, đơn vị thuộc Sở"]
    if slug in nd30.ARTICLE_TYPES:
        authority = ("GIÁM ĐỐC SỞ NỘI VỤ" if slug == "quyet-dinh"
                     else "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG SỞ NỘI VỤ")
        resolution = slug == "nghi-quyet"
        out += _DECISION.format(
            authority=authority,
            verb=nd30.VERB_NGHI_QUYET if resolution else nd30.VERB_QUYET_DINH,
            code="NQ-HĐND" if resolution else "QĐ-UBND",
            enacting="Hội đồng nhân dân tỉnh ban hành Nghị quyết …" if resolution
            else "Ủy ban nhân dân tỉnh ban hành Quyết định quy định …",
            kind="Nghị quyết" if resolution else "Quyết định",
            first="Nội dung chính của văn bản.",
            second="Văn bản có hiệu lực kể từ ngày ký.",
            last="Chánh Văn phòng Sở, Trưởng các phòng, đơn vị thuộc Sở chịu trách nhiệm "
                 "thi hành văn bản này.")
        recipients = ["Như Điều 3", "Giám đốc, các Phó Giám đốc Sở"]
    elif mau == "1.5":
        out += _KINH_GUI.format(to="Các phòng, đơn vị thuộc Sở") + _CONG_VAN_BODY
        recipients = ["Như trên", "Giám đốc Sở (để b/c)"]
    elif mau in _BY_MAU:
        out += _BY_MAU[mau]
        if mau == "1.8":
            recipients = []
        elif mau == "1.10":
            recipients = ["Bà Lê Thị C"]
    else:
        if doc_type.kinh_gui_optional:
            out += "# Tờ trình, báo cáo gửi cấp trên: thêm Kính gửi\n"
            out += _KINH_GUI.format(to="Ủy ban nhân dân tỉnh Lạng Sơn")
            recipients = ["Như trên", "Giám đốc Sở"]
        out += _BODY_14.format(first="Mục đích, yêu cầu")
    out += _BIEN_BAN_SIGNER if mau == "1.9" else _SIGNER
    if recipients:
        out += _RECIPIENTS.format(items=_items(recipients))
    return out

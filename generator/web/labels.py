"""Vietnamese labels of the content fields, for the web desk's form (help comes from the
schema's own descriptions, so it is written once, in generator/model.py)."""

from __future__ import annotations

LABELS = {
    "loai": "Loại văn bản", "co_quan": "Cơ quan ban hành", "chu_quan": "Cơ quan chủ quản",
    "ten": "Tên", "viet_tat": "Viết tắt", "ten_day_du": "Tên đầy đủ (trong câu văn)",
    "dia_chi": "Địa chỉ (chân trang)", "so": "Số", "chua_cap_so": "Chưa cấp số (in để ký)",
    "ky_hieu": "Ký hiệu", "don_vi_soan_thao": "Đơn vị soạn thảo (viết tắt)",
    "dia_danh": "Địa danh", "ngay": "Ngày ban hành", "trich_yeu": "Trích yếu",
    "muc_do_khan": "Mức độ khẩn", "do_mat": "Độ mật", "luu_hanh": "Phạm vi lưu hành",
    "tham_quyen": "Thẩm quyền ban hành", "can_cu": "Căn cứ", "theo_de_nghi": "Theo đề nghị của",
    "kinh_gui": "Kính gửi", "danh_so": "Kiểu đánh số từng cấp", "noi_dung": "Nội dung",
    "chu_thich": "Chú thích cuối trang", "phu_luc": "Phụ lục",
    "van_ban_kem_theo": "Văn bản ban hành kèm theo", "dien": "Công điện: người/cơ quan điện",
    "giay_moi": "Giấy mời", "bien_ban": "Biên bản", "gioi_thieu": "Giấy giới thiệu",
    "nghi_phep": "Giấy nghỉ phép", "ban_sao": "Bản sao", "mau": "Mẫu dùng chung",
    "bien": "Biến của mẫu", "nguoi_ky": "Người ký", "quyen_han": "Quyền hạn ký",
    "thu_truong": "Thủ trưởng / tập thể", "chuc_vu": "Chức vụ",
    "chuc_vu_khac": "Chức vụ khác", "ho_ten": "Họ và tên", "noi_nhan": "Nơi nhận",
    "luu": "Lưu (đơn vị)", "nguoi_soan": "Người soạn (viết tắt)", "so_ban": "Số bản phát hành",
    "muc": "Nội dung mục", "tieu_de": "Tên mục (in đậm)", "y": "Các ý con", "doan": "Đoạn văn",
    "dieu": "Điều", "phan": "Phần", "chuong": "Chương", "bang": "Tên bảng",
    "hinh": "Ảnh (PNG, JPEG): tải lên hoặc gõ tên tệp", "ten_hinh": "Tên hình (chú thích)",
    "don_vi_tinh": "Đơn vị tính", "cot": "Các cột", "dong": "Các dòng", "tong": "Dòng tổng cộng",
    "ngang": "Trang xoay ngang", "ghi_chu": "Ghi chú", "rong": "Độ rộng (mm)", "kieu": "Kiểu",
    "so_le": "Số chữ số thập phân", "nhom": "Tên nhóm", "tong_nhom": "Cộng nhóm",
    "gom": "Các nơi nhận của nhóm",
    "kinh_moi": "Kính mời", "toi_du": "Tới dự", "chu_tri": "Chủ trì", "thoi_gian": "Thời gian",
    "dia_diem": "Địa điểm", "su_kien": "Sự kiện", "thoi_gian_bat_dau": "Thời gian bắt đầu",
    "thanh_phan": "Thành phần", "thu_ky": "Thư ký", "ket_thuc": "Kết thúc",
    "ho_ten_thu_ky": "Họ tên thư ký", "ben_ky": "Các bên ký khác (bên trái)",
    "dai_dien": "Dòng đại diện (in hoa)", "xung_ho": "Xưng hô", "duoc_cu_den": "Được cử đến",
    "ve_viec": "Về việc", "co_gia_tri_den": "Có giá trị đến", "ngay_don": "Ngày đơn",
    "so_ngay": "Số ngày nghỉ", "tu_ngay": "Từ ngày", "den_ngay": "Đến ngày",
    "noi_nghi": "Nơi nghỉ", "tinh_vao": "Tính vào", "xac_nhan": "Ô xác nhận",
    "hinh_thuc": "Hình thức sao", "qppl": "Văn bản quy phạm pháp luật",
    "ban_hanh": "Câu ban hành (QPPL)", "nhan": "Nhãn riêng", "danh_so_y": "Kiểu số của ý con",
    "gui_kem_rieng": "Tài liệu gửi kèm riêng",
}

# What the "add" buttons of a list of blocks say, by the variant's schema name.
VARIANTS = {
    "string": "Đoạn văn", "Muc": "Mục đánh số", "Dieu": "Điều", "Doan": "Đoạn không số",
    "Bang": "Bảng", "Phan": "Phần", "Chuong": "Chương", "MucLon": "Mục (của chương)",
    "PhuLuc": "Phụ lục", "Cot": "Cột", "NhomDong": "Nhóm dòng",
    "DongTieuDe": "Dòng tiêu đề", "NhomNoiNhan": "Nhóm nơi nhận", "Hinh": "Hình",
}


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())

"""``vanban office init DIR``: a commented office.yaml that loads as written."""

from __future__ import annotations

from pathlib import Path

from ..files import write_atomic
from ..problems import Text
from .config import OFFICE_FILE
from .errors import RegisterError

STARTER = """\
# Thư mục cơ quan của vanban (tạo bằng: vanban office init). Sửa các giá trị mẫu.
# Sổ đăng ký (register.sqlite), văn bản đã cấp số (issued/), văn bản đến (incoming/),
# sổ in ra (registers/) nằm trong thư mục này; chỉ tệp này là do người sửa.
co_quan:                              # như co_quan của tệp nội dung
  chu_quan: UBND TỈNH LẠNG SƠN        # cơ quan chủ quản trực tiếp (nếu có)
  ten: SỞ NỘI VỤ                      # tên cơ quan ban hành
  viet_tat: SNV                       # chữ viết tắt dùng trong ký hiệu
  ten_day_du: Sở Nội vụ tỉnh Lạng Sơn # tên viết trong câu văn, bì thư, dữ liệu đặc tả
  dia_chi: Số 2 đường Hoàng Văn Thụ, thành phố Lạng Sơn
dia_danh: Lạng Sơn
ma_dinh_danh: H37.28                  # mã định danh (OrganId, QĐ 20/2020/QĐ-TTg), tối đa 13 ký tự
lien_he:                              # in trên bì thư (Phụ lục IV, mục II) và gói edXML
  dien_thoai: 0205 3812 345
  email: snv@langson.gov.vn
  website: sonoivu.langson.gov.vn
co_so_du_lieu: register.sqlite        # tệp SQLite trong thư mục này; nhiều người cùng làm:
                                      # postgresql://người_dùng@máy/tên_csdl
so_van_ban:                           # các hệ thống số (Điều 15): mỗi sổ một dãy số từ 01 mỗi năm
  - ma: hanh-chinh
    ten: Văn bản hành chính
    loai: "*"                         # mọi loại văn bản hành chính; hoặc [cong-van, thong-bao]
  - ma: qd-qppl
    ten: Quyết định quy phạm pháp luật
    loai: [quyet-dinh]                # mỗi loại văn bản QPPL một sổ riêng
    qppl: true
  - ma: mat
    ten: Văn bản mật
    mat: true                         # văn bản có độ mật: hệ thống số riêng
nguoi_ky:                             # người ký (ô 7) và khóa ký số (cho vanban sign)
  - ma: gd
    chuc_vu: GIÁM ĐỐC
    ho_ten: Nguyễn Văn A
    anh_chu_ky: images/gd.png         # ảnh chữ ký (PNG), nếu có
    khoa: keys/gd.p12                 # tệp PKCS#12; mật khẩu không ghi ở đây
# dau:                                # con dấu: ảnh và đường kính thật (mm)
#   anh: images/dau.png
#   duong_kinh_mm: 36
#   khoa: keys/co-quan.p12
tin_cay: []                           # chứng thư gốc tin cậy, ví dụ [certs/root-ca.pem]
"""

FOLDERS = ("issued", "incoming", "registers", "keys", "certs", "images")


def init_office(folder: Path, *, force: bool = False) -> Path:
    """Write the starter ``office.yaml`` and the office's folders."""
    target = folder / OFFICE_FILE
    if target.exists() and not force:
        raise RegisterError(Text(f"{target} đã có; thêm --force để ghi đè.",
                                 f"{target} exists; add --force to overwrite it."))
    write_atomic(target, STARTER.encode("utf-8"))
    for name in FOLDERS:
        (folder / name).mkdir(parents=True, exist_ok=True)
    return target

"""Fixtures for the consolidation tests: a small plan written on the fly, and the shipped ones."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "content" / "plans"
TINH_GIAN = PLANS / "tinh-gian-bien-che-2017"
DAO_TAO = PLANS / "dao-tao-boi-duong-2017"

# Four agencies in two groups; one field of each kind, a formula, a check and a flag.
TINY_PLAN = """\
ten: Kế hoạch thử
co_quan: {chu_quan: UBND TỈNH LẠNG SƠN, ten: SỞ NỘI VỤ, viet_tat: SNV}
dia_danh: Lạng Sơn
han_nop: 2017-12-15
bien: {nam: 2017}
nhom:
  - {ma: so, ten: "sở, ngành", chu_quan: UBND TỈNH LẠNG SƠN}
  - {ma: huyen, ten: huyện, quyen_han: TM., thu_truong: ỦY BAN NHÂN DÂN, chuc_vu_ky: CHỦ TỊCH}
don_vi:
  - {ma: STC, ten: Sở Tài chính, nhom: so}
  - {ma: SYT, ten: Sở Y tế, nhom: so}
  - {ma: CLO, viet_tat: UBND, ten: UBND huyện Cao Lộc, nhom: huyen}
  - {ma: HL, viet_tat: UBND, ten: UBND huyện Hữu Lũng, nhom: huyen}
truong:
  - {ma: bien_che, ten: Biên chế năm 2015}
  - {ma: giam, ten: Dự kiến giảm}
  - {ma: ngay_hop, ten: Ngày họp, kieu: ngay, bat_buoc: false}
  - {ma: sap_nhap, ten: Sáp nhập, kieu: danh_sach}
  - {ma: kien_nghi, ten: Kiến nghị, kieu: chu}
cong_thuc:
  - {ma: ty_le, ten: Tỷ lệ giảm, bieu_thuc: giam / bien_che * 100, so_le: 1, kieu: phan_tram}
kiem_tra:
  - dieu_kien: giam <= bien_che
    truong: giam
    thong_bao: Số giảm ({{ giam }}) lớn hơn biên chế ({{ bien_che }}).
canh_bao: {dieu_kien: ty_le < 10, nhan: Chưa đạt 10%}
bang:
  - ma: bien_che
    ten: BIÊN CHẾ
    cot:
      - {ten: TT, truong: stt}
      - {ten: Cơ quan, truong: ten}
      - {ten: Biên chế, truong: bien_che}
      - {ten: Giảm, truong: giam}
      - {ten: Sáp nhập, truong: sap_nhap}
      - {ten: Tỷ lệ (%), truong: ty_le}
      - {ten: Ghi chú, truong: canh_bao}
theo_nhom: true
tong_hop:
  loai: de-an
  chua_cap_so: true
  ngay: 2017-12-20
  trich_yeu: Đề án thử của khối {{ nhom.ten }}
  noi_dung:
    - Tổng biên chế {{ tong.bien_che | so }}, giảm {{ tong.giam | so }} ({{ tong.ty_le | so(1) }}%).
    - "{% for d in chua_dat %}Chưa đạt: {{ d.ten }}\\n{% endfor %}"
    - tieu_de: Kiến nghị
      y:
        - y_kien: [kien_nghi, sap_nhap]
  phu_luc:
    - ten: BẢNG BIÊN CHẾ
      noi_dung:
        - bang_tong_hop: bien_che
    - ten: TÌNH HÌNH GỬI
      noi_dung:
        - bang_tinh_trang: true
  nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
don_doc:
  loai: cong-van
  so: 12
  ngay: 2017-12-18
  don_vi_soan_thao: TCBC
  trich_yeu: đôn đốc gửi đề án
  noi_dung:
    - Đề nghị {{ thieu | map(attribute='ten') | join(', ') }} gửi đề án.
  nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
ho_so:
  loai: de-an
  trich_yeu: Đề án của {{ ten }}
  noi_dung:
    - tieu_de: Số liệu
      y:
        - so_lieu: true
"""


def unit_yaml(code: str, *, received: str = "2017-12-14", bien_che: object = 100,
              giam: object = 12, number: int = 10, extra: str = "") -> str:
    kind = "UBND" if code in ("CLO", "HL") else code
    return textwrap.dedent(f"""\
        don_vi: {code}
        so_hieu: {number}/ĐA-{kind}
        ngay: 2017-12-10
        ngay_nhan: {received}
        nguoi_ky: Nguyễn Văn A
        bien_che: {bien_che}
        giam: {giam}
        sap_nhap:
          - Hợp nhất phòng A và phòng B
        kien_nghi: Kiến nghị của {code}.
        """) + extra


PlanMaker = Callable[..., Path]


@pytest.fixture
def make_plan(tmp_path: Path) -> PlanMaker:
    """A plan folder with ``units`` given as {file name: text}; the plan text can change."""

    def make(units: dict[str, str] | None = None, plan: str = TINY_PLAN,
             name: str = "plan") -> Path:
        folder = tmp_path / name
        (folder / "units").mkdir(parents=True, exist_ok=True)
        (folder / "plan.yaml").write_text(plan, encoding="utf-8")
        for file, text in (units or {}).items():
            (folder / "units" / file).write_text(text, encoding="utf-8")
        return folder

    return make


@pytest.fixture
def standard_units() -> dict[str, str]:
    """STC on time, SYT late by 2 days, CLO on time below target, HL missing."""
    return {
        "STC.yaml": unit_yaml("STC", bien_che=100, giam=12),
        "SYT.yaml": unit_yaml("SYT", received="2017-12-17", bien_che=200, giam=30),
        "CLO.yaml": unit_yaml("CLO", bien_che=80, giam=4),
    }


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A copy of the shipped tinh giản plan, safe to change."""
    target = tmp_path / "tinh-gian"
    shutil.copytree(TINH_GIAN, target)
    return target

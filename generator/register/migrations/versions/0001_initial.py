"""The register's first schema: numbers, counters, closed years, incoming, audit log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_NO_EDIT = "nhật ký chỉ được ghi thêm, không sửa, không xóa (audit log is append-only)"


def upgrade() -> None:
    op.create_table(
        "so_di",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("so_sach", sa.String(40), nullable=False),
        sa.Column("nam", sa.Integer, nullable=False),
        sa.Column("so", sa.Integer, nullable=False),
        sa.Column("trang_thai", sa.String(8), nullable=False),
        sa.Column("ngay", sa.Date, nullable=False),
        sa.Column("nguoi_giu", sa.String(500), nullable=False),
        sa.Column("ban_nhap_sha256", sa.String(64)),
        sa.Column("ky_hieu", sa.String(30)),
        sa.Column("co_quan", sa.String(30)),
        sa.Column("so_ky_hieu", sa.String(60)),
        sa.Column("loai", sa.String(40)),
        sa.Column("ten_loai", sa.String(100)),
        sa.Column("trich_yeu", sa.Text),
        sa.Column("nguoi_ky", sa.String(200)),
        sa.Column("chuc_vu", sa.String(200)),
        sa.Column("noi_nhan", sa.Text),
        sa.Column("luu", sa.String(200)),
        sa.Column("so_ban", sa.Integer),
        sa.Column("muc_do_khan", sa.String(20)),
        sa.Column("do_mat", sa.String(20)),
        sa.Column("tep", sa.String(500)),
        sa.Column("ly_do", sa.Text),
        sa.Column("nguoi_dung", sa.String(100), nullable=False),
        sa.Column("cap_nhat_luc", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("so_sach", "nam", "so", name="uq_so_di_sach_nam_so"),
        sa.UniqueConstraint("nam", "so", "ky_hieu", "co_quan", name="uq_so_di_so_ky_hieu"),
    )
    op.create_table(
        "bo_dem",
        sa.Column("so_sach", sa.String(40), primary_key=True),
        sa.Column("nam", sa.Integer, primary_key=True),
        sa.Column("so_cuoi", sa.Integer, nullable=False),
    )
    op.create_table(
        "nam_da_khoa",
        sa.Column("nam", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("nguoi_dung", sa.String(100), nullable=False),
        sa.Column("luc", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "van_ban_den",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("nam", sa.Integer, nullable=False),
        sa.Column("so_den", sa.Integer, nullable=False),
        sa.Column("ngay_den", sa.Date, nullable=False),
        sa.Column("tac_gia", sa.String(200)),
        sa.Column("so_ky_hieu", sa.String(60)),
        sa.Column("ngay_van_ban", sa.Date),
        sa.Column("ten_loai", sa.String(100)),
        sa.Column("trich_yeu", sa.Text),
        sa.Column("don_vi_nhan", sa.String(200)),
        sa.Column("han_giai_quyet", sa.Date),
        sa.Column("tien_do", sa.Text),
        sa.Column("van_ban_tra_loi", sa.String(60)),
        sa.Column("tep", sa.String(500), nullable=False),
        sa.Column("ban_dau_den", sa.String(500)),
        sa.Column("chu_ky_so", sa.Text),
        sa.Column("ghi_chu", sa.Text),
        sa.Column("nguoi_dung", sa.String(100), nullable=False),
        sa.Column("luc", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("nam", "so_den", name="uq_van_ban_den_nam_so"),
    )
    op.create_table(
        "nhat_ky",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("luc", sa.DateTime(timezone=True), nullable=False),
        sa.Column("nguoi_dung", sa.String(100), nullable=False),
        sa.Column("hanh_dong", sa.String(40), nullable=False),
        sa.Column("chi_tiet", sa.Text, nullable=False),
    )
    # The audit log cannot be edited through any SQL the tool (or a clerk) sends.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION nhat_ky_chi_ghi_them() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{_NO_EDIT}'; END $$""")
        op.execute("""
            CREATE TRIGGER nhat_ky_khong_sua BEFORE UPDATE OR DELETE ON nhat_ky
            FOR EACH ROW EXECUTE FUNCTION nhat_ky_chi_ghi_them()""")
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER nhat_ky_khong_{event.lower()} BEFORE {event} ON nhat_ky
                BEGIN SELECT RAISE(ABORT, '{_NO_EDIT}'); END""")

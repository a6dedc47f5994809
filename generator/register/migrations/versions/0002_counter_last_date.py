"""The counter keeps the date of the book's latest number: the order check of Điều 15.1
costs no query on the common path.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bo_dem") as batch:
        batch.add_column(sa.Column("ngay_cuoi", sa.Date, nullable=True))
    op.execute("""
        UPDATE bo_dem SET ngay_cuoi = (
            SELECT MAX(so_di.ngay) FROM so_di
            WHERE so_di.so_sach = bo_dem.so_sach AND so_di.nam = bo_dem.nam)""")
    op.execute("""
        UPDATE bo_dem SET ngay_cuoi = (
            SELECT MAX(van_ban_den.ngay_den) FROM van_ban_den
            WHERE van_ban_den.nam = bo_dem.nam)
        WHERE so_sach = '~den'""")

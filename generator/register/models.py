"""The register's tables (SQLAlchemy 2.0 typed models); the schema itself is built by the
Alembic migrations in ``migrations/``, and a test checks the two agree."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

RESERVED, ISSUED, RELEASED = "giu", "cap", "huy"  # trạng thái of a number
INCOMING_BOOK = "~den"  # the counter of số đến (no user book code starts with '~')


class Base(DeclarativeBase):
    pass


class Number(Base):
    """One number of a book: reserved (giu), issued (cap) or released with a reason (huy)."""

    __tablename__ = "so_di"
    __table_args__ = (
        UniqueConstraint("so_sach", "nam", "so", name="uq_so_di_sach_nam_so"),
        # Điều 15.1: số and ký hiệu are unique in a year for the issuing body.
        UniqueConstraint("nam", "so", "ky_hieu", "co_quan", name="uq_so_di_so_ky_hieu"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    so_sach: Mapped[str] = mapped_column(String(40))
    nam: Mapped[int] = mapped_column(Integer)
    so: Mapped[int] = mapped_column(Integer)
    trang_thai: Mapped[str] = mapped_column(String(8))
    ngay: Mapped[dt.date] = mapped_column(Date)
    nguoi_giu: Mapped[str] = mapped_column(String(500))
    ban_nhap_sha256: Mapped[str | None] = mapped_column(String(64))
    ky_hieu: Mapped[str | None] = mapped_column(String(30))
    co_quan: Mapped[str | None] = mapped_column(String(30))
    so_ky_hieu: Mapped[str | None] = mapped_column(String(60))
    loai: Mapped[str | None] = mapped_column(String(40))
    ten_loai: Mapped[str | None] = mapped_column(String(100))
    trich_yeu: Mapped[str | None] = mapped_column(Text)
    nguoi_ky: Mapped[str | None] = mapped_column(String(200))
    chuc_vu: Mapped[str | None] = mapped_column(String(200))
    noi_nhan: Mapped[str | None] = mapped_column(Text)
    luu: Mapped[str | None] = mapped_column(String(200))
    so_ban: Mapped[int | None] = mapped_column(Integer)
    muc_do_khan: Mapped[str | None] = mapped_column(String(20))
    do_mat: Mapped[str | None] = mapped_column(String(20))
    tep: Mapped[str | None] = mapped_column(String(500))
    ly_do: Mapped[str | None] = mapped_column(Text)
    nguoi_dung: Mapped[str] = mapped_column(String(100))
    cap_nhat_luc: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Counter(Base):
    """The last number given in a (book, year): the row every allocation locks."""

    __tablename__ = "bo_dem"

    so_sach: Mapped[str] = mapped_column(String(40), primary_key=True)
    nam: Mapped[int] = mapped_column(Integer, primary_key=True)
    so_cuoi: Mapped[int] = mapped_column(Integer)
    ngay_cuoi: Mapped[dt.date | None] = mapped_column(Date)  # date of the latest number


class ClosedYear(Base):
    __tablename__ = "nam_da_khoa"

    nam: Mapped[int] = mapped_column(Integer, primary_key=True)
    nguoi_dung: Mapped[str] = mapped_column(String(100))
    luc: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Incoming(Base):
    """Sổ đăng ký văn bản đến (Phụ lục IV VI) and its follow-up (VIII)."""

    __tablename__ = "van_ban_den"
    __table_args__ = (UniqueConstraint("nam", "so_den", name="uq_van_ban_den_nam_so"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nam: Mapped[int] = mapped_column(Integer)
    so_den: Mapped[int] = mapped_column(Integer)
    ngay_den: Mapped[dt.date] = mapped_column(Date)
    tac_gia: Mapped[str | None] = mapped_column(String(200))
    so_ky_hieu: Mapped[str | None] = mapped_column(String(60))
    ngay_van_ban: Mapped[dt.date | None] = mapped_column(Date)
    ten_loai: Mapped[str | None] = mapped_column(String(100))
    trich_yeu: Mapped[str | None] = mapped_column(Text)
    don_vi_nhan: Mapped[str | None] = mapped_column(String(200))
    han_giai_quyet: Mapped[dt.date | None] = mapped_column(Date)
    tien_do: Mapped[str | None] = mapped_column(Text)
    van_ban_tra_loi: Mapped[str | None] = mapped_column(String(60))
    tep: Mapped[str] = mapped_column(String(500))
    ban_dau_den: Mapped[str | None] = mapped_column(String(500))
    chu_ky_so: Mapped[str | None] = mapped_column(Text)
    ghi_chu: Mapped[str | None] = mapped_column(Text)
    nguoi_dung: Mapped[str] = mapped_column(String(100))
    luc: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Nhật ký: who, when, what. Triggers refuse UPDATE and DELETE on this table."""

    __tablename__ = "nhat_ky"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    luc: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    nguoi_dung: Mapped[str] = mapped_column(String(100))
    hanh_dong: Mapped[str] = mapped_column(String(40))
    chi_tiet: Mapped[str] = mapped_column(Text)

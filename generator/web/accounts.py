"""Users, roles and login sessions of the web desk, in a SQLite file of the office folder.

Passwords are hashed with argon2id; a session is a random token (only its SHA-256 is
stored) with an expiry and its own CSRF token. An agency account is bound to one entry
(``don_vi[].ma``) of one plan's roster and sees nothing else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import DateTime, ForeignKey, String, create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

# Roles (issue 12): who drafts, signs, issues and registers, runs plans, submits for an agency.
CHUYEN_VIEN, LANH_DAO, VAN_THU, SO_NOI_VU, DON_VI, QUAN_TRI = (
    "chuyen-vien", "lanh-dao", "van-thu", "so-noi-vu", "don-vi", "quan-tri")
ROLES = {
    CHUYEN_VIEN: "Chuyên viên (soạn thảo)",
    LANH_DAO: "Lãnh đạo (ký)",
    VAN_THU: "Văn thư (cấp số, đăng ký)",
    SO_NOI_VU: "Sở Nội vụ (kế hoạch tổng hợp)",
    DON_VI: "Cơ quan, đơn vị nộp báo cáo",
    QUAN_TRI: "Quản trị",
}
# Who may write documents at the desk (agencies only submit to their plan).
DRAFTERS = frozenset({CHUYEN_VIEN, LANH_DAO, VAN_THU, SO_NOI_VU, QUAN_TRI})
PLANNERS = frozenset({SO_NOI_VU, QUAN_TRI})
SESSION_LIFETIME = dt.timedelta(hours=8)
MIN_PASSWORD = 10

_hasher = PasswordHasher()


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "nguoi_dung"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    full_name: Mapped[str] = mapped_column(String(100), default="")
    plan: Mapped[str | None] = mapped_column(String(100), default=None)  # agency accounts
    unit: Mapped[str | None] = mapped_column(String(40), default=None)  # don_vi[].ma


class LoginSession(Base):
    __tablename__ = "phien"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("nguoi_dung.id"))
    csrf: Mapped[str] = mapped_column(String(64))
    expires: Mapped[dt.datetime] = mapped_column(DateTime)


class AccountError(ValueError):
    """A refused account operation; the message is Vietnamese, for the clerk."""


@dataclass(frozen=True)
class Account:
    """What a request knows about its user (detached from the database session)."""

    id: int
    username: str
    role: str
    full_name: str
    plan: str | None
    unit: str | None
    csrf: str

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    def __init__(self, database: Path) -> None:
        database.parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(f"sqlite:///{database}",
                                            connect_args={"timeout": 30})
        event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine) as db, db.begin():
            yield db

    def add_user(self, username: str, password: str, role: str, *, full_name: str = "",
                 plan: str | None = None, unit: str | None = None) -> None:
        if role not in ROLES:
            raise AccountError(f"Vai trò «{role}» không có; chọn một trong: {', '.join(ROLES)}.")
        if (role == DON_VI) != bool(plan and unit):
            raise AccountError("Tài khoản đơn vị cần --plan và --don-vi (mã trong danh sách "
                               "don_vi của kế hoạch); các vai trò khác không có.")
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.")
        if not username or not username.replace("-", "").replace("_", "").replace(".", "") \
                .isalnum():
            raise AccountError("Tên đăng nhập chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới.")
        with self.session() as db:
            if db.scalar(select(User).where(User.username == username)):
                raise AccountError(f"Tên đăng nhập «{username}» đã có.")
            db.add(User(username=username, password_hash=_hasher.hash(password), role=role,
                        full_name=full_name, plan=plan, unit=unit))

    def login(self, username: str, password: str) -> str | None:
        """A new session token, or None (unknown user and wrong password look the same)."""
        with self.session() as db:
            user = db.scalar(select(User).where(User.username == username))
            if user is None:
                _hasher.hash(password)  # same cost whether or not the user exists
                return None
            try:
                _hasher.verify(user.password_hash, password)
            except (VerificationError, InvalidHashError):
                return None
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = _hasher.hash(password)
            token = secrets.token_urlsafe(32)
            db.add(LoginSession(token_hash=_digest(token), user_id=user.id,
                                csrf=secrets.token_urlsafe(32),
                                expires=_now() + SESSION_LIFETIME))
            return token

    def account(self, token: str | None) -> Account | None:
        if not token:
            return None
        with self.session() as db:
            found = db.get(LoginSession, _digest(token))
            if found is None:
                return None
            if found.expires <= _now():
                db.delete(found)
                return None
            user = db.get(User, found.user_id)
            if user is None:
                return None
            return Account(user.id, user.username, user.role, user.full_name, user.plan,
                           user.unit, found.csrf)

    def logout(self, token: str | None) -> None:
        if token:
            with self.session() as db:
                found = db.get(LoginSession, _digest(token))
                if found is not None:
                    db.delete(found)

    def expire_all(self) -> None:
        """For tests and for an administrator: every session ends now."""
        with self.session() as db:
            for found in db.scalars(select(LoginSession)):
                found.expires = _now() - dt.timedelta(seconds=1)


def _sqlite_pragmas(connection, _record) -> None:  # noqa: ANN001 (DB-API connection)
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()

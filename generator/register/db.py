"""The register database: SQLite in the office folder (WAL, BEGIN IMMEDIATE, busy timeout)
or PostgreSQL (psycopg 3) from a URL; the schema brought to the newest version at open.
"""

from __future__ import annotations

import contextlib
import functools
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError

from ..problems import Text
from .errors import RegisterError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_BUSY_TIMEOUT = 30.0  # seconds a writer waits for another (SQLite), then "locked"
SQLITE_STATEMENT_WAIT_MS = 20
_PG_MIGRATION_LOCK = 0x76616E62  # "vanb": one migrating process at a time on a server


def database_url(setting: str, folder: Path) -> URL:
    """``co_so_du_lieu``: a PostgreSQL URL, or a SQLite file inside the office folder."""
    if "://" in setting:
        try:
            url = make_url(setting)
        except ArgumentError as exc:
            raise RegisterError(Text("co_so_du_lieu không phải địa chỉ cơ sở dữ liệu hợp lệ.",
                                     "co_so_du_lieu is not a valid database URL.")) from exc
        if url.get_backend_name() != "postgresql":
            raise RegisterError(Text(
                f"Chỉ hỗ trợ SQLite (tệp) hoặc PostgreSQL (postgresql://…), không hỗ trợ "
                f"'{url.get_backend_name()}'.", "Only SQLite (a file) or PostgreSQL "
                f"(postgresql://…) are supported, not '{url.get_backend_name()}'."))
        return url.set(drivername="postgresql+psycopg")
    path = (folder / setting).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise RegisterError(Text(
            f"Tệp cơ sở dữ liệu '{setting}' nằm ngoài thư mục cơ quan.",
            f"The database file '{setting}' is outside the office folder."),
            Text("Ghi tên tệp trong thư mục cơ quan, ví dụ: co_so_du_lieu: register.sqlite",
                 "Name a file inside the office folder, e.g. co_so_du_lieu: register.sqlite"))
    return URL.create("sqlite", database=str(path))


def describe(url: URL) -> str:
    """The database for a message: never its password."""
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return url.render_as_string(hide_password=True)


def make_engine(url: URL, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Engine:
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True,
                             connect_args={"connect_timeout": max(1, int(busy_timeout))})
    engine = create_engine(url, connect_args={"timeout": busy_timeout})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we send BEGIN IMMEDIATE ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        # SQLite's own busy handler sleeps up to 100 ms between tries; the wait for the
        # write lock is our loop below (short random sleeps), inside the same timeout.
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_STATEMENT_WAIT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # Take the write lock at the start: two clerks never read the same "last number".
        deadline = time.monotonic() + busy_timeout
        while True:
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as exc:
                if "locked" not in str(exc.orig) or time.monotonic() > deadline:
                    raise
                time.sleep(random.uniform(0.0005, 0.004))

    return engine


def _alembic_config(connection: Any) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@functools.cache
def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


def migrate(engine: Engine, where: str) -> None:
    """Bring the schema to our newest version; refuse a database made by a newer vanban."""
    with translate_errors(where), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"),
                               {"k": _PG_MIGRATION_LOCK})
        current = MigrationContext.configure(connection).get_current_revision()
        if current == head_revision():
            return
        known = {script.revision for script in _scripts().walk_revisions()}
        if current is not None and current not in known:
            raise RegisterError(Text(
                f"Cơ sở dữ liệu {where} có phiên bản lược đồ '{current}', mới hơn phiên bản "
                f"vanban này hiểu ({head_revision()}); không mở để tránh làm hỏng dữ liệu.",
                f"The database {where} has schema version '{current}', newer than this "
                f"vanban knows ({head_revision()}); not opened, to avoid damaging it."),
                Text("Cập nhật vanban lên phiên bản mới hơn.", "Upgrade vanban."))
        command.upgrade(_alembic_config(connection), "head")


@contextlib.contextmanager
def translate_errors(where: str) -> Iterator[None]:
    """Database faults → a clerk's message (the password of a URL is never shown)."""
    try:
        yield
    except RegisterError:
        raise
    except OperationalError as exc:
        raw = str(exc.orig).lower()
        if "locked" in raw or "busy" in raw:
            raise RegisterError(Text(
                f"Cơ sở dữ liệu {where} đang bị khóa bởi một tiến trình khác quá lâu; "
                "không có gì được thay đổi.",
                f"The database {where} stayed locked by another process; nothing was "
                "changed."), Text("Thử lại sau ít phút; nếu vẫn lỗi, kiểm tra chương trình "
                                  "nào đang mở tệp.", "Try again in a few minutes; if it "
                                  "persists, check which program holds the file.")) from None
        if "not a database" in raw or "malformed" in raw:
            raise _corrupt(where) from None
        raise RegisterError(Text(
            f"Không mở được cơ sở dữ liệu {where}: {_first_line(exc)}",
            f"Cannot open the database {where}: {_first_line(exc)}")) from None
    except DBAPIError as exc:
        raw = str(exc.orig).lower()
        if "not a database" in raw or "malformed" in raw:
            raise _corrupt(where) from None
        raise RegisterError(Text(f"Lỗi cơ sở dữ liệu {where}: {_first_line(exc)}",
                                 f"Database error in {where}: {_first_line(exc)}")) from None
    except SQLAlchemyError as exc:
        raise RegisterError(Text(f"Lỗi cơ sở dữ liệu {where}: {_first_line(exc)}",
                                 f"Database error in {where}: {_first_line(exc)}")) from None


def _first_line(exc: Exception) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


def _corrupt(where: str) -> RegisterError:
    return RegisterError(Text(
        f"Tệp cơ sở dữ liệu {where} bị hỏng (không phải cơ sở dữ liệu SQLite hợp lệ); "
        "không có gì được thay đổi.",
        f"The database file {where} is damaged (not a valid SQLite database); nothing was "
        "changed."), Text("Khôi phục tệp từ bản sao lưu.", "Restore it from a backup."))

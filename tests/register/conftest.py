"""Office folders on both databases: SQLite in the folder and a private PostgreSQL server
started for the test session (CI=true turns a server that cannot start into a failure)."""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.register.pgserver import PostgresServer, PostgresUnavailable, postgres_server

OFFICE_YAML = """\
co_quan:
  chu_quan: UBND TỈNH LẠNG SƠN
  ten: SỞ NỘI VỤ
  viet_tat: SNV
  ten_day_du: Sở Nội vụ tỉnh Lạng Sơn
  dia_chi: Số 2 đường Hoàng Văn Thụ, thành phố Lạng Sơn
dia_danh: Lạng Sơn
ma_dinh_danh: H37.28
lien_he: {dien_thoai: 0205 3812 345, email: snv@langson.gov.vn}
co_so_du_lieu: {database}
so_van_ban:
  - {ma: hanh-chinh, ten: Văn bản hành chính, loai: "*"}
  - {ma: qd-qppl, ten: Quyết định QPPL, loai: [quyet-dinh], qppl: true}
  - {ma: mat, ten: Văn bản mật, mat: true}
nguoi_ky:
  - {ma: gd, chuc_vu: GIÁM ĐỐC, ho_ten: Trần Văn B}
"""

DRAFT = """\
# Bản thảo công văn: cấp số khi phát hành
loai: cong-van
co_quan:
  chu_quan: UBND TỈNH LẠNG SƠN
  ten: SỞ NỘI VỤ
  viet_tat: SNV
chua_cap_so: true   # số và ngày do văn thư cấp
don_vi_soan_thao: TCBM
dia_danh: Lạng Sơn
ngay: 2025-01-01    # ngày dự kiến; văn thư ghi ngày ban hành
trich_yeu: {trich_yeu}
kinh_gui:
  - Sở Tài chính
noi_dung:
  - Sở Nội vụ đề nghị Sở Tài chính gửi Đề án trước ngày 15/12/2025.
nguoi_ky:
  chuc_vu: GIÁM ĐỐC
  ho_ten: Trần Văn B
noi_nhan: [Lãnh đạo Sở]
so_ban: 3
"""

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    manager = postgres_server()
    try:
        server = manager.__enter__()
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL không khởi động được: {exc}")
    try:
        yield server
    finally:
        manager.__exit__(None, None, None)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> str:
    """The office's co_so_du_lieu: a SQLite file, or a fresh database on the server."""
    if request.param == "sqlite":
        return "register.sqlite"
    server: PostgresServer = request.getfixturevalue("pg_server")
    return server.create_database(f"vanban_{next(_names)}")


@pytest.fixture
def make_office(tmp_path: Path) -> Callable[..., Path]:
    def make(database: str = "register.sqlite", name: str = "office",
             text: str = OFFICE_YAML) -> Path:
        folder = tmp_path / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "office.yaml").write_text(text.replace("{database}", f'"{database}"'),
                                            encoding="utf-8")
        return folder
    return make


@pytest.fixture
def office_folder(make_office: Callable[..., Path], database: str) -> Path:
    return make_office(database)


@pytest.fixture
def write_draft(tmp_path: Path) -> Callable[..., Path]:
    def write(trich_yeu: str = "đôn đốc gửi Đề án", name: str = "draft.yaml",
              text: str | None = None) -> Path:
        path = tmp_path / "drafts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        body = text if text is not None else DRAFT.replace("{trich_yeu}", trich_yeu)
        path.write_text(textwrap.dedent(body), encoding="utf-8")
        return path
    return write

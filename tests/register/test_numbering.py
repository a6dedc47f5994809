"""Number books on SQLite and PostgreSQL: order, gaps, reuse, closed years, audit log."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from generator.register import Office, RegisterError
from generator.register.models import Base

D = dt.date


def test_numbers_start_at_01_each_year_per_book(office_folder: Path) -> None:
    with Office.open(office_folder, user="vt1") as office:
        got = [office.allocate("hanh-chinh", D(2025, 12, 30), "a").number,
               office.allocate("hanh-chinh", D(2025, 12, 31), "b").number,
               office.allocate("mat", D(2025, 12, 31), "c").number,
               office.allocate("hanh-chinh", D(2026, 1, 1), "d").number,
               office.allocate("hanh-chinh", D(2026, 1, 2), "e").number]
        assert got == [1, 2, 1, 1, 2]
        log = office.audit_log()
    assert [e.hanh_dong for e in log] == ["giu-so"] * 5
    assert {e.nguoi_dung for e in log} == {"vt1"}
    assert json.loads(log[3].chi_tiet) == {"so_sach": "hanh-chinh", "nam": 2026, "so": 1,
                                           "ngay": "2026-01-01", "nguoi_giu": "d"}


def test_release_leaves_a_recorded_gap(office_folder: Path) -> None:
    with Office.open(office_folder) as office:
        office.reserve("hanh-chinh", D(2025, 3, 1), "phòng TCBM")
        office.release("hanh-chinh", 1, year=2025, reason="bản thảo bị hủy")
        assert office.allocate("hanh-chinh", D(2025, 3, 2), "x").number == 2
        rows = office.numbers(book="hanh-chinh", status=None)
        assert [(r.so, r.trang_thai, r.ly_do) for r in rows] == [
            (1, "huy", "bản thảo bị hủy"), (2, "giu", None)]
        with pytest.raises(RegisterError) as info:
            office.release("hanh-chinh", 1, year=2025, reason="lần nữa")
        assert "đã hủy (bản thảo bị hủy)" in info.value.message.vi
        with pytest.raises(RegisterError, match="reason"):
            office.release("hanh-chinh", 2, year=2025, reason="  ")


def test_a_date_before_the_last_number_is_refused(office_folder: Path) -> None:
    with Office.open(office_folder) as office:
        office.allocate("hanh-chinh", D(2025, 3, 14), "a")
        with pytest.raises(RegisterError) as info:
            office.allocate("hanh-chinh", D(2025, 3, 13), "b")
        assert "Điều 15.1" in info.value.message.vi and "14/03/2025" in info.value.message.vi
        # nothing was taken: the next number is still 2
        assert office.allocate("hanh-chinh", D(2025, 3, 14), "c").number == 2
        assert office.allocate("mat", D(2025, 1, 2), "other book").number == 1


def test_closed_year_takes_no_more_numbers(office_folder: Path) -> None:
    with Office.open(office_folder) as office:
        office.reserve("hanh-chinh", D(2025, 12, 31), "còn giữ")
        with pytest.raises(RegisterError) as info:
            office.close_year(2025)
        assert "còn số đang giữ" in info.value.message.vi and "còn giữ" in info.value.message.vi
        office.release("hanh-chinh", 1, year=2025, reason="không dùng")
        office.close_year(2025)
        for call in (lambda: office.allocate("hanh-chinh", D(2025, 12, 31), "late"),
                     lambda: office.release("hanh-chinh", 1, year=2025, reason="x"),
                     lambda: office.close_year(2025)):
            with pytest.raises(RegisterError, match="2025"):
                call()
        assert office.allocate("hanh-chinh", D(2026, 1, 1), "new year").number == 1
        assert [e.hanh_dong for e in office.audit_log()] == [
            "giu-so", "huy-so", "khoa-so", "giu-so"]


def test_audit_log_cannot_be_edited(office_folder: Path) -> None:
    with Office.open(office_folder) as office:
        office.allocate("hanh-chinh", D(2025, 1, 5), "a")
        for statement in ("UPDATE nhat_ky SET nguoi_dung = 'khác'", "DELETE FROM nhat_ky"):
            with pytest.raises(Exception, match="chỉ được ghi thêm"), \
                    office.engine.begin() as conn:
                conn.execute(text(statement))
        assert len(office.audit_log()) == 1


def test_schema_matches_the_models(office_folder: Path) -> None:
    with Office.open(office_folder) as office, office.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_newer_schema_is_refused(office_folder: Path) -> None:
    Office.open(office_folder).close()
    office = Office.open(office_folder)
    with office.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    office.close()
    with pytest.raises(RegisterError) as info:
        Office.open(office_folder)
    assert "mới hơn" in info.value.message.vi and "9999" in info.value.message.vi


def test_corrupt_database_file(make_office: Callable[..., Path]) -> None:
    folder = make_office()
    garbage = b"this is not a database, it was overwritten by mistake" * 100
    (folder / "register.sqlite").write_bytes(garbage)
    with pytest.raises(RegisterError) as info:
        Office.open(folder)
    assert "bị hỏng" in info.value.message.vi
    assert (folder / "register.sqlite").read_bytes() == garbage


def test_locked_database(make_office: Callable[..., Path]) -> None:
    folder = make_office()
    Office.open(folder).close()
    holder = sqlite3.connect(folder / "register.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(RegisterError) as info, \
                Office.open(folder, busy_timeout=0.3) as office:
            office.allocate("hanh-chinh", D(2025, 1, 1), "x")
        assert "đang bị khóa" in info.value.message.vi
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Office.open(folder) as office:
        assert office.numbers(status=None) == []


def _allocate_many(args: tuple[str, int, int]) -> list[int]:
    folder, worker, count = args
    out = []
    with Office.open(folder, user=f"worker{worker}") as office:
        for _ in range(count):
            out.append(office.allocate("hanh-chinh", D(2025, 6, 1), f"w{worker}").number)
    return out


def test_1000_numbers_by_8_processes(office_folder: Path) -> None:
    Office.open(office_folder).close()  # schema created once; the workers race on numbers
    with multiprocessing.get_context("fork").Pool(8) as pool:
        results = pool.map(_allocate_many, [(str(office_folder), w, 125) for w in range(8)])
    numbers = sorted(n for chunk in results for n in chunk)
    assert numbers == list(range(1, 1001))  # no duplicate, no gap
    assert all(chunk == sorted(chunk) for chunk in results)
    with Office.open(office_folder) as office:
        rows = office.numbers(status=None)
        assert sorted(r.so for r in rows) == numbers
        assert {(r.nguoi_dung, r.nguoi_giu) for r in rows} == {
            (f"worker{w}", f"w{w}") for w in range(8)}
        assert len(office.audit_log()) == 1000


def test_8_connections_in_one_process(office_folder: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    offices = [Office.open(office_folder, user=f"c{i}") for i in range(8)]
    try:
        with ThreadPoolExecutor(8) as pool:
            chunks = list(pool.map(
                lambda o: [o.allocate("mat", D(2025, 2, 2), o.user).number for _ in range(25)],
                offices))
    finally:
        for office in offices:
            office.close()
    assert sorted(n for chunk in chunks for n in chunk) == list(range(1, 201))


def test_an_older_schema_is_upgraded_in_place(office_folder: Path) -> None:
    """A register made at revision 0001 (before the counter kept its latest date) opens,
    is upgraded, keeps its numbers and still refuses a backdated number."""
    from alembic import command

    from generator.register.config import load_office_config
    from generator.register.db import _alembic_config, database_url, make_engine

    url = database_url(load_office_config(office_folder).co_so_du_lieu, office_folder)
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")
        conn.execute(text("INSERT INTO bo_dem (so_sach, nam, so_cuoi) VALUES "
                          "('hanh-chinh', 2025, 1)"))
        conn.execute(text(
            "INSERT INTO so_di (so_sach, nam, so, trang_thai, ngay, nguoi_giu, nguoi_dung, "
            "cap_nhat_luc) VALUES ('hanh-chinh', 2025, 1, 'giu', :d, 'cũ', 'vt', :t)"),
            {"d": D(2025, 5, 5), "t": dt.datetime(2025, 5, 5, tzinfo=dt.UTC)})
    engine.dispose()
    with Office.open(office_folder) as office:
        with office.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == "0002"
        assert [r.nguoi_giu for r in office.numbers(status=None)] == ["cũ"]
        with pytest.raises(RegisterError, match="earlier than"):
            office.allocate("hanh-chinh", D(2025, 5, 4), "x")
        assert office.allocate("hanh-chinh", D(2025, 5, 6), "x").number == 2

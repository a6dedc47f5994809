"""Benchmark of the văn thư's register (generator/register).

    python bench/bench_register.py [--quick] [--allocations 2000] [--entries 5000]

1. Allocations per second with 8 concurrent writer processes, on SQLite (WAL, BEGIN
   IMMEDIATE) and on PostgreSQL (a private server started here, 8 connections).
2. Issuing one draft end to end — number, numbered YAML, DOCX, PDF, register row — with the
   LibreOffice worker already warm (median of several).
3. Printing a year's sổ đăng ký văn bản đi of 5,000 entries as PDF and as XLSX.

``--quick`` (under a minute): 400 allocations, 2 issues, a register of 500 entries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.register import Office  # noqa: E402
from generator.register.models import ISSUED, Number  # noqa: E402
from generator.register.pgserver import PostgresUnavailable, postgres_server  # noqa: E402
from generator.register.starter import STARTER, init_office  # noqa: E402

DRAFT = ROOT / "content" / "drafts" / "cong-van-du-thao.yaml"
WRITERS = 8


def make_office(folder: Path, database: str = "register.sqlite") -> Path:
    init_office(folder)
    (folder / "office.yaml").write_text(
        STARTER.replace("co_so_du_lieu: register.sqlite", f'co_so_du_lieu: "{database}"'),
        encoding="utf-8")
    Office.open(folder).close()  # schema created before the writers race
    return folder


def _writer(args: tuple[str, int, int]) -> int:
    folder, worker, count = args
    with Office.open(folder, user=f"bench{worker}") as office:
        for _ in range(count):
            office.allocate("hanh-chinh", dt.date(2025, 6, 1), f"w{worker}")
    return count


def allocations_per_second(folder: Path, total: int) -> float:
    per = total // WRITERS
    context = multiprocessing.get_context("fork")
    with context.Pool(WRITERS) as pool:
        pool.map(_writer, [(str(folder), w, 1) for w in range(WRITERS)])  # connect, warm up
        start = time.perf_counter()
        done = sum(pool.map(_writer, [(str(folder), w, per) for w in range(WRITERS)]))
        seconds = time.perf_counter() - start
    with Office.open(folder) as office:
        numbers = sorted(r.so for r in office.numbers(status=None))
    assert numbers == list(range(1, len(numbers) + 1)), "a gap or a duplicate"
    return done / seconds


def issue_times(folder: Path, count: int, scratch: Path) -> list[float]:
    times = []
    with Office.open(folder) as office:
        for i in range(count + 1):  # the first one starts LibreOffice: not counted
            draft = scratch / f"draft-{i}.yaml"
            draft.write_text(DRAFT.read_text(encoding="utf-8").replace(
                "trich_yeu: đôn đốc", f"trich_yeu: lần {i}, đôn đốc"), encoding="utf-8")
            start = time.perf_counter()
            office.issue(draft, date=dt.date(2025, 3, 14))
            if i:
                times.append(time.perf_counter() - start)
    return times


def fill_register(folder: Path, entries: int) -> None:
    """A year of issued numbers written straight into the register (what issue records)."""
    now = dt.datetime.now(dt.UTC)
    with Office.open(folder) as office, office.transaction() as s:
        for n in range(1, entries + 1):
            day = dt.date(2025, 1, 1) + dt.timedelta(days=n * 364 // entries)
            s.add(Number(so_sach="hanh-chinh", nam=2025, so=n, trang_thai=ISSUED, ngay=day,
                         nguoi_giu="bench", ky_hieu="SNV-TCBC", co_quan="SNV",
                         so_ky_hieu=f"{n:02d}/SNV-TCBC", loai="cong-van",
                         ten_loai="Công văn", trich_yeu=f"đôn đốc báo cáo số {n} năm 2025",
                         nguoi_ky="Hoàng Văn C", noi_nhan="Các sở, ban, ngành tỉnh; UBND các "
                         "huyện, thành phố", luu="VT, TCBC", so_ban=40, nguoi_dung="bench",
                         cap_nhat_luc=now, tep=f"issued/2025/{n:02d}-SNV-TCBC"))


def print_times(folder: Path) -> tuple[float, float, int]:
    from pypdf import PdfReader

    with Office.open(folder) as office:
        office.converter()  # warm
        start = time.perf_counter()
        pdf = [p for p in office.print_register("di", year=2025, formats=["pdf"])
               if p.suffix == ".pdf"][0]
        pdf_seconds = time.perf_counter() - start
        start = time.perf_counter()
        office.print_register("di", year=2025, formats=["xlsx"])
        xlsx_seconds = time.perf_counter() - start
    return pdf_seconds, xlsx_seconds, len(PdfReader(pdf).pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    parser.add_argument("--allocations", type=int, default=2000)
    parser.add_argument("--issues", type=int, default=10)
    parser.add_argument("--entries", type=int, default=5000)
    args = parser.parse_args()
    if args.quick:
        args.allocations, args.issues, args.entries = 400, 2, 500
    with tempfile.TemporaryDirectory(prefix="vanban-bench-register-") as tmp:
        root = Path(tmp)
        rate = allocations_per_second(make_office(root / "sqlite"), args.allocations)
        print(f"SQLite: {args.allocations} numbers by {WRITERS} processes: {rate:,.0f} "
              "allocations/s (no gap, no duplicate)")
        try:
            with postgres_server() as server:
                url = server.create_database("bench")
                rate = allocations_per_second(make_office(root / "pg", url), args.allocations)
                print(f"PostgreSQL: {args.allocations} numbers by {WRITERS} connections: "
                      f"{rate:,.0f} allocations/s (no gap, no duplicate)")
        except PostgresUnavailable as exc:
            print(f"PostgreSQL: not measured ({exc})")
        times = issue_times(make_office(root / "issue"), args.issues, root)
        print(f"issue one draft end to end (number + YAML + DOCX + PDF + row), warm: "
              f"median {statistics.median(times):.2f} s over {len(times)}")
        folder = make_office(root / "print")
        fill_register(folder, args.entries)
        pdf_seconds, xlsx_seconds, pages = print_times(folder)
        print(f"sổ đăng ký văn bản đi, {args.entries:,} entries: PDF {pdf_seconds:.1f} s "
              f"({pages} pages, DOCX included), XLSX {xlsx_seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

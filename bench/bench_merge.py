"""Benchmark: vanban merge — 1,000 and 10,000 rows on this machine (DOCX only; DOCX + PDF),
peak memory, against `soffice --convert-to` once per document (measured on a sample and
extrapolated, as bench_pdf does); the queue path with 1, 2 and 4 local workers.

    python bench/bench_merge.py [--quick] [--sizes 1000 10000] [--queue-rows 200]

Each merge runs as its own `vanban merge` process, sampled for memory (the coordinating
Python alone, and with its LibreOffice workers). A Markdown table goes to stdout for the
README; notes go to stderr. --quick: small sizes, finishes well under a minute.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_pdf import RssSampler, _run_soffice, _soffice_cmd, cpu_seconds, note  # noqa: E402

from generator.merge.redis_local import private_redis  # noqa: E402
from generator.pdf.pool import _descendants, find_soffice  # noqa: E402

TEMPLATE = ROOT / "content" / "merge" / "giay-moi.yaml"
UNITS = ["Sở Tài chính", "Sở Y tế", "Sở Giáo dục và Đào tạo", "UBND huyện Cao Lộc",
         "UBND huyện Lộc Bình", "Phòng Nội vụ huyện Đình Lập", "Trường THPT Việt Bắc"]


def write_rows(path: Path, n: int) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Giấy mời")
    sheet.append(["STT", "Đơn vị", "Ngày họp", "Giờ", "Địa điểm", "Gửi"])
    for i in range(1, n + 1):
        date = WriteOnlyCell(sheet, dt.datetime(2017, 12, 11 + i % 5))
        date.number_format = "dd/mm/yyyy"
        sheet.append([i, f"{UNITS[i % len(UNITS)]} (đơn vị {i})", date,
                      f"{8 + i % 8:02d} giờ 00", f"Phòng họp số {1 + i % 9}", "x"])
    workbook.save(path)
    return path


def vanban(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator.cli", *args]


def timed_merge(data: Path, out: Path, *extra: str) -> tuple[float, int, int, float]:
    """Wall seconds, peak RSS (KiB) of the coordinating Python and of its whole tree, and
    the CPU seconds of that tree (which other load on the machine barely moves)."""
    shutil.rmtree(out, ignore_errors=True)
    cpu = cpu_seconds()
    started = time.perf_counter()
    process = subprocess.Popen(
        vanban("merge", str(TEMPLATE), str(data), "-o", str(out), "--column",
               "Đơn vị=thanh_phan", "--name", "Đơn vị", "--no-zip", *extra),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with RssSampler(lambda: [process.pid]) as alone, \
            RssSampler(lambda: _descendants(process.pid)) as tree:
        _, err = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"merge failed ({process.returncode}): {err.decode()[-2000:]}")
    return wall, alone.peak_kb, tree.peak_kb, cpu_seconds() - cpu


def queue_merge(data: Path, out: Path, workers: int, url: str, tmp: Path) -> float:
    procs = [subprocess.Popen(vanban("merge-worker", "--queue", url, "--name", f"b{i}"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for i in range(workers)]
    try:
        wall = timed_merge(data, out, "--queue", url)[0]
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=60)
    return wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (< 1 minute)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--pdf-sizes", type=int, nargs="+", default=None,
                        help="row counts with PDF (default: --sizes)")
    parser.add_argument("--queue-rows", type=int, default=200)
    parser.add_argument("--queue-workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--subset", type=int, default=10,
                        help="documents converted by one soffice each (extrapolated)")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.pdf_sizes, args.queue_rows = [60], [6], 4
        args.queue_workers, args.subset = [1], 1
    pdf_sizes = args.pdf_sizes or args.sizes
    work = Path(tempfile.mkdtemp(prefix="vanban-bench-merge-"))
    rows: list[tuple[str, ...]] = []
    try:
        for n in sorted(set(args.sizes) | set(pdf_sizes) | {args.queue_rows}):
            write_rows(work / f"rows-{n}.xlsx", n)
        for n in args.sizes:
            note(f"{n} rows, DOCX only …")
            wall, alone, _, cpu = timed_merge(work / f"rows-{n}.xlsx", work / f"docx-{n}",
                                              "--format", "docx")
            rows.append((f"{n:,} rows → DOCX", f"{wall:.1f} s", f"{n / wall:.0f} docs/s",
                         f"{cpu / n * 1000:.1f} ms", f"{alone / 1024:.0f} MiB", "–"))
        per_doc = cpu_doc = None
        for n in pdf_sizes:
            note(f"{n} rows, DOCX + PDF (+ combined PDF) …")
            out = work / f"pdf-{n}"
            wall, alone, tree, cpu = timed_merge(work / f"rows-{n}.xlsx", out)
            rows.append((f"{n:,} rows → DOCX + PDF + combined PDF", f"{wall:.1f} s",
                         f"{n / wall:.1f} docs/s", f"{cpu / n * 1000:.0f} ms",
                         f"{alone / 1024:.0f} MiB", f"{tree / 1024:.0f} MiB"))
            if per_doc is None:
                soffice = find_soffice()
                profile = work / "profile"
                sample = sorted((out / "van-ban").glob("*.docx"))[: args.subset]
                _run_soffice(_soffice_cmd(soffice, profile) + [str(sample[0])],
                             work / "prewarm")
                times, cpus = [], []
                for docx in sample:
                    cpu, started = cpu_seconds(), time.perf_counter()
                    _run_soffice(_soffice_cmd(soffice, profile) + [str(docx)], work / "single")
                    times.append(time.perf_counter() - started)
                    cpus.append(cpu_seconds() - cpu)
                per_doc, cpu_doc = statistics.median(times), statistics.median(cpus)
            shutil.rmtree(out, ignore_errors=True)
        assert per_doc is not None
        for n in pdf_sizes:
            rows.append((f"`soffice --convert-to pdf` per document (median of {args.subset}, "
                         f"×{n:,})", f"{per_doc * n:.0f} s (est.)", f"{1 / per_doc:.2f} docs/s",
                         f"{cpu_doc * 1000:.0f} ms", "", ""))

        note(f"queue: {args.queue_rows} rows …")
        data = work / f"rows-{args.queue_rows}.xlsx"
        queue_rows = []
        with private_redis(work / "redis") as url:
            for workers in args.queue_workers:
                local = timed_merge(data, work / "local", "--workers", str(workers))[0]
                remote = queue_merge(data, work / "queue", workers, url, work)
                n = args.queue_rows
                overhead = (remote - local) * workers / n * 1000
                queue_rows.append((str(workers), f"{local:.1f} s ({n / local:.1f} docs/s)",
                                   f"{remote:.1f} s ({n / remote:.1f} docs/s)",
                                   f"{overhead:+.0f} ms"))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"vanban merge, giấy mời from content/merge (one page each), {os.cpu_count()} CPU "
          f"cores; load average at the end {os.getloadavg()[0]:.2f}\n")
    print("| run | time | throughput | CPU per doc | peak memory, Python | with LibreOffice |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nQueue (Redis + RQ, `vanban merge-worker` processes on this machine, one "
          f"LibreOffice each) against the in-process pool with as many LibreOffice "
          f"workers, {args.queue_rows} rows, DOCX + PDF, start-up included:\n")
    print("| workers | in process | through the queue | overhead per job |")
    print("|---:|---:|---:|---:|")
    for row in queue_rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

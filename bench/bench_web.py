"""Web desk: preview latency after an edit, and many clerks editing at once.

    python bench/bench_web.py [--users 50] [--edits 6] [--quick]

Starts `vanban serve` in its own process on a free port (warm LibreOffice pool), then
(1) one clerk: median and p95 latency of a preview after an edit, for a one-page công văn
and a ten-page kế hoạch; (2) N simulated clerks, each logged in with its own account,
editing and previewing concurrently: p95 latency, errors, peak memory of the server and its
LibreOffice processes. Prints the Markdown rows for the README.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from web.browser import Server  # noqa: E402

from generator.web.accounts import Accounts  # noqa: E402

PASSWORD = "mat-khau-do-hieu-nang"


def cong_van(i: int) -> dict:
    return {"loai": "cong-van", "co_quan": {"chu_quan": "UBND TỈNH LẠNG SƠN",
                                            "ten": "SỞ NỘI VỤ", "viet_tat": "SNV"},
            "so": 10 + i, "don_vi_soan_thao": "TCBM", "dia_danh": "Lạng Sơn",
            "ngay": "05/12/2017", "trich_yeu": f"đôn đốc gửi báo cáo lần {i}",
            "kinh_gui": ["Các sở, ban, ngành", "UBND các huyện, thành phố"],
            "noi_dung": [f"Sở Nội vụ đề nghị các cơ quan gửi báo cáo (bản sửa {i})",
                         {"muc": "Nội dung báo cáo:", "y": ["Số liệu biên chế;",
                                                            "Đề xuất tinh giản."]},
                         "Trân trọng"],
            "nguoi_ky": {"quyen_han": "KT.", "thu_truong": "GIÁM ĐỐC",
                         "chuc_vu": "PHÓ GIÁM ĐỐC", "ho_ten": "Nguyễn Văn A"},
            "noi_nhan": ["Lãnh đạo Sở"]}


def ke_hoach(i: int) -> dict:
    text = ("Triển khai thực hiện nghiêm túc, hiệu quả các nhiệm vụ được giao, bảo đảm "
            "đúng tiến độ, chất lượng; định kỳ báo cáo kết quả về Sở Nội vụ để tổng hợp. ")
    parts = [{"tieu_de": f"Nhiệm vụ {k + 1}", "y": [{"muc": text * 3, "y": [text * 2] * 3}
                                                    for _ in range(3)]} for k in range(6)]
    return {"loai": "ke-hoach", "co_quan": {"chu_quan": "UBND TỈNH LẠNG SƠN",
                                            "ten": "SỞ NỘI VỤ", "viet_tat": "SNV"},
            "so": 200 + i, "dia_danh": "Lạng Sơn", "ngay": "05/12/2017",
            "trich_yeu": f"Thực hiện tinh giản biên chế năm 2018 (bản {i})",
            "noi_dung": parts,
            "nguoi_ky": {"chuc_vu": "GIÁM ĐỐC", "ho_ten": "Nguyễn Văn A"},
            "noi_nhan": ["UBND tỉnh (b/c)"]}


class Clerk:
    def __init__(self, url: str, username: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=300)
        page = self.http.get("/dang-nhap")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
        self.http.post("/dang-nhap", data={"ten": username, "mat_khau": PASSWORD,
                                           "csrf": token})
        home = self.http.get("/").text
        self.csrf = re.search(r'<meta name="csrf" content="([^"]+)"', home)[1]

    def preview(self, data: dict) -> tuple[float, bool, int]:
        """Seconds until the preview's page images are available; ok; pages."""
        start = time.perf_counter()
        answer = self.http.post("/api/xem-truoc", json={"du_lieu": data},
                                headers={"X-CSRF-Token": self.csrf})
        body = answer.json() if answer.status_code == 200 else {}
        ok = answer.status_code == 200 and not [p for p in body.get("problems", [])
                                                if p["severity"] == "error"]
        if ok and body.get("pages"):
            ok = self.http.get(body["pages"][0]).status_code == 200
        return time.perf_counter() - start, ok or body.get("superseded", False), \
            len(body.get("pages", []))


def rss_kib(root_pid: int) -> int:
    """Resident memory of a process and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status)[1])
        except (OSError, TypeError):
            pass
    return total


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--edits", type=int, default=6, help="previews per simulated user")
    parser.add_argument("--single", type=int, default=25, help="previews measured for one clerk")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                        help="LibreOffice processes of the server (default: cores)")
    parser.add_argument("--quick", action="store_true", help="a few requests: proves it runs")
    args = parser.parse_args()
    if args.quick:
        args.users, args.edits, args.single = 4, 2, 3
    with tempfile.TemporaryDirectory(prefix="vanban-bench-web-") as tmp:
        office = Path(tmp) / "office"
        accounts = Accounts(office / "web" / "nguoi-dung.sqlite")
        for i in range(args.users + 1):
            accounts.add_user(f"cv{i}", PASSWORD, "chuyen-vien")
        server = Server(office, today="2017-12-05", workers=args.workers)
        try:
            clerk = Clerk(server.url, "cv0")
            clerk.preview(cong_van(0))  # warm the pool
            rows = []
            for name, make in (("công văn, 1 page", cong_van), ("kế hoạch", ke_hoach)):
                times, pages = [], 0
                for i in range(args.single):
                    seconds, ok, pages = clerk.preview(make(i))
                    assert ok, f"preview of {name} failed"
                    times.append(seconds)
                rows.append((f"preview after an edit, {name} ({pages} pages), one clerk",
                             statistics.median(times), pct(times, 95), len(times), 0))
            clerks = [Clerk(server.url, f"cv{i + 1}") for i in range(args.users)]
            latencies: list[float] = []
            errors = 0
            peak = 0
            stop = threading.Event()

            def sample() -> None:
                nonlocal peak
                while not stop.is_set():
                    peak = max(peak, rss_kib(server.process.pid))
                    time.sleep(0.2)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()

            def work(index: int) -> list[tuple[float, bool, int]]:
                return [clerks[index].preview(cong_van(index * 100 + k))
                        for k in range(args.edits)]

            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.users) as pool:
                for results in pool.map(work, range(args.users)):
                    for seconds, ok, _ in results:
                        latencies.append(seconds)
                        errors += not ok
            wall = time.perf_counter() - start
            stop.set()
            sampler.join()
        finally:
            server.stop()
    print(f"Web desk, {os.cpu_count()} cores, {platform.machine()}, Python "
          f"{platform.python_version()}; server: vanban serve --workers {args.workers}\n")
    print("| measurement | median | p95 | requests | errors |")
    print("|---|---:|---:|---:|---:|")
    for name, median, p95, count, errs in rows:
        print(f"| {name} | {median:.2f} s | {p95:.2f} s | {count} | {errs} |")
    print(f"| {args.users} clerks editing at once ({args.edits} previews each, "
          f"{len(latencies) / wall:.1f} previews/s) | {statistics.median(latencies):.2f} s | "
          f"{pct(latencies, 95):.2f} s | {len(latencies)} | {errors} |")
    print(f"\nPeak memory of the server and its LibreOffice processes: {peak / 1024:.0f} MiB")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""vanban merge --queue: jobs through a real Redis (started by the test on a free port) to
two vanban merge-worker processes; one is SIGKILLed mid-batch and the batch still completes
with exactly one output and one summary row per input row; a job failing twice is reported."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue
from rq.registry import StartedJobRegistry

from generator.cli import main
from generator.merge.distributed import QUEUE_NAME, batch_id
from generator.merge.redis_local import free_port
from generator.merge.run import MergeOptions, MergeResult, merge
from generator.pdf.fontcheck import docx_text

from .conftest import TEMPLATE, unit_rows
from .test_merge import summary_rows, words


def start_worker(url: str, name: str, tmp: Path) -> subprocess.Popen[bytes]:
    log = open(tmp / f"{name}.log", "wb")  # noqa: SIM115  (closed with the process)
    return subprocess.Popen([sys.executable, "-m", "generator.cli", "merge-worker",
                             "--queue", url, "--name", name], stdout=log, stderr=log)


def started_by(connection: Redis, worker: str) -> list[str]:
    from rq.job import Job

    registry = StartedJobRegistry(QUEUE_NAME, connection=connection)
    ids = registry.get_job_ids()
    return [j.id for j in Job.fetch_many(ids, connection=connection)
            if j is not None and j.worker_name == worker]


def test_killed_worker_jobs_are_redelivered_and_the_batch_completes(
        redis_url: str, sheet, tmp_path: Path) -> None:
    rows = unit_rows(8)
    data = sheet(rows)
    out = tmp_path / "shared"
    # row 9 cannot be written on any worker (a folder stands where its DOCX goes)
    (out / "van-ban" / "phong-so-8.docx").mkdir(parents=True)
    connection = Redis.from_url(redis_url)
    workers = {name: start_worker(redis_url, name, tmp_path) for name in ("wa", "wb")}
    result: list[MergeResult] = []
    coordinator = threading.Thread(target=lambda: result.append(merge(MergeOptions(
        TEMPLATE, data, out, columns=["Đơn vị=thanh_phan"], name_column="Đơn vị",
        queue=redis_url, progress=False, workers=1))))
    try:
        coordinator.start()
        deadline = time.monotonic() + 120
        killed = None
        while killed is None and time.monotonic() < deadline:
            for name, process in workers.items():
                if started_by(connection, name):  # mid-job: kill it, no chance to clean up
                    process.send_signal(signal.SIGKILL)
                    process.wait()
                    killed = name
                    break
            time.sleep(0.02)
        assert killed is not None, "no worker ever started a job"
        coordinator.join(timeout=240)
        assert not coordinator.is_alive()
    finally:
        for process in workers.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in workers.values():
            process.wait(timeout=60)

    [done] = result
    assert (done.selected, done.built, done.failed) == (8, 7, 1)
    files = sorted(p.name for p in (out / "van-ban").iterdir())
    expected = sorted(f"phong-so-{i}.{ext}" for i in range(1, 8) for ext in ("docx", "pdf"))
    assert files == sorted([*expected, "phong-so-8.docx"])  # (the folder that blocks row 9)
    assert [p.name for p in (out / "van-ban").iterdir() if p.name.startswith(".")] == []
    for i in range(1, 8):
        assert f"kính mời: Phòng số {i}" in words(out / "van-ban" / f"phong-so-{i}.pdf")
        assert f"Phòng họp {i}" in docx_text(out / "van-ban" / f"phong-so-{i}.docx")
    summary = summary_rows(out)[1:]
    assert [r[0] for r in summary] == list(range(2, 10))  # one summary row per input row
    assert [r[4] for r in summary] == ["đã tạo"] * 7 + ["lỗi khi tạo"]
    # a folder standing at the row's name is reported for that row (not a crash to retry)
    assert "thư mục" in summary[-1][5] and "phong-so-8.docx" in summary[-1][5]
    assert "Phòng họp 7" in words(out / "ban-in-01.pdf")
    # the queue is left empty: nothing waits, nothing is retried forever
    assert Queue(QUEUE_NAME, connection=connection).count == 0


def test_a_killed_worker_leaves_no_libreoffice(redis_url: str, sheet, tmp_path: Path) -> None:
    """Issue 14, class 7: SIGKILL of a worker mid-conversion; its LibreOffice goes too."""
    from ..hardening.test_servers_die import _gone_within, _soffice_below

    data = sheet(unit_rows(4))
    first = start_worker(redis_url, "wk", tmp_path)
    result: list[MergeResult] = []
    coordinator = threading.Thread(target=lambda: result.append(merge(MergeOptions(
        TEMPLATE, data, tmp_path / "out", columns=["Đơn vị=thanh_phan"],
        name_column="Đơn vị", queue=redis_url, progress=False, workers=1))))
    coordinator.start()
    second = None
    try:
        office = _soffice_below(first.pid, timeout=120)  # started for the first job
        first.send_signal(signal.SIGKILL)
        first.wait()
        assert _gone_within(office) == []
        second = start_worker(redis_url, "wl", tmp_path)  # the batch still completes
        coordinator.join(timeout=240)
        assert not coordinator.is_alive() and result[0].built == 4
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=60)


def test_unreachable_queue_is_said_without_the_password(
        sheet, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"redis://:bi-mat@127.0.0.1:{free_port()}/0"
    assert main(["merge", str(TEMPLATE), str(sheet(unit_rows(1))), "-o", str(tmp_path / "o"),
                 "--column", "Đơn vị=thanh_phan", "--format", "docx", "--queue", url]) == 2
    err = capsys.readouterr().err
    assert "Không kết nối được hàng đợi redis://:***@127.0.0.1" in err
    assert "bi-mat" not in err and "Traceback" not in err
    assert main(["merge-worker", "--queue", url]) == 2
    assert "bi-mat" not in capsys.readouterr().err


def test_worker_survives_sigterm_cleanly(redis_url: str, tmp_path: Path) -> None:
    """A worker asked to stop leaves no 'alive' key and no LibreOffice behind."""
    process = start_worker(redis_url, "wc", tmp_path)
    connection = Redis.from_url(redis_url)
    deadline = time.monotonic() + 120  # a loaded machine starts Python slowly
    while not connection.exists("vanban:merge:alive:wc") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert connection.exists("vanban:merge:alive:wc")
    os.kill(process.pid, signal.SIGTERM)
    assert process.wait(timeout=120) == 0
    assert not connection.exists("vanban:merge:alive:wc")


def test_a_job_lost_twice_is_reported_for_its_row(redis_url: str, sheet,
                                                  tmp_path: Path) -> None:
    """A job that vanishes from the queue (a broker flushed or restarted without its data)
    is sent again once; lost a second time, its row is reported as failed after 2 tries, and
    the batch ends (no worker is needed to see it)."""
    connection = Redis.from_url(redis_url)
    out = tmp_path / "out"
    # this batch's jobs only (the server is shared with the module's other tests)
    batch = batch_id(out)
    result: list[MergeResult] = []
    coordinator = threading.Thread(target=lambda: result.append(merge(MergeOptions(
        TEMPLATE, sheet(unit_rows(1)), out, columns=["Đơn vị=thanh_phan"], pdf=False,
        queue=redis_url, progress=False))))
    coordinator.start()
    lost: set[str] = set()
    deadline = time.monotonic() + 60
    while coordinator.is_alive() and time.monotonic() < deadline:
        for key in connection.scan_iter(f"rq:job:vanban-merge-{batch}-*"):
            connection.delete(key)
            lost.add(key.decode())
        time.sleep(0.01)
    coordinator.join(timeout=10)
    assert not coordinator.is_alive()
    [done] = result
    assert (done.selected, done.built, done.failed) == (1, 0, 1)
    assert sorted(k.rsplit("-", 1)[1] for k in lost) == ["1", "2"]  # tried twice
    [row] = summary_rows(out)[1:]
    assert row[4] == "lỗi khi tạo"
    assert row[5] == "Không tạo được sau 2 lần: việc biến mất khỏi hàng đợi"
    Queue(QUEUE_NAME, connection=connection).empty()

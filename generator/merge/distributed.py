"""Beyond one machine: the merge's jobs on a Redis queue, run by ``vanban merge-worker``
processes (RQ ``SimpleWorker``: no fork per job, so each worker keeps its own warm
LibreOffice), results written to the shared output folder.

Delivery is at least once and the coordinator (the ``vanban merge --queue`` process, the
only one that allocates numbers and writes the journal) makes it exactly one output and
one summary row per input row:

* a job's outputs are deterministic names and bytes, written atomically: running a job
  twice is harmless; a result for a row already recorded is ignored;
* every worker keeps a short-lived "alive" key in Redis (refreshed every
  ``HEARTBEAT`` s, expiring after ``ALIVE_TTL`` s). A job that RQ shows as started by a
  worker whose key has expired — the worker was killed, its machine lost — is sent again;
  so is a job RQ marks failed (an exception on the worker) or that vanished;
* a job is sent at most ``MAX_ATTEMPTS`` (2) times: the second failure is reported in the
  summary with its reason, never retried forever.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.problems import Text

from .job import RowJob, RowResult
from .sheet import DataProblem

if TYPE_CHECKING:
    from .run import Merge, _Bar
    from .state import Journal

QUEUE_NAME = "vanban-merge"
ALIVE_KEY = "vanban:merge:alive:{}"
HEARTBEAT = 1.5  # seconds between a worker's "alive" refreshes
ALIVE_TTL = 6  # seconds after which a silent worker is taken for dead
MAX_ATTEMPTS = 2
JOB_TIMEOUT = 600  # seconds one job may run on a worker (RQ kills it after that)
WINDOW = 64  # jobs in flight at a time: memory stays flat, on both sides
POLL = 0.05


class QueueUnavailable(DataProblem):
    def __init__(self, url: str, detail: str) -> None:
        super().__init__(Text(
            f"Không kết nối được hàng đợi {_safe(url)}: {detail}. Kiểm tra Redis đang chạy "
            "và địa chỉ dạng redis://máy:6379/0.",
            f"Cannot reach the queue {_safe(url)}: {detail}. Check that Redis runs and the "
            "address reads redis://host:6379/0."))


def _safe(url: str) -> str:
    """The URL without a password (never printed)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username or ''}:***@{parts.hostname}" + (
            f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def connect(url: str) -> Any:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        connection = Redis.from_url(url)
        connection.ping()
    except (RedisError, ValueError, OSError) as exc:
        raise QueueUnavailable(url, type(exc).__name__) from None
    return connection


# ------------------------------------------------------------------------ the worker


def run_worker(url: str, *, name: str | None = None, burst: bool = False) -> None:
    """Take jobs until stopped (SIGTERM/Ctrl-C finish the current job first)."""
    from rq import Queue, SimpleWorker

    from . import job as job_module

    connection = connect(url)
    name = name or f"{socket.gethostname()}-{os.getpid()}"
    stop = threading.Event()

    def heartbeat() -> None:
        key = ALIVE_KEY.format(name)
        while not stop.is_set():
            with contextlib.suppress(Exception):  # a broker hiccup: the next beat retries
                connection.set(key, "1", ex=ALIVE_TTL)
            stop.wait(HEARTBEAT)

    beat = threading.Thread(target=heartbeat, daemon=True, name="vanban-merge-heartbeat")
    beat.start()
    try:
        worker = SimpleWorker([Queue(QUEUE_NAME, connection=connection)],
                              connection=connection, name=name)
        worker.work(burst=burst, with_scheduler=False, logging_level="WARNING")
    finally:
        stop.set()
        connection.delete(ALIVE_KEY.format(name))
        if job_module._converter is not None:
            job_module._converter.close()


# ------------------------------------------------------------------- the coordinator


def batch_id(out_dir: Path) -> str:
    """What names a batch's jobs on the queue (``vanban-merge-<batch>-<row>-<attempt>``)."""
    return hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:12]


def build_on_queue(runner: Merge, journal: Journal, bar: _Bar, url: str) -> None:
    from rq import Queue
    from rq.job import Job, JobStatus

    connection = connect(url)
    queue = Queue(QUEUE_NAME, connection=connection)
    batch = batch_id(runner.o.out_dir)
    inflight: dict[str, tuple[RowJob, int]] = {}
    jobs = runner.todo(journal, bar)
    exhausted = False
    waiting_since = time.monotonic()
    warned = False

    def submit(job: RowJob, attempt: int) -> None:
        job_id = f"vanban-merge-{batch}-{job.row}-{attempt}"
        queue.enqueue("generator.merge.job.run_job", job.as_dict(), job_id=job_id,
                      job_timeout=JOB_TIMEOUT, result_ttl=3600, failure_ttl=3600)
        inflight[job_id] = (job, attempt)

    def again(job_id: str, reason: Text) -> None:
        job, attempt = inflight.pop(job_id)
        if attempt < MAX_ATTEMPTS:
            submit(job, attempt + 1)
            return
        runner.record(journal, RowResult(
            job.row, job.key, False, 0,
            f"Không tạo được sau {attempt} lần: {reason.vi}",
            f"Failed {attempt} times: {reason.en}"), job)
        bar.advance()

    while True:
        while not exhausted and len(inflight) < WINDOW:
            job = next(jobs, None)
            if job is None:
                exhausted = True
            else:
                submit(job, 1)
        if not inflight:
            return
        ids = list(inflight)
        progressed = False
        # only the status and the worker of each job in flight (not its pickled data)
        with connection.pipeline(transaction=False) as pipe:
            for job_id in ids:
                pipe.hmget(Job.key_for(job_id), "status", "worker_name")
            states = pipe.execute()
        for job_id, (raw_status, raw_worker) in zip(ids, states, strict=True):
            status = raw_status.decode() if raw_status else None
            if status is None:
                again(job_id, Text("việc biến mất khỏi hàng đợi", "the job vanished"))
                progressed = True
            elif status == JobStatus.FINISHED:
                rq_job = Job.fetch(job_id, connection=connection)
                row_job, _ = inflight.pop(job_id)
                runner.record(journal, RowResult(**rq_job.return_value()), row_job)
                rq_job.delete()
                bar.advance()
                progressed = True
            elif status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
                rq_job = Job.fetch(job_id, connection=connection)
                reason = _last_line(rq_job)
                rq_job.delete()
                again(job_id, Text(reason, reason))
                progressed = True
            elif status == JobStatus.STARTED:
                worker = raw_worker.decode() if raw_worker else None
                if worker and not connection.exists(ALIVE_KEY.format(worker)):
                    again(job_id, Text(f"máy trạm {worker} ngừng giữa chừng",
                                       f"worker {worker} stopped mid-job"))
                    progressed = True
        if progressed:
            waiting_since = time.monotonic()
        elif not warned and time.monotonic() - waiting_since > 30:
            warned = True
            print("Đang chờ máy trạm (vanban merge-worker --queue …) nhận việc…",
                  file=sys.stderr)
        time.sleep(POLL)


def _last_line(rq_job: Any) -> str:
    try:
        result = rq_job.latest_result()
        text = (result.exc_string or "") if result is not None else ""
    except Exception:
        text = ""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else "lỗi trên máy trạm"

"""A pool of long-lived LibreOffice workers converting DOCX to PDF.

Each worker is ``worker.py`` run by a Python that can import ``uno`` (Debian's python3-uno
only imports into the system /usr/bin/python3, not into a virtual environment); it starts
its own soffice with its own profile and pipe. The pool runs one feeding thread per worker
slot: it sends one document at a time, waits with a timeout that grows with the document,
and on a hang or a crash kills the worker's whole process group, starts a new worker and
gives the document one more try. Finishing (pypdf) and the atomic write happen on a small
thread pool so a worker is fed its next document at once.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Sized
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from generator.archives import ArchiveError, open_zip
from generator.files import write_atomic as atomic_write
from generator.paths import os_error_text
from generator.pdf.finish import PdfMetadata, finish_pdf
from generator.pdf.fontcheck import check_font_coverage, docx_text
from generator.pdf.messages import INSTALL_COMMAND, message
from generator.pdf.pipe_sockets import remove_pipe_sockets
from generator.tempdirs import OWNER_FILE, make_private, sweep_stale  # noqa: F401 (re-exported)

WORKER_SCRIPT = Path(__file__).with_name("worker.py")
ROOT_PREFIX = "vanban-lo-"
MAX_ATTEMPTS = 2
START_TIMEOUT = 60.0
# Registry settings for each worker profile: no autosave, no recovery, no locking, no
# macros, no first-start work. Written before soffice first starts on the profile.
_PROFILE_SETTINGS = [
    ("/org.openoffice.Office.Recovery/AutoSave", "Enabled", "false"),
    ("/org.openoffice.Office.Recovery/RecoveryInfo", "Enabled", "false"),
    ("/org.openoffice.Office.Common/Misc", "UseLocking", "false"),
    ("/org.openoffice.Office.Common/Misc", "FirstRun", "false"),
    ("/org.openoffice.Office.Common/Misc", "ShowTipOfTheDay", "false"),
    ("/org.openoffice.Office.Common/Save/Document", "CreateBackup", "false"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Setup/Office", "ooSetupInstCompleted", "true"),
]
_PROFILE_XCU = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
    + "".join(f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
              f"<value>{value}</value></prop></item>\n"
              for path, name, value in _PROFILE_SETTINGS)
    + "</oor:items>\n"
)


class LibreOfficeMissing(RuntimeError):
    """LibreOffice or its Python bridge is not installed; the message says how to install it.

    ``str(exc)`` is Vietnamese; ``exc.message_en`` is the English text.
    """

    def __init__(self, code: str = "no-soffice", **values: object) -> None:
        self.install_command = INSTALL_COMMAND
        self.message_vi = message(code, "vi", **values)
        self.message_en = message(code, "en", **values)
        super().__init__(self.message_vi)


@dataclass(frozen=True)
class PdfJob:
    docx: Path
    pdf: Path
    metadata: PdfMetadata | None = None
    timeout: float | None = None  # seconds; None = grows with the document's size


@dataclass
class PdfResult:
    job: PdfJob
    ok: bool
    error: str | None = None  # in the converter's language (Vietnamese by default)
    attempts: int = 0
    seconds: float = 0.0
    code: str | None = None  # stable error kind: invalid-docx, load, export, timeout, crash…
    error_en: str | None = None
    pages: int = 0
    # Characters drawn by a fallback font (not Times New Roman): converted, but worth a look.
    warnings: list[str] = field(default_factory=list)
    warnings_en: list[str] = field(default_factory=list)


ProgressCallback = Callable[[int, int, PdfResult], None]


# --------------------------------------------------------------------------- processes


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process below it, from /proc/<pid>/task/*/children (cheap)."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as fh:
                    todo.extend(int(child) for child in fh.read().split())
            except OSError:
                pass
    return out


def _group_members(pgid: int) -> list[int]:
    """Processes in process group ``pgid`` (soffice starts oosplash → soffice.bin)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry))
    return found


def find_soffice(soffice_path: str | os.PathLike[str] | None = None) -> str:
    if soffice_path is not None:
        path = Path(soffice_path)
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
        raise LibreOfficeMissing("no-soffice")
    for candidate in ("soffice", "libreoffice"):
        found = shutil.which(candidate)
        if found:
            return found
    raise LibreOfficeMissing("no-soffice")


_uno_python_cache: dict[str, bool] = {}


def find_uno_python(python_path: str | None = None) -> str:
    """A Python interpreter that can ``import uno``: the system one on Debian/Ubuntu."""
    candidates = [python_path] if python_path else [
        os.environ.get("VANBAN_UNO_PYTHON"), "/usr/bin/python3",
        "/usr/lib/libreoffice/program/python", sys.executable,
    ]
    for cand in filter(None, candidates):
        if cand not in _uno_python_cache:
            try:
                ok = subprocess.run([cand, "-c", "import uno"], capture_output=True,
                                    timeout=30, check=False).returncode == 0
            except (OSError, subprocess.TimeoutExpired):
                ok = False
            _uno_python_cache[cand] = ok
        if _uno_python_cache[cand]:
            return cand
    raise LibreOfficeMissing("no-uno", python=python_path or "/usr/bin/python3")


class _WorkerDied(Exception):
    pass


class _Worker:
    """One worker process (system Python + its soffice), in its own process group."""

    _serial = itertools.count(1)

    def __init__(self, python: str, soffice: str, root: Path, warmup: Path | None) -> None:
        n = next(self._serial)
        self.profile = root / f"profile-{n}"
        self.profile.mkdir(parents=True)
        (self.profile / "user").mkdir()
        (self.profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_XCU)
        self.log: IO[bytes] = open(root / f"worker-{n}.log", "wb")  # noqa: SIM115
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.pipe = f"vanban-{root.name[-8:]}-{n}"
        # A private $TMPDIR: LibreOffice's temporary files (lu*.tmp) go with the profile,
        # even when a worker is killed. (Its pipe sockets ignore it: see pipe_sockets.py.)
        self.tmp = self.profile / "tmp"
        self.tmp.mkdir()
        env = dict(os.environ, TMPDIR=str(self.tmp))
        env.pop("PYTHONPATH", None)  # the system Python must not see the venv's packages
        # A pipe whose write end only this process holds: when vanban dies (even SIGKILL),
        # the worker reads end of file and takes its soffice down at once.
        watch_read, self._watch = os.pipe()
        try:
            self.proc = subprocess.Popen(
                [python, str(WORKER_SCRIPT), "--soffice", soffice, "--profile",
                 str(self.profile), "--pipe", self.pipe, "--start-timeout", str(START_TIMEOUT),
                 "--watch-fd", str(watch_read), *(["--warmup", str(warmup)] if warmup else [])],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, env=env,
                start_new_session=True,  # own process group: killable as a whole, no Ctrl-C
                pass_fds=(watch_read,),
            )
        except BaseException:
            os.close(self._watch)
            raise
        finally:
            os.close(watch_read)
        self._reader = threading.Thread(target=self._read, daemon=True,
                                        name=f"vanban-pdf-read-{n}")
        self._reader.start()
        self.ready = False

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            self.lines.put(raw.decode("utf-8", "replace"))
        self.lines.put(None)

    def _answer(self, timeout: float) -> dict[str, Any]:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError from None
        if line is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=1)
            raise _WorkerDied(f"exit status {self.proc.poll()}{self._log_tail()}")
        return json.loads(line)

    def _log_tail(self) -> str:
        """The last line the worker wrote on stderr (a Python traceback ends with the cause)."""
        with contextlib.suppress(OSError):
            lines = Path(self.log.name).read_text(errors="replace").strip().splitlines()
            if lines:
                return f": {lines[-1]}"
        return ""

    def wait_ready(self, timeout: float = START_TIMEOUT + 5) -> None:
        if self.ready:
            return
        try:
            answer = self._answer(timeout)
        except TimeoutError:
            raise _WorkerDied("soffice did not start in time") from None
        if not answer.get("ready"):
            raise _WorkerDied(str(answer.get("error")))
        self.ready = True

    def request(self, job: dict[str, Any], timeout: float) -> dict[str, Any]:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write((json.dumps(job) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise _WorkerDied(str(exc)) from None
        return self._answer(timeout)

    def pids(self) -> list[int]:
        """The worker, its oosplash and soffice.bin."""
        return _descendants(self.proc.pid)

    def kill(self) -> None:
        """Kill soffice first, then the worker, so every process is reaped by its parent.

        (An orphan would be re-parented to PID 1, which in containers often never reaps it.)
        """
        pgid = self.proc.pid
        if self.proc.poll() is None:
            for pid in _group_members(pgid):
                if pid != pgid:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                if self.proc.stdin:
                    self.proc.stdin.close()
            # The worker notices (UNO bridge gone or stdin closed), reaps, and exits.
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=3)
        with contextlib.suppress(OSError):
            os.killpg(pgid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        self._cleanup()

    def close(self) -> None:
        """Ask the worker to quit (soffice terminates cleanly); kill it if it does not."""
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write(b'{"cmd": "quit"}\n')
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                pass
        self.kill()

    def _cleanup(self) -> None:
        with contextlib.suppress(OSError):
            self.log.close()
        watch, self._watch = self._watch, -1  # once: the number may be reused afterwards
        if watch >= 0:
            with contextlib.suppress(OSError):
                os.close(watch)
        shutil.rmtree(self.profile, ignore_errors=True)
        # the sockets soffice makes for its pipes (a killed soffice leaves them behind)
        remove_pipe_sockets(str(self.profile), self.pipe)


# --------------------------------------------------------------------------- the pool


def estimate_timeout(docx: Path, base: float) -> float:
    """Seconds allowed for one conversion: ``base`` plus an allowance for the size.

    Measured here: a one-page letter takes ~0.06 s warm; LibreOffice lays out roughly
    10-20 pages per second. The allowance is generous (about 5× that) so that a 300-page
    dossier is never taken for a hung worker.
    """
    try:
        with zipfile.ZipFile(docx) as zf:
            infos = zf.infolist()
            xml = sum(i.file_size for i in infos if i.filename.endswith(".xml"))
            media = sum(i.file_size for i in infos if not i.filename.endswith(".xml"))
            pages = 0
            with contextlib.suppress(KeyError, ValueError):
                app = zf.read("docProps/app.xml").decode("utf-8", "replace")
                if "<Pages>" in app:
                    pages = int(app.split("<Pages>", 1)[1].split("<", 1)[0])
    except (OSError, zipfile.BadZipFile):
        return base
    # ~50 kB of document XML per page is typical of tables-heavy dossiers.
    by_size = xml / 1e6 * 10.0 + media / 1e6 * 1.0
    by_pages = pages * 0.3
    return base + max(by_size, by_pages)


def _check_docx(docx: Path) -> str | None:
    """Why ``docx`` cannot be a DOCX (None if it looks like one). Cheap: reads the zip index."""
    if not docx.is_file():
        return "not-found"
    try:  # the ZIP directory within the size budget (no bomb reaches LibreOffice)
        with open_zip(docx) as zf:
            names = set(zf.namelist())
    except ArchiveError as exc:
        return f"zip: {exc.message('en')}"
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        return "word/document.xml missing"
    return None


@dataclass
class _Task:
    index: int
    job: PdfJob
    attempts: int = 0
    started: float = field(default_factory=time.monotonic)
    last_code: str | None = None
    last_detail: str = ""
    timeout: float = 0.0
    warnings: list[str] = field(default_factory=list)
    warnings_en: list[str] = field(default_factory=list)


class PdfConverter:
    """Convert DOCX files to finished PDFs with a pool of LibreOffice workers.

    >>> with PdfConverter() as conv:                      # doctest: +SKIP
    ...     results = conv.convert([PdfJob(Path("a.docx"), Path("a.pdf"), meta)])
    """

    def __init__(self, workers: int | None = None, pdfa: bool = False,
                 timeout_base: float = 20.0, progress: bool | ProgressCallback | None = None,
                 *, lang: str = "vi", soffice_path: str | os.PathLike[str] | None = None,
                 python_path: str | None = None, check_fonts: bool = True) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.check_fonts = check_fonts
        self.pdfa = pdfa
        self.timeout_base = timeout_base
        self.progress = progress
        self.lang = lang
        self._soffice = find_soffice(soffice_path)
        self._python = find_uno_python(python_path)
        self._root: Path | None = None
        self._slots: list[_Worker | None] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._all_workers: list[_Worker] = []
        self._feeders: list[threading.Thread] = []
        self._warmup: Path | None = None
        self.replaced = 0  # workers killed and replaced (hangs, crashes)

    # -- lifecycle

    def __enter__(self) -> PdfConverter:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)

    @property
    def root(self) -> Path:
        """Private folder holding the worker profiles and raw PDFs (deleted on close)."""
        assert self._root is not None, "PdfConverter not started"
        return self._root

    def start(self, wait: bool = True) -> None:
        """Start the workers. ``wait=False`` returns at once: LibreOffice starts while the
        caller does other work (writing the DOCX files); ``convert`` waits for it."""
        if self._root is not None:
            return
        self._stop.clear()
        sweep_stale()  # what killed runs left behind
        self._root = make_private(ROOT_PREFIX)
        self._warmup = self._root / "warmup.docx"
        write_warmup_docx(self._warmup)
        try:
            # Start all workers at once: soffice start-up is mostly waiting, overlap it.
            self._slots = [self._spawn() for _ in range(self.workers)]
            if wait:
                for worker in self._slots:
                    assert worker is not None
                    worker.wait_ready()
        except _WorkerDied as exc:
            self.close(kill=True)
            raise LibreOfficeMissing("start-failed", detail=str(exc)) from None
        except BaseException:  # Ctrl-C while starting: __exit__ will not run
            self.close(kill=True)
            raise

    def _spawn(self) -> _Worker:
        with self._lock:  # never start a worker while or after the pool closes
            if self._stop.is_set() or self._root is None:
                raise _WorkerDied("pool closed")
            worker = _Worker(self._python, self._soffice, self._root, self._warmup)
            self._all_workers.append(worker)
        return worker

    def close(self, kill: bool = False) -> None:
        """Stop every worker and remove the private folder. Safe to call twice.

        A further Ctrl-C while closing is ignored until the workers are gone: leaving
        half-closed would leave LibreOffice processes behind.
        """
        in_main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main else None
        try:
            self._close(kill)
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)

    def _close(self, kill: bool) -> None:
        with self._lock:
            self._stop.set()
            workers, self._all_workers = self._all_workers, []
        closers = [threading.Thread(target=w.kill if kill else w.close) for w in workers]
        for t in closers:
            t.start()
        for t in closers:
            t.join()
        for t in self._feeders:  # they return once their worker is gone
            t.join(timeout=10)
        self._feeders = []
        self._slots = []
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None

    def process_ids(self) -> list[int]:
        """Every live process of the pool (workers, oosplash, soffice.bin)."""
        with self._lock:
            workers = list(self._all_workers)
        return [pid for w in workers if w.proc.poll() is None for pid in w.pids()]

    def soffice_pids(self) -> list[int]:
        """soffice.bin process ids, one per live worker (for tests and diagnostics)."""
        out = []
        for pid in self.process_ids():
            with contextlib.suppress(OSError):
                if Path(f"/proc/{pid}/comm").read_text().strip() == "soffice.bin":
                    out.append(pid)
        return out

    # -- conversion

    def convert(self, jobs: Iterable[PdfJob]) -> list[PdfResult]:
        """Convert every job; one result per job, in order. Never raises for a bad document
        (only LibreOfficeMissing, if the workers cannot start at all).

        ``jobs`` may be a generator that writes each DOCX as it goes: conversion starts
        with the first job, so writing and converting overlap.
        """
        total = len(jobs) if isinstance(jobs, Sized) else None
        if total == 0:
            return []
        self._wait_ready()
        todo: queue.Queue[_Task | None] = queue.Queue()
        done: queue.Queue[tuple[int, PdfResult]] = queue.Queue()
        cancel = threading.Event()
        finisher = ThreadPoolExecutor(max_workers=max(1, min(self.workers, 4)),
                                      thread_name_prefix="vanban-pdf-finish")
        feeders = [threading.Thread(target=self._feed,
                                    args=(slot, todo, done, finisher, cancel),
                                    daemon=True, name=f"vanban-pdf-feed-{slot}")
                   for slot in range(len(self._slots))]
        self._feeders = feeders
        results: dict[int, PdfResult] = {}
        bar = _Progress.make(self.progress, total)
        submitted = 0

        def collect(block: bool) -> None:
            while True:
                try:
                    index, result = done.get(timeout=0.2) if block else done.get_nowait()
                except queue.Empty:
                    if block and not any(t.is_alive() for t in feeders) and done.empty():
                        raise RuntimeError("PDF workers stopped unexpectedly") from None
                    return
                results[index] = result
                bar.advance(len(results), total or submitted, result)
                if block:
                    return

        try:
            for t in feeders:
                t.start()
            for job in jobs:
                todo.put(_Task(submitted, job))
                submitted += 1
                collect(block=False)
            bar.set_total(submitted)
            while len(results) < submitted:
                collect(block=True)
        finally:
            cancel.set()  # on Ctrl-C too: feeders stop after their document; __exit__ kills
            for _ in feeders:
                todo.put(None)
            bar.close()
            finisher.shutdown(wait=True, cancel_futures=True)
        for t in feeders:
            t.join(timeout=1)
        return [results[i] for i in range(submitted)]

    def _wait_ready(self) -> None:
        """Start the pool if needed and wait until every worker answers."""
        if self._root is None:
            self.start()
        try:
            for worker in list(self._slots):
                if worker is not None:
                    worker.wait_ready()
        except _WorkerDied as exc:
            self.close(kill=True)
            raise LibreOfficeMissing("start-failed", detail=str(exc)) from None

    def _feed(self, slot: int, todo: queue.Queue[_Task | None], done: queue.Queue[Any],
              finisher: ThreadPoolExecutor, cancel: threading.Event) -> None:
        while not (self._stop.is_set() or cancel.is_set()):
            task = todo.get()
            if task is None or self._stop.is_set() or cancel.is_set():
                return
            outcome = self._run(slot, task)
            if outcome == "retry":
                todo.put(task)
            elif isinstance(outcome, PdfResult):
                done.put((task.index, outcome))
            else:  # raw PDF ready: finish it off this thread so the worker gets fed now
                finisher.submit(self._finish, task, outcome, done)

    def _worker(self, slot: int) -> _Worker:
        worker = self._slots[slot]
        if worker is None or worker.proc.poll() is not None:
            if worker is not None:
                self._discard(worker)
            worker = self._slots[slot] = self._spawn()
        worker.wait_ready()
        return worker

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all_workers:
                self._all_workers.remove(worker)
        self.replaced += 1

    def _run(self, slot: int, task: _Task) -> str | PdfResult | Path:
        """One attempt. Returns a final result, "retry", or the raw PDF path to finish."""
        job = task.job
        if task.attempts == 0:
            task.started = time.monotonic()  # seconds count from here, not from the queue
            problem = _check_docx(job.docx)
            if problem:
                task.attempts = 1
                code = "not-found" if problem == "not-found" else "invalid-docx"
                return self._failure(task, code, problem)
            if self.check_fonts:
                failure = self._check_fonts(task)
                if failure is not None:
                    return failure
            task.timeout = job.timeout or estimate_timeout(job.docx, self.timeout_base)
        task.attempts += 1
        raw = self.root / f"raw-{task.index}-{task.attempts}.pdf"
        try:
            worker = self._worker(slot)
        except _WorkerDied as exc:
            self._slots[slot] = None
            return self._retry_or_fail(task, "crash", f"start: {exc}")
        request = {"id": task.index, "src": str(job.docx.resolve()), "dst": str(raw),
                   "pdfa": self.pdfa}
        try:
            answer = worker.request(request, task.timeout)
        except TimeoutError:
            self._slots[slot] = None
            self._discard(worker)
            return self._retry_or_fail(task, "timeout", f"{task.timeout:.1f} s")
        except _WorkerDied as exc:
            self._slots[slot] = None
            self._discard(worker)
            return self._retry_or_fail(task, "crash", str(exc))
        if answer.get("ok"):
            task.last_detail = str(answer.get("pages", 0))
            return raw
        kind = answer.get("kind", "export")
        detail = str(answer.get("error", ""))
        raw.unlink(missing_ok=True)
        if kind == "crash":
            self._slots[slot] = None
            self._discard(worker)
            return self._retry_or_fail(task, "crash", detail)
        if kind == "load":  # the file itself: trying again gives the same answer
            return self._failure(task, "load", f" ({detail})" if detail else "")
        return self._retry_or_fail(task, "export", detail)

    def _check_fonts(self, task: _Task) -> PdfResult | None:
        """Fail a document with characters no font draws; note fallback-font characters."""
        try:
            coverage = check_font_coverage(docx_text(task.job.docx))
        except (OSError, zipfile.BadZipFile, KeyError):
            return None  # LibreOffice will say what is wrong with the file
        prefix = f"{task.job.docx}: "
        if coverage.missing:
            task.attempts = 1
            vi, en = coverage.messages("vi")[0], coverage.messages("en")[0]
            return PdfResult(task.job, False, prefix + (en if self.lang == "en" else vi), 1,
                             time.monotonic() - task.started, "font-missing", prefix + en)
        if coverage.fallback:
            task.warnings = [prefix + coverage.messages(self.lang)[-1]]
            task.warnings_en = [prefix + coverage.messages("en")[-1]]
        return None

    def _retry_or_fail(self, task: _Task, code: str, detail: str) -> str | PdfResult:
        task.last_code, task.last_detail = code, detail
        if task.attempts < MAX_ATTEMPTS and not self._stop.is_set():
            return "retry"
        return self._failure(task, code, detail)

    def _failure(self, task: _Task, code: str, detail: str,
                 detail_en: str | None = None) -> PdfResult:
        values = dict(docx=task.job.docx, pdf=task.job.pdf, detail=detail,
                      attempts=task.attempts, seconds=task.timeout)
        english = {**values, "detail": detail if detail_en is None else detail_en}
        return PdfResult(task.job, False,
                         message(code, self.lang, **(english if self.lang == "en" else values)),
                         task.attempts, time.monotonic() - task.started, code,
                         message(code, "en", **english))

    def _finish(self, task: _Task, raw: Path, done: queue.Queue[Any]) -> None:
        job = task.job
        try:
            try:
                data = finish_pdf(raw.read_bytes(), job.metadata or PdfMetadata())
            except Exception as exc:  # pypdf on a PDF LibreOffice wrote: report, go on
                done.put((task.index, self._failure(task, "finish", repr(exc))))
                return
            try:
                atomic_write(job.pdf, data)
            except OSError as exc:  # disk full, read-only: this PDF fails, the others go on
                why = os_error_text(exc)
                done.put((task.index, self._failure(task, "write", why.vi, why.en)))
                return
            pages = int(task.last_detail) if task.last_detail.isdigit() else 0
            done.put((task.index, PdfResult(job, True, None, task.attempts,
                                            time.monotonic() - task.started, pages=pages,
                                            warnings=task.warnings,
                                            warnings_en=task.warnings_en)))
        finally:
            raw.unlink(missing_ok=True)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WARMUP_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
    "word/document.xml": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}">'
        '<w:body><w:tbl><w:tr><w:tc><w:p>'
        + "".join(
            f'<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'
            f'{style}<w:sz w:val="28"/></w:rPr><w:t>Cộng hòa xã hội chủ nghĩa Việt Nam</w:t>'
            '</w:r>'
            for style in ("", "<w:b/>", "<w:i/>", "<w:b/><w:i/>"))
        + '</w:p></w:tc></w:tr></w:tbl><w:p/></w:body></w:document>'),
}


def write_warmup_docx(path: Path) -> None:
    """A tiny DOCX (a table, Times New Roman in four styles) each worker converts at start."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in _WARMUP_PARTS.items():
            zf.writestr(name, xml)


# --------------------------------------------------------------------------- progress


class _Progress:
    """A rich progress bar on a terminal for more than a few documents; else nothing."""

    MIN_JOBS = 4

    def __init__(self, callback: ProgressCallback | None = None, bar: Any = None,
                 task: Any = None) -> None:
        self.callback, self.bar, self.task = callback, bar, task

    @classmethod
    def make(cls, progress: bool | ProgressCallback | None, total: int | None) -> _Progress:
        if callable(progress):
            return cls(callback=progress)
        wanted = progress if progress is not None else (
            (total is None or total >= cls.MIN_JOBS)
            and sys.stderr.isatty() and sys.stdout.isatty())
        if not wanted:
            return cls()
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )
        bar = Progress(TextColumn("PDF"), BarColumn(), MofNCompleteColumn(),
                       TimeRemainingColumn(), transient=True,
                       console=Console(stderr=True))  # stdout stays for the command's output
        bar.start()
        return cls(bar=bar, task=bar.add_task("pdf", total=total))

    def set_total(self, total: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, total=total)

    def advance(self, done: int, total: int, result: PdfResult) -> None:
        if self.callback:
            self.callback(done, total, result)
        if self.bar is not None:
            self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


"""Faults: killed and hung workers, tiny timeouts, Ctrl-C, missing LibreOffice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pdfsamples import META, pool_processes, requires_lo

from generator.pdf import INSTALL_COMMAND, LibreOfficeMissing, PdfConverter, PdfJob, PdfResult

REPO = Path(__file__).resolve().parents[2]


def _jobs(inputs: Path, out: Path, n: int, timeout: float | None = None) -> list[PdfJob]:
    return [PdfJob(inputs / f"batch-{i % 8}.docx", out / f"doc-{i}.pdf", META, timeout)
            for i in range(n)]


def _assert_all_gone(root: Path, pids: list[int]) -> None:
    assert pool_processes(root) == []
    # /proc/<pid> exists for zombies too: none of the pool's processes may linger.
    assert [p for p in pids if Path(f"/proc/{p}").exists()] == []
    assert not root.exists()
    # Nor the pipe sockets LibreOffice makes in /tmp.
    assert list(Path("/tmp").glob(f"OSL_PIPE_*_vanban-{root.name[-8:]}-*")) == []


def _only_finished_pdfs(out: Path) -> list[str]:
    names = sorted(p.name for p in out.iterdir())
    assert all(n.endswith(".pdf") and not n.startswith(".") for n in names), names
    return names


@requires_lo
def test_killed_worker_mid_batch_document_retried(inputs: Path, tmp_path: Path) -> None:
    killed: list[int] = []

    def kill_offices(done: int, total: int, result: PdfResult) -> None:
        if done == 1:
            for pid in conv.soffice_pids():
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

    with PdfConverter(workers=2, progress=kill_offices) as conv:
        root = conv.root
        results = conv.convert(_jobs(inputs, tmp_path, 10))
        replaced = conv.replaced
        assert replaced >= 1
        # The replacements outlive the batch (they were started from a feeder thread).
        time.sleep(1.0)
        assert len(conv.soffice_pids()) == 2
        conv.progress = False
        again = conv.convert(_jobs(inputs, tmp_path.with_name(tmp_path.name + "-again"), 4))
        assert [(r.ok, r.attempts, r.error) for r in again] == [(True, 1, None)] * 4
        assert conv.replaced == replaced
        seen = conv.process_ids() + killed
    assert len(killed) == 2
    assert all(r.ok for r in results), [r.error for r in results]
    assert any(r.attempts == 2 for r in results)
    assert len(_only_finished_pdfs(tmp_path)) == 10
    _assert_all_gone(root, seen)


@requires_lo
def test_hung_worker_killed_and_document_retried(inputs: Path, tmp_path: Path) -> None:
    stopped: list[int] = []

    def freeze_offices(done: int, total: int, result: PdfResult) -> None:
        if done == 1:
            for pid in conv.soffice_pids():
                os.kill(pid, signal.SIGSTOP)  # a hang: alive, never answers
                stopped.append(pid)

    with PdfConverter(workers=2, progress=freeze_offices) as conv:
        root = conv.root
        started = time.monotonic()
        results = conv.convert(_jobs(inputs, tmp_path, 6, timeout=2.0))
        elapsed = time.monotonic() - started
        seen = conv.process_ids() + stopped
    assert stopped
    assert all(r.ok for r in results), [r.error for r in results]
    assert any(r.attempts == 2 for r in results)
    assert elapsed < 20
    assert len(_only_finished_pdfs(tmp_path)) == 6
    _assert_all_gone(root, seen)


@requires_lo
def test_document_timing_out_twice_is_reported_and_batch_goes_on(inputs: Path,
                                                                 tmp_path: Path) -> None:
    jobs = _jobs(inputs, tmp_path, 4)
    jobs[1] = PdfJob(inputs / "letter.docx", tmp_path / "slow.pdf", META, timeout=0.001)
    with PdfConverter(workers=2, progress=False) as conv:
        root = conv.root
        results = conv.convert(jobs)
        seen = conv.process_ids()
        assert conv.replaced == 2
    slow = results[1]
    assert not slow.ok and slow.code == "timeout" and slow.attempts == 2
    assert "letter.docx" in slow.error and "quá thời gian" in slow.error
    assert [r.ok for r in results] == [True, False, True, True]
    assert "slow.pdf" not in _only_finished_pdfs(tmp_path)
    _assert_all_gone(root, seen)


_INTERRUPTED = """
import sys
from pathlib import Path
from generator.pdf import PdfConverter, PdfJob

inputs, out = Path(sys.argv[1]), Path(sys.argv[2])
jobs = [PdfJob(inputs / f"batch-{i % 8}.docx", out / f"doc-{i}.pdf") for i in range(400)]

def report(done, total, result):
    print("done", done, flush=True)

with PdfConverter(workers=2, progress=report) as conv:
    print("root", conv.root, flush=True)
    print("pids", *conv.process_ids(), flush=True)
    conv.convert(jobs)
"""


@requires_lo
def test_ctrl_c_leaves_no_process_and_no_partial_file(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-c", _INTERRUPTED, str(inputs), str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    assert proc.stdout is not None
    root = Path(proc.stdout.readline().split()[1])
    pids = [int(p) for p in proc.stdout.readline().split()[1:]]
    assert len(pids) >= 4  # 2 workers, each with oosplash and soffice.bin
    assert proc.stdout.readline().startswith("done")
    proc.send_signal(signal.SIGINT)
    time.sleep(0.1)
    proc.send_signal(signal.SIGINT)  # an impatient user presses it again
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and "KeyboardInterrupt" in err
    _assert_all_gone(root, pids)
    names = _only_finished_pdfs(out)
    assert 0 < len(names) < 400


def test_missing_soffice_path(tmp_path: Path) -> None:
    with pytest.raises(LibreOfficeMissing) as info:
        PdfConverter(soffice_path=tmp_path / "nowhere" / "soffice")
    assert INSTALL_COMMAND in str(info.value)
    assert "apt-get install" in str(info.value) and "LibreOffice" in str(info.value)
    assert "DOCX" in str(info.value)
    assert "not found" in info.value.message_en


def test_missing_soffice_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(LibreOfficeMissing, match="apt-get install"):
        PdfConverter()


def test_python_without_uno(tmp_path: Path) -> None:
    # The venv's own Python cannot import Debian's uno module.
    with pytest.raises(LibreOfficeMissing, match="python3-uno"):
        PdfConverter(python_path=str(tmp_path / "no-python"))


@requires_lo
def test_office_that_does_not_start(tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    with pytest.raises(LibreOfficeMissing) as info:
        PdfConverter(workers=1, soffice_path=fake).start()
    assert "khởi động" in str(info.value)
    assert [p for p in tmp_path.iterdir() if p.name != "soffice"] == []


_ORPHANED = """
import sys, time
from generator.pdf import PdfConverter
conv = PdfConverter(workers=2, progress=False)
conv.start()
print("root", conv.root, flush=True)
time.sleep(600)
"""


@requires_lo
def test_workers_go_when_the_pool_process_is_killed(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-c", _ORPHANED], stdout=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdout is not None
    root = Path(proc.stdout.readline().split()[1])
    assert pool_processes(root)
    proc.kill()  # no __exit__, no finally: the workers must notice on their own
    proc.wait()
    deadline = time.monotonic() + 15
    while pool_processes(root) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert pool_processes(root) == []
    import shutil
    shutil.rmtree(root, ignore_errors=True)  # nobody was left to remove it

"""Class 7: processes that die. Within a few seconds of SIGTERM or SIGKILL of `vanban`
mid-batch no LibreOffice process of that run is left; SIGTERM removes the run's temporary
folders, and those a SIGKILL left are swept at the next start.

Each run gets its own TMPDIR under the test's folder, so "the run's processes" are those whose
command line names that folder (other vanban runs on the machine are not touched).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import VANBAN, letter_text, run
from .test_outputs import big_letter

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice not installed")


def processes_naming(folder: Path) -> list[tuple[int, str]]:
    """Live processes whose command line mentions ``folder``."""
    found = []
    needle = str(folder).encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in cmdline and state != "Z":
            found.append((int(entry), cmdline.replace(b"\0", b" ").decode(errors="replace")))
    return found


def pipe_sockets_left(profiles: list[Path]) -> list[Path]:
    """The sockets in /tmp of the soffice processes that ran with these profiles."""
    from generator.pdf.pipe_sockets import pipe_sockets

    left = []
    for profile in profiles:
        pipe = f"vanban-{profile.parent.name[-8:]}-{profile.name.rsplit('-', 1)[1]}"
        left += [s for s in pipe_sockets(str(profile), pipe) if s.exists()]
    return left


def wait_for(condition, timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def start_batch(tmp_path: Path, count: int = 12) -> tuple[subprocess.Popen[bytes], Path, Path]:
    source, out, tmp = tmp_path / "in", tmp_path / "out", tmp_path / "tmp"
    source.mkdir()
    tmp.mkdir()
    text = big_letter()
    for i in range(count):
        (source / f"d{i:02d}.yaml").write_text(text, encoding="utf-8")
    env = dict(os.environ, TMPDIR=str(tmp), PYTHONPATH=str(Path(__file__).parents[2]))
    proc = subprocess.Popen([*VANBAN, "build", str(source), "-o", str(out), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    # mid-batch: LibreOffice is running and some PDF is written, not all
    assert wait_for(lambda: any("soffice.bin" in c for _, c in processes_naming(tmp))
                    and any(out.glob("*.pdf")), 90), proc.poll()
    assert proc.poll() is None
    return proc, tmp, out


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_no_libreoffice_left_after_vanban_dies(tmp_path: Path, sig: signal.Signals) -> None:
    proc, tmp, out = start_batch(tmp_path)
    profiles = sorted(tmp.glob("vanban-lo-*/profile-*"))
    assert profiles
    proc.send_signal(sig)
    proc.communicate(timeout=30)
    assert wait_for(lambda: not processes_naming(tmp), 5), processes_naming(tmp)
    # Nor the sockets LibreOffice made in /tmp: the worker removes them with its soffice.
    assert wait_for(lambda: not pipe_sockets_left(profiles), 5), pipe_sockets_left(profiles)
    if sig == signal.SIGTERM:
        assert proc.returncode == 143, proc.returncode
        assert wait_for(lambda: not any(tmp.glob("vanban-lo-*")), 5), list(tmp.iterdir())
    else:
        left = list(tmp.glob("vanban-lo-*"))
        assert left  # a SIGKILL leaves the folder: the next start sweeps it
        env_tmp = {"TMPDIR": str(tmp)}
        again = subprocess.run([*VANBAN, "build", str(tmp_path / "in" / "d00.yaml"), "-o",
                                str(tmp_path / "again")], capture_output=True, text=True,
                               env={**os.environ, **env_tmp,
                                    "PYTHONPATH": str(Path(__file__).parents[2])},
                               timeout=120, check=False)
        assert again.returncode == 0, again.stderr
        assert not any(path.exists() for path in left)
    # the outputs written before the signal are whole files (atomic writes)
    for pdf in out.glob("*.pdf"):
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.read_bytes().rstrip().endswith(
            b"%%EOF")
    assert not list(out.glob(".*.tmp"))


def test_retried_worker_mentioned_in_summary(tmp_path: Path) -> None:
    """A worker that crashed (killed from outside) is replaced, its document retried, and the
    run's summary says so."""
    proc, tmp, out = start_batch(tmp_path, count=8)
    office = [pid for pid, c in processes_naming(tmp) if "soffice.bin" in c]
    os.kill(office[0], signal.SIGKILL)
    stdout, stderr = proc.communicate(timeout=180)
    text = stdout.decode() + stderr.decode()
    assert proc.returncode == 0, text
    assert "Traceback" not in text
    assert "LibreOffice bị dừng đột ngột hoặc treo 1 lần" in text
    assert len(list(out.glob("*.pdf"))) == 8
    assert wait_for(lambda: not processes_naming(tmp), 5)


def test_pool_sweep_keeps_live_runs(tmp_path: Path) -> None:
    """The sweep removes only folders whose owner is gone."""
    from generator.pdf.pool import OWNER_FILE, sweep_stale

    live, dead = tmp_path / "vanban-lo-live", tmp_path / "vanban-lo-dead"
    for folder in (live, dead):
        folder.mkdir()
    (live / OWNER_FILE).write_text(f"{os.getpid()} {_start_time(os.getpid())}\n")
    (dead / OWNER_FILE).write_text("999999999 0\n")
    assert sweep_stale(tmp_path) == [dead]
    assert live.is_dir() and not dead.exists()
    assert run(["--version"], tmp_path).returncode == 0
    _ = letter_text


def _start_time(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]

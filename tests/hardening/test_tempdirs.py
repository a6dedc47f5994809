"""Class 7, temporary folders: every vanban temporary folder (LibreOffice profiles, electronic
copies, consolidation, web desk, ĐẾN stamps — generator/tempdirs.py) is removed on SIGTERM,
and one a SIGKILL left is swept at the next start of `vanban`; the folder of a live run is kept.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator.tempdirs import OWNER_FILE, PREFIXES, start_time

from .conftest import VANBAN, run
from .test_pdfs import scan
from .test_processes import processes_naming, wait_for


def _env(tmp: Path) -> dict[str, str]:
    return dict(os.environ, TMPDIR=str(tmp), PYTHONPATH=str(Path(__file__).parents[2]))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_sigkill_of_copy_leaves_ecopy_folder_swept_at_next_start(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    source = scan(tmp_path / "scan.pdf")
    proc = subprocess.Popen([*VANBAN, "copy", str(source), "-o", str(tmp_path / "copy.pdf"),
                             "--by", "Sở Nội vụ tỉnh Lạng Sơn"], env=_env(tmp),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # mid-copy: its electronic-copy folder exists and LibreOffice is converting the stamp
    assert wait_for(lambda: any(tmp.glob("vanban-ecopy-*"))
                    and any("soffice.bin" in c for _, c in processes_naming(tmp)), 90), \
        proc.poll()
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    left = sorted(tmp.glob("vanban-ecopy-*")) + sorted(tmp.glob("vanban-lo-*"))
    assert any(p.name.startswith("vanban-ecopy-") for p in left), list(tmp.iterdir())
    assert not (tmp_path / "copy.pdf").exists()
    assert wait_for(lambda: not processes_naming(tmp), 5), processes_naming(tmp)

    # a live process's folder of every prefix: kept by the sweep
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        live = []
        for prefix in PREFIXES:
            folder = tmp / f"{prefix}live"
            folder.mkdir()
            (folder / OWNER_FILE).write_text(f"{sleeper.pid} {start_time(sleeper.pid)}\n")
            live.append(folder)
        # a dead process's folder of every prefix (same pid, other start time: pid reuse)
        dead = []
        for prefix in PREFIXES:
            folder = tmp / f"{prefix}dead"
            (folder / "profile").mkdir(parents=True)
            (folder / OWNER_FILE).write_text(f"{sleeper.pid} 1\n")
            dead.append(folder)
        again = run(["schema"], tmp_path, env=_env(tmp))
        assert again.returncode == 0, again.stderr
        assert not [p for p in [*left, *dead] if p.exists()], list(tmp.iterdir())
        assert all(p.is_dir() for p in live)
    finally:
        sleeper.kill()
        sleeper.wait()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_sigterm_of_copy_removes_its_folders(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    source = scan(tmp_path / "scan.pdf")
    proc = subprocess.Popen([*VANBAN, "copy", str(source), "-o", str(tmp_path / "copy.pdf"),
                             "--by", "Sở Nội vụ tỉnh Lạng Sơn"], env=_env(tmp),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert wait_for(lambda: any(tmp.glob("vanban-ecopy-*"))
                    and any("soffice.bin" in c for _, c in processes_naming(tmp)), 90), \
        proc.poll()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    assert "Traceback" not in err.decode()
    assert "Đã dừng (SIGTERM)." in err.decode()
    assert wait_for(lambda: not list(tmp.iterdir()), 5), list(tmp.iterdir())
    assert wait_for(lambda: not processes_naming(tmp), 5), processes_naming(tmp)
    assert not (tmp_path / "copy.pdf").exists()


def test_sweep_leaves_symlinks_and_other_names(tmp_path: Path) -> None:
    from generator.tempdirs import sweep_stale

    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "keep").mkdir(parents=True)
    (tmp_path / "vanban-ecopy-link").symlink_to(elsewhere)
    (tmp_path / "vanban-ecopy-file").write_text("x")
    (tmp_path / "other-dead").mkdir()
    (tmp_path / "other-dead" / OWNER_FILE).write_text("999999999 0\n")
    assert sweep_stale(tmp_path) == []
    assert (elsewhere / "keep").is_dir() and (tmp_path / "other-dead").is_dir()

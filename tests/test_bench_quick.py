"""Every benchmark under bench/ runs in its --quick mode, so none can break silently."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
SCRIPTS = sorted(BENCH.glob("bench_*.py"))


def test_every_benchmark_is_found() -> None:
    assert {p.name for p in SCRIPTS} >= {"bench_docx.py", "bench_pdf.py",
                                         "bench_consolidate.py"}


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_benchmark_quick_mode_runs(script: Path, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(script), "--quick"], capture_output=True,
                          text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert "|" in done.stdout or done.stdout.strip(), "a benchmark prints its figures"

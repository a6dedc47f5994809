"""Class 7 for the long-running processes other issues added: SIGKILL of `vanban serve` (here)
or of a `vanban merge-worker` (tests/merge/test_queue.py) leaves no LibreOffice process of
theirs behind within a few seconds (each LibreOffice worker watches a pipe only its vanban
holds open)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from generator.pdf.pool import _descendants

from ..web.browser import Server


def _soffice_below(pid: int, timeout: float = 60) -> list[int]:
    """The LibreOffice processes under ``pid`` once its pool has started them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p for p in _descendants(pid) if _name(p).startswith(("soffice", "oosplash"))]
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError("no LibreOffice process was started")


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _gone_within(pids: list[int], seconds: float = 15) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = [p for p in pids if _alive(p)]
        if not left:
            return []
        time.sleep(0.2)
    return [p for p in pids if _alive(p)]


def test_sigkill_of_the_web_desk_leaves_no_libreoffice(tmp_path: Path) -> None:
    office = tmp_path / "office"
    office.mkdir()
    server = Server(office)
    try:
        lo = _soffice_below(server.process.pid)
        os.kill(server.process.pid, signal.SIGKILL)  # the server alone, not its group
        server.process.wait(timeout=10)
        assert _gone_within(lo) == []
    finally:
        if server.process.poll() is None:
            server.stop()

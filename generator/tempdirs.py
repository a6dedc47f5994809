"""vanban's temporary folders: one rule for every one of them.

Each is made by :func:`private_folder` (or :func:`make_private`) in the system's temporary
folder, named ``vanban-<what>-…`` and holding an ``owner`` file ("<pid> <start time>" of the
process that made it). A ``with`` removes it on the way out, also on SIGTERM (the CLI turns
SIGTERM into an exception, so every ``with`` runs). A SIGKILL leaves it behind:
:func:`sweep_stale`, run at every start of ``vanban`` and of a LibreOffice pool, removes the
folders of every prefix in :data:`PREFIXES` whose owner is no longer running, and keeps those of
a live process.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

OWNER_FILE = "owner"
# Every prefix vanban makes temporary folders with (the PostgreSQL of the tests is not one:
# its server is stopped and removed by the test fixture itself).
PREFIXES = ("vanban-lo-", "vanban-ecopy-", "vanban-consolidate-", "vanban-web-", "vanban-den-")
_NO_OWNER_GRACE = 3600.0  # a folder without an owner file yet: being made now, or very old


def start_time(pid: int) -> str | None:
    """The start time of ``pid`` (clock ticks since boot): with the pid, names one process."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def make_private(prefix: str) -> Path:
    """A new private folder ``<tmp>/<prefix>…`` owned by this process (remove it yourself)."""
    if prefix not in PREFIXES:
        raise ValueError(f"unknown temporary-folder prefix {prefix!r}: add it to PREFIXES")
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    (folder / OWNER_FILE).write_text(f"{os.getpid()} {start_time(os.getpid())}\n")
    return folder


@contextlib.contextmanager
def private_folder(prefix: str) -> Iterator[Path]:
    """:func:`make_private`, removed when the ``with`` ends (normally, by an error or SIGTERM)."""
    folder = make_private(prefix)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def owner_alive(folder: Path) -> bool:
    """Whether the process that made ``folder`` still runs (same pid and start time)."""
    try:
        pid_text, started = (folder / OWNER_FILE).read_text().split()[:2]
        pid = int(pid_text)
    except (OSError, ValueError):
        try:
            return time.time() - folder.stat().st_mtime < _NO_OWNER_GRACE
        except OSError:
            return False
    return start_time(pid) == started


def sweep_stale(parent: Path | None = None) -> list[Path]:
    """Remove the temporary folders of runs that were killed (SIGKILL leaves them); a folder
    whose owner still runs is kept, and so is anything that is not a real folder of ours
    (a symbolic link named like one is left alone). Returns what was removed."""
    parent = Path(parent or tempfile.gettempdir())
    removed: list[Path] = []
    try:
        candidates = sorted(p for p in parent.iterdir() if p.name.startswith(PREFIXES))
    except OSError:
        return removed
    me = os.getuid()
    for folder in candidates:
        try:
            info = folder.lstat()
        except OSError:
            continue
        if not folder.is_dir() or folder.is_symlink() or info.st_uid != me \
                or owner_alive(folder):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed.append(folder)
    return removed

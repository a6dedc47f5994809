"""Writing outputs: to a temporary file beside the target, then renamed into place."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomic(target: Path, data: bytes) -> None:
    """Write to a temporary file beside ``target``, then rename: never a half-written file.
    A folder under ``target``'s name is an :class:`IsADirectoryError` naming ``target``
    (before anything is written)."""
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:  # named by the target, not by a temporary name (or none)
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, target)
    except OSError as exc:  # disk full, read-only …: the target named, the temporary gone
        Path(tmp).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

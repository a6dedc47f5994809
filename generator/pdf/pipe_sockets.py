"""Where soffice puts the sockets of its pipes: shared by the pool and by ``worker.py``.

Standard library only: the worker runs under the system Python and imports this module
from its own folder. LibreOffice makes the sockets in /tmp (or /var/tmp) whatever $TMPDIR
says: one for our ``--accept`` pipe and one for its single-instance IPC, named
SingleOfficeIPC_<MD5 of the profile URL in UTF-16, bytes in unpadded hex>. soffice removes
them when it ends normally; a killed one leaves them behind, so whoever kills it removes them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import urllib.parse
from pathlib import Path

SOCKET_FOLDERS = ("/tmp", "/var/tmp")


def pipe_sockets(profile: str, pipe: str) -> list[Path]:
    """The socket paths of the soffice started with ``profile`` and ``--accept=pipe,name=pipe``."""
    url = "file://" + urllib.parse.quote(str(profile))
    digest = hashlib.md5(url.encode("utf-16-le"), usedforsecurity=False).digest()
    ipc = "SingleOfficeIPC_" + "".join(format(b, "x") for b in digest)
    uid = os.getuid()
    return [Path(folder) / f"OSL_PIPE_{uid}_{name}"
            for folder in SOCKET_FOLDERS for name in (pipe, ipc)]


def remove_pipe_sockets(profile: str, pipe: str) -> None:
    """Remove them (call only once that soffice is gone)."""
    for socket in pipe_sockets(profile, pipe):
        with contextlib.suppress(OSError):
            socket.unlink()

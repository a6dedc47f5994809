"""Every file the web desk writes goes through the one rule of generator/paths.py: inside the
office folder (or the plans folder), never through a symbolic link or onto a FIFO or device
planted there; a refusal or a write error is a 400 answer in Vietnamese, nothing written."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import HTTPException, Request

from ..paths import OutputError, OutputFolder


def _folder_for(request: Request, target: Path) -> OutputFolder:
    config = request.app.state.config
    where = os.path.abspath(target)
    for root in (config.plan_root, config.office):
        base = os.path.abspath(root)
        if where == base or where.startswith(base.rstrip(os.sep) + os.sep):
            return OutputFolder(Path(root))
    raise HTTPException(400, "Đường dẫn không hợp lệ (ngoài thư mục cơ quan).")


def _refused(error: OutputError) -> HTTPException:
    return HTTPException(400, error.problem.message("vi"))


def desk_check(request: Request, target: Path) -> Path:
    """``target`` if the desk may write it (for writers of their own, e.g. the annotator)."""
    try:
        return _folder_for(request, target).check(target)
    except OutputError as exc:
        raise _refused(exc) from None


def desk_write(request: Request, target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically under the office folder's rule."""
    try:
        return _folder_for(request, target).write(target, data)
    except OutputError as exc:
        raise _refused(exc) from None

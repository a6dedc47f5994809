"""Figures at the desk: a clerk uploads a PNG or JPEG picture at a figure's ``hinh`` field.

The picture is checked by the engine (``generator.images.read_picture``: kind told by the
bytes, size and pixel budgets) and kept in the clerk's own folder as
``web/nguoi-dung/<tên>/hinh/<content hash>.png|jpeg`` — the name comes from the content,
never from the client — and the field gets ``hinh/<content hash>.png``, which the clerk's
documents resolve from that folder as ``vanban build`` resolves it beside a content file.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import HTTPException, Request, UploadFile

from ..images import CONTENT_TYPES, EXTENSIONS, Picture, PictureError, read_picture
from ..limits import MAX_FIGURE_BYTES
from ..paths import InputError, read_beside, within
from .security import MAX_UPLOAD
from .storage import desk_write

FOLDER = "hinh"  # inside a clerk's workspace, and beside a draft sent to the văn thư
KEPT_NAME = re.compile(r"^[0-9a-f]{16}\.(png|jpeg)$")  # what store_picture names a picture


def picture_name(picture: Picture) -> str:
    """What the ``hinh`` field holds for ``picture``: ``hinh/<content hash>.png``."""
    return f"{FOLDER}/{picture.digest}.{EXTENSIONS[picture.kind]}"


async def read_uploaded_picture(upload: UploadFile) -> Picture:
    """The uploaded bytes checked as a picture; 413/400 in Vietnamese otherwise."""
    data = await upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise HTTPException(413, f"Ảnh quá lớn (tối đa {MAX_UPLOAD // (1024 * 1024)} MB mỗi "
                                 "tệp tải lên).")
    try:
        return read_picture(data)
    except PictureError as exc:
        raise HTTPException(400, f"Không dùng được ảnh này: {exc.why.vi}.") from None


def store_picture(request: Request, folder: Path, picture: Picture) -> str:
    """Keep ``picture`` under ``folder/hinh/`` (atomically, under the office folder's rule);
    the name to put in the ``hinh`` field."""
    name = picture_name(picture)
    desk_write(request, folder / name, picture.data)
    return name


def figure_folder(request: Request, folder: Path) -> Path | None:
    """The folder a clerk's figures are read from: their workspace, unless it leads out of
    the office folder (a symbolic link planted there), then none (the engine says so)."""
    return folder if within(request.app.state.config.office, folder) else None


def kept_picture(folder: Path, name: str) -> tuple[bytes, str] | None:
    """A picture kept in ``folder/hinh/`` by its name there (``<hash>.png``) and its media
    type, or None (no such picture, or a name the desk never gives)."""
    match = KEPT_NAME.match(name)
    if match is None:
        return None
    try:
        data = read_beside(folder, f"{FOLDER}/{name}", MAX_FIGURE_BYTES)
    except InputError:
        return None
    return data, CONTENT_TYPES[match[1]]

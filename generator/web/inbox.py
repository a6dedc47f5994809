"""Drafts a clerk hands to the văn thư inside the desk: "Gửi văn thư" copies a saved, valid,
unnumbered draft (and the pictures of its figures) into the office's inbox; the văn thư
issues it (the upload path's ``Office.issue``) or returns it with a reason.

Layout under ``<office>/web/gui-van-thu/``: ``cho/<id>/`` an entry waiting (``du-thao.yaml``,
``hinh/<hash>.png``, ``phieu.json``: who sent it, when, its type and trích yếu);
``cho/<id>.dang-cap-so/`` an entry a văn thư is issuing (claimed by an atomic rename, so two
clicks give one number); ``xong/<id>-<token>/`` issued or returned, with the outcome in its
``phieu.json``. ``<id>`` is a hash of the sender and the draft's bytes: the same unchanged
draft sent twice is one entry; nothing of a name comes from the client.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from ..images import figures
from .accounts import DON_VI, DRAFTERS, Account
from .drafts import Workspace, check_text
from .figures import FOLDER, figure_folder
from .security import PageUser, require_role
from .storage import desk_check, desk_write
from .yamlio import FormError

router = APIRouter()
INBOX = "gui-van-thu"
DRAFT, RECORD, CLAIMED = "du-thao.yaml", "phieu.json", ".dang-cap-so"
WAITING, ISSUED, RETURNED = "cho-cap-so", "da-cap-so", "tra-lai"
ENTRY_ID = re.compile(r"^[0-9a-f]{16}$")
FIGURE = re.compile(rf"^{FOLDER}/[0-9a-f]{{16}}\.(png|jpeg)$")
MAX_REASON = 1000


class SendRefused(Exception):
    """A draft the desk does not send; ``problems`` are the lines to show the clerk."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if problems else "")
        self.problems = problems


@dataclass(frozen=True)
class Entry:
    folder: Path
    record: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.record["id"])

    @property
    def draft(self) -> Path:
        return self.folder / DRAFT


def _root(request: Request) -> Path:
    return request.app.state.config.data / INBOX


def _read(folder: Path) -> Entry | None:
    try:
        record = json.loads((folder / RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return Entry(folder, record) if isinstance(record, dict) else None


def waiting(request: Request) -> list[Entry]:
    """The entries waiting for a number, oldest first."""
    folder = _root(request) / "cho"
    entries = [_read(p) for p in folder.iterdir() if ENTRY_ID.match(p.name)] \
        if folder.is_dir() else []
    return sorted((e for e in entries if e), key=lambda e: e.record["gui_luc"])


def _done(request: Request) -> list[Entry]:
    folder = _root(request) / "xong"
    entries = [_read(p) for p in folder.iterdir()] if folder.is_dir() else []
    return [e for e in entries if e]


def sent_by(request: Request, username: str) -> list[Entry]:
    """What ``username`` sent (waiting, being issued, issued, returned), newest first."""
    folder = _root(request) / "cho"
    pending = [_read(p) for p in folder.iterdir()] if folder.is_dir() else []
    mine = [e for e in [*pending, *_done(request)]
            if e and e.record.get("nguoi_gui") == username]
    return sorted(mine, key=lambda e: (e.record.get("xu_ly_luc") or e.record["gui_luc"]),
                  reverse=True)


def _now(request: Request) -> str:
    """The desk's clock: its date (``--date``) and the time of day."""
    return dt.datetime.combine(request.app.state.today(), dt.datetime.now().time()) \
        .isoformat(timespec="seconds")


def send(request: Request, account: Account, name: str) -> tuple[Entry, bool]:
    """Put the clerk's saved file ``name`` into the inbox: (its entry, whether it is new)."""
    workspace = Workspace.of(request.app.state.config.data, account.username)
    try:
        path = workspace.path(name)
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except (FormError, FileNotFoundError):
        raise HTTPException(404, "Không có tệp này.") from None
    except UnicodeDecodeError:
        raise SendRefused(["Tệp YAML phải mã UTF-8."]) from None
    # figures from the clerk's folder, as the editor reads them (none if it leads out)
    checked = check_text(text, folder=figure_folder(request, workspace.folder))
    if checked.document is None:
        raise SendRefused([p["text"] for p in checked.problems])
    doc = checked.document
    if doc.so is not None and not doc.chua_cap_so:
        raise SendRefused([f"Văn bản đã có số ({doc.number_and_code}); chỉ gửi văn thư bản "
                           "thảo chưa cấp số ('chua_cap_so: true' hoặc không ghi 'so')."])
    pictures: dict[str, bytes] = {}
    for _, figure in figures(doc):
        if not FIGURE.match(figure.hinh):
            raise SendRefused([f"Hình '{figure.hinh}': chỉ gửi được ảnh đã tải lên tại bàn "
                               "soạn thảo (hinh/<mã>.png)."])
        pictures[figure.hinh] = figure.image.data
    digest = hashlib.sha256(account.username.encode() + b"\0" + raw)
    for typed, data in sorted(pictures.items()):
        digest.update(typed.encode() + b"\0" + hashlib.sha256(data).digest())
    entry_id = digest.hexdigest()[:16]
    root = _root(request)
    target = root / "cho" / entry_id
    for folder in (target, target.with_name(entry_id + CLAIMED)):
        found = _read(folder)
        if found is not None:
            return found, False
    for done in _done(request):
        if done.id == entry_id and done.record.get("trang_thai") == ISSUED:
            raise SendRefused([f"Bản thảo này đã được cấp số "
                               f"{done.record.get('so_ky_hieu')}."])
    record = {"id": entry_id, "nguoi_gui": account.username,
              "ho_ten": account.full_name or account.username, "tep": path.name,
              "gui_luc": _now(request), "loai": doc.loai,
              "ten_loai": doc.doc_type.name.capitalize(), "trich_yeu": doc.trich_yeu or "",
              "trang_thai": WAITING}
    staging = root / "tam" / secrets.token_hex(8)
    try:
        desk_write(request, staging / DRAFT, raw)
        for typed, data in pictures.items():
            desk_write(request, staging / typed, data)
        desk_write(request, staging / RECORD, _json(record))
        desk_check(request, target / RECORD)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staging, target)  # the entry appears whole, or not at all
    except OSError:  # the same draft sent at the same moment: the other send made it
        found = _read(target)
        if found is None:
            raise
        return found, False
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Entry(target, record), True


def _json(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")


def claim(request: Request, entry_id: str) -> Entry:
    """Take a waiting entry for one văn thư (an atomic rename); 409 when someone else has it
    or it is gone, 404 for no such entry."""
    if not ENTRY_ID.match(entry_id):
        raise HTTPException(404, "Không có văn bản này trong danh sách chờ cấp số.")
    source = _root(request) / "cho" / entry_id
    claimed = source.with_name(entry_id + CLAIMED)
    if not source.is_dir():
        raise HTTPException(409, "Văn bản này đã được văn thư khác xử lý.")
    try:
        os.rename(source, claimed)  # one of two văn thư clicking at once gets it
    except OSError:
        raise HTTPException(409, "Văn bản này đang được văn thư khác xử lý.") from None
    entry = _read(claimed)
    if entry is None:
        release(request, Entry(claimed, {"id": entry_id}))
        raise HTTPException(404, "Không có văn bản này trong danh sách chờ cấp số.")
    return entry


def release(request: Request, entry: Entry) -> None:
    """Put a claimed entry back into the list (issuing it failed)."""
    os.rename(entry.folder, _root(request) / "cho" / entry.id)


def finish(request: Request, entry: Entry, account: Account, **outcome: Any) -> None:
    """Move a claimed entry out of the list with its outcome, for the sender to see."""
    record = {**entry.record, **outcome, "xu_ly_boi": account.full_name or account.username,
              "xu_ly_luc": _now(request)}
    desk_write(request, entry.folder / RECORD, _json(record))
    target = _root(request) / "xong" / f"{entry.id}-{secrets.token_hex(4)}"
    desk_check(request, target / RECORD)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(entry.folder, target)


# ---- the clerk's side ---------------------------------------------------------------------

@router.post("/soan/tep/{name}/gui-van-thu")
async def send_page(request: Request, name: str, account: PageUser) -> Response:
    if account.role == DON_VI:
        raise HTTPException(404, "Không có trang này.")
    require_role(account, DRAFTERS)
    from .documents import file_list

    try:
        entry, new = await asyncio.to_thread(send, request, account, name)
    except SendRefused as exc:
        return file_list(request, account, refused=(name, exc.problems), status_code=400)
    if not new:
        return file_list(request, account, notice=f"{name}: bản thảo này đã gửi văn thư, "
                                                  "không gửi lại.")
    return RedirectResponse(f"/soan?gui={quote(entry.id)}", status_code=303)


# ---- the văn thư's side -------------------------------------------------------------------

def _reason(text: str) -> str:
    reason = " ".join(text.split())
    if not reason:
        raise HTTPException(400, "Cần ghi lý do trả lại.")
    if len(reason) > MAX_REASON:
        raise HTTPException(400, f"Lý do trả lại quá dài (tối đa {MAX_REASON} ký tự).")
    return reason


def return_entry(request: Request, account: Account, entry_id: str, ly_do: str) -> None:
    reason = _reason(ly_do)
    entry = claim(request, entry_id)
    try:
        finish(request, entry, account, trang_thai=RETURNED, ly_do=reason)
    except BaseException:
        with contextlib.suppress(OSError):
            release(request, entry)
        raise

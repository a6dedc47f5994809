"""`vanban check` at the desk: upload a DOCX, see the findings by paragraph, download a copy
annotated with a Word comment on each problem. Each user's checks are kept apart."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, HTTPException, Request, UploadFile
from fastapi.responses import Response

from ..check import DocxReadError, check_docx
from ..check.annotate import annotate
from .accounts import DRAFTERS, Account
from .app import render
from .security import PageUser, read_upload, require_role
from .storage import desk_check, desk_write

router = APIRouter()
ANNOTATED = "ban-chu-thich.docx"


def _folder(request: Request, account: Account) -> Path:
    return request.app.state.config.data / "kiem-tra" / account.username


@router.get("/kiem-tra")
async def form(request: Request, account: PageUser) -> Response:
    require_role(account, DRAFTERS)
    return render(request, "kiem-tra.html", account=account, report=None)


def _run_check(source: Path, annotated: Path):  # noqa: ANN202 (a Report)
    report = check_docx(source)
    annotate(report, annotated)
    return report


@router.post("/kiem-tra")
async def upload(request: Request, tep: Annotated[UploadFile, File()],
                 account: PageUser) -> Response:
    require_role(account, DRAFTERS)
    raw = await read_upload(tep, (".docx",))
    ticket = secrets.token_hex(8)
    folder = _folder(request, account) / ticket
    source = folder / "van-ban.docx"
    desk_write(request, source, raw)
    desk_check(request, folder / ANNOTATED)
    try:
        report = await asyncio.to_thread(_run_check, source, folder / ANNOTATED)
    except DocxReadError as exc:
        raise HTTPException(400, f"Không đọc được tệp DOCX: {exc}") from None
    failed = [r for r in report.results if r.status == "fail"]
    return render(request, "kiem-tra.html", account=account, report=report, failed=failed,
                  ticket=ticket, name=Path(tep.filename or "").name)


@router.get("/kiem-tra/{ticket}/" + ANNOTATED)
async def annotated(request: Request, ticket: str,
                    account: PageUser) -> Response:
    if not ticket.isalnum():
        raise HTTPException(404, "Không có bản này.")
    path = _folder(request, account) / ticket / ANNOTATED
    if not path.is_file():
        raise HTTPException(404, "Không có bản này.")
    return Response(path.read_bytes(), media_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        headers={"Content-Disposition": f'attachment; filename="{ANNOTATED}"'})

"""The office's work at the desk, over generator.register and generator.signing:

- the văn thư issues a draft (the next number of its book, today's date, DOCX + PDF, the
  register row), searches the register and prints it (Phụ lục IV: PDF, DOCX, XLSX);
- a leader signs a prepared PDF with a key of office.yaml; the văn thư fills the number
  and the day and adds the office's signature with the seal; anyone verifies a PDF.

PINs come in the form and go straight to the key; they are never stored or shown.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import Response

from .. import nd30
from ..problems import Problems
from .accounts import DON_VI, DRAFTERS, LANH_DAO, QUAN_TRI, VAN_THU, Account
from .app import render
from .figures import read_uploaded_picture, store_picture
from .security import PageUser, read_upload, require_role
from .storage import desk_write

router = APIRouter()
CLERKS = frozenset({VAN_THU, QUAN_TRI})
SIGNERS = frozenset({LANH_DAO, QUAN_TRI})
PDF_TYPE = "application/pdf"


def _folder(request: Request) -> Path:
    return request.app.state.config.office


def _office(request: Request, account: Account) -> Any:
    from ..register import Office, RegisterError

    try:
        return Office.open(_folder(request), user=account.username)
    except Problems as exc:
        raise HTTPException(400, " ".join(p.render("vi") for p in exc.items)) from None
    except RegisterError as exc:
        raise HTTPException(400, exc.render("vi")) from None


def _messages(exc: Exception) -> str:
    from ..register import RegisterError
    from ..signing.errors import SigningError

    if isinstance(exc, Problems):
        return "\n".join(p.render("vi") for p in exc.items)
    if isinstance(exc, RegisterError):
        return exc.render("vi")
    if isinstance(exc, SigningError):
        return exc.message("vi")
    raise exc


def _register_page(request: Request, account: Account, **values: Any) -> Response:
    params = request.query_params
    with _office(request, account) as office:
        year = int(params.get("nam") or request.app.state.today().year)
        rows = office.search(words=params.get("tu_khoa") or None,
                             loai=params.get("loai") or None,
                             signer=params.get("nguoi_ky") or None, year=year)
        books = [(b.ma, b.ten) for b in office.config.so_van_ban]
    from .inbox import waiting

    return render(request, "van-thu.html", account=account, rows=rows, year=year,
                  inbox=waiting(request),
                  books=books, query=params, types=list(nd30.DOC_TYPES.items()), **values)


@router.get("/van-thu")
async def register_page(request: Request, account: PageUser) -> Response:
    _inbox_user(account)
    return _register_page(request, account)


@router.post("/van-thu/cap-so")
async def issue(request: Request, account: PageUser, tep: Annotated[UploadFile, File()],
                so_sach: Annotated[str, Form()] = "",
                hinh: Annotated[list[UploadFile] | None, File()] = None) -> Response:
    """Number and date an uploaded draft (kept as it was, in the desk's folder) with the
    pictures of its figures: each kept beside it under its content hash, the name the desk's
    form gave it (``hinh/<hash>.png``), so the register copies it beside the issued file."""
    require_role(account, CLERKS)
    raw = await read_upload(tep, (".yaml", ".yml"))
    pictures = []
    for upload in hinh or []:
        if not upload.filename and not upload.size:
            continue  # the browser's empty file input
        try:
            pictures.append(await read_uploaded_picture(upload))
        except HTTPException as exc:
            return _register_page(request, account, error=f"{upload.filename}: {exc.detail}")
    draft = _folder(request) / "web" / "cho-cap-so" / secrets.token_hex(6) / "du-thao.yaml"
    for picture in pictures:
        store_picture(request, draft.parent, picture)
    desk_write(request, draft, raw)
    return await _issue(request, account, draft, so_sach)


async def _issue(request: Request, account: Account, draft: Path, so_sach: str,
                 entry: Any = None) -> Response:
    """Issue ``draft`` (the uploaded one, or an inbox ``entry``'s, claimed: put back into
    the list when issuing fails, moved out with its number when it succeeds)."""
    from . import inbox

    def run() -> Any:
        with _office(request, account) as office:
            return office.issue(draft, date=request.app.state.today(), book=so_sach or None)

    try:
        issued = await asyncio.to_thread(run)
    except BaseException as exc:
        if entry is not None:
            inbox.release(request, entry)
        if not isinstance(exc, Exception):
            raise
        return _register_page(request, account, error=_messages(exc))
    if entry is not None:
        inbox.finish(request, entry, account, trang_thai=inbox.ISSUED,
                     so_ky_hieu=issued.number_and_code,
                     ngay=issued.date.strftime("%d/%m/%Y"))
    return _register_page(request, account, issued=issued,
                          issued_files=[p.relative_to(_folder(request)).as_posix()
                                        for p in (issued.docx, issued.pdf) if p])


def _inbox_user(account: Account) -> None:
    if account.role == DON_VI:
        raise HTTPException(404, "Không có trang này.")
    require_role(account, CLERKS)


@router.post("/van-thu/cho-cap-so/{entry_id}/cap-so")
async def issue_sent(request: Request, entry_id: str, account: PageUser,
                     so_sach: Annotated[str, Form()] = "") -> Response:
    """Number a draft a clerk sent (the upload path's issue, on the claimed entry)."""
    _inbox_user(account)
    from . import inbox

    entry = inbox.claim(request, entry_id)
    return await _issue(request, account, entry.draft, so_sach, entry)


@router.post("/van-thu/cho-cap-so/{entry_id}/tra-lai")
async def return_sent(request: Request, entry_id: str, account: PageUser,
                      ly_do: Annotated[str, Form()] = "") -> Response:
    """Return a sent draft to its clerk with the văn thư's reason."""
    _inbox_user(account)
    from . import inbox

    await asyncio.to_thread(inbox.return_entry, request, account, entry_id, ly_do)
    return _register_page(request, account, returned=entry_id)


@router.post("/van-thu/in-so")
async def print_register(request: Request, account: PageUser,
                         loai_so: Annotated[str, Form()] = "di",
                         nam: Annotated[int, Form()] = 0) -> Response:
    require_role(account, CLERKS)
    if loai_so not in ("di", "den", "theo-doi", "buu-dien", "ban-luu"):
        raise HTTPException(400, "Không có sổ này.")
    year = nam or request.app.state.today().year

    def run() -> list[Path]:
        with _office(request, account) as office:
            return office.print_register(loai_so, year=year)

    try:
        files = await asyncio.to_thread(run)
    except Exception as exc:  # noqa: BLE001
        return _register_page(request, account, error=_messages(exc))
    return _register_page(request, account, printed=[
        p.relative_to(_folder(request)).as_posix() for p in files])


@router.get("/van-thu/tep/{name:path}")
async def office_file(request: Request, name: str, account: PageUser) -> Response:
    """An issued document or a printed register (only those two folders)."""
    require_role(account, CLERKS)
    root = _folder(request).resolve()
    path = (root / name).resolve()
    allowed = (root / "issued", root / "registers")
    if not any(path.is_relative_to(a) for a in allowed) or not path.is_file():
        raise HTTPException(404, "Không có tệp này.")
    return Response(path.read_bytes(), media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{path.name}"'})


# ---- ký số --------------------------------------------------------------------------------

def _signing_office(request: Request) -> Any:
    from ..signing.errors import SigningError
    from ..signing.office import Office

    try:
        return Office.open(_folder(request))
    except SigningError as exc:
        raise HTTPException(400, _messages(exc)) from None


@router.get("/ky-so")
async def signing_page(request: Request, account: PageUser) -> Response:
    require_role(account, DRAFTERS)
    office = _signing_office(request)
    signers = [(s.ma, f"{s.chuc_vu} — {s.ho_ten}") for s in office.config.nguoi_ky]
    return render(request, "ky-so.html", account=account, signers=signers,
                  can_sign=account.role in SIGNERS, can_seal=account.role in CLERKS)


async def _signed(request: Request, upload: UploadFile, action) -> Response:  # noqa: ANN001
    raw = await read_upload(upload, (".pdf",))
    work = _folder(request) / "web" / "ky-so" / secrets.token_hex(6)
    source, output = work / "vao.pdf", work / "ra.pdf"
    desk_write(request, source, raw)
    try:
        await asyncio.to_thread(action, source, output)
        data = output.read_bytes()
    except Exception as exc:  # noqa: BLE001 — signing errors are shown, others re-raised
        raise HTTPException(400, _messages(exc)) from None
    finally:
        for path in (source, output):
            path.unlink(missing_ok=True)
        work.rmdir() if work.is_dir() and not any(work.iterdir()) else None
    name = Path(upload.filename or "van-ban.pdf").stem + "-da-ky.pdf"
    return Response(data, media_type=PDF_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/ky-so/ky")
async def sign(request: Request, account: PageUser, tep: Annotated[UploadFile, File()],
               nguoi_ky: Annotated[str, Form()], ma_pin: Annotated[str, Form()] = "") -> Response:
    """The leader's signature with the key and image office.yaml gives the signer."""
    require_role(account, SIGNERS)
    from ..signing.sign import sign_pdf

    office = _signing_office(request)

    def action(source: Path, output: Path) -> None:
        entry = office.signer(nguoi_ky, ma_pin or None)
        sign_pdf(source, output, entry.key, image=entry.image)

    return await _signed(request, tep, action)


@router.post("/ky-so/dong-dau")
async def seal(request: Request, account: PageUser, tep: Annotated[UploadFile, File()],
               so: Annotated[str, Form()], ma_pin: Annotated[str, Form()] = "") -> Response:
    """The văn thư fills the number and today's day, and adds the office's signature."""
    require_role(account, CLERKS)
    from ..signing.sign import seal_pdf
    from ..signing.vietnamese_slots import day_text, number_slot, printed_date

    office = _signing_office(request)
    today: dt.date = request.app.state.today()

    def action(source: Path, output: Path) -> None:
        key, image, diameter = office.seal(ma_pin or None)
        seal_pdf(source, output, key, seal=image, diameter_mm=diameter,
                 number=number_slot(so), day=day_text(today.isoformat(),
                                                      printed_date(source)))

    return await _signed(request, tep, action)


@router.post("/ky-so/xac-minh")
async def verify(request: Request, account: PageUser,
                 tep: Annotated[UploadFile, File()]) -> Response:
    require_role(account, DRAFTERS)
    from ..signing.verify import render as render_report
    from ..signing.verify import verify_pdf

    office = _signing_office(request)
    raw = await read_upload(tep, (".pdf",))
    work = _folder(request) / "web" / "ky-so" / secrets.token_hex(6)
    path = work / "xac-minh.pdf"
    desk_write(request, path, raw)
    try:
        report = await asyncio.to_thread(verify_pdf, path, office.trusted())
        text, ok = render_report(report, "vi"), report.ok
    except Exception as exc:  # noqa: BLE001
        text, ok = _messages(exc), False
    finally:
        path.unlink(missing_ok=True)
        work.rmdir()
    signers = [(s.ma, f"{s.chuc_vu} — {s.ho_ten}") for s in office.config.nguoi_ky]
    return render(request, "ky-so.html", account=account, signers=signers,
                  can_sign=account.role in SIGNERS, can_seal=account.role in CLERKS,
                  report=text.replace(str(path), tep.filename or "tệp"), valid=ok)

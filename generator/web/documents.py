"""Writing a document at the desk: choose a type, fill the form, see the real PDF, download.

The form posts the content as JSON; the server turns it into YAML and runs the engine's
loader and validator on it, so the desk says exactly what `vanban validate` says.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response

from .. import nd30
from ..docx.writer import render_docx
from ..starter import starter_yaml
from .accounts import DRAFTERS, Account
from .app import render
from .drafts import Checked, Workspace, check
from .figures import figure_folder, kept_picture, read_uploaded_picture, store_picture
from .forms import FormSchema
from .security import ApiUser, PageUser, read_upload, require_role
from .storage import desk_write
from .yamlio import EditedFile, FormError, plain

router = APIRouter()
_FORM = FormSchema()
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _workspace(request: Request, account: Account) -> Workspace:
    return Workspace.of(request.app.state.config.data, account.username)


def _checked(request: Request, account: Account, posted: Any) -> Checked:
    """The form's content checked, its figures read from the clerk's own folder."""
    folder = figure_folder(request, _workspace(request, account).folder)
    return check(posted if isinstance(posted, dict) else {}, folder=folder)


def _drafter(account: Account) -> Account:
    require_role(account, DRAFTERS)
    return account


@router.get("/soan")
async def choose(request: Request, account: PageUser) -> Response:
    _drafter(account)
    return file_list(request, account, sent_id=request.query_params.get("gui", ""))


def file_list(request: Request, account: Account, status_code: int = 200,
              **values: Any) -> Response:
    """The /soan page: new documents, the clerk's files, what they sent to the văn thư."""
    from .inbox import sent_by

    types = [(slug, t.name) for slug, t in nd30.DOC_TYPES.items()]
    page = render(request, "soan.html", account=account, types=types,
                  files=_workspace(request, account).names(),
                  sent=sent_by(request, account.username), **values)
    page.status_code = status_code
    return page


def _editor(request: Request, account: Account, data: dict[str, Any], name: str) -> Response:
    return render(request, "soan-thao.html", account=account, form=_FORM.document(data),
                  name=name, title=nd30.DOC_TYPES.get(str(data.get("loai")), None))


@router.get("/soan/moi")
async def new(request: Request, loai: str, account: PageUser) -> Response:
    _drafter(account)
    if loai not in nd30.DOC_TYPES:
        raise HTTPException(404, "Không có loại văn bản này.")
    data = plain(EditedFile.parse(starter_yaml(loai).encode()).tree)
    return _editor(request, account, data, "")


@router.get("/soan/tep/{name}")
async def open_file(request: Request, name: str,
                    account: PageUser) -> Response:
    _drafter(account)
    try:
        path = _workspace(request, account).path(name)
        data = plain(EditedFile.parse(path.read_bytes()).tree)
    except FileNotFoundError:
        raise HTTPException(404, "Không có tệp này.") from None
    except (FormError, UnicodeDecodeError, ValueError) as exc:
        raise HTTPException(400, f"Không mở được tệp: {exc}") from None
    return _editor(request, account, data, name)


@router.post("/soan/mo")
async def upload(request: Request, tep: Annotated[UploadFile, File()],
                 account: PageUser) -> Response:
    _drafter(account)
    raw = await read_upload(tep, (".yaml", ".yml"))
    name = Path(tep.filename or "van-ban.yaml").name
    workspace = _workspace(request, account)
    try:
        path = workspace.path(name)
        EditedFile.parse(raw)  # refuse what cannot be edited before keeping it
    except (FormError, ValueError) as exc:
        raise HTTPException(400, f"Không mở được tệp: {exc}") from None
    desk_write(request, path, raw)
    return RedirectResponse(f"/soan/tep/{quote(path.name)}", status_code=303)


async def _posted(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, "Dữ liệu gửi lên không đọc được.") from None
    if not isinstance(body, dict):
        raise HTTPException(400, "Dữ liệu gửi lên không đọc được.")
    return body


@router.post("/api/xem-truoc")
async def preview(request: Request, account: ApiUser) -> Response:
    _drafter(account)
    body = await _posted(request)
    checked = _checked(request, account, body.get("du_lieu") or {})
    answer: dict[str, Any] = {"yaml": checked.yaml, "problems": checked.problems,
                              "pages": [], "superseded": False}
    if checked.document is None:
        return JSONResponse(answer)
    try:
        rendered = await request.app.state.previewer.render(account.id, checked.document)
    except RuntimeError as exc:
        answer["problems"].append({"path": "", "message": f"Không tạo được PDF: {exc}",
                                   "hint": "", "line": None, "severity": "error",
                                   "text": f"Không tạo được PDF: {exc}"})
        return JSONResponse(answer)
    if rendered is None:
        answer["superseded"] = True
    else:
        answer["pages"] = [f"/api/trang/{rendered.token}/{i}.png"
                           for i in range(rendered.count)]
    return JSONResponse(answer)


@router.get("/api/trang/{token}/{index}.png")
async def page_image(request: Request, token: str, index: int,
                     account: ApiUser) -> Response:
    image = await asyncio.to_thread(request.app.state.previewer.page, account.id, token,
                                    index)
    if image is None:
        raise HTTPException(404, "Trang xem trước đã cũ.")
    return Response(image, media_type="image/png", headers={"Cache-Control": "private"})


@router.post("/api/hinh")
async def upload_picture(request: Request, tep: Annotated[UploadFile, File()],
                         account: ApiUser) -> Response:
    """A picture for a figure's field: checked, kept in the clerk's folder by its content
    hash; the answer is the name to put in the field (``hinh/<hash>.png``)."""
    _drafter(account)
    picture = await read_uploaded_picture(tep)
    name = store_picture(request, _workspace(request, account).folder, picture)
    return JSONResponse({"hinh": name, "rong_px": picture.width_px,
                         "cao_px": picture.height_px})


@router.get("/soan/hinh/{name}")
async def picture(request: Request, name: str, account: PageUser) -> Response:
    """One of the clerk's own pictures (to look at, or to hand to the văn thư with the YAML)."""
    _drafter(account)
    folder = figure_folder(request, _workspace(request, account).folder)
    found = kept_picture(folder, name) if folder is not None else None
    if found is None:
        raise HTTPException(404, "Không có ảnh này.")
    return Response(found[0], media_type=found[1], headers={"Cache-Control": "private"})


@router.post("/api/muc")
async def list_item(request: Request, account: ApiUser) -> Response:
    """A new entry of a list in the form (the items' schema comes from the page)."""
    _drafter(account)
    body = await _posted(request)
    items, path, variant = body.get("items"), str(body.get("path", "")), body.get("variant", 0)
    if not isinstance(items, dict) or not isinstance(variant, int) or len(path) > 300:
        raise HTTPException(400, "Yêu cầu không hợp lệ.")
    parts = tuple(int(p) if p.isdigit() else p for p in path.split("."))
    try:
        html = _FORM.item(items, parts, None, variant)
    except (KeyError, IndexError, TypeError):
        raise HTTPException(400, "Yêu cầu không hợp lệ.") from None
    return JSONResponse({"html": html})


@router.post("/api/luu")
async def save(request: Request, account: ApiUser) -> Response:
    """Save the form into the user's YAML file, keeping its comments, order, BOM, CRLF."""
    _drafter(account)
    body = await _posted(request)
    workspace = _workspace(request, account)
    try:
        path = workspace.path(str(body.get("ten", "")))
        from .yamlio import from_form

        data = from_form(body.get("du_lieu") or {})
        edited = EditedFile.parse(path.read_bytes()) if path.is_file() else EditedFile.new()
        edited.update(data if isinstance(data, dict) else {})
    except FormError as exc:
        return JSONResponse({"loi": str(exc), "path": exc.path}, status_code=400)
    desk_write(request, path, edited.dump())
    return JSONResponse({"ten": path.name})


@router.get("/soan/tep/{name}/tai")
async def download_file(request: Request, name: str,
                        account: PageUser) -> Response:
    _drafter(account)
    try:
        path = _workspace(request, account).path(name)
        raw = path.read_bytes()
    except (FormError, FileNotFoundError):
        raise HTTPException(404, "Không có tệp này.") from None
    return _attachment(raw, name, "application/yaml")


@router.post("/tai-ve")
async def download(request: Request, du_lieu: Annotated[str, Form()], account: PageUser,
                   dinh_dang: Annotated[str, Form()] = "docx") -> Response:
    """DOCX, PDF or YAML of what the form holds (a plain form post: a real download)."""
    _drafter(account)
    try:
        posted = json.loads(du_lieu)
    except ValueError:
        raise HTTPException(400, "Dữ liệu gửi lên không đọc được.") from None
    checked = _checked(request, account, posted)
    if dinh_dang == "yaml":
        return _attachment(checked.yaml.encode("utf-8"), "van-ban.yaml", "application/yaml")
    if checked.document is None:
        first = checked.problems[0]["text"] if checked.problems else ""
        raise HTTPException(400, f"Văn bản còn lỗi, chưa tải được: {first}")
    if dinh_dang == "pdf":
        pdf = await asyncio.to_thread(request.app.state.pdfs.pdf, checked.document)
        return _attachment(pdf, "van-ban.pdf", "application/pdf")
    return _attachment(render_docx(checked.document), "van-ban.docx", DOCX_TYPE)


def _attachment(data: bytes, name: str, media: str) -> Response:
    return Response(data, media_type=media,
                    headers={"Content-Disposition": f"attachment; filename=\"{name}\""})

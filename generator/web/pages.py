"""Login, logout and the home page of each role."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from .accounts import DON_VI
from .app import render, set_session_cookie
from .security import SESSION_COOKIE, PageUser

router = APIRouter()
PRE_COOKIE = "vanban_truoc"  # double-submit token of the login form (no session yet)


@router.get("/dang-nhap")
async def login_page(request: Request, loi: str = "") -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "dang-nhap.html", csrf=token, error=loi, account=None)
    response.set_cookie(PRE_COOKIE, token, httponly=True, samesite="strict", path="/")
    return response


@router.post("/dang-nhap")
async def login(request: Request, ten: Annotated[str, Form()] = "",
                mat_khau: Annotated[str, Form()] = "",
                csrf: Annotated[str, Form()] = "") -> Response:
    expected = request.cookies.get(PRE_COOKIE, "")
    if not expected or not hmac.compare_digest(csrf, expected):
        return RedirectResponse("/dang-nhap?loi=phien", status_code=303)
    token = request.app.state.accounts.login(ten.strip(), mat_khau)
    if token is None:
        return RedirectResponse("/dang-nhap?loi=sai", status_code=303)
    response = RedirectResponse("/", status_code=303)
    set_session_cookie(request, response, token)
    response.delete_cookie(PRE_COOKIE, path="/")
    return response


@router.post("/dang-xuat")
async def logout(request: Request, account: PageUser) -> Response:
    request.app.state.accounts.logout(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/dang-nhap", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
async def home(request: Request, account: PageUser) -> Response:
    if account.role == DON_VI:
        return RedirectResponse(f"/ke-hoach/{account.plan}/don-vi/{account.unit}",
                                status_code=303)
    return render(request, "trang-chu.html", account=account)

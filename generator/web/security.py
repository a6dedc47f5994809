"""Request guards of the web desk: who is logged in, CSRF on every POST, size-limited uploads.

Pages answer an anonymous request with a redirect to the login page, the API with 401; a
POST without the session's CSRF token (form field ``csrf`` or header ``X-CSRF-Token``) gets
403 before anything is read or written.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, UploadFile

from .accounts import Account

SESSION_COOKIE = "vanban_phien"
MAX_UPLOAD = 10 * 1024 * 1024  # bytes: one agency form, one DOCX to check


class LoginRequired(Exception):
    """Raised by page guards; the app turns it into a redirect to /dang-nhap."""


def current_account(request: Request) -> Account | None:
    accounts = request.app.state.accounts
    return accounts.account(request.cookies.get(SESSION_COOKIE))


def page_account(request: Request) -> Account:
    account = current_account(request)
    if account is None:
        raise LoginRequired
    return account


def api_account(request: Request) -> Account:
    account = current_account(request)
    if account is None:
        raise HTTPException(401, "Cần đăng nhập.")
    return account


def require_role(account: Account, roles: Iterable[str]) -> None:
    if account.role not in set(roles):
        raise HTTPException(403, "Tài khoản của bạn không có quyền làm việc này.")


async def csrf_guard(request: Request) -> None:
    """Every POST but the login form's (which has its own token) needs a session and its
    CSRF token, checked before any of the request is validated or acted on."""
    if request.method != "POST" or request.url.path == "/dang-nhap":
        return
    account = current_account(request)
    if account is None:
        if request.url.path.startswith("/api/"):
            raise HTTPException(401, "Cần đăng nhập.")
        raise LoginRequired
    await check_csrf(request, account)


async def check_csrf(request: Request, account: Account) -> None:
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
            ("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await request.form()
        value = form.get("csrf")
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, account.csrf):
        raise HTTPException(403, "Phiên làm việc không hợp lệ (thiếu mã CSRF); tải lại trang.")


async def read_upload(upload: UploadFile, suffixes: tuple[str, ...]) -> bytes:
    """The uploaded bytes, refused when too large or not one of the expected kinds."""
    name = (upload.filename or "").lower()
    if not name.endswith(suffixes):
        raise HTTPException(400, f"Chỉ nhận tệp {', '.join(suffixes)}.")
    data = await upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise HTTPException(413, f"Tệp quá lớn (tối đa {MAX_UPLOAD // (1024 * 1024)} MB).")
    if name.endswith((".docx", ".xlsx")) and not data.startswith(b"PK\x03\x04"):
        raise HTTPException(400, "Tệp không phải DOCX/XLSX (không phải gói ZIP của Office).")
    if name.endswith((".yaml", ".yml")):
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise HTTPException(400, "Tệp YAML phải mã UTF-8.") from None
    return data


PageUser = Annotated[Account, Depends(page_account)]  # pages: redirect to the login page
ApiUser = Annotated[Account, Depends(api_account)]  # the API: 401

"""The web desk application: one FastAPI app over the office folder.

    create_app(office_dir) → FastAPI      (``vanban serve`` runs it with uvicorn)

State kept in the office folder (the only place the desk writes): ``web/nguoi-dung.sqlite``
(accounts and sessions), ``web/nguoi-dung/<tên>/`` (each clerk's YAML files),
``web/kiem-tra/`` (checked DOCX and their annotated copies), ``web/gui-van-thu/`` (drafts
clerks sent to the văn thư: generator/web/inbox.py), and the plans under
``ke-hoach/<plan>/`` (``units/<ma>.yaml|xlsx`` exactly as the CLI reads them).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .accounts import DRAFTERS, PLANNERS, ROLES, Accounts
from .preview import PdfService, Previewer
from .security import SESSION_COOKIE, LoginRequired, csrf_guard, current_account

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class DeskConfig:
    office: Path
    plans: Path | None = None  # default: <office>/ke-hoach
    workers: int | None = None
    secure_cookies: bool = False  # True behind HTTPS
    today: Callable[[], dt.date] = dt.date.today  # tests and demos inject the clock

    @property
    def data(self) -> Path:
        return self.office / "web"

    @property
    def plan_root(self) -> Path:
        return self.plans or self.office / "ke-hoach"


def create_app(config: DeskConfig) -> FastAPI:
    config.data.mkdir(parents=True, exist_ok=True)
    pdfs = PdfService(config.workers)

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202
        pdfs.start()  # LibreOffice warms up while the first page loads
        try:
            yield
        finally:
            app.state.jobs.close()
            pdfs.close()

    app = FastAPI(title="vanban", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url=None, dependencies=[Depends(csrf_guard)])
    app.state.config = config
    app.state.today = config.today
    app.state.accounts = Accounts(config.data / "nguoi-dung.sqlite")
    app.state.pdfs = pdfs
    app.state.previewer = Previewer(pdfs)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["ROLES"] = ROLES
    app.state.templates = templates
    from .plans import PlanJobs

    app.state.jobs = PlanJobs(config.plan_root, pdfs_enabled=True)
    app.mount("/tinh", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, _exc: LoginRequired) -> Response:
        return RedirectResponse("/dang-nhap", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.method != "GET":
            return JSONResponse({"loi": exc.detail}, status_code=exc.status_code)
        return HTMLResponse(templates.get_template("loi.html").render(
            request=request, account=current_account(request), status=exc.status_code,
            message=exc.detail), status_code=exc.status_code)

    @app.middleware("http")
    async def _headers(request: Request, call_next):  # noqa: ANN001, ANN202
        response = await call_next(request)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
            "script-src 'self'; frame-ancestors 'none'; form-action 'self'")
        return response

    from . import checking, documents, inbox, office_work, pages, plans

    app.include_router(pages.router)
    app.include_router(documents.router)
    app.include_router(checking.router)
    app.include_router(plans.router)
    app.include_router(office_work.router)
    app.include_router(inbox.router)
    return app


def render(request: Request, template: str, **values: Any) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    account = values.pop("account", None) or current_account(request)
    html = templates.get_template(template).render(request=request, account=account,
                                               DRAFTERS=DRAFTERS, PLANNERS=PLANNERS, **values)
    return HTMLResponse(html)


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    config: DeskConfig = request.app.state.config
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict",
                        secure=config.secure_cookies, max_age=8 * 3600, path="/")


def json_attr(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)

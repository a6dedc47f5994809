"""Sở Nội vụ's plans at the desk: the roster with each agency's status, submissions stored as
``units/<ma>.yaml|xlsx`` (the received date set to the upload's, so the CLI sees exactly what
the desk saw), consolidation in a background thread, its outputs downloadable.

An agency account is bound to one roster entry: every route below answers 404 for any other
plan or agency, so it cannot read, list or overwrite another agency's submission.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response

from ..problems import Problems
from .accounts import DON_VI, PLANNERS, Account
from .app import render
from .security import (
    ApiUser,
    PageUser,
    read_upload,
    require_role,
)
from .storage import desk_write

router = APIRouter()
PLAN_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
UNIT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")


@dataclass
class Job:
    stage: str = "Chờ"
    started: float = 0.0
    finished: float | None = None
    outputs: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    failed: bool = False

    def to_dict(self) -> dict[str, Any]:
        end = self.finished or time.monotonic()
        return {"stage": self.stage, "seconds": round(end - self.started, 1),
                "done": self.finished is not None, "failed": self.failed,
                "outputs": self.outputs, "problems": self.problems[:50]}


class PlanJobs:
    """One background consolidation per plan at a time (a thread is enough on one machine)."""

    def __init__(self, root: Path, *, pdfs_enabled: bool) -> None:
        self.root = root
        self.pdf = pdfs_enabled
        self.jobs: dict[str, Job] = {}
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def output_dir(self, plan: str) -> Path:
        return self.root / plan / "tong-hop"

    def start(self, plan: str) -> Job:
        with self._lock:
            job = self.jobs.get(plan)
            if job is not None and job.finished is None:
                return job
            job = self.jobs[plan] = Job("Đang đọc báo cáo của các đơn vị", time.monotonic())
        thread = threading.Thread(target=self._run, args=(plan, job), daemon=True,
                                  name=f"tong-hop-{plan}")
        self._threads.append(thread)
        thread.start()
        return job

    def _run(self, plan: str, job: Job) -> None:
        from ..consolidate.run import consolidate

        out = self.output_dir(plan)
        try:
            job.stage = "Đang tổng hợp, dựng văn bản và PDF"
            result = consolidate(self.root / plan, out, pdf=self.pdf)
            job.outputs = sorted(str(p.relative_to(out)) for p in result.outputs)
            job.problems = [p.render("vi") for p in result.problems]
            job.stage = "Xong"
        except Problems as exc:
            job.problems = [p.render("vi") for p in exc.items]
            job.stage, job.failed = "Kế hoạch có lỗi, không tổng hợp được", True
        except Exception as exc:  # noqa: BLE001 — shown to the user, the desk keeps running
            job.problems = [f"{type(exc).__name__}: {exc}"]
            job.stage, job.failed = "Lỗi khi tổng hợp", True
        finally:
            job.finished = time.monotonic()

    def close(self) -> None:
        for thread in self._threads:
            thread.join(timeout=120)


def _plan_dir(request: Request, account: Account, plan: str) -> Path:
    """The plan's folder, if this account may see it (404 otherwise: nothing is revealed)."""
    if not PLAN_NAME.match(plan):
        raise HTTPException(404, "Không có kế hoạch này.")
    if account.role == DON_VI and account.plan != plan:
        raise HTTPException(404, "Không có kế hoạch này.")
    if account.role != DON_VI:
        require_role(account, PLANNERS)
    folder = request.app.state.jobs.root / plan
    if not (folder / "plan.yaml").is_file():
        raise HTTPException(404, "Không có kế hoạch này.")
    return folder


def _planners_plan(request: Request, account: Account, plan: str) -> Path:
    """A plan's folder for Sở Nội vụ's pages (its roster, consolidation, outputs): an agency
    account gets 404 there, as for any plan that is not its own."""
    if account.role == DON_VI:
        raise HTTPException(404, "Không có kế hoạch này.")
    return _plan_dir(request, account, plan)


def _own_unit(account: Account, unit: str) -> None:
    if not UNIT_CODE.match(unit) or (account.role == DON_VI and account.unit != unit):
        raise HTTPException(404, "Không có đơn vị này.")


def _analyse(folder: Path):  # noqa: ANN202 (Result | list of messages)
    from ..consolidate.run import analyse

    try:
        return analyse(folder), []
    except Problems as exc:
        return None, [p.render("vi") for p in exc.items]


@router.get("/ke-hoach")
async def plans(request: Request, account: PageUser) -> Response:
    if account.role == DON_VI:
        return RedirectResponse(f"/ke-hoach/{account.plan}/don-vi/{account.unit}",
                                status_code=303)
    require_role(account, PLANNERS)
    root: Path = request.app.state.jobs.root
    names = sorted(p.name for p in root.iterdir() if (p / "plan.yaml").is_file()) \
        if root.is_dir() else []
    return render(request, "ke-hoach.html", account=account, names=names)


@router.get("/ke-hoach/{plan}")
async def plan_page(request: Request, plan: str,
                    account: PageUser) -> Response:
    folder = _planners_plan(request, account, plan)
    result, errors = _analyse(folder)
    job = request.app.state.jobs.jobs.get(plan)
    return render(request, "ke-hoach-chi-tiet.html", account=account, plan=plan,
                  result=result, errors=errors, job=job.to_dict() if job else None)


def _unit_problems(result: Any, unit: str) -> list[str]:
    status = result.report.of(unit) if result else None
    if status is None:
        return []
    return [p.render("vi") for bad in status.invalid for p in bad.problems]


@router.get("/ke-hoach/{plan}/don-vi/{unit}")
async def unit_page(request: Request, plan: str, unit: str,
                    account: PageUser) -> Response:
    folder = _plan_dir(request, account, plan)
    _own_unit(account, unit)
    result, errors = _analyse(folder)
    status = result.report.of(unit) if result else None
    if result is not None and status is None:
        raise HTTPException(404, "Không có đơn vị này.")
    files = sorted(p.name for p in (folder / "units").glob(f"{unit}.*")
                   if p.suffix in (".yaml", ".yml", ".xlsx"))
    return render(request, "don-vi.html", account=account, plan=plan, unit=unit,
                  status=status, problems=_unit_problems(result, unit), errors=errors,
                  files=files)


def _received(raw: bytes, suffix: str, unit: str, today: dt.date) -> bytes:
    """The file with ``ngay_nhan`` set to today and its agency checked against the account."""
    if suffix == ".xlsx":
        return _received_xlsx(raw, unit, today)
    from .yamlio import EditedFile

    try:
        edited = EditedFile.parse(raw)
    except Exception:  # noqa: BLE001 — any YAML fault: the clerk gets one message
        raise HTTPException(400, "Tệp YAML không đọc được; kiểm tra thụt lề và dấu «:».") \
            from None
    claimed = edited.tree.get("don_vi")
    if claimed not in (None, unit):
        raise HTTPException(400, f"Tệp ghi don_vi: {claimed}, không phải {unit}.")
    edited.tree["don_vi"] = unit
    edited.tree["ngay_nhan"] = today
    return edited.dump()


def _received_xlsx(raw: bytes, unit: str, today: dt.date) -> bytes:
    from openpyxl import load_workbook

    from ..archives import ArchiveError, check_xlsx
    from ..consolidate.forms import CODE_COL, SHEET, VALUE_COL

    try:
        check_xlsx(io.BytesIO(raw))
    except ArchiveError as exc:
        raise HTTPException(400, f"Không đọc được biểu mẫu XLSX: {exc.message('vi')}") \
            from None
    try:
        book = load_workbook(io.BytesIO(raw))
        sheet = book[SHEET]
    except Exception:  # noqa: BLE001 — a damaged or foreign workbook
        raise HTTPException(400, f"Không đọc được biểu mẫu XLSX (cần trang «{SHEET}» của "
                                 "biểu mẫu do vanban form tạo).") from None
    rows = {str(sheet.cell(r, CODE_COL).value): r for r in range(1, sheet.max_row + 1)}
    if "ngay_nhan" not in rows or "don_vi" not in rows:
        raise HTTPException(400, "Biểu mẫu XLSX thiếu dòng don_vi hoặc ngay_nhan.")
    claimed = sheet.cell(rows["don_vi"], VALUE_COL).value
    if claimed not in (None, "", unit):
        raise HTTPException(400, f"Biểu mẫu ghi mã cơ quan {claimed}, không phải {unit}.")
    sheet.cell(rows["don_vi"], VALUE_COL).value = unit
    sheet.cell(rows["ngay_nhan"], VALUE_COL).value = today
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@router.post("/ke-hoach/{plan}/nop")
async def submit(request: Request, plan: str, don_vi: Annotated[str, Form()],
                 tep: Annotated[UploadFile, File()],
                 account: PageUser) -> Response:
    folder = _plan_dir(request, account, plan)
    _own_unit(account, don_vi)
    result, _ = _analyse(folder)
    if result is not None and not any(u.unit and u.unit.ma == don_vi
                                      for u in result.report.units):
        raise HTTPException(404, "Không có đơn vị này.")
    raw = await read_upload(tep, (".yaml", ".yml", ".xlsx"))
    suffix = ".xlsx" if (tep.filename or "").lower().endswith(".xlsx") else ".yaml"
    today = request.app.state.today()
    data = _received(raw, suffix, don_vi, today)
    units = folder / "units"
    target = units / f"{don_vi}{suffix}"
    desk_write(request, target, data)
    back = (f"/ke-hoach/{plan}/don-vi/{don_vi}" if account.role == DON_VI
            else f"/ke-hoach/{plan}")
    return RedirectResponse(back, status_code=303)


@router.get("/ke-hoach/{plan}/don-vi/{unit}/tep/{name}")
async def unit_file(request: Request, plan: str, unit: str, name: str,
                    account: PageUser) -> Response:
    folder = _plan_dir(request, account, plan)
    _own_unit(account, unit)
    if name not in {f"{unit}.yaml", f"{unit}.yml", f"{unit}.xlsx"}:
        raise HTTPException(404, "Không có tệp này.")
    path = folder / "units" / name
    if not path.is_file() or path.is_symlink():
        raise HTTPException(404, "Không có tệp này.")
    return Response(path.read_bytes(), media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/ke-hoach/{plan}/tong-hop")
async def start(request: Request, plan: str,
                account: PageUser) -> Response:
    _planners_plan(request, account, plan)
    request.app.state.jobs.start(plan)
    return RedirectResponse(f"/ke-hoach/{plan}", status_code=303)


@router.get("/api/ke-hoach/{plan}/tien-do")
async def progress(request: Request, plan: str,
                   account: ApiUser) -> Response:
    _planners_plan(request, account, plan)
    job = request.app.state.jobs.jobs.get(plan)
    return JSONResponse(job.to_dict() if job else {"stage": "Chưa chạy", "done": False})


@router.get("/ke-hoach/{plan}/ket-qua/{name:path}")
async def output(request: Request, plan: str, name: str,
                 account: PageUser) -> Response:
    _planners_plan(request, account, plan)
    out: Path = request.app.state.jobs.output_dir(plan)
    path = (out / name).resolve()
    if not path.is_relative_to(out.resolve()) or not path.is_file():
        raise HTTPException(404, "Không có tệp này.")
    return Response(path.read_bytes(), media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{path.name}"'})

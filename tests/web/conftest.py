"""The web desk under test: a real app over a temporary office folder, with the sample plans
copied in and one account per role. One app (one LibreOffice pool) per test module."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from generator.web.accounts import Accounts
from generator.web.app import DeskConfig, create_app

ROOT = Path(__file__).resolve().parents[2]
PLAN = "dao-tao-boi-duong-2017"
PASSWORD = "mat-khau-thu-nghiem"
USERS = {
    "chuyenvien": ("chuyen-vien", None, None),
    "snv": ("so-noi-vu", None, None),
    "clo": ("don-vi", PLAN, "CLO"),
    "hl": ("don-vi", PLAN, "HL"),
}
TODAY = dt.date(2017, 12, 5)


def make_office(folder: Path) -> Path:
    office = folder / "office"
    plans = office / "ke-hoach"
    plans.mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "plans" / PLAN, plans / PLAN)
    accounts = Accounts(office / "web" / "nguoi-dung.sqlite")
    for name, (role, plan, unit) in USERS.items():
        accounts.add_user(name, PASSWORD, role, plan=plan, unit=unit)
    return office


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_office(tmp_path_factory.mktemp("desk"))


@pytest.fixture(scope="module")
def app(office: Path):
    application = create_app(DeskConfig(office=office, workers=1, today=lambda: TODAY))
    with TestClient(application) as client:
        client.app_ = application
        yield application


def login(app, username: str) -> TestClient:
    client = TestClient(app)
    page = client.get("/dang-nhap")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
    answer = client.post("/dang-nhap", data={"ten": username, "mat_khau": PASSWORD,
                                             "csrf": token}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/", answer.text
    return client


def csrf_of(client: TestClient) -> str:
    page = client.get("/")
    return re.search(r'<meta name="csrf" content="([^"]+)"', page.text)[1]

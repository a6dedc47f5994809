"""Class 2 for the web desk: every file it writes (agencies' submissions, DOCX to check,
drafts, PDFs to sign) goes through generator/paths.py's one rule (generator/web/storage.py):
a symbolic link planted in the office folder — on the file (units/CLO.yaml → elsewhere) or on a
folder (units/ → elsewhere) — and a FIFO under the file's name are refused with a Vietnamese
message (400), nothing is written there, nothing hangs. And class 3 for its XLSX uploads: a
form claiming a huge sheet is refused naming the sheet."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from generator.web.app import DeskConfig, create_app
from tests.web.conftest import PLAN, TODAY, csrf_of, login, make_office

from .conftest import run
from .test_sheets import claim

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice not installed")


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory):
    office = make_office(tmp_path_factory.mktemp("desk"))
    application = create_app(DeskConfig(office=office, workers=1, today=lambda: TODAY))
    with TestClient(application):
        yield application, office


def _submit(app, name: str, data: bytes):  # noqa: ANN001, ANN202
    client = login(app, "clo")
    return client.post(f"/ke-hoach/{PLAN}/nop", data={"don_vi": "CLO", "csrf": csrf_of(client)},
                       files={"tep": (name, data, "application/octet-stream")})


def test_submission_onto_a_planted_link_is_refused(desk, tmp_path: Path) -> None:
    app, office = desk
    target = office / "ke-hoach" / PLAN / "units" / "CLO.yaml"
    original = target.read_bytes()
    outside = tmp_path / "passwd"
    outside.write_bytes(b"root:x:0:0\n")
    target.unlink()
    target.symlink_to(outside)
    try:
        answer = _submit(app, "CLO.yaml", original)
        assert answer.status_code == 400, answer.text
        assert "ở đó đã có một liên kết tượng trưng" in answer.json()["loi"]
        assert str(outside) in answer.json()["loi"]
        assert target.is_symlink() and outside.read_bytes() == b"root:x:0:0\n"
    finally:
        target.unlink()
        target.write_bytes(original)
    assert _submit(app, "CLO.yaml", original).status_code in (200, 303)  # and then it works


def test_submission_through_a_linked_folder_is_refused(desk, tmp_path: Path) -> None:
    app, office = desk
    units = office / "ke-hoach" / PLAN / "units"
    original = (units / "CLO.yaml").read_bytes()
    kept = units.with_name("units-real")
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(units, elsewhere)
    units.rename(kept)
    units.symlink_to(elsewhere)
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    try:
        answer = _submit(app, "CLO.yaml", original.replace(b"\n", b"\n\n", 1))
        assert answer.status_code == 400, answer.text
        assert "đường dẫn đi ra ngoài thư mục đầu ra" in answer.json()["loi"]
        assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before
    finally:
        units.unlink()
        kept.rename(units)


def test_submission_onto_a_fifo_does_not_hang(desk) -> None:
    app, office = desk
    target = office / "ke-hoach" / PLAN / "units" / "CLO.xlsx"
    os.mkfifo(target)
    try:
        answer = _submit(app, "CLO.yaml", (target.parent / "CLO.yaml").read_bytes())
        assert answer.status_code in (200, 303)  # a YAML submission: the FIFO is not its name
        form = target.parent.parent / "forms-test"
        assert run(["form", target.parent.parent, "-o", form], form.parent).returncode == 0
        answer = _submit(app, "CLO.xlsx", (form / "CLO.xlsx").read_bytes())
        assert answer.status_code == 400, answer.text
        assert "thứ đang có ở đó là một đường ống (FIFO), không phải tệp" \
            in answer.json()["loi"]
        assert target.is_fifo()
    finally:
        target.unlink()


def test_docx_to_check_through_a_linked_folder_is_refused(desk, tmp_path: Path) -> None:
    app, office = desk
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = office / "web" / "kiem-tra"
    shutil.rmtree(folder, ignore_errors=True)
    folder.symlink_to(elsewhere)
    try:
        client = login(app, "chuyenvien")
        answer = client.post("/kiem-tra", data={"csrf": csrf_of(client)},
                             files={"tep": ("x.docx", b"PK\x03\x04 anything", "x")})
        assert answer.status_code == 400, answer.text
        assert "đi ra ngoài thư mục đầu ra" in answer.text
        assert not list(elsewhere.rglob("*"))
    finally:
        folder.unlink()


def test_xlsx_claiming_a_huge_sheet_is_refused(desk, tmp_path: Path) -> None:
    app, office = desk
    plan = office / "ke-hoach" / PLAN
    assert run(["form", plan, "-o", tmp_path / "forms"], tmp_path).returncode == 0
    huge = claim(tmp_path / "forms" / "CLO.xlsx", tmp_path / "huge.xlsx", "dimension")
    with zipfile.ZipFile(huge) as z:
        assert b"XFD1048576" in z.read("xl/worksheets/sheet1.xml")
    answer = _submit(app, "CLO.xlsx", huge.read_bytes())
    assert answer.status_code == 400, answer.text
    assert "trang tính «Biểu mẫu»: trang tính khai báo tới 1.048.576 dòng × 16.384 cột" \
        in answer.json()["loi"]
    assert not (plan / "units" / "CLO.xlsx").exists()


LAUGHS = "loai: cong-van\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi",
                                                               strict=True))


@pytest.mark.parametrize(("raw", "words"), [
    (LAUGHS.encode(), "Tệp có quá nhiều giá trị"),
    (b"loai: cong-van\nx: [chua dong\n", "YAML không hợp lệ"),
    (b"\xff\xfeloai", "Tệp YAML phải mã UTF-8."),  # refused by the upload check
    ("loai: cong-van\nten: a\u202eb\n".encode(), "U+202E"),
], ids=["billion-laughs", "syntax", "encoding", "bidi"])
def test_opening_a_hostile_yaml_in_the_editor(desk, raw: bytes, words: str) -> None:
    """The editor's round trip (ruamel) kept aliases as shared references that drawing the
    form expanded: a 300-byte upload hung the desk. Now read first by the engine's loader:
    a 400 answer in Vietnamese, nothing kept."""
    from tests.web.conftest import login as desk_login

    app, office = desk
    client = desk_login(app, "chuyenvien")
    answer = client.post("/soan/mo", data={"csrf": csrf_of(client)},
                         files={"tep": ("bom.yaml", raw, "application/yaml")},
                         follow_redirects=False)
    assert answer.status_code == 400, answer.text
    assert words in answer.text, answer.text
    assert not list(office.rglob("bom.yaml"))

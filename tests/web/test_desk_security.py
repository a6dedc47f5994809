"""The desk refuses what it must: anonymous requests, an agency reaching another agency,
forged posts without the CSRF token, oversized or wrong uploads, bombs, and template fields
reaching Python internals. Accounts: argon2 hashes, sessions that expire."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from generator.web.accounts import AccountError, Accounts
from generator.web.security import MAX_UPLOAD

from .conftest import PASSWORD, PLAN, csrf_of, login

GETS = ["/", "/soan", "/soan/moi?loai=cong-van", "/soan/tep/a.yaml", "/kiem-tra",
        "/ke-hoach", f"/ke-hoach/{PLAN}", f"/ke-hoach/{PLAN}/don-vi/CLO",
        f"/ke-hoach/{PLAN}/don-vi/CLO/tep/CLO.yaml", f"/ke-hoach/{PLAN}/ket-qua/dossier.pdf",
        f"/api/ke-hoach/{PLAN}/tien-do", "/api/trang/abc/0.png"]
POSTS = ["/api/xem-truoc", "/api/muc", "/api/luu", "/tai-ve", "/soan/mo", "/kiem-tra",
         f"/ke-hoach/{PLAN}/nop", f"/ke-hoach/{PLAN}/tong-hop", "/dang-xuat"]


@pytest.mark.parametrize("url", GETS)
def test_every_page_refuses_an_anonymous_request(app, url: str) -> None:
    answer = TestClient(app).get(url, follow_redirects=False)
    if url.startswith("/api/"):
        assert answer.status_code == 401
    else:
        assert answer.status_code == 303 and answer.headers["location"] == "/dang-nhap"


@pytest.mark.parametrize("url", POSTS)
def test_every_post_refuses_an_anonymous_request(app, url: str) -> None:
    answer = TestClient(app).post(url, json={}, follow_redirects=False)
    assert answer.status_code in (303, 401)
    assert "dang-nhap" in answer.headers.get("location", "dang-nhap")


@pytest.mark.parametrize("url", POSTS)
def test_a_forged_post_without_the_csrf_token_is_refused(app, url: str) -> None:
    client = login(app, "snv")
    answer = client.post(url, json={"du_lieu": {}}, follow_redirects=False)
    assert answer.status_code == 403
    assert "CSRF" in answer.text
    assert client.get("/", follow_redirects=False).status_code == 200  # still logged in


def test_a_wrong_csrf_token_is_refused_a_right_one_accepted(app) -> None:
    client = login(app, "chuyenvien")
    body = {"du_lieu": {"loai": "cong-van"}}
    assert client.post("/api/xem-truoc", json=body,
                       headers={"X-CSRF-Token": "x" * 43}).status_code == 403
    answer = client.post("/api/xem-truoc", json=body, headers={"X-CSRF-Token": csrf_of(client)})
    assert answer.status_code == 200 and answer.json()["problems"]


def test_login_form_needs_its_own_token(app) -> None:
    client = TestClient(app)
    answer = client.post("/dang-nhap", data={"ten": "snv", "mat_khau": PASSWORD, "csrf": "x"},
                         follow_redirects=False)
    assert answer.headers["location"] == "/dang-nhap?loi=phien"


def test_wrong_password_and_unknown_user_look_the_same(app) -> None:
    client = TestClient(app)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/dang-nhap").text)[1]
    answers = [client.post("/dang-nhap", data={"ten": name, "mat_khau": "sai-mat-khau-1",
                                               "csrf": token}, follow_redirects=False)
               for name in ("snv", "khong-co-ai")]
    assert {a.headers["location"] for a in answers} == {"/dang-nhap?loi=sai"}


def test_passwords_are_argon2_hashes(office: Path) -> None:
    import sqlite3

    rows = sqlite3.connect(office / "web" / "nguoi-dung.sqlite").execute(
        "select password_hash from nguoi_dung").fetchall()
    assert rows and all(h.startswith("$argon2id$") and PASSWORD not in h for (h,) in rows)


def test_sessions_expire(app, office: Path) -> None:
    client = login(app, "chuyenvien")
    assert client.get("/soan", follow_redirects=False).status_code == 200
    Accounts(office / "web" / "nguoi-dung.sqlite").expire_all()
    assert client.get("/soan", follow_redirects=False).status_code == 303


def test_session_cookie_is_http_only_and_same_site(app) -> None:
    client = TestClient(app)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/dang-nhap").text)[1]
    answer = client.post("/dang-nhap", data={"ten": "snv", "mat_khau": PASSWORD,
                                             "csrf": token}, follow_redirects=False)
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


@pytest.mark.parametrize("url", [
    f"/ke-hoach/{PLAN}/don-vi/HL", f"/ke-hoach/{PLAN}/don-vi/HL/tep/HL.yaml",
    f"/ke-hoach/{PLAN}", "/ke-hoach/tinh-gian-bien-che-2017/don-vi/CLO",
    f"/ke-hoach/{PLAN}/ket-qua/dossier.pdf", f"/api/ke-hoach/{PLAN}/tien-do", "/soan",
    "/kiem-tra"])
def test_an_agency_cannot_read_or_list_another_agency(app, url: str) -> None:
    client = login(app, "clo")
    answer = client.get(url, follow_redirects=False)
    assert answer.status_code in (403, 404)
    assert "HL.yaml" not in answer.text and "Hữu Lũng" not in answer.text


def test_an_agency_sees_its_own_submission(app) -> None:
    client = login(app, "clo")
    page = client.get(f"/ke-hoach/{PLAN}/don-vi/CLO")
    assert page.status_code == 200 and "CLO.yaml" in page.text
    own = client.get(f"/ke-hoach/{PLAN}/don-vi/CLO/tep/CLO.yaml")
    assert own.status_code == 200 and b"don_vi: CLO" in own.content


def test_an_agency_cannot_overwrite_another_agency(app, office: Path) -> None:
    client = login(app, "clo")
    target = office / "ke-hoach" / PLAN / "units" / "HL.yaml"
    before = target.read_bytes()
    for unit in ("HL", "../HL", "HL/../CLO"):
        answer = client.post(f"/ke-hoach/{PLAN}/nop", data={"don_vi": unit,
                                                          "csrf": csrf_of(client)},
                             files={"tep": ("HL.yaml", b"don_vi: HL\n", "application/yaml")})
        assert answer.status_code in (403, 404)
    # nor by a file that claims to be another agency's
    answer = client.post(f"/ke-hoach/{PLAN}/nop", data={"don_vi": "CLO",
                                                      "csrf": csrf_of(client)},
                         files={"tep": ("x.yaml", b"don_vi: HL\n", "application/yaml")})
    assert answer.status_code == 400 and "HL" in answer.json()["loi"]
    assert target.read_bytes() == before


def test_uploads_are_size_limited_and_type_checked(app, office: Path) -> None:
    client = login(app, "chuyenvien")
    token = csrf_of(client)
    big = client.post("/kiem-tra", data={"csrf": token},
                      files={"tep": ("x.docx", b"PK\x03\x04" + b"0" * MAX_UPLOAD, "x")})
    assert big.status_code == 413
    wrong = client.post("/kiem-tra", data={"csrf": token},
                        files={"tep": ("x.exe", b"MZ", "application/octet-stream")})
    assert wrong.status_code == 400
    fake = client.post("/kiem-tra", data={"csrf": token},
                       files={"tep": ("x.docx", b"not a zip", "x")})
    assert fake.status_code == 400
    escape = client.post("/soan/mo", data={"csrf": token},
                         files={"tep": ("../../evil.yaml", b"loai: cong-van\n", "x")},
                         follow_redirects=False)
    assert escape.status_code in (303, 400)
    assert not (office / "evil.yaml").exists() and not (office / "web" / "evil.yaml").exists()
    assert not list(office.parent.glob("evil.yaml"))


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<a>" + b" " * (300 * 1024 * 1024) + b"</a>")
    return buffer.getvalue()


def test_a_docx_bomb_gets_a_clear_error(app) -> None:
    client = login(app, "chuyenvien")
    answer = client.post("/kiem-tra", data={"csrf": csrf_of(client)},
                         files={"tep": ("bomb.docx", _zip_bomb(), "x")})
    assert answer.status_code == 400 and "DOCX" in answer.text


def test_a_yaml_bomb_gets_a_clear_error(app) -> None:
    client = login(app, "chuyenvien")
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
    answer = client.post("/api/xem-truoc", headers={"X-CSRF-Token": csrf_of(client)},
                         json={"du_lieu": {"bien": {"__yaml__": bomb}}})
    assert answer.status_code == 200
    problems = answer.json()["problems"]
    assert problems and problems[0]["path"] == "bien"


def test_template_fields_cannot_reach_python_internals(app) -> None:
    client = login(app, "chuyenvien")
    data = {"mau": "giay-moi-hop", "bien": {"__yaml__":
            "ten_cuoc_hop: \"{{ ''.__class__.__mro__[1].__subclasses__() }}\"\n"}}
    answer = client.post("/api/xem-truoc", headers={"X-CSRF-Token": csrf_of(client)},
                         json={"du_lieu": data})
    text = answer.text
    assert "subclasses" not in " ".join(p["message"] for p in answer.json()["problems"]) \
        or "<class" not in text
    assert "<class 'object'>" not in text and "Popen" not in text


def test_agency_accounts_need_their_roster_entry(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "a.sqlite")
    with pytest.raises(AccountError, match="--plan"):
        accounts.add_user("dv", PASSWORD, "don-vi")
    with pytest.raises(AccountError, match="10"):
        accounts.add_user("ngan", "ngan", "chuyen-vien")

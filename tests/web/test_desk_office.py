"""The office's work at the desk: the văn thư issues a draft (number from the book) and
prints the register; a leader signs a prepared PDF, the văn thư seals it, anyone verifies —
the real register (SQLite) and real keys (TEST PKCS#12 files), re-read from the outputs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from generator.cli import main as vanban
from generator.signing.demo import DEMO_PIN
from generator.signing.demo import make_office as make_signing_office
from generator.web.accounts import Accounts
from generator.web.app import DeskConfig, create_app

from .conftest import PASSWORD, csrf_of, login

ROOT = Path(__file__).resolve().parents[2]
DRAFT = ROOT / "content" / "drafts" / "cong-van-du-thao.yaml"
TODAY = dt.date(2025, 3, 14)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_signing_office(tmp_path_factory.mktemp("desk-office"))
    accounts = Accounts(folder / "web" / "nguoi-dung.sqlite")
    for name, role in (("vanthu", "van-thu"), ("lanhdao", "lanh-dao"),
                       ("chuyenvien", "chuyen-vien")):
        accounts.add_user(name, PASSWORD, role)
    return folder


@pytest.fixture(scope="module")
def app(office: Path):
    application = create_app(DeskConfig(office=office, workers=1, today=lambda: TODAY))
    with TestClient(application):
        yield application


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample draft as a PDF with the signature and number fields placed."""
    out = tmp_path_factory.mktemp("prepared")
    assert vanban(["build", str(DRAFT), "-o", str(out), "--prepare-sign", "--workers", "1"]) == 0
    return out / "cong-van-du-thao.pdf"


def test_the_van_thu_issues_a_draft_and_finds_it_in_the_register(app, office: Path) -> None:
    client = login(app, "vanthu")
    page = client.post("/van-thu/cap-so", data={"csrf": csrf_of(client)},
                       files={"tep": ("du-thao.yaml", DRAFT.read_bytes(), "application/yaml")})
    assert page.status_code == 200
    issued = re.search(r'id="issued">Đã cấp số <strong>([^<]+)</strong>', page.text)
    assert issued and issued[1] == "01/SNV-TCBC"
    assert "14/03/2025" in page.text
    pdf_link = re.search(r'href="(/van-thu/tep/issued/[^"]+\.pdf)"', page.text)[1]
    pdf = client.get(pdf_link)
    assert pdf.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(__import__("io").BytesIO(pdf.content))
                   .pages)
    assert "01/SNV-TCBC" in text and "ngày 14 tháng 3 năm 2025" in text
    # the same draft again: refused, the register unchanged
    again = client.post("/van-thu/cap-so", data={"csrf": csrf_of(client)},
                        files={"tep": ("du-thao.yaml", DRAFT.read_bytes(), "x")})
    assert 'id="office-error"' in again.text
    listed = client.get("/van-thu?tu_khoa=người+làm+việc&nam=2025").text
    assert listed.count("01/SNV-TCBC") == 1 and "đôn đốc báo cáo" in listed
    assert "01/SNV-TCBC" not in client.get("/van-thu?tu_khoa=không+có&nam=2025").text


def test_the_van_thu_issues_a_draft_with_its_uploaded_figure(app, office: Path) -> None:
    """A clerk puts a chart into a draft at the desk and downloads its YAML; the văn thư
    issues it with the picture (under any file name: it is found by its content), and the
    issued file carries it beside itself and in its DOCX and PDF."""
    import io
    import json
    import zipfile

    from generator.web.yamlio import EditedFile, plain

    from .test_desk_figures import CAPTION, chart_png, upload

    clerk = login(app, "chuyenvien")
    picture = chart_png()
    name = upload(clerk, picture).json()["hinh"]
    data = plain(EditedFile.parse(DRAFT.read_bytes()).tree)
    data["ngay"] = "14/03/2025"  # as the form shows and posts a date
    data["trich_yeu"] = "báo cáo vị trí các điểm nổ mìn"
    data["noi_dung"].insert(1, {"hinh": name, "rong": 70, "ten_hinh": CAPTION})
    draft = clerk.post("/tai-ve", data={"csrf": csrf_of(clerk), "du_lieu": json.dumps(data),
                                        "dinh_dang": "yaml"}).content
    assert f"hinh: {name}".encode() in draft

    vanthu = login(app, "vanthu")
    waiting = office / "web" / "cho-cap-so"
    before = sorted(waiting.iterdir())

    def issue(*pictures: tuple[str, bytes]):  # noqa: ANN202
        files = [("tep", ("du-thao.yaml", draft, "application/yaml"))]
        files += [("hinh", (n, b, "image/png")) for n, b in pictures]
        return vanthu.post("/van-thu/cap-so", data={"csrf": csrf_of(vanthu)}, files=files)

    missing = issue()  # the YAML alone: the picture is not there, nothing numbered
    assert 'id="issued"' not in missing.text
    assert "không tìm thấy" in missing.text and name in missing.text
    broken = issue(("so-do.png", b"not a picture"))
    assert "so-do.png: Không dùng được ảnh này" in broken.text
    assert len(sorted(waiting.iterdir())) == len(before) + 1  # only the first try's draft

    page = issue(("anh-chup-man-hinh.png", picture))
    number = re.search(r'id="issued">Đã cấp số <strong>([^<]+)</strong>', page.text)[1]
    docx_link = re.search(r'href="(/van-thu/tep/issued/[^"]+\.docx)"', page.text)[1]
    stem = Path(docx_link).stem
    digest = name.split("/")[1].split(".")[0]
    kept = office / "issued" / "2025" / f"{stem}-hinh" / f"{digest}.png"
    assert kept.read_bytes() == picture
    issued_yaml = (office / "issued" / "2025" / f"{stem}.yaml").read_text("utf-8")
    assert f"hinh: {stem}-hinh/{digest}.png" in issued_yaml
    with zipfile.ZipFile(io.BytesIO(vanthu.get(docx_link).content)) as package:
        assert package.read(f"word/media/hinh-{digest}.png") == picture
    pdf = PdfReader(io.BytesIO(vanthu.get(docx_link[:-5] + ".pdf").content))
    assert len(list(pdf.pages[0].images)) == 1 and number in pdf.pages[0].extract_text()


def test_the_register_prints(app) -> None:
    client = login(app, "vanthu")
    page = client.post("/van-thu/in-so", data={"csrf": csrf_of(client), "loai_so": "di",
                                               "nam": "2025"})
    links = re.findall(r'href="(/van-thu/tep/registers/[^"]+)"', page.text)
    assert {Path(link).suffix for link in links} >= {".pdf", ".docx", ".xlsx"}
    pdf = client.get(next(link for link in links if link.endswith(".pdf")))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_only_the_van_thu_reaches_the_register(app) -> None:
    client = login(app, "chuyenvien")
    assert client.get("/van-thu").status_code == 403
    assert client.get("/van-thu/tep/office.yaml").status_code == 403
    clerk = login(app, "vanthu")
    for name in ("office.yaml", "keys/cvp.p12", "../etc/passwd", "web/nguoi-dung.sqlite"):
        assert clerk.get(f"/van-thu/tep/{name}").status_code == 404


def test_sign_seal_and_verify_at_the_desk(app, prepared: Path, tmp_path: Path) -> None:
    leader = login(app, "lanhdao")
    signed = leader.post("/ky-so/ky", data={"csrf": csrf_of(leader), "nguoi_ky": "cvp",
                                            "ma_pin": DEMO_PIN},
                         files={"tep": ("cv.pdf", prepared.read_bytes(), "application/pdf")})
    assert signed.status_code == 200 and signed.content.startswith(b"%PDF")
    clerk = login(app, "vanthu")
    sealed = clerk.post("/ky-so/dong-dau", data={"csrf": csrf_of(clerk), "so": "7",
                                                 "ma_pin": DEMO_PIN},
                        files={"tep": ("cv.pdf", signed.content, "application/pdf")})
    assert sealed.status_code == 200, sealed.text
    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealed.content)
    assert len(PdfReader(path).trailer["/Root"]["/AcroForm"]["/Fields"]) >= 2
    reader = login(app, "chuyenvien")
    checked = reader.post("/ky-so/xac-minh", data={"csrf": csrf_of(reader)},
                          files={"tep": ("sealed.pdf", sealed.content, "application/pdf")})
    assert 'id="verdict">Hợp lệ' in checked.text, checked.text
    tampered = bytearray(sealed.content)
    tampered[len(tampered) // 3] ^= 0x01
    bad = login(app, "chuyenvien")
    answer = bad.post("/ky-so/xac-minh", data={"csrf": csrf_of(bad)},
                      files={"tep": ("x.pdf", bytes(tampered), "application/pdf")})
    assert 'id="verdict">Không hợp lệ' in answer.text


def test_a_wrong_pin_is_refused_and_never_shown(app, prepared: Path) -> None:
    leader = login(app, "lanhdao")
    answer = leader.post("/ky-so/ky", data={"csrf": csrf_of(leader), "nguoi_ky": "cvp",
                                            "ma_pin": "sai-PIN-9137"},
                         files={"tep": ("cv.pdf", prepared.read_bytes(), "application/pdf")})
    assert answer.status_code == 400
    assert "sai-PIN-9137" not in answer.text and answer.json()["loi"]


def test_signing_roles(app, prepared: Path) -> None:
    clerk = login(app, "chuyenvien")
    answer = clerk.post("/ky-so/ky", data={"csrf": csrf_of(clerk), "nguoi_ky": "cvp",
                                           "ma_pin": DEMO_PIN},
                        files={"tep": ("cv.pdf", prepared.read_bytes(), "application/pdf")})
    assert answer.status_code == 403

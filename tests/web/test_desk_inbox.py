"""A clerk hands a finished draft to the văn thư inside the desk ("Gửi văn thư"); the văn thư
sees it in "Văn bản chờ cấp số" and issues it (the register's real number, DOCX and PDF
re-read) or returns it with a reason; the clerk sees what became of it. Roles, CSRF and two
văn thư clicking "Cấp số" at once are tried against the real office folder."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from generator.check.resolve import load_docx
from generator.signing.demo import make_office as make_signing_office
from generator.web.accounts import Accounts
from generator.web.app import DeskConfig, create_app

from ..conftest import assert_conformant
from .conftest import PASSWORD, csrf_of, login

ROOT = Path(__file__).resolve().parents[2]
DRAFT = (ROOT / "content" / "drafts" / "cong-van-du-thao.yaml").read_text("utf-8")
TODAY = dt.date(2025, 3, 14)
TRICH_YEU = "trich_yeu: đôn đốc báo cáo số lượng người làm việc năm 2025"


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = make_signing_office(tmp_path_factory.mktemp("desk-inbox"))
    accounts = Accounts(folder / "web" / "nguoi-dung.sqlite")
    for name, role in (("vanthu", "van-thu"), ("chuyenvien", "chuyen-vien"),
                       ("chuyenvien2", "chuyen-vien"), ("quantri", "quan-tri")):
        accounts.add_user(name, PASSWORD, role, full_name=f"Nguyễn Thị {name.title()}")
    accounts.add_user("coquan", PASSWORD, "don-vi", plan="ke-hoach", unit="CLO")
    return folder


@pytest.fixture(scope="module")
def app(office: Path):
    application = create_app(DeskConfig(office=office, workers=1, today=lambda: TODAY))
    with TestClient(application):
        yield application


def draft(trich_yeu: str) -> bytes:
    assert TRICH_YEU in DRAFT
    return DRAFT.replace(TRICH_YEU, f"trich_yeu: {trich_yeu}").encode("utf-8")


def save(client: TestClient, name: str, data: bytes) -> None:
    answer = client.post("/soan/mo", data={"csrf": csrf_of(client)},
                         files={"tep": (name, data, "application/yaml")},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text


def send(client: TestClient, name: str, csrf: str | None = None):  # noqa: ANN201
    return client.post(f"/soan/tep/{name}/gui-van-thu",
                       data={"csrf": csrf if csrf is not None else csrf_of(client)})


def inbox_row(page: str, trich_yeu: str) -> str:
    """The entry id of the inbox row whose trích yếu is ``trich_yeu`` on /van-thu."""
    table = page.split('id="inbox"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr data-id="([0-9a-f]+)">(.*?)</tr>', table, re.S)
    found = [entry for entry, row in rows if f"<td>{trich_yeu}</td>" in row]
    assert len(found) <= 1
    return found[0] if found else ""


def status_of(page: str, name: str) -> list[str]:
    table = page.split('id="sent"', 1)[1].split("</table>", 1)[0] if 'id="sent"' in page \
        else ""
    return [re.search(r'class="status">(.*?)</td>', row, re.S)[1]
            for row in re.findall(r"<tr data-id=.*?</tr>", table, re.S)
            if f"<td>{name}</td>" in row]


def entries(office: Path) -> list[str]:
    folder = office / "web" / "gui-van-thu" / "cho"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_send_issue_and_the_clerk_sees_the_number(app, office: Path, tmp_path: Path) -> None:
    clerk = login(app, "chuyenvien")
    save(clerk, "cv-bien-che.yaml", draft("đôn đốc báo cáo biên chế quý I"))
    editor = clerk.get("/soan/tep/cv-bien-che.yaml").text  # the saved document's button
    assert re.search(r'form="send-form" id="send"[^>]*>Gửi văn thư</button>', editor)
    assert 'action="/soan/tep/cv-bien-che.yaml/gui-van-thu"' in editor
    sent = send(clerk, "cv-bien-che.yaml")
    assert sent.status_code == 200, sent.text
    assert status_of(sent.text, "cv-bien-che.yaml") == ["chờ cấp số"]
    before = entries(office)
    again = send(clerk, "cv-bien-che.yaml")  # unchanged: no second entry
    assert 'id="send-notice"' in again.text and entries(office) == before
    record = json.loads((office / "web" / "gui-van-thu" / "cho" / before[-1] / "phieu.json")
                        .read_text("utf-8"))
    assert record["nguoi_gui"] == "chuyenvien" and record["gui_luc"].startswith("2025-03-14")

    vanthu = login(app, "vanthu")
    page = vanthu.get("/van-thu").text
    entry = inbox_row(page, "đôn đốc báo cáo biên chế quý I")
    assert entry
    row = re.search(rf'<tr data-id="{entry}">(.*?)</tr>', page, re.S)[1]
    assert "Nguyễn Thị Chuyenvien" in row and "<td>Công văn</td>" in row
    assert "2025-03-14" in row

    issued = vanthu.post(f"/van-thu/cho-cap-so/{entry}/cap-so",
                         data={"csrf": csrf_of(vanthu)})
    number = re.search(r'id="issued">Đã cấp số <strong>([^<]+)</strong>', issued.text)[1]
    assert re.fullmatch(r"\d+/SNV-TCBC", number)
    assert not inbox_row(issued.text, "đôn đốc báo cáo biên chế quý I")
    assert number in issued.text.split('id="register"', 1)[1]  # its register row
    docx_link = re.search(r'href="(/van-thu/tep/issued/[^"]+\.docx)"', issued.text)[1]
    docx = tmp_path / "issued.docx"
    docx.write_bytes(vanthu.get(docx_link).content)
    assert_conformant(docx)
    assert f"Số: {number}" in [p.text.strip() for p in load_docx(docx).paragraphs()]
    pdf = PdfReader(io.BytesIO(vanthu.get(docx_link[:-5] + ".pdf").content))
    text = pdf.pages[0].extract_text()
    assert number in text and "ngày 14 tháng 3 năm 2025" in text

    assert status_of(clerk.get("/soan").text, "cv-bien-che.yaml") == [f"đã cấp số {number}"]
    refused = send(clerk, "cv-bien-che.yaml")  # issued already: not sent again
    assert refused.status_code == 400 and "đã được cấp số" in refused.text


def test_an_invalid_or_numbered_draft_is_refused_with_its_problems(app, office: Path) -> None:
    clerk = login(app, "chuyenvien")
    broken = draft("báo cáo thiếu người ký").decode().split("nguoi_ky:")[0] + "luu: [TCBC]\n"
    save(clerk, "thieu-nguoi-ky.yaml", broken.encode())
    before = entries(office)
    answer = send(clerk, "thieu-nguoi-ky.yaml")
    assert answer.status_code == 400
    refused = answer.text.split('id="send-refused"', 1)[1].split("</div>", 1)[0]
    assert "nguoi_ky" in refused, refused
    numbered = draft("văn bản đã có số").decode().replace("chua_cap_so: true", "so: 12")
    save(clerk, "da-co-so.yaml", numbered.encode())
    answer = send(clerk, "da-co-so.yaml")
    assert answer.status_code == 400 and "đã có số (12/SNV-TCBC)" in answer.text
    assert entries(office) == before
    assert send(clerk, "khong-co.yaml").status_code == 404


def test_return_with_a_reason(app) -> None:
    clerk = login(app, "chuyenvien")
    save(clerk, "cv-tra-lai.yaml", draft("đề nghị cử cán bộ dự tập huấn"))
    send(clerk, "cv-tra-lai.yaml")
    vanthu = login(app, "vanthu")
    entry = inbox_row(vanthu.get("/van-thu").text, "đề nghị cử cán bộ dự tập huấn")
    admin = login(app, "quantri")  # the quản trị reaches the inbox too
    assert inbox_row(admin.get("/van-thu").text, "đề nghị cử cán bộ dự tập huấn") == entry
    empty = vanthu.post(f"/van-thu/cho-cap-so/{entry}/tra-lai",
                        data={"csrf": csrf_of(vanthu), "ly_do": "  "})
    assert empty.status_code == 400
    answer = vanthu.post(f"/van-thu/cho-cap-so/{entry}/tra-lai",
                         data={"csrf": csrf_of(vanthu),
                               "ly_do": "Thiếu nơi nhận <Sở Tài chính>"})
    assert 'id="returned"' in answer.text
    assert not inbox_row(answer.text, "đề nghị cử cán bộ dự tập huấn")
    page = clerk.get("/soan").text
    assert status_of(page, "cv-tra-lai.yaml") == [
        "trả lại: Thiếu nơi nhận &lt;Sở Tài chính&gt;"]
    gone = vanthu.post(f"/van-thu/cho-cap-so/{entry}/cap-so", data={"csrf": csrf_of(vanthu)})
    assert gone.status_code == 409


def test_csrf_roles_and_isolation(app, office: Path) -> None:
    clerk = login(app, "chuyenvien")
    save(clerk, "cv-rieng.yaml", draft("báo cáo riêng của chuyên viên"))
    before = entries(office)
    assert send(clerk, "cv-rieng.yaml", csrf="").status_code == 403
    assert entries(office) == before
    send(clerk, "cv-rieng.yaml")
    vanthu = login(app, "vanthu")
    entry = inbox_row(vanthu.get("/van-thu").text, "báo cáo riêng của chuyên viên")
    assert entry
    no_csrf = vanthu.post(f"/van-thu/cho-cap-so/{entry}/cap-so", data={})
    assert no_csrf.status_code == 403

    other = login(app, "chuyenvien2")
    assert status_of(other.get("/soan").text, "cv-rieng.yaml") == []
    assert "báo cáo riêng" not in other.get("/soan").text
    assert send(other, "cv-rieng.yaml").status_code == 404  # not in their folder
    assert other.get("/van-thu").status_code == 403
    for action in ("cap-so", "tra-lai"):
        answer = other.post(f"/van-thu/cho-cap-so/{entry}/{action}",
                            data={"csrf": csrf_of(other), "ly_do": "x"})
        assert answer.status_code == 403

    agency = login(app, "coquan")
    assert agency.get("/van-thu").status_code == 404
    token = csrf_of(agency)
    for path in (f"/van-thu/cho-cap-so/{entry}/cap-so", f"/van-thu/cho-cap-so/{entry}/tra-lai",
                 "/soan/tep/cv-rieng.yaml/gui-van-thu"):
        assert agency.post(path, data={"csrf": token, "ly_do": "x"}).status_code == 404
    assert inbox_row(vanthu.get("/van-thu").text, "báo cáo riêng của chuyên viên") == entry
    for bad in ("0123456789abcdeg", "x" * 16, "%2e%2e"):
        assert vanthu.post(f"/van-thu/cho-cap-so/{bad}/cap-so",
                           data={"csrf": csrf_of(vanthu)}).status_code == 404


def test_two_van_thu_issue_one_entry_at_once(app, office: Path) -> None:
    clerk = login(app, "chuyenvien")
    save(clerk, "cv-mot-so.yaml", draft("báo cáo chỉ được một số"))
    send(clerk, "cv-mot-so.yaml")
    first, second = login(app, "vanthu"), login(app, "vanthu")
    entry = inbox_row(first.get("/van-thu").text, "báo cáo chỉ được một số")
    tokens = [csrf_of(first), csrf_of(second)]
    answers: list = [None, None]
    start = threading.Barrier(2)

    def click(i: int, client: TestClient) -> None:
        start.wait()
        answers[i] = client.post(f"/van-thu/cho-cap-so/{entry}/cap-so",
                                 data={"csrf": tokens[i]})

    threads = [threading.Thread(target=click, args=(i, c))
               for i, c in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    numbers = [re.search(r'id="issued">Đã cấp số <strong>([^<]+)</strong>', a.text)
               for a in answers]
    assert sorted(a.status_code for a in answers) == [200, 409]
    assert len([n for n in numbers if n]) == 1
    listed = first.get("/van-thu?tu_khoa=chỉ+được+một+số&nam=2025").text
    assert listed.split('id="register"', 1)[1].count("/SNV-TCBC") == 1


def test_a_sent_draft_with_a_figure_issues_with_its_picture(app, office: Path) -> None:
    from generator.web.yamlio import EditedFile, plain

    from .test_desk_figures import CAPTION, chart_png, upload

    clerk = login(app, "chuyenvien")
    picture = chart_png()
    name = upload(clerk, picture).json()["hinh"]
    data = plain(EditedFile.parse(draft("sơ đồ các điểm nổ mìn")).tree)
    data["ngay"] = "14/03/2025"
    data["noi_dung"].insert(1, {"hinh": name, "rong": 70, "ten_hinh": CAPTION})
    saved = clerk.post("/api/luu", json={"ten": "cv-hinh.yaml", "du_lieu": data},
                       headers={"X-CSRF-Token": csrf_of(clerk)})
    assert saved.status_code == 200, saved.text
    send(clerk, "cv-hinh.yaml")
    digest = name.split("/")[1].split(".")[0]
    vanthu = login(app, "vanthu")
    entry = inbox_row(vanthu.get("/van-thu").text, "sơ đồ các điểm nổ mìn")
    kept = office / "web" / "gui-van-thu" / "cho" / entry / name
    assert kept.read_bytes() == picture
    issued = vanthu.post(f"/van-thu/cho-cap-so/{entry}/cap-so", data={"csrf": csrf_of(vanthu)})
    number = re.search(r'id="issued">Đã cấp số <strong>([^<]+)</strong>', issued.text)[1]
    stem = Path(re.search(r'href="/van-thu/tep/(issued/[^"]+)\.docx"', issued.text)[1])
    assert (office / f"{stem}-hinh" / f"{digest}.png").read_bytes() == picture
    pdf = PdfReader(io.BytesIO(vanthu.get(f"/van-thu/tep/{stem}.pdf").content))
    assert len(list(pdf.pages[0].images)) == 1 and number in pdf.pages[0].extract_text()

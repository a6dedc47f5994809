"""Writing at the desk: the form is the content model, problems land at their fields, a
hand-written YAML file survives the round trip, downloads pass the checker."""

from __future__ import annotations

import io
import re

from docx import Document as WordDocument

from generator.check import check_docx
from generator.web.forms import FormSchema
from generator.web.yamlio import EditedFile

from .conftest import csrf_of, login

HAND_WRITTEN = (
    "\ufeff# Công văn đôn đốc — viết tay\r\n"
    "loai: cong-van   # loại\r\n"
    "co_quan:\r\n"
    "  chu_quan: UBND TỈNH LẠNG SƠN\r\n"
    "  ten: SỞ NỘI VỤ\r\n"
    "  viet_tat: SNV\r\n"
    "so: 5\r\n"
    "don_vi_soan_thao: TCBM\r\n"
    "dia_danh: Lạng Sơn\r\n"
    "ngay: 05/12/2017\r\n"
    "trich_yeu: đôn đốc gửi Đề án\r\n"
    "kinh_gui:\r\n"
    "  - Sở Tài chính   # chỉ một nơi\r\n"
    "noi_dung:\r\n"
    "  # đoạn mở đầu\r\n"
    "  - Sở Nội vụ đề nghị Sở Tài chính gửi Đề án trước ngày 15/12/2017\r\n"
    "nguoi_ky:\r\n"
    "  chuc_vu: GIÁM ĐỐC\r\n"
    "  ho_ten: Trần Văn B\r\n"
).encode("utf-8")


def _data(client, name: str) -> dict:
    """What the editor page shows, read back the way the page's script does."""
    from generator.web.yamlio import plain

    return plain(EditedFile.parse(client.get(f"/soan/tep/{name}/tai").content).tree)


def test_every_field_of_the_model_is_in_the_form() -> None:
    form = FormSchema()
    html = form.document({"loai": "cong-van"})
    for name in form.schema["properties"]:
        assert f'data-field="{name}"' in html or f'data-group="{name}"' in html, name
    assert 'data-list="noi_dung"' in html and "Mục đánh số" in html  # block variants
    assert "Họ và tên" in html and "Trích yếu" in html  # Vietnamese labels
    assert "Số văn bản (số thứ tự trong năm)" in html  # help from the schema


def test_new_list_entries_come_from_the_schema(app) -> None:
    client = login(app, "chuyenvien")
    page = client.get("/soan/moi?loai=ke-hoach").text
    items = re.search(r'data-list="noi_dung" data-items="([^"]+)"', page)[1]
    import html as h
    import json

    answer = client.post("/api/muc", headers={"X-CSRF-Token": csrf_of(client)},
                         json={"items": json.loads(h.unescape(items)), "path": "noi_dung.7",
                               "variant": 2})
    fragment = answer.json()["html"]
    assert 'data-item="noi_dung.7"' in fragment and 'data-path="noi_dung.7.muc"' in fragment
    assert 'data-list="noi_dung.7.y"' in fragment  # nesting: the item's own sub-items


def test_problems_are_placed_at_their_fields(app) -> None:
    client = login(app, "chuyenvien")
    data = {"loai": "cong-van", "co_quan": {"ten": "SỞ NỘI VỤ", "viet_tat": "SNV"}, "so": 5,
            "don_vi_soan_thao": "TCBM", "dia_danh": "Lạng Sơn", "ngay": "05/12/2017",
            "trich_yeu": "đôn đốc", "kinh_gui": ["Sở Tài chính"],
            "noi_dung": ["Mở đầu", {"muc": "Một", "y": [{"muc": ""}]}],
            "nguoi_ky": {"chuc_vu": "GIÁM ĐỐC"}}
    answer = client.post("/api/xem-truoc", headers={"X-CSRF-Token": csrf_of(client)},
                         json={"du_lieu": data}).json()
    paths = {p["path"] for p in answer["problems"]}
    assert "nguoi_ky.ho_ten" in paths or "nguoi_ky" in paths
    assert any(p.startswith("noi_dung.1.y.0") for p in paths), paths
    assert all(p["message"] and "Traceback" not in p["text"] for p in answer["problems"])
    assert answer["pages"] == []
    english = [p["text"] for p in answer["problems"]]
    assert any("dòng" in t for t in english)  # the CLI's own message, with the line


def test_hand_written_yaml_survives_the_round_trip(app) -> None:
    client = login(app, "chuyenvien")
    token = csrf_of(client)
    opened = client.post("/soan/mo", data={"csrf": token},
                         files={"tep": ("don-doc.yaml", HAND_WRITTEN, "application/yaml")},
                         follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/soan/tep/don-doc.yaml"
    page = client.get("/soan/tep/don-doc.yaml").text
    assert 'value="đôn đốc gửi Đề án"' in page
    data = _data(client, "don-doc.yaml")
    data["trich_yeu"] = "đôn đốc gửi Đề án tinh giản biên chế"
    data["noi_dung"].append("Trân trọng")
    saved = client.post("/api/luu", headers={"X-CSRF-Token": token},
                        json={"ten": "don-doc.yaml", "du_lieu": data})
    assert saved.status_code == 200
    raw = client.get("/soan/tep/don-doc.yaml/tai").content
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM
    assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF everywhere
    text = raw.decode("utf-8-sig")
    for comment in ("# Công văn đôn đốc — viết tay", "# loại", "# chỉ một nơi",
                    "# đoạn mở đầu"):
        assert comment in text
    keys = [line.split(":")[0] for line in text.splitlines() if re.match(r"^[a-z_]+:", line)]
    assert keys == ["loai", "co_quan", "so", "don_vi_soan_thao", "dia_danh", "ngay",
                    "trich_yeu", "kinh_gui", "noi_dung", "nguoi_ky"]
    assert "tinh giản biên chế" in text and "- Trân trọng" in text


def test_download_docx_passes_the_checker(app, tmp_path) -> None:
    client = login(app, "chuyenvien")
    token = csrf_of(client)
    client.post("/soan/mo", data={"csrf": token},
                files={"tep": ("cv.yaml", HAND_WRITTEN, "application/yaml")})
    import json

    data = _data(client, "cv.yaml")
    answer = client.post("/tai-ve", data={"csrf": token, "du_lieu": json.dumps(data),
                                          "dinh_dang": "docx"})
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    path = tmp_path / "cv.docx"
    path.write_bytes(answer.content)
    assert check_docx(path).errors == []
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(answer.content)).paragraphs)
    assert "Sở Nội vụ đề nghị Sở Tài chính gửi Đề án" in text
    pdf = client.post("/tai-ve", data={"csrf": token, "du_lieu": json.dumps(data),
                                       "dinh_dang": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_preview_is_the_real_pdf_as_images(app) -> None:
    client = login(app, "chuyenvien")
    token = csrf_of(client)
    client.post("/soan/mo", data={"csrf": token},
                files={"tep": ("p.yaml", HAND_WRITTEN, "application/yaml")})
    answer = client.post("/api/xem-truoc", headers={"X-CSRF-Token": token},
                         json={"du_lieu": _data(client, "p.yaml")}).json()
    assert answer["problems"] == [] and len(answer["pages"]) == 1
    image = client.get(answer["pages"][0])
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    from PIL import Image

    picture = Image.open(io.BytesIO(image.content))
    assert abs(picture.width / picture.height - 210 / 297) < 0.01  # an A4 page
    other = login(app, "snv")  # another user cannot fetch it
    assert other.get(answer["pages"][0]).status_code == 404


def test_check_upload_lists_findings_and_annotates(app) -> None:
    from pathlib import Path

    decree = Path(__file__).resolve().parents[1] / "fixtures" / "nd30-2020" / "30_2020_ND_CP.docx"
    client = login(app, "chuyenvien")
    page = client.post("/kiem-tra", data={"csrf": csrf_of(client)},
                       files={"tep": ("nd30.docx", decree.read_bytes(), "x")})
    assert page.status_code == 200
    link = re.search(r'id="annotated" href="([^"]+)"', page.text)[1]
    annotated = client.get(link)
    assert annotated.status_code == 200 and annotated.content.startswith(b"PK")
    assert "<td>" in page.text

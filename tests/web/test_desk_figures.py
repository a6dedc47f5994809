"""Figures at the desk: a clerk uploads a picture at a figure's field, the server checks it
with the engine and keeps it in the clerk's own folder under its content hash; the preview,
the DOCX and the PDF carry it; bad pictures, forged posts and another clerk's pictures are
refused — each re-read from what the desk stored and wrote."""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw
from pypdf import PdfReader

from generator.web.security import MAX_UPLOAD

from ..conftest import assert_conformant
from .conftest import csrf_of, login

CAPTION = "Hình 1. Sơ đồ vị trí các điểm nổ mìn"


def chart_png(width: int = 240, height: int = 160) -> bytes:
    """A small real PNG: a bar chart drawn at test time."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for i, bar in enumerate((60, 110, 90, 140)):
        draw.rectangle((20 + i * 55, height - 10 - bar, 55 + i * 55, height - 10),
                       fill=(30 + 50 * i, 90, 160))
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(96, 96))
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def huge_png(side: int = 10_000) -> bytes:
    """A tiny file whose header claims side × side pixels (a decompression bomb's shape)."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"\0" * 64)) + _chunk(b"IEND", b""))


def cong_van(figure: str) -> dict:
    """What the form posts for a công văn whose body holds one figure."""
    return {"loai": "cong-van", "co_quan": {"chu_quan": "UBND TỈNH LẠNG SƠN",
                                            "ten": "SỞ NỘI VỤ", "viet_tat": "SNV"},
            "so": 5, "don_vi_soan_thao": "TCBM", "dia_danh": "Lạng Sơn", "ngay": "05/12/2017",
            "trich_yeu": "báo cáo vị trí các điểm nổ mìn", "kinh_gui": ["Sở Tài chính"],
            "noi_dung": ["Sơ đồ vị trí các điểm nổ mìn như sau:",
                         {"hinh": figure, "rong": 80, "ten_hinh": CAPTION}],
            "nguoi_ky": {"chuc_vu": "GIÁM ĐỐC", "ho_ten": "Trần Văn B"}}


def upload(client, data: bytes, name: str = "bieu-do.png", token: str | None = "csrf"):
    headers = {"X-CSRF-Token": csrf_of(client)} if token == "csrf" else {}
    return client.post("/api/hinh", headers=headers, files={"tep": (name, data, "image/png")})


def stored(office: Path, user: str) -> list[Path]:
    folder = office / "web" / "nguoi-dung" / user / "hinh"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_an_uploaded_picture_goes_into_preview_docx_and_pdf(app, office: Path,
                                                              tmp_path: Path) -> None:
    client = login(app, "chuyenvien")
    picture = chart_png()
    answer = upload(client, picture, name="../../bieu do.PNG")  # the client's name is not used
    assert answer.status_code == 200, answer.text
    digest = hashlib.sha256(picture).hexdigest()[:16]
    assert answer.json()["hinh"] == f"hinh/{digest}.png"
    kept = office / "web" / "nguoi-dung" / "chuyenvien" / "hinh" / f"{digest}.png"
    assert kept.read_bytes() == picture
    assert stored(office, "chuyenvien") == [kept]

    token = csrf_of(client)
    data = cong_van(answer.json()["hinh"])
    shown = client.post("/api/xem-truoc", headers={"X-CSRF-Token": token},
                        json={"du_lieu": data}).json()
    assert shown["problems"] == [] and len(shown["pages"]) == 1
    assert f"hinh: hinh/{digest}.png" in shown["yaml"]

    docx = client.post("/tai-ve", data={"csrf": token, "du_lieu": json.dumps(data),
                                        "dinh_dang": "docx"})
    assert docx.status_code == 200
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx.content)) as package:
        assert package.read(f"word/media/hinh-{digest}.png") == picture
        body = package.read("word/document.xml").decode()
    assert "<wp:inline" in body and CAPTION in body
    path = tmp_path / "hinh.docx"
    path.write_bytes(docx.content)
    assert_conformant(path)

    pdf = client.post("/tai-ve", data={"csrf": token, "du_lieu": json.dumps(data),
                                       "dinh_dang": "pdf"})
    assert pdf.status_code == 200
    page = PdfReader(io.BytesIO(pdf.content)).pages[0]
    images = list(page.images)
    assert len(images) == 1
    assert images[0].image.size == (240, 160)
    assert CAPTION in page.extract_text()

    # saved beside its pictures: the clerk's file names the same picture, as vanban build reads it
    saved = client.post("/api/luu", headers={"X-CSRF-Token": token},
                        json={"ten": "so-do.yaml", "du_lieu": data})
    assert saved.status_code == 200
    from generator.build import load

    _, document = load(office / "web" / "nguoi-dung" / "chuyenvien" / "so-do.yaml")
    assert document.noi_dung[1].image.data == picture


def test_bad_pictures_are_refused_and_nothing_is_stored(app, office: Path) -> None:
    client = login(app, "snv")
    text = upload(client, "đây không phải ảnh\n".encode(), name="so-do.png")
    assert text.status_code == 400
    assert "không phải ảnh PNG hoặc JPEG" in text.json()["loi"]
    assert "Traceback" not in text.text

    cut = upload(client, chart_png()[:300])
    assert cut.status_code == 400 and "hỏng hoặc bị cắt cụt" in cut.json()["loi"]

    bomb = upload(client, huge_png())
    assert bomb.status_code == 400
    assert "quá lớn" in bomb.json()["loi"] and "50.000.000" in bomb.json()["loi"]

    big = upload(client, chart_png() + b"\0" * MAX_UPLOAD)
    assert big.status_code == 413 and "10 MB" in big.json()["loi"]
    assert stored(office, "snv") == []


def test_a_picture_upload_without_the_csrf_token_is_refused(app, office: Path) -> None:
    client = login(app, "snv")
    answer = upload(client, chart_png(50, 50), token=None)
    assert answer.status_code == 403 and "CSRF" in answer.text
    wrong = client.post("/api/hinh", headers={"X-CSRF-Token": "x" * 40},
                        files={"tep": ("a.png", chart_png(50, 50), "image/png")})
    assert wrong.status_code == 403
    assert stored(office, "snv") == []
    from fastapi.testclient import TestClient

    assert TestClient(app).post("/api/hinh", files={"tep": ("a.png", b"x", "image/png")}
                                ).status_code == 401


def _figure_problem(client, figure: str) -> str:
    answer = client.post("/api/xem-truoc", headers={"X-CSRF-Token": csrf_of(client)},
                         json={"du_lieu": cong_van(figure)}).json()
    assert answer["pages"] == []
    [problem] = [p for p in answer["problems"] if p["severity"] == "error"]
    assert problem["path"] == "noi_dung.1.hinh"
    return problem["text"]


def test_a_clerk_never_reads_another_clerks_picture(app, office: Path) -> None:
    owner = login(app, "chuyenvien")
    name = upload(owner, chart_png(64, 48)).json()["hinh"]
    other = login(app, "snv")
    said = _figure_problem(other, name)
    assert "không tìm thấy" in said and name in said
    assert str(office) not in said  # the server's folders are not shown
    # the ways out of one's own folder stay closed
    theirs = office / "web" / "nguoi-dung" / "chuyenvien" / name
    mine = office / "web" / "nguoi-dung" / "snv"
    for way in (f"../chuyenvien/{name}", str(theirs)):
        said = _figure_problem(other, way)
        assert "đi ra ngoài thư mục" in said and "(thư mục của bạn)" in said
        assert str(mine) not in said
    mine.mkdir(parents=True, exist_ok=True)
    (mine / "lien-ket").symlink_to(theirs.parent, target_is_directory=True)
    try:
        said = _figure_problem(other, "lien-ket/" + name.split("/")[1])
        assert "đi ra ngoài thư mục" in said
    finally:
        (mine / "lien-ket").unlink()
    # the owner looks at it; to anyone else it does not exist
    kept = name.split("/")[1]
    seen = owner.get(f"/soan/hinh/{kept}")
    assert seen.status_code == 200 and seen.content == theirs.read_bytes()
    assert seen.headers["content-type"] == "image/png"
    assert other.get(f"/soan/hinh/{kept}").status_code == 404
    for wrong in ("..%2F..%2Fnguoi-dung.sqlite", "van-ban.yaml", kept.upper()):
        assert owner.get(f"/soan/hinh/{wrong}").status_code == 404
    # the owner still builds with it
    answer = owner.post("/api/xem-truoc", headers={"X-CSRF-Token": csrf_of(owner)},
                        json={"du_lieu": cong_van(name)}).json()
    assert answer["problems"] == [] and answer["pages"]


def test_the_form_offers_an_upload_at_each_figure(app) -> None:
    from generator.web.forms import FormSchema

    html = FormSchema().document(cong_van("hinh/abc.png"))
    field = html[html.index('data-field="noi_dung.1.hinh"'):]
    field = field[:field.index("</div>")]
    assert 'data-path="noi_dung.1.hinh"' in field and 'value="hinh/abc.png"' in field
    assert 'type="file" class="picture-file" accept="image/png,image/jpeg"' in field
    assert 'class="picture-link" target="_blank" href="/soan/hinh/abc.png">' in field
    typed = FormSchema().document(cong_van("../so-do.png"))
    assert 'href="" hidden>' in typed  # no link for a name the desk did not give

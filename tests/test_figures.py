"""Figures in the body ({hinh, rong, ten_hinh}): a real inline picture in Word and in the PDF,
sized as asked and never wider than the text area; hostile pictures refused where typed."""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import textwrap
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image

from generator.build import Source, build_one
from generator.check import check_docx
from generator.check.layout import picture_extents
from generator.check.resolve import load_docx
from generator.cli import main
from generator.docx import geometry as g
from generator.web.drafts import check as check_draft

from .conftest import MINIMAL, assert_conformant
from .hardening.conftest import run

BODY = "  - Sở Nội vụ đề nghị Sở Tài chính gửi Đề án trước ngày 15/12/2017\n"
EMU_PER_MM = 36_000


def with_body(extra: str, tail: str = "") -> str:
    """MINIMAL with ``extra`` (YAML list entries of noi_dung) before its sentence."""
    return MINIMAL.replace(BODY, "  - \"Sơ đồ vị trí các điểm nổ mìn như sau:\"\n" + extra
                           + BODY) + tail


def png(path: Path, size: tuple[int, int], dpi: float = 150) -> bytes:
    image = Image.new("RGB", size, (30, 90, 160))
    for x in range(0, size[0], 7):  # some content, so the file is not trivially small
        image.putpixel((x, x * size[1] // size[0]), (250, 250, 0))
    image.save(path, format="PNG", dpi=(dpi, dpi))
    return path.read_bytes()


def jpeg(path: Path, size: tuple[int, int], dpi: float) -> bytes:
    Image.new("RGB", size, (200, 40, 40)).save(path, format="JPEG", dpi=(dpi, dpi), quality=85)
    return path.read_bytes()


def build(folder: Path, text: str, *, name: str = "doc.yaml") -> Path:
    source = folder / name
    source.write_text(textwrap.dedent(text), encoding="utf-8")
    outcome = build_one(Source(source, Path(name)), folder / "out")
    assert outcome.ok, [p.render("en") for p in outcome.problems]
    assert_conformant(outcome.outputs[0])
    return outcome.outputs[0]


def drawings(docx: Path) -> list[tuple[int, int, str]]:
    """(cx, cy, relationship id) of each inline picture in document.xml."""
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    return [(int(cx), int(cy), rid) for cx, cy, rid in re.findall(
        r'<wp:inline [^>]*><wp:extent cx="(\d+)" cy="(\d+)"/>.*?r:embed="([^"]+)"', xml)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "content"
    path.mkdir()
    return path


def test_png_and_jpeg_are_inline_pictures_sized_centred_and_captioned(folder: Path) -> None:
    png_bytes = png(folder / "so-do.png", (600, 300), dpi=150)
    jpeg_bytes = jpeg(folder / "anh.jpg", (400, 300), dpi=200)
    docx = build(folder, with_body(
        "  - hinh: so-do.png\n    rong: 120\n"
        "    ten_hinh: Hình 1. Sơ đồ vị trí các điểm nổ mìn\n"
        "  - muc: Ảnh chụp hiện trường\n    y:\n      - hinh: anh.jpg\n"))
    package = zipfile.ZipFile(docx)
    names = package.namelist()
    media = sorted(n for n in names if n.startswith("word/media/"))
    assert len(media) == 2
    by_bytes = {package.read(n): n for n in media}
    assert set(by_bytes) == {png_bytes, jpeg_bytes}
    assert by_bytes[png_bytes].endswith(".png") and by_bytes[jpeg_bytes].endswith(".jpeg")
    types = package.read("[Content_Types].xml").decode()
    rels = package.read("word/_rels/document.xml.rels").decode()
    for name in media:
        kind = "image/png" if name.endswith(".png") else "image/jpeg"
        assert f'PartName="/{name}" ContentType="{kind}"' in types
        assert f'Target="{name[len("word/"):]}"' in rels
    (png_cx, png_cy, png_rid), (jpg_cx, jpg_cy, jpg_rid) = drawings(docx)
    assert png_cx == 120 * EMU_PER_MM and png_cy == 60 * EMU_PER_MM  # rong, aspect 2:1
    # no rong: the picture's own size at its 200 dpi, 400 px = 50.8 mm
    assert jpg_cx == round(400 / 200 * 25.4 * EMU_PER_MM) and jpg_cy * 4 == jpg_cx * 3
    for rid, name in ((png_rid, by_bytes[png_bytes]), (jpg_rid, by_bytes[jpeg_bytes])):
        assert re.search(rf'Id="{rid}" Type="[^"]+/image" Target="{name[5:]}"', rels)
    doc = load_docx(docx)
    pictures = [p for p in doc.paragraphs() if any(s.kind == "picture" for s in p.shapes)]
    assert [p.alignment for p in pictures] == ["center", "center"]
    paras = doc.paragraphs()
    caption = paras[paras.index(pictures[0]) + 1]
    assert caption.text == "Hình 1. Sơ đồ vị trí các điểm nổ mìn"
    assert caption.alignment == "center"
    assert all(r.italic and r.size_pt == 13 for r in caption.visible_runs)
    assert pictures[0].element is not None and pictures[0].element.find(
        ".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}keepNext") is not None
    # the end mark is on the last sentence, never on a caption
    assert "./." not in caption.text
    ids = re.findall(r'<wp:docPr id="(\d+)"', package.read("word/document.xml").decode())
    assert ids == ["1", "2"]
    # another reader of Word files (python-docx) sees two inline pictures of those sizes
    import docx as python_docx
    from docx.enum.shape import WD_INLINE_SHAPE

    shapes = python_docx.Document(str(docx)).inline_shapes
    assert [s.type for s in shapes] == [WD_INLINE_SHAPE.PICTURE] * 2
    assert (shapes[0].width, shapes[0].height) == (png_cx, png_cy)


def test_same_input_same_bytes(folder: Path) -> None:
    png(folder / "so-do.png", (300, 200))
    text = with_body("  - hinh: so-do.png\n  - hinh: so-do.png\n    ten_hinh: Hình 2. Lặp lại\n")
    first = build(folder, text).read_bytes()
    second = build(folder, text, name="lai.yaml").read_bytes()
    assert first == second
    # one media part for a picture used twice
    assert sum(n.startswith("word/media/") for n in zipfile.ZipFile(io.BytesIO(first))
               .namelist()) == 1


def test_never_wider_than_the_text_area_portrait_or_landscape(folder: Path) -> None:
    png(folder / "rong.png", (3000, 1000), dpi=72)  # 1058 mm at its own resolution
    appendix = textwrap.dedent("""\
        phu_luc:
          - ten: BẢN ĐỒ CÁC ĐIỂM NỔ MÌN
            ngang: true
            noi_dung:
              - hinh: rong.png
                ten_hinh: Hình 2. Bản đồ
        """)
    text = with_body("  - hinh: rong.png\n    rong: 400\n").replace(
        "trước ngày 15/12/2017", "trước ngày 15/12/2017 theo Phụ lục kèm theo") + appendix
    docx = build(folder, text)
    (portrait, _, _), (landscape, _, _) = drawings(docx)
    assert portrait == g.TEXT_WIDTH * 635
    assert landscape == g.LANDSCAPE_TEXT_WIDTH * 635
    report = check_docx(docx)
    assert report.status_of("P5") == "pass"
    doc = load_docx(docx)
    for extent in picture_extents(doc):
        assert extent.width <= doc.sections[extent.section].text_width


def test_p5_catches_a_figure_wider_than_the_text_area(folder: Path) -> None:
    png(folder / "so-do.png", (600, 300))
    docx = build(folder, with_body("  - hinh: so-do.png\n    rong: 100\n"))
    # the same document as another program might write it: the picture 200 mm wide
    wide = folder / "wide.docx"
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(wide, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(f'cx="{100 * EMU_PER_MM}"'.encode(),
                                    f'cx="{200 * EMU_PER_MM}"'.encode())
            dst.writestr(item, data)
    report = check_docx(wide)
    assert report.status_of("P5") == "fail"
    (finding,) = [r for r in report.errors if r.rule_id == "P5"]
    assert "Hình rộng 200.0 mm" in finding.text("vi")


def test_pdf_shows_the_picture_at_its_width(folder: Path) -> None:
    png(folder / "so-do.png", (600, 300))
    source = folder / "doc.yaml"
    source.write_text(with_body("  - hinh: so-do.png\n    rong: 120\n"
                                "    ten_hinh: Hình 1. Sơ đồ\n"), encoding="utf-8")
    out = folder / "out"
    assert main(["build", str(source), "-o", str(out)]) == 0
    listing = subprocess.run(["pdfimages", "-list", str(out / "doc.pdf")], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    assert len(listing) == 1, listing
    fields = listing[0].split()
    assert fields[0] == "1" and fields[3:5] == ["600", "300"]
    drawn_mm = 600 / float(fields[12]) * 25.4  # width in pixels / x-ppi as placed
    assert abs(drawn_mm - 120) < 1.5, drawn_mm
    text = subprocess.run(["pdftotext", str(out / "doc.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Hình 1. Sơ đồ" in text


def _bomb(path: Path) -> None:
    """A PNG whose header claims 100000 × 100000 pixels, a few dozen bytes on disk."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def _hostile(folder: Path, case: str) -> tuple[str, str]:
    """Make the hostile picture of ``case``; (the name to type, what the message says)."""
    if case == "text":
        (folder / "x.png").write_text("không phải ảnh\n", encoding="utf-8")
        return "x.png", "không phải ảnh PNG hoặc JPEG"
    if case == "truncated":
        data = png(folder / "full.png", (400, 400))
        (folder / "x.png").write_bytes(data[: len(data) // 2])
        return "x.png", "hỏng hoặc bị cắt cụt"
    if case == "bomb":
        _bomb(folder / "x.png")
        return "x.png", "quá lớn"
    if case == "parent":
        png(folder.parent / "x.png", (20, 20))
        return "../x.png", "đi ra ngoài thư mục của tệp nội dung"
    if case == "symlink":
        (folder / "x.png").symlink_to("/etc/passwd")
        return "x.png", "đi ra ngoài thư mục của tệp nội dung"
    if case == "fifo":
        os.mkfifo(folder / "x.png")
        return "x.png", "đường ống (FIFO)"
    assert case == "missing"
    return "x.png", "không tìm thấy"


@pytest.mark.parametrize("case", ["text", "truncated", "bomb", "parent", "symlink", "fifo",
                                  "missing"])
def test_hostile_pictures_are_refused_where_typed(folder: Path, case: str) -> None:
    name, says = _hostile(folder, case)
    (folder / "doc.yaml").write_text(with_body(f"  - hinh: {name}\n    ten_hinh: Hình 1\n"),
                                     encoding="utf-8")
    out = folder.parent / "out"
    proc = run(["build", folder / "doc.yaml", "-o", out], folder.parent, timeout=60)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    message = proc.stdout + proc.stderr
    # the line and column of the value after "hinh:", the field, what is wrong
    assert f"doc.yaml, dòng 15, cột 11 (trường noi_dung[1].hinh): Lỗi: Không dùng được " \
           f"hình «{name}»" in message, message
    assert says in message, message
    assert not out.exists() or not any(out.rglob("*.docx")), list(out.rglob("*"))
    if case != "text":
        return
    english = run(["build", folder / "doc.yaml", "-o", out, "--lang", "en"], folder.parent,
                  timeout=60)
    assert "line 15, column 11 (field noi_dung[1].hinh): Error: Cannot use the figure" \
        in english.stdout + english.stderr


def test_without_a_folder_a_figure_cannot_be_read_and_the_message_says_where_to_put_it(
) -> None:
    from generator.web.forms import FormSchema

    html = FormSchema().array(FormSchema().schema["properties"]["noi_dung"], ("noi_dung",),
                              [{"hinh": "so-do.png", "ten_hinh": "Hình 1"}])
    assert "so-do.png" in html and "Tên hình" in html
    import yaml

    data = yaml.safe_load(with_body("  - hinh: /etc/passwd\n"))
    checked = check_draft(data)
    assert checked.document is None
    (problem,) = [p for p in checked.problems if p["path"] == "noi_dung.1.hinh"]
    # (the desk passes the clerk's folder: tests/web/test_desk_figures.py)
    assert "không có thư mục để đọc ảnh; tải ảnh lên ở trường Hình" in problem["message"]


def test_starter_figure_uncommented_builds(folder: Path) -> None:
    from generator.starter import starter_yaml

    text = starter_yaml("to-trinh")
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("#   - hinh:"))
    for i in range(start, start + 3):  # the three lines of the figure, in the body's list
        lines[i] = "  " + lines[i][4:]
    png(folder / "so-do-vi-tri.png", (900, 600), dpi=150)
    docx = build(folder, "\n".join(lines) + "\n")
    ((cx, cy, _),) = drawings(docx)
    assert (cx, cy) == (120 * EMU_PER_MM, 80 * EMU_PER_MM)


def test_a_misnamed_figure_field_names_the_right_ones(folder: Path) -> None:
    png(folder / "so-do.png", (60, 30))
    (folder / "doc.yaml").write_text(with_body(
        "  - hinh: so-do.png\n    chu_thich: Hình 1\n    rong_mm: 80\n"), encoding="utf-8")
    proc = run(["validate", folder / "doc.yaml"], folder, timeout=60)
    assert proc.returncode == 1
    assert "dòng 16, cột 16 (trường noi_dung[1].chu_thich)" in proc.stdout + proc.stderr
    assert "Các trường được dùng ở đây: hinh, rong, ten_hinh." in proc.stdout + proc.stderr
    assert "Có phải ý bạn là 'rong'?" in proc.stdout + proc.stderr


def test_issue_keeps_the_figures_beside_the_issued_file(tmp_path: Path) -> None:
    import datetime as dt

    from generator.build import load_document
    from generator.register import Office

    from .register.conftest import OFFICE_YAML

    office = tmp_path / "office"
    office.mkdir()
    (office / "office.yaml").write_text(OFFICE_YAML.replace("{database}", '"r.sqlite"'),
                                        encoding="utf-8")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    picture = png(drafts / "so-do.png", (600, 300))
    draft = drafts / "draft.yaml"
    draft.write_text(with_body("  - hinh: so-do.png\n    rong: 100\n    ten_hinh: Hình 1\n")
                     .replace("so: 5\n", "chua_cap_so: true\n"), encoding="utf-8")
    with Office.open(office) as register:
        issued = register.issue(draft, date=dt.date(2025, 3, 14), pdf=False)
    stored = sorted((issued.yaml.parent / f"{issued.yaml.stem}-hinh").iterdir())
    assert [p.read_bytes() for p in stored] == [picture]
    assert f"hinh: {issued.yaml.stem}-hinh/{stored[0].name}" in issued.yaml.read_text("utf-8")
    drafts.joinpath("so-do.png").unlink()  # the issued file stands on its own
    assert load_document(issued.yaml).noi_dung[1].image.data == picture
    ((cx, cy, _),) = drawings(issued.docx)
    assert (cx, cy) == (100 * EMU_PER_MM, 50 * EMU_PER_MM)
    assert_conformant(issued.docx)


def test_a_turned_phone_photo_is_stored_upright(folder: Path) -> None:
    image = Image.new("RGB", (400, 200), (10, 120, 10))
    exif = image.getexif()
    exif[0x0112] = 6  # the camera was turned: show it rotated 90° clockwise
    image.save(folder / "anh.jpg", format="JPEG", exif=exif.tobytes(), dpi=(100, 100))
    docx = build(folder, with_body("  - hinh: anh.jpg\n"))
    ((cx, cy, _),) = drawings(docx)
    assert cx * 2 == cy  # 200 × 400 once upright: taller than wide
    (name,) = [n for n in zipfile.ZipFile(docx).namelist() if n.startswith("word/media/")]
    stored = Image.open(io.BytesIO(zipfile.ZipFile(docx).read(name)))
    assert stored.size == (200, 400) and stored.getexif().get(0x0112, 1) == 1
    assert build(folder, with_body("  - hinh: anh.jpg\n"), name="lai.yaml").read_bytes() \
        == docx.read_bytes()


def test_a_file_name_is_not_text(folder: Path) -> None:
    """Stars, and characters Times New Roman lacks, in a picture's name are no concern of
    the printed text: the name is never printed."""
    png(folder / "sơ đồ*1 图.png", (60, 30))
    docx = build(folder, with_body('  - hinh: "sơ đồ*1 图.png"\n'))
    assert len(drawings(docx)) == 1

"""Class 4: hostile PDFs given to `copy` or attached to a plan (generator/pdfinput.py).

Self-referencing objects, malformed page boxes, thousands of pages, encryption (an empty user
password is read, a real one refused) and active content: JavaScript, launch/open actions and
embedded files are removed from an unsigned input and refuse a signed one.
"""

from __future__ import annotations

import io
import os
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from generator.pdfinput import PdfInputError, active_content, open_pdf

from .conftest import copy_plan, run

needs_office = pytest.mark.skipif(shutil.which("soffice") is None,
                                  reason="LibreOffice not installed")


def scan(path: Path, pages: int = 1) -> Path:
    """A small colour 'scan': one image per A4 page."""
    image = Image.new("RGB", (420, 594), (250, 250, 245))
    image.paste((200, 30, 30), (300, 40, 380, 120))
    frames = [image] * pages
    frames[0].save(path, save_all=True, append_images=frames[1:], resolution=50)
    return path


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from object bodies (object 1 is the catalog), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def add_signature_field(writer: PdfWriter, sig_flags: NumberObject | None = None) -> None:
    """A signature field with a (dummy) signature, as a signed PDF carries one."""
    signature = DictionaryObject({NameObject("/Type"): NameObject("/Sig"),
                                  NameObject("/Filter"): NameObject("/Adobe.PPKLite")})
    field = DictionaryObject({NameObject("/FT"): NameObject("/Sig"),
                              NameObject("/T"): TextStringObject("ky"),
                              NameObject("/V"): writer._add_object(signature)})
    form = DictionaryObject({NameObject("/Fields"): ArrayObject([writer._add_object(field)])})
    if sig_flags is not None:
        form[NameObject("/SigFlags")] = sig_flags
    writer._root_object[NameObject("/AcroForm")] = form


def hostile(base: Path, target: Path, *, signed: bool = False, password: str | None = None,
            owner: str | None = None) -> Path:
    """``base`` with JavaScript on opening, a launch action, an embedded file, page actions."""
    writer = PdfWriter(clone_from=PdfReader(base))
    script = writer._add_object(DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"),
        NameObject("/JS"): TextStringObject("app.alert('x');")}))
    writer.add_attachment("payload.exe", b"MZ not really")
    names = writer._root_object["/Names"].get_object()
    names[NameObject("/JavaScript")] = DictionaryObject({NameObject("/Names"): ArrayObject(
        [TextStringObject("x"), script])})
    page = writer.pages[0]
    launch = DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                               NameObject("/F"): TextStringObject("calc.exe")})
    annot = DictionaryObject({NameObject("/Type"): NameObject("/Annot"),
                              NameObject("/Subtype"): NameObject("/Link"),
                              NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
                              NameObject("/A"): launch})
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annot)])
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")})})
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("2")})
    if signed:
        add_signature_field(writer, NumberObject(3))
    if password is not None:
        writer.encrypt(user_password=password, owner_password=owner or "chu-so-huu",
                       algorithm="AES-256")
    with target.open("wb") as fh:
        writer.write(fh)
    return target


def copy(tmp_path: Path, source: Path, output: Path) -> tuple[int, str]:
    proc = run(["copy", source, "-o", output, "--by", "Sở Nội vụ tỉnh Lạng Sơn", "--time",
                "2017-12-08T09:15:30"], tmp_path, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def all_keys(pdf: Path) -> bytes:
    reader = PdfReader(pdf)
    assert not reader.is_encrypted
    out = io.BytesIO()
    writer = PdfWriter(clone_from=reader)
    writer.write(out)  # uncompressed object dictionaries: names are visible
    return out.getvalue() + pdf.read_bytes()


@needs_office
def test_encrypted_scan_with_active_content_is_copied_clean(tmp_path: Path) -> None:
    base = scan(tmp_path / "scan.pdf")
    source = hostile(base, tmp_path / "hostile.pdf", password="")  # opens without a password
    assert PdfReader(source).is_encrypted
    status, out = copy(tmp_path, source, tmp_path / "ban-sao.pdf")
    assert status == 0, out
    assert "Đã gỡ bỏ nội dung chủ động khỏi PDF: hành động tự chạy khi mở tệp (OpenAction), " \
        "mã JavaScript, tệp đính kèm nhúng" in out
    result = PdfReader(tmp_path / "ban-sao.pdf")
    assert active_content(result) == []
    keys = all_keys(tmp_path / "ban-sao.pdf")
    for name in (b"/JavaScript", b"/OpenAction", b"/EmbeddedFiles", b"/Launch", b"/AA"):
        assert name not in keys, name
    assert "SAO Y; Sở Nội vụ tỉnh Lạng Sơn" in result.pages[0].extract_text()


def test_password_and_signature_refused(tmp_path: Path) -> None:
    base = scan(tmp_path / "scan.pdf")
    cases = {
        hostile(base, tmp_path / "password.pdf", password="bi-mat"):
            "PDF được bảo vệ bằng mật khẩu",
        hostile(base, tmp_path / "signed.pdf", signed=True):
            "PDF đã ký số nhưng chứa nội dung chủ động",
    }
    for source, words in cases.items():
        status, out = copy(tmp_path, source, tmp_path / "out.pdf")
        assert status == 1 and words in out, out
        assert not (tmp_path / "out.pdf").exists()


SELF_PAGES = [b"<< /Type /Catalog /Pages 2 0 R >>",
              b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]
SELF_OBJECT = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox 4 0 R >>", b"4 0 R"]
BAD_BOX = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
           b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1e999 (x)] >>"]
HUGE_BOX = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 99999999 -5] >>"]


@pytest.mark.parametrize(("objects", "words"), [
    (SELF_PAGES, "tự tham chiếu"), (SELF_OBJECT, "khổ trang 1"), (BAD_BOX, "khổ trang 1"),
    (HUGE_BOX, "khổ trang 1 không hợp lệ")], ids=["pages", "object", "box", "huge-box"])
def test_malformed_structure(tmp_path: Path, objects: list[bytes], words: str) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(raw_pdf(objects))
    started = time.monotonic()
    with pytest.raises(PdfInputError) as caught:
        open_pdf(path)
    assert words in caught.value.text.vi, caught.value.text.vi
    status, out = copy(tmp_path, path, tmp_path / "out.pdf")
    assert status == 1 and "Không đọc được tệp PDF" in out and words in out, out
    assert time.monotonic() - started < 30


def test_thousands_of_pages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    writer = PdfWriter()
    for _ in range(2000):
        writer.add_blank_page(595, 842)
    path = tmp_path / "many.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    started = time.monotonic()
    assert len(open_pdf(path).pages) == 2000  # a thick dossier is fine, and quick
    assert time.monotonic() - started < 20
    from generator import pdfinput
    monkeypatch.setattr(pdfinput, "MAX_PAGES", 1000)
    with pytest.raises(PdfInputError) as caught:
        open_pdf(path)
    assert "PDF có 2.000 trang, quá 1.000 trang." in caught.value.text.vi


def test_agency_pdf_in_a_plan(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path / "plan")
    units = plan / "units"
    base = scan(tmp_path / "scan.pdf")
    hostile(base, units / "ok.pdf", password="")
    hostile(base, units / "signed.pdf", signed=True)
    (units / "loop.pdf").write_bytes(raw_pdf(SELF_PAGES))
    for code, name in (("SNV", "ok.pdf"), ("STC", "signed.pdf"), ("HL", "loop.pdf")):
        text = (units / f"{code}.yaml").read_text(encoding="utf-8")
        (units / f"{code}.yaml").write_text(text + f"tep_pdf: {name}\n", encoding="utf-8")
    proc = run(["consolidate", plan, "-o", tmp_path / "out", "--format", "docx"], tmp_path)
    assert proc.returncode == 1
    assert "STC.yaml, dòng" in proc.stderr and "PDF đã ký số nhưng chứa nội dung chủ động" \
        in proc.stderr
    assert "HL.yaml, dòng" in proc.stderr and "tự tham chiếu" in proc.stderr
    assert "SNV.yaml" not in proc.stderr  # an unsigned PDF is usable: cleaned in the dossier


@needs_office
def test_dossier_carries_no_active_content(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path / "plan")
    units = plan / "units"
    hostile(scan(tmp_path / "scan.pdf"), units / "ok.pdf", password="")
    text = (units / "SNV.yaml").read_text(encoding="utf-8")
    (units / "SNV.yaml").write_text(text + "tep_pdf: ok.pdf\n", encoding="utf-8")
    proc = run(["consolidate", plan, "-o", tmp_path / "out"], tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    dossiers = list((tmp_path / "out").rglob("dossier.pdf"))
    assert dossiers
    for dossier in dossiers:
        assert active_content(PdfReader(dossier)) == []
        assert b"/JavaScript" not in all_keys(dossier)


def hidden(base: Path, target: Path, where: str, *, signed: bool = False) -> Path:
    """``base`` with active content where the catalog, pages and annotations do not show it:
    a bookmark running a program or a script, an associated file (/AF, as PDF/A-3 carries
    them) on the catalog and the page, a RichMedia annotation with its embedded assets."""
    writer = PdfWriter(clone_from=PdfReader(base))
    if where in ("outline-launch", "outline-js"):
        item = writer.add_outline_item(title="Mở", page_number=0).get_object()
        item[NameObject("/A")] = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject(
                "calc.exe")} if where == "outline-launch" else
            {NameObject("/S"): NameObject("/JavaScript"),
             NameObject("/JS"): TextStringObject("app.alert('x');")})
    else:
        stream = DecodedStreamObject()
        stream.set_data(b"MZ not really")
        stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
        spec = writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): TextStringObject("payload.exe"),
            NameObject("/EF"): DictionaryObject({NameObject("/F"): writer._add_object(stream)})}))
        if where == "associated-file":
            writer._root_object[NameObject("/AF")] = ArrayObject([spec])
            writer.pages[0][NameObject("/AF")] = ArrayObject([spec])
        else:
            media = DictionaryObject({
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/RichMedia"),
                NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
                NameObject("/RichMediaContent"): DictionaryObject({
                    NameObject("/Assets"): DictionaryObject({NameObject("/Names"): ArrayObject(
                        [TextStringObject("payload.exe"), spec])})})})
            writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(media)])
    if signed:
        add_signature_field(writer)
    with target.open("wb") as fh:
        writer.write(fh)
    return target


HIDDEN = {"outline-launch": "lệnh chạy chương trình (Launch)",
          "outline-js": "mã JavaScript",
          "associated-file": "tệp đính kèm nhúng",
          "rich-media": "nội dung đa phương tiện nhúng (RichMedia, Screen …), tệp đính kèm nhúng"}


@pytest.mark.parametrize("where", HIDDEN)
def test_hidden_active_content_found_and_stripped(tmp_path: Path, where: str) -> None:
    from generator.pdfinput import strip_active

    source = hidden(scan(tmp_path / "scan.pdf"), tmp_path / "hidden.pdf", where)
    found = active_content(PdfReader(source))
    assert ", ".join(t.vi for t in found) == HIDDEN[where]
    writer = PdfWriter(clone_from=PdfReader(source))
    strip_active(writer)
    out = tmp_path / "clean.pdf"
    with out.open("wb") as fh:
        writer.write(fh)
    assert active_content(PdfReader(out)) == []
    keys = all_keys(out)
    for name in (b"/Launch", b"/JavaScript", b"/EmbeddedFile", b"/AF", b"/RichMedia",
                 b"calc.exe", b"MZ not really"):
        assert name not in keys, name


@needs_office
@pytest.mark.parametrize("where", ["outline-launch", "associated-file"])
def test_copy_strips_hidden_active_content(tmp_path: Path, where: str) -> None:
    source = hidden(scan(tmp_path / "scan.pdf"), tmp_path / "hidden.pdf", where)
    status, out = copy(tmp_path, source, tmp_path / "ban-sao.pdf")
    assert status == 0, out
    assert f"Đã gỡ bỏ nội dung chủ động khỏi PDF: {HIDDEN[where]}." in out
    keys = all_keys(tmp_path / "ban-sao.pdf")
    for name in (b"/Launch", b"/EmbeddedFile", b"/AF", b"calc.exe", b"MZ not really"):
        assert name not in keys, name


def test_signed_pdf_with_a_launching_bookmark_is_refused(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path / "plan")
    hidden(scan(tmp_path / "scan.pdf"), plan / "units" / "signed.pdf", "outline-launch",
           signed=True)
    text = (plan / "units" / "STC.yaml").read_text(encoding="utf-8")
    (plan / "units" / "STC.yaml").write_text(text + "tep_pdf: signed.pdf\n", encoding="utf-8")
    proc = run(["consolidate", plan, "-o", tmp_path / "out", "--format", "docx"], tmp_path)
    assert proc.returncode == 1
    assert "STC.yaml, dòng" in proc.stderr and "PDF đã ký số nhưng chứa nội dung chủ động " \
        "(lệnh chạy chương trình (Launch))" in proc.stderr, proc.stderr


@pytest.mark.parametrize("where", ["outline-launch", "associated-file"])
def test_signing_refuses_active_content(tmp_path: Path, where: str) -> None:
    """sign / sign-attachment append an incremental signature: everything of the input stays
    in the signed PDF vanban writes, so an input carrying active content is refused (exit 1,
    nothing written); vanban's own prepared PDFs carry none and are signed as before."""
    from generator.signing import testpki

    ca = testpki.make_ca()
    testpki.write_p12(tmp_path / "k.p12", testpki.issue(ca, "Văn thư"), [ca], "1234")
    source = hidden(scan(tmp_path / "scan.pdf"), tmp_path / "phu-luc.pdf", where)
    env = dict(os.environ, PIN="1234")
    for args in (["sign-attachment", source, "-o", tmp_path / "ky.pdf", "--so-ky-hieu",
                  "05/QĐ-UBND"], ["sign", source, "-o", tmp_path / "ky.pdf"]):
        proc = run([*args, "--p12", tmp_path / "k.p12", "--pin-env", "PIN"], tmp_path, env=env)
        assert proc.returncode == 1, proc.stderr
        assert f"phu-luc.pdf chứa nội dung chủ động ({HIDDEN[where]}); vanban không ký số" \
            in proc.stderr, proc.stderr
        assert not (tmp_path / "ky.pdf").exists()
    clean = scan(tmp_path / "sach.pdf")
    proc = run(["sign-attachment", clean, "-o", tmp_path / "ky.pdf", "--so-ky-hieu",
                "05/QĐ-UBND", "--p12", tmp_path / "k.p12", "--pin-env", "PIN"], tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr


@needs_office
def test_received_pdf_stamped_copy_carries_no_active_content(tmp_path: Path) -> None:
    """`receive` keeps the received file byte for byte, but the "ĐẾN"-stamped copy is a PDF
    vanban writes: no launching bookmark in it."""
    from .test_office_writes import _office

    office = _office(tmp_path)
    source = hidden(scan(tmp_path / "scan.pdf"), tmp_path / "cong-van.pdf", "outline-launch")
    proc = run(["receive", source, "--office", office, "--date", "2025-03-05", "--so-ky-hieu",
                "12/UBND", "--tac-gia", "UBND tỉnh", "--trich-yeu", "thử"], tmp_path,
               timeout=300)
    assert proc.returncode == 0, proc.stderr
    stamped = list(office.rglob("*-den.pdf"))
    assert len(stamped) == 1
    assert active_content(PdfReader(stamped[0])) == []
    assert b"calc.exe" not in all_keys(stamped[0])
    kept = [p for p in office.rglob("*.pdf") if p not in stamped]
    assert [p.read_bytes() for p in kept] == [source.read_bytes()]  # byte for byte


DEEP_DICT = b"<< /A " * 20000 + b"1" + b" >>" * 20000
DEEP_ARRAY = b"[" * 50000 + b"]" * 50000


def test_nesting_past_the_parsers_recursion(tmp_path: Path) -> None:
    """Objects nested thousands deep: a dictionary in an annotation passed open_pdf and ended
    in pypdf's recursive copy (copy: RecursionError traceback); arrays in the catalog ended in
    pyHanko's parser (verify, sign: RecursionError traceback)."""
    in_annotation = tmp_path / "trong-chu-thich.pdf"
    in_annotation.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        DEEP_DICT]))
    proc = run(["copy", in_annotation, "-o", tmp_path / "c.pdf", "--by", "Sở Nội vụ"],
               tmp_path, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "cấu trúc PDF lồng quá sâu (quá 100 cấp)" in proc.stderr
    assert not (tmp_path / "c.pdf").exists()
    in_catalog = tmp_path / "trong-muc-luc.pdf"
    in_catalog.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /X " + DEEP_ARRAY + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]))
    from generator.signing import testpki

    ca = testpki.make_ca()
    testpki.write_p12(tmp_path / "k.p12", testpki.issue(ca, "Văn thư"), [ca], "1234")
    env = dict(os.environ, PIN="1234")
    for args in (["verify", in_catalog], ["sign", in_catalog, "-o", tmp_path / "k.pdf",
                                          "--p12", tmp_path / "k.p12", "--pin-env", "PIN"]):
        proc = run(args, tmp_path, timeout=60, env=env)
        assert proc.returncode == 2, proc.stderr
        assert f"Lỗi: {in_catalog} không phải tệp PDF đọc được (cấu trúc lồng quá sâu)." \
            in proc.stderr, proc.stderr

"""Attachments in their own file and electronic copies: the office signs with no image and
the 10 pt black text at the top right of page 1 (spec §7; PL I II.8.b, Mẫu 3.2)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.cli import main

from .conftest import PIN_OFFICE

ISO = r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d \+07:00"


def _scan(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1654, 2339), (250, 248, 240))
    ImageDraw.Draw(image).rectangle((200, 300, 1400, 500), fill=(30, 30, 160))
    image.save(path, "PDF", resolution=200)
    return path


def _office_widget(pdf: Path) -> tuple[list[float], bytes, dict]:
    reader = PdfReader(pdf)
    page = reader.pages[0]
    for annot in page.get("/Annots", []):
        annot = annot.get_object()
        if annot.get("/T") == "ChuKyCoQuan":
            return ([float(v) for v in annot["/Rect"]], annot["/AP"]["/N"].get_object(),
                    page.mediabox)
    raise AssertionError("no office signature widget")


def _fonts(xobj) -> list:  # noqa: ANN001
    found = []
    res = xobj.get("/Resources", {})
    for font in res.get("/Font", {}).values():
        found.append(font.get_object())
    for sub in res.get("/XObject", {}).values():
        found += _fonts(sub.get_object())
    return found


def _streams(xobj) -> bytes:  # noqa: ANN001
    data = xobj.get_data()
    for sub in xobj.get("/Resources", {}).get("/XObject", {}).values():
        data += _streams(sub.get_object())
    return data


def _check_stamp(pdf: Path, expected: str) -> None:
    rect, appearance, box = _office_widget(pdf)
    assert rect[2] > float(box.width) * 0.6 and rect[3] > float(box.height) - 72  # top right
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-raw", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert re.search(re.escape(expected) + "; " + ISO, text), text
    assert unicodedata.is_normalized("NFC", text)
    fonts = _fonts(appearance)
    assert fonts and all("LiberationSerif" in str(f["/BaseFont"]) for f in fonts)
    for font in fonts:
        descendant = font["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"]  # embedded
    stream = _streams(appearance)
    assert b" 10 Tf" in stream and b"0 0 0 rg" in stream  # 10 pt, black
    assert b"/Im" not in stream  # no image


def test_attachment_signed_by_office(prepared, pki, tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("PIN", PIN_OFFICE)
    plain = tmp_path / "phu-luc.pdf"
    _scan(plain)
    out = tmp_path / "phu-luc-ky.pdf"
    assert main(["sign-attachment", str(plain), "-o", str(out), "--so-ky-hieu",
                 "05/QĐ-UBND", "--p12", str(pki.path("cq.p12")), "--pin-env", "PIN"]) == 0
    _check_stamp(out, "05/QĐ-UBND")
    assert main(["verify", str(out), "--trust", str(pki.path("ca.pem"))]) == 0
    assert "phụ lục/tệp kèm theo/bản sao được ký số hợp lệ" in capsys.readouterr().out


def test_copy_signed_when_a_key_is_given(pki, tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("PIN", PIN_OFFICE)
    scan = _scan(tmp_path / "scan.pdf")
    out = tmp_path / "ban-sao.pdf"
    assert main(["copy", str(scan), "-o", str(out), "--by", "Sở Nội vụ tỉnh Lạng Sơn",
                 "--p12", str(pki.path("cq.p12")), "--pin-env", "PIN"]) == 0
    assert "chưa được ký số" not in capsys.readouterr().err
    _check_stamp(out, "SAO Y; Sở Nội vụ tỉnh Lạng Sơn")
    assert main(["verify", str(out), "--trust", str(pki.path("ca.pem"))]) == 0


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_unsigned_file_is_not_valid(pki, tmp_path, capsys, lang) -> None:  # noqa: ANN001
    scan = _scan(tmp_path / "scan.pdf")
    assert main(["verify", str(scan), "--lang", lang]) == 1
    out = capsys.readouterr().out
    assert ("không có chữ ký số" if lang == "vi" else "no digital signature") in out

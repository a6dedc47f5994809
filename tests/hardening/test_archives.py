"""Class 3: archive and XML bombs in DOCX and XLSX (generator/archives.py).

Parts that would inflate beyond the budget are refused from the ZIP directory before
inflating; any DTD (entity expansion, external entities) is refused in every XML part;
nesting beyond libxml2's depth limit is refused; absurd numbers such as 1e999 are read as no
value. For `consolidate` a bad agency file makes that agency invalid, never the whole run.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from generator import archives
from generator.archives import ArchiveError, open_zip

from .conftest import copy_plan, run

LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;")
                                                  * 10) for i in range(1, 10))
          + b"]>\n")
EXTERNAL = (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n')


def rewrite(source: Path, target: Path, parts: dict[str, bytes | None]) -> Path:
    """A copy of the package ``source`` with ``parts`` replaced, added or (None) removed."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zin.infolist():
            if info.filename not in parts:
                zo.writestr(info, zin.read(info.filename))
        for name, data in parts.items():
            if data is not None:
                zo.writestr(name, data)
    return target


def document_xml(docx: Path) -> bytes:
    with zipfile.ZipFile(docx) as z:
        return z.read("word/document.xml")


def zeros_part(target: Path, base: Path, name: str, megabytes: int) -> Path:
    """``base`` plus a part of ``megabytes`` MB of zeros (deflates ~1000:1)."""
    rewrite(base, target, {})
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as zf, \
            zf.open(name, "w", force_zip64=True) as part:
        block = b"\0" * (1 << 20)
        for _ in range(megabytes):
            part.write(block)
    return target


def check(tmp_path: Path, *files: Path, lang: str = "vi") -> tuple[int, str]:
    proc = run(["--lang", lang, "check", *files], tmp_path, timeout=60)
    return proc.returncode, proc.stdout + proc.stderr


def test_inflation_bomb_refused_from_the_directory(tmp_path: Path, letter_docx: Path) -> None:
    bomb = zeros_part(tmp_path / "bomb.docx", letter_docx, "word/media/image1.bin", 30)
    assert bomb.stat().st_size < 200_000
    started = time.monotonic()
    status, out = check(tmp_path, bomb, letter_docx)
    assert status == 2
    assert "phần word/media/image1.bin: phần này nén với tỉ lệ bất thường" in out
    assert "bom nén" in out
    assert "4208-VP-NC.docx" in out  # the good file after it is still checked
    assert time.monotonic() - started < 30


def test_size_budget(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, letter_docx: Path) -> None:
    monkeypatch.setattr(archives, "MAX_PART_BYTES", 10_000)
    with pytest.raises(ArchiveError) as caught:
        open_zip(letter_docx)
    assert "tối đa 10.000" in caught.value.message("vi")  # Vietnamese grouping
    monkeypatch.setattr(archives, "MAX_PART_BYTES", 10**9)
    monkeypatch.setattr(archives, "MAX_ENTRIES", 3)
    with pytest.raises(ArchiveError, match="too many parts"):
        open_zip(letter_docx)


@pytest.mark.parametrize("prologue", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external"])
# [Content_Types].xml and docProps/core.xml are parts the checker itself does not read: the
# package is refused all the same (it used to pass check and be refused only by --annotate)
@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml", "_rels/.rels",
                                  "[Content_Types].xml", "docProps/core.xml"])
def test_dtd_refused_in_every_part(tmp_path: Path, letter_docx: Path, prologue: bytes,
                                   part: str) -> None:
    with zipfile.ZipFile(letter_docx) as z:
        body = z.read(part).split(b"?>", 1)[1]
    hostile = rewrite(letter_docx, tmp_path / "dtd.docx", {part: prologue + body})
    status, out = check(tmp_path, hostile)
    assert status == 2
    assert f"phần {part}: phần XML khai báo DTD/thực thể" in out
    assert "root:" not in out  # /etc/passwd never read
    status, out = check(tmp_path, hostile, lang="en")
    assert status == 2 and "declares a DTD or entities" in out


def test_deep_nesting(tmp_path: Path, letter_docx: Path) -> None:
    xml = document_xml(letter_docx)
    cell = b"<w:tbl><w:tr><w:tc>%s<w:p/></w:tc></w:tr></w:tbl>"
    for depth, refused in ((300, True), (60, False)):
        inner = b"<w:p/>"
        for _ in range(depth):
            inner = cell % inner
        hostile = rewrite(letter_docx, tmp_path / f"deep{depth}.docx",
                          {"word/document.xml": xml.replace(b"<w:body>", b"<w:body>" + inner,
                                                            1)})
        status, out = check(tmp_path, hostile)
        if refused:
            assert status == 2 and "XML lồng quá sâu" in out
        else:
            assert status in (0, 1), out  # checked: nested tables are not an error of reading


def test_absurd_numbers(tmp_path: Path, letter_docx: Path) -> None:
    xml = document_xml(letter_docx)
    for old, new in ((b'w:w="11906"', b'w:w="1e999"'), (b'w:val="28"', b'w:val="-1e999"'),
                     (b'w:top="', b'w:top="nan'), (b'w:left="', b'w:left="' + b'9' * 400)):
        xml = xml.replace(old, new)
    hostile = rewrite(letter_docx, tmp_path / "numbers.docx", {"word/document.xml": xml})
    status, out = check(tmp_path, hostile)
    assert status in (0, 1), out
    assert "numbers.docx" in out


def test_consolidate_bad_agency_xlsx(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path / "plan")
    assert run(["form", plan, "-o", tmp_path / "forms"], tmp_path).returncode == 0
    form = tmp_path / "forms" / "SNV.xlsx"
    with zipfile.ZipFile(form) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").split(b"?>", 1)[-1]
    (plan / "units" / "SNV.yaml").unlink()
    rewrite(form, plan / "units" / "SNV.xlsx", {"xl/worksheets/sheet1.xml": LAUGHS + sheet})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf, \
            zf.open("xl/worksheets/sheet1.xml", "w") as part:
        for _ in range(20):
            part.write(b"\0" * (1 << 20))
    (plan / "units" / "STC.yaml").unlink()
    (plan / "units" / "STC.xlsx").write_bytes(buffer.getvalue())
    (plan / "units" / "HL.yaml").unlink()
    (plan / "units" / "HL.xlsx").write_bytes(b"PK\x03\x04 not a zip at all")
    proc = run(["consolidate", plan, "-o", tmp_path / "out", "--format", "docx"], tmp_path)
    assert proc.returncode == 1
    assert "SNV.xlsx: Lỗi: Không đọc được biểu mẫu XLSX: phần xl/worksheets/sheet1.xml: " \
        "phần XML khai báo DTD/thực thể" in proc.stderr
    assert "STC.xlsx: Lỗi: Không đọc được biểu mẫu XLSX: phần xl/worksheets/sheet1.xml: " \
        "phần này nén với tỉ lệ bất thường" in proc.stderr
    assert "HL.xlsx: Lỗi: Không đọc được biểu mẫu XLSX: không phải tệp ZIP" in proc.stderr
    invalid = next(line for line in proc.stdout.splitlines() if "Không hợp lệ:" in line)
    for name in ("Sở Nội vụ", "Sở Tài chính", "UBND huyện Hữu Lũng"):  # the agencies
        assert name in invalid  # (by the file's name) are invalid, not missing
    assert not any("Chưa nộp:" in line and "Sở Nội vụ" in line
                   for line in proc.stdout.splitlines())
    assert (tmp_path / "out" / "tong-hop.xlsx").is_file()
    assert (tmp_path / "out" / "bao-cao.docx").is_file()

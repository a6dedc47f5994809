"""Classes 2, 4 and 8 for the commands later issues added (`sign`, `verify`, `receive`,
`copy`): a FIFO, device or folder given as the PDF is reported without opening it (it would
block forever), a damaged PDF is said in Vietnamese without pypdf's English warnings, and
the exit statuses are the documented ones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import run
from .test_office_writes import _office


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "vao"
    folder.mkdir()
    os.mkfifo(folder / "ong.pdf")
    (folder / "hong.pdf").write_bytes(b"not a pdf at all")
    (folder / "thu-muc.pdf").mkdir()
    return folder


@pytest.mark.parametrize("name, why", [
    ("ong.pdf", "là một đường ống (FIFO), không phải tệp"),
    ("thu-muc.pdf", "là một thư mục, không phải tệp"),
    ("khong-co.pdf", "không tìm thấy"),
])
def test_sign_and_verify_never_open_what_is_no_file(tmp_path: Path, hostile: Path, name: str,
                                                    why: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    path = hostile / name
    for args in (["verify", path], ["sign", path, "-o", tmp_path / "ra.pdf"],
                 ["seal", path, "-o", tmp_path / "ra.pdf"],
                 ["sign-attachment", path, "-o", tmp_path / "ra.pdf", "--so-ky-hieu", "1/X"]):
        assert main([str(a) for a in args]) == 2, args
        err = capsys.readouterr().err
        assert f"Lỗi: Không đọc được {path}: {why}." in err, err
        assert not (tmp_path / "ra.pdf").exists()


def test_verify_of_a_fifo_in_a_real_process(tmp_path: Path, hostile: Path) -> None:
    """(It used to block forever.)"""
    english = run(["--lang", "en", "verify", hostile / "ong.pdf"], tmp_path, timeout=30)
    assert english.returncode == 2
    assert "Error: Cannot read" in english.stderr and "it is a pipe (FIFO)" in english.stderr


def test_receive_reports_fifo_and_damaged_pdf(tmp_path: Path, hostile: Path) -> None:
    office = _office(tmp_path)
    fields = ["--office", office, "--so-ky-hieu", "05/UBND-VP", "--tac-gia", "UBND huyện"]
    proc = run(["receive", hostile / "ong.pdf", *fields], tmp_path, timeout=30)
    assert proc.returncode == 1
    assert f"Không đọc được tệp {hostile / 'ong.pdf'}: là một đường ống (FIFO)" in proc.stderr
    proc = run(["receive", hostile / "hong.pdf", *fields], tmp_path, timeout=30)
    assert proc.returncode == 1
    assert f"Không đọc được tệp PDF {hostile / 'hong.pdf'}: tệp PDF bị hỏng" in proc.stderr
    assert "invalid pdf header" not in proc.stderr and "EOF marker" not in proc.stderr
    assert not list(office.glob("incoming/*/*"))  # nothing stored, no number given:
    from PIL import Image

    Image.new("RGB", (100, 140), (255, 255, 255)).save(tmp_path / "tot.pdf")
    proc = run(["receive", tmp_path / "tot.pdf", *fields, "--no-stamp", "--date",
                "2025-03-14"], tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Đã vào sổ đến số 01 ngày 14/03/2025" in proc.stdout  # the first number


def test_copy_of_a_damaged_pdf_says_it_in_vietnamese_only(tmp_path: Path,
                                                          hostile: Path) -> None:
    proc = run(["copy", hostile / "hong.pdf", "-o", tmp_path / "c.pdf", "--by", "Sở Nội vụ"],
               tmp_path, timeout=60)
    assert proc.returncode == 1
    assert "tệp PDF bị hỏng, không đọc được" in proc.stderr
    assert "invalid pdf header" not in proc.stderr and "EOF marker" not in proc.stderr
    assert not (tmp_path / "c.pdf").exists()


def test_receive_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    """README, "The office folder": exit 2 for a missing file — as `issue` (it was exit 1)."""
    office = _office(tmp_path)
    for lang, words in (("vi", "Không tìm thấy tệp: "), ("en", "No such file: ")):
        proc = run(["--lang", lang, "receive", tmp_path / "khong-co.pdf", "--office", office,
                    "--so-ky-hieu", "05/UBND-VP", "--tac-gia", "UBND huyện"], tmp_path)
        assert proc.returncode == 2, proc.stderr
        assert f"{words}{tmp_path / 'khong-co.pdf'}" in proc.stderr
    assert not list(office.glob("incoming/*/*"))


def test_issue_names_a_fifo_or_folder_as_what_it_is(tmp_path: Path, hostile: Path) -> None:
    """(`issue` said "Không tìm thấy tệp" — not found — for a FIFO or a folder.)"""
    office = _office(tmp_path)
    for name, why in (("ong.pdf", "là một đường ống (FIFO), không phải tệp"),
                      ("thu-muc.pdf", "là một thư mục, không phải tệp")):
        proc = run(["issue", hostile / name, "--office", office], tmp_path, timeout=30)
        assert proc.returncode == 1, proc.stderr
        assert f"{hostile / name}: Lỗi: Không đọc được tệp: {why}." in proc.stderr
        assert "Không tìm thấy" not in proc.stderr

"""Class 2: paths that lead elsewhere — one rule (generator/paths.py) for every command.

A symbolic link inside the output folder pointing outside it is never written through; FIFOs,
sockets and devices named like inputs are reported, never opened in a blocking way; a folder
named like a file is a folder.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from generator.paths import OutputError, OutputFolder, read_input
from generator.problems import Problems

from .conftest import copy_plan, letter_text, run


@pytest.fixture
def hostile_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.yaml").write_text(letter_text(), encoding="utf-8")
    os.mkfifo(folder / "fifo.yaml")
    (folder / "device.yaml").symlink_to("/dev/zero")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "socket.yaml"))
    server.close()
    (folder / "folder.yaml").mkdir()  # a folder named like a file: walked as a folder
    (folder / "folder.yaml" / "b.yaml").write_text(letter_text(), encoding="utf-8")
    return folder


def test_build_reports_special_files_and_goes_on(tmp_path: Path, hostile_inputs: Path) -> None:
    proc = run(["build", hostile_inputs, "-o", tmp_path / "out", "--format", "docx"], tmp_path,
               timeout=60)  # before: blocked forever opening the FIFO
    assert proc.returncode == 1
    assert "fifo.yaml: Lỗi: Không đọc được tệp: là một đường ống (FIFO), không phải tệp." \
        in proc.stderr
    assert "device.yaml: Lỗi: Không đọc được tệp: là một thiết bị, không phải tệp." in proc.stderr
    assert "socket.yaml: Lỗi: Không đọc được tệp: là một socket, không phải tệp." in proc.stderr
    assert "Đã dựng 2/5 văn bản." in proc.stderr
    written = sorted(p.relative_to(tmp_path / "out").as_posix()
                     for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert written == ["a.docx", "folder.yaml/b.docx"]
    proc = run(["--lang", "en", "validate", hostile_inputs / "fifo.yaml"], tmp_path, timeout=60)
    assert proc.returncode == 1 and "it is a pipe (FIFO), not a file" in proc.stderr


def test_read_input_refuses_without_blocking(hostile_inputs: Path) -> None:
    for name in ("fifo.yaml", "device.yaml", "socket.yaml", "folder.yaml"):
        with pytest.raises(Problems) as caught:
            read_input(hostile_inputs / name)
        assert "Không đọc được tệp" in caught.value.items[0].render()
    assert read_input(hostile_inputs / "a.yaml").startswith(b"#")


def test_output_folder_refuses_links_leading_out(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "sub").symlink_to(elsewhere)
    (out / "inside").mkdir()
    (out / "alias").symlink_to(out / "inside")
    folder = OutputFolder(out)
    with pytest.raises(OutputError) as caught:
        folder.write(out / "sub" / "x.docx", b"x")
    assert "đường dẫn đi ra ngoài thư mục đầu ra" in caught.value.problem.render()
    with pytest.raises(OutputError):
        folder.write(out / ".." / "x.docx", b"x")
    folder.write(out / "alias" / "y.docx", b"y")  # a link that stays inside is fine
    assert (out / "inside" / "y.docx").read_bytes() == b"y"
    assert not list(elsewhere.iterdir()) and not (tmp_path / "x.docx").exists()


def test_build_does_not_write_through_a_link(tmp_path: Path) -> None:
    source = tmp_path / "in" / "sub" / "a.yaml"
    source.parent.mkdir(parents=True)
    source.write_text(letter_text(), encoding="utf-8")
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "sub").symlink_to(elsewhere)
    proc = run(["build", tmp_path / "in", "-o", out, "--format", "docx"], tmp_path)
    assert proc.returncode == 1
    assert "đường dẫn đi ra ngoài thư mục đầu ra" in proc.stderr
    assert not list(elsewhere.iterdir())


def test_consolidate_keeps_to_the_output_folder(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path / "plan")
    units = plan / "units"
    os.mkfifo(units / "FIFO.xlsx")
    os.mkfifo(units / "FIFO.yaml")
    (units / "DIR.yaml").mkdir()
    os.mkfifo(units / "scan.pdf")
    text = (units / "SNV.yaml").read_text(encoding="utf-8")
    (units / "SNV.yaml").write_text(text + "tep_pdf: scan.pdf\n", encoding="utf-8")
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "don-vi").symlink_to(elsewhere)  # before: the agencies' DOCX went there
    proc = run(["consolidate", plan, "-o", out, "--format", "docx"], tmp_path, timeout=60)
    assert proc.returncode == 1
    assert not list(elsewhere.iterdir())
    assert "FIFO.xlsx: Lỗi: Không đọc được tệp: là một đường ống (FIFO)" in proc.stderr
    assert "FIFO.yaml: Lỗi: Không đọc được tệp: là một đường ống (FIFO)" in proc.stderr
    assert "DIR.yaml: Lỗi: Không đọc được tệp: là một thư mục, không phải tệp." in proc.stderr
    assert "Không dùng được tệp PDF «scan.pdf»: là một đường ống (FIFO)" in proc.stderr
    assert "don-vi/STC.docx: Lỗi: Không ghi" in proc.stderr
    invalid = next(line for line in proc.stdout.splitlines() if "Không hợp lệ:" in line)
    assert all(name in invalid for name in ("DIR.yaml", "FIFO.xlsx", "FIFO.yaml")), invalid
    # the rest of the consolidation is still written
    assert (out / "tong-hop.xlsx").is_file() and (out / "bao-cao.docx").is_file()


def test_other_commands_refuse_special_files(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.docx")
    os.mkfifo(tmp_path / "scan.pdf")
    proc = run(["check", tmp_path / "fifo.docx"], tmp_path, timeout=60)
    assert proc.returncode == 2 and "là một đường ống (FIFO)" in proc.stdout + proc.stderr
    proc = run(["copy", tmp_path / "scan.pdf", "-o", tmp_path / "c.pdf", "--by", "Sở Nội vụ"],
               tmp_path, timeout=60)
    assert proc.returncode == 2 and "là một đường ống (FIFO)" in proc.stderr
    folder = tmp_path / "mau"
    folder.mkdir()
    os.mkfifo(folder / "chen.j2")
    (folder / "co-chen.yaml").write_text(
        'mo_ta: x\nvan_ban:\n  loai: cong-van\n  noi_dung:\n    - "{% include \'chen.j2\' %}"\n',
        encoding="utf-8")
    (tmp_path / "a.yaml").write_text("mau: co-chen\nbien: {}\n", encoding="utf-8")
    proc = run(["validate", tmp_path / "a.yaml", "--templates", folder], tmp_path, timeout=60)
    assert proc.returncode == 1 and "không tìm thấy mẫu «chen.j2»" in proc.stderr
    blocker = tmp_path / "tep"
    blocker.write_text("x")
    proc = run(["new", "cong-van", "-o", blocker / "moi.yaml"], tmp_path)
    assert proc.returncode == 1 and "một phần của đường dẫn là tệp" in proc.stderr

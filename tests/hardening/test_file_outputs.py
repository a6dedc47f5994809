"""Class 1 for the commands that write one file (`register export/stamp/envelope`, `sign`,
`seal` …) and the folder-writing commands added after `build`: `-o` naming a file where a
folder is wanted, or a folder where a file is wanted, is a usage error (exit 2); a read-only
or full disk is one Vietnamese message naming the target (exit 1) and leaves no temporary
file — never an OSError traceback (generator/files.py names the target; generator/cli.py
says any OSError no command foresaw)."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from tests.conftest import ROOT

from .conftest import command_line, on_tmpfs, run
from .test_office_writes import _office

MERGE = ROOT / "content" / "merge"


def test_folder_commands_refuse_a_file_as_output(tmp_path: Path) -> None:
    office = _office(tmp_path)
    existing = tmp_path / "tep"
    existing.write_text("giữ nguyên")
    for args in (["merge", MERGE / "giay-moi.yaml", MERGE / "don-vi.xlsx", "-o", existing],
                 ["register", "print", "di", "--office", office, "-o", existing, "--year",
                  "2025"]):
        proc = run(args, tmp_path)
        assert proc.returncode == 2, (args, proc.stderr)
        assert f"{existing}: Lỗi: Thư mục đầu ra (-o) là một tệp đã có, không phải thư mục." \
            in proc.stderr, proc.stderr
    assert existing.read_text() == "giữ nguyên"


def test_file_commands_refuse_a_folder_as_output(tmp_path: Path) -> None:
    office = _office(tmp_path)
    folder = tmp_path / "thu-muc"
    folder.mkdir()
    for args in (["register", "export", "--office", office, "-o", folder, "--year", "2025"],
                 ["register", "stamp", "--office", office, "-o", folder],
                 ["register", "envelope", "05/SNV", "--office", office, "-o", folder]):
        proc = run(args, tmp_path)
        assert proc.returncode == 2, (args, proc.stderr)
        assert f"{folder} là một thư mục, không phải tệp: hãy ghi tên tệp (-o)." in proc.stderr
        proc = run(["--lang", "en", *args], tmp_path)
        assert proc.returncode == 2 and "is a folder, not a file: name a file (-o)" \
            in proc.stderr
    assert not list(folder.iterdir())


def test_a_read_only_or_full_disk_names_the_file(tmp_path: Path) -> None:
    office = _office(tmp_path)
    disk = tmp_path / "dia"
    log = tmp_path / "log"
    export = command_line(["register", "export", "--office", office, "-o", disk / "so.xlsx",
                           "--year", "2025"])
    script = (f"{export} 2>{shlex.quote(str(log))}.1; echo $? >>{shlex.quote(str(log))}.1; "
              f"ls -A {shlex.quote(str(disk))} >{shlex.quote(str(log))}.2")
    for options, why in (("ro,size=64k", "ổ đĩa chỉ cho phép đọc"),
                         ("size=4k", "đĩa đã đầy")):
        proc = on_tmpfs(disk, options, script, tmp_path)
        assert proc.returncode == 0, proc.stderr
        said = Path(f"{log}.1").read_text(encoding="utf-8")
        assert f"Lỗi: không đọc/ghi được {disk / 'so.xlsx'}: {why}." in said, said
        assert "Traceback" not in said and said.strip().endswith("1"), said
        assert Path(f"{log}.2").read_text() == ""  # no temporary file left behind
        os.unlink(f"{log}.1")


def test_merge_refuses_links_planted_on_its_summary_and_archive(tmp_path: Path) -> None:
    """(They were replaced by the run — "Đã tạo" — where every other output refuses them.)"""
    out = tmp_path / "out"
    elsewhere = tmp_path / "noi-khac"
    out.mkdir()
    elsewhere.mkdir()
    for name in ("danh-sach.xlsx", "van-ban.zip"):
        (out / name).symlink_to(elsewhere / name)
    proc = run(["merge", MERGE / "giay-moi.yaml", MERGE / "don-vi.xlsx", "--column",
                "Đơn vị=thanh_phan", "-o", out, "--format", "docx"], tmp_path)
    assert proc.returncode == 1, proc.stderr
    for name in ("danh-sach.xlsx", "van-ban.zip"):
        assert f"Không ghi {out / name}: ở đó đã có một liên kết tượng trưng" in proc.stderr
        assert (out / name).is_symlink()
    assert "Đã tạo: " + str(out / "van-ban.zip") not in proc.stdout
    assert not list(elsewhere.iterdir())
    assert len(list((out / "van-ban").glob("*.docx"))) == 8  # the documents: written

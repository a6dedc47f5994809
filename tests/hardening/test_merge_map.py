"""Classes 2 and 8 for `merge --map`: the column map is read as every content file is — a
FIFO is named without blocking, a file in another encoding or with broken YAML is named with
its line, an alias bomb is refused — a usage error (exit 2), never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT

from .conftest import run

MERGE = ROOT / "content" / "merge"
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdef", "bcdefg", strict=True))


@pytest.mark.parametrize(("make", "words"), [
    (lambda p: os.mkfifo(p), "Không đọc được tệp: là một đường ống (FIFO), không phải tệp."),
    (lambda p: p.write_bytes(b"\xff\xfeH\x00"), "dòng 1: Lỗi: Tệp không phải mã UTF-8"),
    (lambda p: p.write_text("\"Họ và tên\": ho_ten\nx: [chưa đóng\n", encoding="utf-8"),
     "dòng 3, cột 1: Lỗi: YAML không hợp lệ"),
    (lambda p: p.write_text(LAUGHS, encoding="utf-8"), "Tệp có quá nhiều giá trị"),
], ids=["fifo", "encoding", "syntax", "laughs"])
def test_a_bad_column_map_is_a_usage_error(tmp_path: Path, make, words: str) -> None:
    column_map = tmp_path / "cot.yaml"
    make(column_map)
    proc = run(["merge", MERGE / "giay-moi.yaml", MERGE / "don-vi.xlsx", "-o", tmp_path / "out",
                "--map", column_map, "--format", "docx"], tmp_path, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert f"Không đọc được tệp ánh xạ cột — {column_map}" in proc.stderr, proc.stderr
    assert words in proc.stderr, proc.stderr
    assert not list(tmp_path.glob("out/**/*.docx"))

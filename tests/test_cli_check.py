"""`vanban check` from the command line: exit codes 0 / 1 / 2, JSON, English."""

from __future__ import annotations

import json

from generator.cli import main

from .conftest import DECREE_DIR


def test_clean_document_exits_0(letter_docx, capsys):
    assert main(["check", str(letter_docx)]) == 0
    assert "0 lỗi" in capsys.readouterr().out


def test_decree_has_exactly_its_two_normative_differences(capsys):
    assert main(["check", str(DECREE_DIR / "30_2020_ND_CP.docx"), "--json"]) == 1
    (report,) = json.loads(capsys.readouterr().out)
    failed = {r["rule"] for r in report["results"]
              if r["status"] == "fail" and r["severity"] == "E"}
    assert failed == {"H5", "T1"}


def test_unreadable_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "not.docx"
    bad.write_bytes(b"not a zip")
    assert main(["check", str(bad), "--lang", "en"]) == 2

"""`vanban check` from the command line: exit codes 0 / 1 / 2, JSON, English."""

from __future__ import annotations

import json

from generator.cli import main

from .conftest import DECREE_DIR


def test_clean_document_exits_0(letter_docx, capsys):
    assert main(["check", str(letter_docx)]) == 0
    assert "0 lỗi" in capsys.readouterr().out


def test_decree_a_legal_normative_document_passes(capsys):
    """30/2020/NĐ-CP is a nghị định (QPPL): its year in the number and its type name are
    accepted; only the two Unicode warnings remain, so the exit status is 0."""
    assert main(["check", str(DECREE_DIR / "30_2020_ND_CP.docx"), "--json"]) == 0
    (report,) = json.loads(capsys.readouterr().out)
    failed = {r["rule"] for r in report["results"] if r["status"] == "fail"}
    assert failed == {"U2", "U3"}
    status = {r["rule"]: r["status"] for r in report["results"]}
    assert status["H5"] == status["T1"] == "pass"
    assert report["qppl"] is True and report["normative_type"] == "NGHỊ ĐỊNH"
    assert main(["check", str(DECREE_DIR / "30_2020_ND_CP.docx")]) == 0
    assert "(loại: NGHỊ ĐỊNH, quy phạm pháp luật)" in capsys.readouterr().out


def test_unreadable_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "not.docx"
    bad.write_bytes(b"not a zip")
    assert main(["check", str(bad), "--lang", "en"]) == 2

"""``python -m generator.pdf``: the thin command over the pool."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfsamples import requires_lo

from generator.pdf.__main__ import main


@requires_lo
def test_converts_and_reports_failures(inputs: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code = main([str(inputs / "one.docx"), str(inputs / "broken.docx"), "-o", str(tmp_path),
                 "--workers", "1"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.strip() == str(tmp_path / "one.pdf")
    assert "broken.docx" in err and "DOCX" in err
    assert [p.name for p in tmp_path.iterdir()] == ["one.pdf"]


def test_missing_libreoffice_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main([str(tmp_path / "a.docx"), "--lang", "en"]) == 2
    assert "apt-get install" in capsys.readouterr().err

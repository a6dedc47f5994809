"""Fixtures of the checker tests (builders live in checkdoc.py and docxbuild.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from checkdoc import Doc, build


@pytest.fixture
def make_doc(tmp_path: Path):
    counter = iter(range(1000))

    def _make(**changes) -> Path:
        return build(Doc(**changes), tmp_path / f"doc{next(counter)}.docx")
    return _make

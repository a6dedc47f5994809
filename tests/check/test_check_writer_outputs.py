"""Every content example the project builds passes its own checker with no error (issue 3,
item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import build, nd30
from generator.check import check_docx

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
SOURCES = list(build.discover([CONTENT]))


@pytest.mark.parametrize("source", SOURCES, ids=[str(s.relative) for s in SOURCES])
def test_example_passes_the_checker(source, tmp_path: Path) -> None:
    outcome = build.build_one(source, tmp_path)
    assert outcome.ok, [p.render("en") for p in outcome.problems]
    docx = next(p for p in outcome.outputs if p.suffix == ".docx")
    stem = docx.stem
    draft = outcome.document is not None and outcome.document.chua_cap_so  # content/drafts
    report = check_docx(docx, doc_type=stem if stem in nd30.DOC_TYPES else None, draft=draft)
    assert not report.errors, [(r.rule_id, r.message["en"], r.location_en)
                               for r in report.errors]


def test_every_type_has_an_example() -> None:
    slugs = {s.relative.stem for s in SOURCES}
    assert set(nd30.DOC_TYPES) <= slugs and len(SOURCES) >= 34

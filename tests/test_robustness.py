"""Mutated input never escapes as a traceback: every fault becomes a located problem.

Fixed seeds, so a failure reproduces; the mutations are the values clerks and broken tools
actually produce (wrong types, impossible dates, aliases, markup, control characters …).
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from generator.build import Source, build_one
from generator.check import check_docx
from generator.check.resolve import DocxReadError

from .conftest import CONTENT, LETTER

VALUES = ["5", "-1", "0", "1e3", "true", "null", "[]", "{}", "[1, 2]", "{a: b}", '"x"',
          "2017-02-30", "2017-12-07T10:00:00", "&a [*a]", "!!binary aGVsbG8=",
          '!!python/object/apply:os.system ["true"]', '"\\x00"', "9" * 30, "1.200", "- x",
          '"<>&"', "😀", "*undefined", "[" * 900 + "]" * 900, '"[^9]"', "Phụ lục IX",
          "{mau: khong-co}", '"{{ 7*7 }}"', "[{cot: [{ten: a}], dong: [[1, 2, 3]]}]"]
SOURCES = [LETTER, *sorted((CONTENT / "examples").glob("*.yaml"))[:8]]


def mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    for _ in range(rng.randint(1, 3)):
        k = rng.randrange(len(lines))
        line = lines[k]
        if ":" in line and not line.lstrip().startswith("#"):
            lines[k] = line.split(":")[0] + ": " + rng.choice(VALUES)
        else:
            lines[k] = rng.choice(VALUES)
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(4))
def test_mutated_content_gives_problems_not_tracebacks(tmp_path: Path, seed: int):
    rng = random.Random(seed)
    for i in range(40):
        path = tmp_path / f"m{i}.yaml"
        path.write_text(mutate(rng.choice(SOURCES).read_text(encoding="utf-8"), rng),
                        encoding="utf-8")
        outcome = build_one(Source(path, Path(path.name)), tmp_path / "out")
        for problem in outcome.problems:
            assert problem.file == path
            assert problem.render("vi") and problem.render("en")
        assert outcome.ok == bool(outcome.outputs)  # a failed document wrote nothing


@pytest.mark.parametrize("seed", range(2))
def test_damaged_docx_is_reported_not_crashed(letter_docx: Path, tmp_path: Path, seed: int):
    rng = random.Random(seed)
    original = zipfile.ZipFile(letter_docx)
    for i in range(25):
        parts = {name: original.read(name) for name in original.namelist()}
        name = rng.choice([n for n in parts if n.endswith(".xml")])
        mode = rng.randrange(3)
        if mode == 0:
            del parts[name]
        elif mode == 1:
            parts[name] = parts[name][: rng.randrange(len(parts[name]))]
        else:
            parts[name] = bytes(rng.randrange(256) for _ in range(40))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as out:
            for part, data in parts.items():
                out.writestr(part, data)
        path = tmp_path / f"d{i}.docx"
        path.write_bytes(buffer.getvalue())
        try:
            report = check_docx(path)
        except DocxReadError as exc:
            assert str(exc)
            continue
        assert all(r.text("vi") and r.text("en") for r in report.results)

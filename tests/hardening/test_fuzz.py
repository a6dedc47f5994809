"""Property-based fuzzing (Hypothesis, fixed seed, bounded budget): whatever a content file or
a DOCX part holds, vanban answers with problems or a report — never an unexpected exception.

The budget is small so `make test` stays fast; raise it locally with
``HYPOTHESIS_EXAMPLES=2000 pytest tests/hardening/test_fuzz.py``.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from generator import templating
from generator.build import Source, build_one
from generator.check import check_docx
from generator.check.resolve import DocxReadError
from generator.problems import Problems
from generator.templating import TemplateProblem, TemplateSource, make_environment, render_text

from .conftest import letter_text

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow,
                                       HealthCheck.function_scoped_fixture])
LETTER_LINES = letter_text().splitlines()

# Values clerks, broken tools and attackers produce, mixed with arbitrary text.
NASTY = st.sampled_from([
    "9" * 40, "1e999", "-0", "nan", "[" * 300, "{" * 300, "&a [*a, *a]", "*a", "!!binary AA==",
    "\u202eabc", "a\0b", "\ufeff", "\u0301\u0301", "{{ 7*7 }}", "[^1]", "**", "<w:p/>",
    "Phụ lục IX", "''", '"', "- - - -", "? x", "!!python/name:os.system", "|", ">-",
    "2017-02-30", "99/99/9999", "x" * 5000,
])
VALUE = st.one_of(NASTY, st.text(max_size=60), st.integers().map(str),
                  st.floats(allow_nan=True, allow_infinity=True).map(str))


@st.composite
def mutated_content(draw: st.DrawFn) -> str:
    lines = list(LETTER_LINES)
    for _ in range(draw(st.integers(1, 4))):
        k = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["value", "insert", "line", "delete"]))
        line = lines[k]
        if action == "value" and ":" in line:
            lines[k] = line.split(":", 1)[0] + ": " + draw(VALUE)
        elif action == "insert":
            at = draw(st.integers(0, len(line)))
            lines[k] = line[:at] + draw(st.text(max_size=8)) + line[at:]
        elif action == "line":
            lines[k] = draw(VALUE)
        else:
            del lines[k]
            if not lines:
                lines = ["x"]
    return "\n".join(lines)


@seed(14)
@FUZZ
@given(text=mutated_content())
def test_content_files(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    outcome = build_one(Source(path, Path("fuzz.yaml")), tmp_path / "out")
    for problem in outcome.problems:
        assert problem.file is not None
        assert problem.render("vi") and problem.render("en")
    assert outcome.ok == bool(outcome.outputs)


ATTRIBUTE = re.compile(rb'(w:(?:val|w|h|sz|left|right|top|bottom|line|before|after|hanging|'
                       rb'firstLine|ilvl|numId|gridSpan|pos|start|char))="[^"]*"')


@st.composite
def damaged_part(draw: st.DrawFn, parts: dict[str, bytes]) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(parts)))
    data = parts[name]
    action = draw(st.sampled_from(["attribute", "truncate", "insert", "nest", "dtd"]))
    if action == "attribute" and ATTRIBUTE.search(data):
        matches = list(ATTRIBUTE.finditer(data))
        m = matches[draw(st.integers(0, len(matches) - 1))]
        value = draw(st.one_of(NASTY, st.text(max_size=12))).encode("utf-8", "replace")
        value = value.replace(b'"', b"").replace(b"<", b"").replace(b"&", b"")
        data = data[:m.start()] + m.group(1) + b'="' + value + b'"' + data[m.end():]
    elif action == "truncate":
        data = data[:draw(st.integers(0, len(data)))]
    elif action == "insert":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=16)) + data[at:]
    elif action == "nest" and b"<w:body>" in data:
        depth = draw(st.integers(1, 120))
        cell = b"<w:tbl><w:tr><w:tc>" * depth + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * depth
        data = data.replace(b"<w:body>", b"<w:body>" + cell, 1)
    else:
        data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]>' + data.split(b"?>", 1)[-1]
    return name, data


@pytest.fixture(scope="module")
def letter_parts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    from generator.build import load_document
    from generator.docx.writer import render_docx
    from tests.conftest import LETTER

    path = tmp_path_factory.mktemp("fuzz") / "letter.docx"
    path.write_bytes(render_docx(load_document(LETTER)))
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


@seed(14)
@FUZZ
@given(data=st.data())
def test_docx_parts_for_check(tmp_path: Path, letter_parts: dict[str, bytes],
                              data: st.DataObject) -> None:
    name, damaged = data.draw(damaged_part(letter_parts))
    path = tmp_path / "fuzz.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, content in letter_parts.items():
            z.writestr(part, damaged if part == name else content)
    try:
        report = check_docx(path)
    except DocxReadError as exc:
        assert exc.message("vi") and exc.message("en")
        return
    assert report.to_dict("vi") and report.to_dict("en")


@seed(14)
@FUZZ
@given(body=st.one_of(st.text(max_size=80), st.sampled_from([
    "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "{{ x | map(attribute='__class__') | list }}", "{{ lipsum(99999999) }}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "{{ 'a' * 999999999 }}",
    "{{ x.__class__.__mro__ }}", "{% include '/etc/passwd' %}", "{{ 9 ** 99999 }}"])))
def test_templates(body: str) -> None:
    limit, templating.MAX_RENDER_SECONDS = templating.MAX_RENDER_SECONDS, 0.5
    try:
        text = render_text(make_environment(), TemplateSource(body), {"x": [1, 2]})
    except TemplateProblem as exc:
        assert exc.describe("vi") and exc.describe("en")
        return
    finally:
        templating.MAX_RENDER_SECONDS = limit
    assert isinstance(text, str)


def test_budget_is_bounded() -> None:
    assert EXAMPLES <= 2000
    _ = Problems

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


# --------------------------------------------------------------------------- XLSX submissions

XLSX_VALUES = st.one_of(NASTY, st.sampled_from([
    "9" * 5000, "1e308", "-1e999", "inf", "-0", "1.5", "-7", "TRUE", "#REF!", "45000",
    "2958466", "-693594"]), st.text(max_size=20))
CELL = re.compile(rb'<c r="C(\d+)"[^>]*>.*?</c>|<c r="C(\d+)"[^>]*/>', re.S)
TYPES = [b"n", b"s", b"b", b"e", b"str", b"d", b"inlineStr", b"x"]


@st.composite
def mutated_xlsx(draw: st.DrawFn, parts: dict[str, bytes]) -> dict[str, bytes | None]:
    """``parts`` of a filled form with one or two parts damaged: broken XML, wrong cell types,
    huge or absurd numbers, a DTD, a missing part, a huge claimed extent."""
    changed: dict[str, bytes | None] = {}
    for _ in range(draw(st.integers(1, 2))):
        name = draw(st.sampled_from(sorted(parts)))
        data = changed.get(name, parts[name]) or parts[name]
        action = draw(st.sampled_from(["value", "type", "truncate", "insert", "dtd", "missing",
                                       "extent"]))
        cells = list(CELL.finditer(data))
        if action in ("value", "type") and cells:
            cell = cells[draw(st.integers(0, len(cells) - 1))]
            row = (cell.group(1) or cell.group(2)).decode()
            value = draw(XLSX_VALUES).encode("utf-8", "replace")
            value = value.replace(b"<", b"").replace(b"&", b"").replace(b"\0", b"")
            kind = draw(st.sampled_from(TYPES)) if action == "type" else b"n"
            new = b'<c r="C%s" t="%s"><v>%s</v></c>' % (row.encode(), kind, value)
            data = data[:cell.start()] + new + data[cell.end():]
        elif action == "truncate":
            data = data[:draw(st.integers(0, len(data)))]
        elif action == "insert":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.binary(max_size=16)) + data[at:]
        elif action == "dtd":
            data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]>' \
                + data.split(b"?>", 1)[-1]
        elif action == "missing":
            changed[name] = None
            continue
        else:
            data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:%s"/>'
                          % draw(st.sampled_from([b"XFD1048576", b"C100001", b"ALL1",
                                                  b"D20"])), data)
        changed[name] = data
    return changed


@pytest.fixture(scope="module")
def xlsx_plan(tmp_path_factory: pytest.TempPathFactory) -> FilledForm:
    """A plan folder whose agency CLO submits a filled XLSX form (its YAML turned into the
    form's cells); returns the folder and the form's parts."""
    import datetime as dt
    import io
    import shutil

    import yaml
    from openpyxl import load_workbook

    from generator.consolidate.forms import CODE_COL, SHEET, VALUE_COL, write_form
    from generator.consolidate.plan import load_plan

    from .conftest import PLAN

    plan = tmp_path_factory.mktemp("fuzz-xlsx") / "plan"
    shutil.copytree(PLAN, plan)
    units = plan / "units"
    loaded = load_plan(plan)
    unit = next(u for u in loaded.plan.don_vi if u.ma == "CLO")
    values = yaml.safe_load((units / "CLO.yaml").read_text(encoding="utf-8"))
    book = load_workbook(io.BytesIO(write_form(loaded.plan, unit)))
    sheet = book[SHEET]
    for row in range(1, sheet.max_row + 1):
        code = sheet.cell(row, CODE_COL).value
        value = values.get(code)
        if isinstance(value, dt.date):
            value = dt.datetime(value.year, value.month, value.day)
        elif isinstance(value, list):
            value = "\n".join(value) or None
        if value is not None:
            sheet.cell(row, VALUE_COL).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    (units / "CLO.yaml").unlink()
    with zipfile.ZipFile(buffer) as z:
        return FilledForm(plan, {name: z.read(name) for name in z.namelist()})


class FilledForm:
    """The plan folder and the filled form's parts (short in Hypothesis's reports)."""

    def __init__(self, plan: Path, parts: dict[str, bytes]) -> None:
        self.plan, self.parts = plan, parts

    def __repr__(self) -> str:
        return f"FilledForm({self.plan.name}, {len(self.parts)} parts)"


OTHERS = ("SNV", "STC", "SYT", "HL", "TPLS")  # the agencies that submitted valid YAML


@seed(14)
@settings(FUZZ, max_examples=max(5, EXAMPLES // 3))
@given(data=st.data())
def test_xlsx_submissions_for_consolidate(tmp_path: Path, xlsx_plan: FilledForm,
                                          data: st.DataObject,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    plan, parts = xlsx_plan.plan, xlsx_plan.parts
    changed = data.draw(mutated_xlsx(parts))
    with zipfile.ZipFile(plan / "units" / "CLO.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in {**parts, **changed}.items():
            if content is not None:
                z.writestr(name, content)
    out = tmp_path / "out"
    status = main(["consolidate", str(plan), "-o", str(out), "--format", "docx"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    summary = next((line for line in captured.out.splitlines() if "Không hợp lệ:" in line), "")
    invalid = "UBND huyện Cao Lộc" in summary or "CLO.xlsx" in summary
    assert status == (1 if invalid else 0), captured.err
    problems = [line for line in captured.err.splitlines() if ": Lỗi: " in line]
    if invalid:  # a clear message naming the agency's file, and only that file
        assert problems, captured.err
        assert all(line.startswith(str(plan / "units" / "CLO.xlsx")) for line in problems), \
            captured.err
    else:
        assert not problems, captured.err
        assert (out / "don-vi" / "CLO.docx").is_file()
    for code in OTHERS:  # the other agencies are still consolidated
        assert (out / "don-vi" / f"{code}.docx").is_file(), code
    assert (out / "tong-hop.xlsx").is_file() and (out / "bao-cao.docx").is_file()


def test_xlsx_fuzz_baseline_is_valid(tmp_path: Path, xlsx_plan: FilledForm,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Unmutated, the filled form is a valid submission (so the fuzz test can tell)."""
    from generator.cli import main

    plan, parts = xlsx_plan.plan, xlsx_plan.parts
    with zipfile.ZipFile(plan / "units" / "CLO.xlsx", "w") as z:
        for name, content in parts.items():
            z.writestr(name, content)
    assert main(["consolidate", str(plan), "-o", str(tmp_path), "--format", "docx"]) == 0
    assert "Không hợp lệ" not in capsys.readouterr().out
    assert (tmp_path / "don-vi" / "CLO.docx").is_file()

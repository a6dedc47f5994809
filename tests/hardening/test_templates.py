"""Class 5: runaway templates — time, output and memory limits naming the template line, and
attributes refused through ``map(attribute=…)`` like any other attribute access."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator import templating
from generator.templating import TemplateProblem, TemplateSource, make_environment, render_text

from .conftest import run

NESTED = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
RUNAWAY = {
    "nested range": (f"mở đầu\n{NESTED}", 11, "chạy quá 1 giây"),
    "lipsum": ("mở đầu\n{{ lipsum(100000000) }}", 11, "chạy quá 1 giây"),
    "exponential macro": ("{% macro f(n) %}{% if n < 40 %}{{ f(n+1) }}{{ f(n+1) }}{% endif %}"
                          "{% endmacro %}\n{{ f(0) }}", 10, "chạy quá 1 giây"),
    "recursive macro": ("{% macro f(n) %}{{ f(n+1) }}{% endmacro %}\n{{ f(0) }}", 10,
                        "gọi lồng nhau quá sâu"),
    "output": ("a\nb\n{% for i in range(100000) %}{{ 'x' * 99999 }}{% endfor %}", 12,
               "tạo ra quá 2.000.000 ký tự"),
    "string doubling": ('{% set ns = namespace(s="xxxxxxxxxx") %}\n{% for i in range(60) %}'
                        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}", 11,
                        "bộ nhớ"),
    "list doubling": ('{% set ns = namespace(s=[1]) %}\n{% for i in range(60) %}'
                      "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s | length }}", 11,
                      "vùng an toàn"),
}


@pytest.mark.parametrize("case", list(RUNAWAY))
def test_runaway_template_stopped_at_its_line(monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    monkeypatch.setattr(templating, "MAX_RENDER_SECONDS", 1.0)
    monkeypatch.setattr(templating, "MAX_MEMORY_GROWTH", 128 * 2**20)
    monkeypatch.setitem(templating._LIMITS, "time", ("mẫu chạy quá 1 giây", "ran over 1 s"))
    text, line, words = RUNAWAY[case]
    started = time.monotonic()
    with pytest.raises(TemplateProblem) as caught:
        render_text(make_environment(), TemplateSource(text, "plan.yaml", 10), {})
    assert time.monotonic() - started < 15
    assert caught.value.template_name == "plan.yaml"
    assert caught.value.line == line, caught.value.describe()
    assert words in caught.value.describe("vi")
    # nothing is left pending: the next rendering is not hit by a late stop
    assert render_text(make_environment(), TemplateSource("{{ 1 + 1 }}"), {}) == "2"


ATTRIBUTES = {
    '{{ xs | map(attribute="__class__") | list }}': "'__class__'",
    '{{ xs | map(attribute="upper") | list }}': "reaches a method",
    '{{ xs | sort(attribute="__class__") | list }}': "'__class__'",
    '{{ xs | map(attribute="nope") | join }}': "«nope»",
}


@pytest.mark.parametrize("text", list(ATTRIBUTES))
def test_attributes_through_filters_refused(text: str) -> None:
    with pytest.raises(TemplateProblem) as caught:
        render_text(make_environment(), TemplateSource(text), {"xs": ["a", "b"]})
    assert ATTRIBUTES[text] in caught.value.describe("vi")
    assert "Undefined" not in caught.value.describe("vi")


def test_map_attribute_on_data_still_works() -> None:
    text = '{{ ds | map(attribute="a") | join(",") }}/{{ ds | map(attribute="b", default="-") ' \
           '| join(",") }}'
    assert render_text(make_environment(), TemplateSource(text),
                       {"ds": [{"a": 1}, {"a": 2}]}) == "1,2/-,-"


def test_build_with_a_runaway_user_template(tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    folder.mkdir()
    (folder / "vo-han.yaml").write_text(
        "mo_ta: vô hạn\nvan_ban:\n  loai: cong-van\n  noi_dung:\n"
        f'    - "{NESTED}"\n', encoding="utf-8")
    content = tmp_path / "a.yaml"
    content.write_text("mau: vo-han\nbien: {}\n", encoding="utf-8")
    started = time.monotonic()
    proc = run(["build", content, "--templates", folder, "-o", tmp_path / "out",
                "--format", "docx"], tmp_path, timeout=60)
    assert time.monotonic() - started < 30  # before: past a minute
    assert proc.returncode == 1
    assert "Mẫu «vo-han.yaml», dòng 5: mẫu chạy quá 5 giây" in proc.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())

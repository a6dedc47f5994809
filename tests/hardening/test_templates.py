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


# One call that builds its whole result in C: neither the time limit nor the memory watchdog
# can stop it midway (before: 1 GB strings built in under a second, `replace` and `batch`
# running 25–40 s past the 5 s limit). Refused from the arguments, before anything is built.
AMPLIFIERS = [
    "{{ 'x' | center(1000000000) | length }}",
    "{{ 'x' | indent(1000000000, true) | length }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '%*d' % (999999999, 1) }}",
    "{{ '%(a)999999999s' % {'a': 1} }}",
    "{{ '%999999999s' | format('a') | length }}",
    "{{ '{:>999999999}'.format(1) | length }}",
    "{{ '{:{}}'.format(1, 999999999) | length }}",
    "{{ '{a:>999999999}'.format_map({'a': 1}) | length }}",
    "{{ 'x'.ljust(10**9) | length }}",
    "{{ 'x'.zfill(10**9) | length }}",
    "{{ '\t'.expandtabs(10**9) | length }}",
    "{{ ('x' * 1000000) | replace('x', 'y' * 10000) | length }}",
    "{{ ('x' * 1000000).replace('x', 'y' * 10000) | length }}",
    "{{ '-'.join(['x' * 999999] * 999999) | length }}",
    "{{ (['x' * 999999] * 999999) | join | length }}",
    "{{ range(10) | batch(10**9, 'x') | list | length }}",
    "{{ [1] | slice(10**8) | list | length }}",
    "{{ xs | tojson(indent=1000000000) }}",
]


@pytest.mark.parametrize("text", AMPLIFIERS)
def test_one_call_amplifying_text_is_refused_before_it_runs(text: str) -> None:
    started = time.monotonic()
    with pytest.raises(TemplateProblem) as caught:
        render_text(make_environment(), TemplateSource(f"mở đầu\n{text}", "mau.yaml", 3),
                    {"xs": ["a", "b"]})
    assert time.monotonic() - started < 2
    assert caught.value.line == 4, caught.value.describe()
    assert "mẫu bị chặn vì tìm cách vượt ra ngoài vùng an toàn" in caught.value.describe("vi")


def test_ordinary_padding_and_formatting_still_work() -> None:
    text = ('{{ "{:>6}|{:,}".format(5, 5000000) }}/{{ "%5.2f" % 3.14159 }}/{{ "%s-%s" | '
            'format(1, 2) }}/{{ ["a", "b"] | join(", ") }}/{{ "a b" | replace(" ", "_") }}/'
            '{{ "x" | center(5) }}/{{ [1, 2, 3] | batch(2, 0) | list }}/{{ "7".zfill(3) }}')
    assert render_text(make_environment(), TemplateSource(text), {}) == \
        "     5|5,000,000/ 3.14/1-2/a, b/a_b/  x  /[[1, 2], [3, 0]]/007"

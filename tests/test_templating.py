"""The sandboxed Jinja2 environment: filters, lookup order, errors and sandbox escapes."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.templating import (
    FILTERS,
    TemplateProblem,
    TemplateSource,
    make_environment,
    render_text,
)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def builtin(tmp_path: Path) -> Path:
    folder = tmp_path / "builtin"
    write(folder, "thong-bao.j2", "Thông báo gốc: {{ noi_dung }}")
    write(folder, "giay-moi.j2", "Giấy mời gốc")
    write(folder, "khung.j2", "Đầu\n{% include 'phan.j2' %}\n")
    write(folder, "phan.j2", "dòng 1\ndòng 2: {{ thieu }}\n")
    return folder


@pytest.fixture
def user(tmp_path: Path) -> Path:
    folder = tmp_path / "user"
    write(folder, "thong-bao.j2", "Thông báo riêng: {{ noi_dung }}")
    write(folder, "moi.j2", "Mẫu mới của đơn vị")
    return folder


@pytest.fixture
def env(builtin: Path) -> Any:
    return make_environment([], builtin=builtin)


def render(source: str, **variables: Any) -> str:
    return render_text(make_environment([], builtin=None), TemplateSource(source), variables)


def problem(source: str | TemplateSource, env: Any = None, **variables: Any) -> TemplateProblem:
    env = env or make_environment([], builtin=None)
    if isinstance(source, str):
        source = TemplateSource(source, name="mau.yaml")
    with pytest.raises(TemplateProblem) as info:
        render_text(env, source, variables)
    return info.value


# --- the environment ---------------------------------------------------------------------------


def test_environment_is_the_immutable_sandbox() -> None:
    assert isinstance(make_environment([], builtin=None), ImmutableSandboxedEnvironment)


def test_all_vietnamese_filters_are_installed() -> None:
    env = make_environment([], builtin=None)
    for name in ("ngay", "ngay_ngan", "so", "tien", "tien_chu", "so_chu", "thu_tu", "la_ma",
                 "chu_cai"):
        assert env.filters[name] is FILTERS[name]


def test_autoescape_is_off() -> None:
    assert render("{{ x }}", x="A & B <C> \"D\"") == "A & B <C> \"D\""


def test_content_text_is_literal() -> None:
    assert render("{{ x }}", x="{{ 7 * 7 }} {% if true %}") == "{{ 7 * 7 }} {% if true %}"


def test_block_lines_leave_no_blank_lines() -> None:
    source = "Kính gửi:\n{% for ten in noi_nhan %}\n- {{ ten }};\n{% endfor %}\n"
    assert render(source, noi_nhan=["Sở A", "Sở B"]) == "Kính gửi:\n- Sở A;\n- Sở B;\n"


def test_output_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Quyết định {{ so }}")
    assert render(decomposed, so=5) == unicodedata.normalize("NFC", "Quyết định 5")


# --- filters -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "variables", "text"),
    [
        ("{{ d | ngay }}", {"d": dt.date(2017, 12, 7)}, "ngày 07 tháng 12 năm 2017"),
        ("{{ d | ngay }}", {"d": "07/12/2017"}, "ngày 07 tháng 12 năm 2017"),
        ("{{ d | ngay }}", {"d": "2020-01-05"}, "ngày 05 tháng 01 năm 2020"),
        ("{{ d | ngay(blank_day=true) }}", {"d": "07/12/2017"},
         "ngày \u00a0\u00a0\u00a0\u00a0\u00a0 tháng 12 năm 2017"),
        ("{{ d | ngay_ngan }}", {"d": dt.date(2017, 12, 15)}, "15/12/2017"),
        ("{{ d | ngay_ngan }}", {"d": "7/3/2018"}, "07/03/2018"),
        ("{{ d | ten_thu }}", {"d": "07/12/2017"}, "thứ Năm"),
        ("{{ n | so }}", {"n": 1234567}, "1.234.567"),
        ("{{ n | so }}", {"n": "1234567"}, "1.234.567"),
        ("{{ n | so(2) }}", {"n": 12.5}, "12,50"),
        ("{{ n | so }}", {"n": Decimal("1234.5")}, "1.234,5"),
        ("{{ n | tien }}", {"n": 1234567}, "1.234.567 đồng"),
        ("{{ n | tien }}", {"n": "1.200.000"}, "1.200.000 đồng"),
        ("{{ n | tien_chu }}", {"n": 1200000}, "Một triệu hai trăm nghìn đồng"),
        ("{{ n | tien_chu }}", {"n": "1.005"}, "Một nghìn không trăm linh năm đồng"),
        ("{{ n | tien_chu('nam') }}", {"n": 1005}, "Một ngàn không trăm lẻ năm đồng"),
        ("{{ n | so_chu }}", {"n": 105}, "một trăm linh năm"),
        ("{{ n | so_chu(dialect='nam') }}", {"n": 24}, "hai mươi bốn"),
        ("{{ n | thu_tu }}", {"n": 4}, "thứ tư"),
        ("{{ n | thu_tu }}", {"n": 1}, "thứ nhất"),
        ("{{ n | la_ma }}", {"n": 4}, "IV"),
        ("{{ n | chu_cai }}", {"n": 5}, "đ"),
        ("{{ t | hoa_dau }}", {"t": "ủy ban nhân dân tỉnh Quảng Ninh"},
         "Ủy ban nhân dân tỉnh Quảng Ninh"),
    ],
)
def test_filter(source: str, variables: dict[str, Any], text: str) -> None:
    assert render(source, **variables) == text


def test_filters_number_loop_items() -> None:
    source = "{% for p in phan %}{{ loop.index | la_ma }}. {{ p }} {% endfor %}"
    assert render(source, phan=["A", "B", "C"]) == "I. A II. B III. C "
    source = "{% for d in diem %}{{ loop.index | chu_cai }}) {{ d }} {% endfor %}"
    assert render(source, diem=list("12345")) == "a) 1 b) 2 c) 3 d) 4 đ) 5 "


@pytest.mark.parametrize(
    ("source", "variables", "message"),
    [
        ("{{ d | ngay }}", {"d": "31/02/2018"}, "chỉ có 28 ngày"),
        ("{{ d | ngay_ngan }}", {"d": "hôm qua"}, "Không đọc được ngày"),
        ("{{ n | tien }}", {"n": "1.200.000,5"}, "phần lẻ"),
        ("{{ n | tien_chu }}", {"n": "mười"}, "Không đọc được số"),
        ("{{ n | so_chu }}", {"n": 1.5}, "số nguyên"),
        ("{{ n | la_ma }}", {"n": 0}, "La Mã"),
        ("{{ n | chu_cai }}", {"n": 24}, "điểm"),
        ("{{ n | thu_tu }}", {"n": 0}, "Số thứ tự"),
    ],
)
def test_filter_bad_value_names_template_and_line(
    source: str, variables: dict[str, Any], message: str
) -> None:
    found = problem(TemplateSource("Dòng đầu\n" + source, name="mau.yaml"), **variables)
    assert found.kind == "value"
    assert (found.template_name, found.line) == ("mau.yaml", 2)
    assert message in str(found)
    assert str(found).startswith("Mẫu «mau.yaml», dòng 2: ")


def test_filter_on_missing_variable_reports_the_variable() -> None:
    found = problem("{{ ngay_ky | ngay }}")
    assert (found.kind, found.variable) == ("undefined", "ngay_ky")


# --- lookup order ------------------------------------------------------------------------------


def test_user_template_overrides_builtin(builtin: Path, user: Path) -> None:
    env = make_environment([user], builtin=builtin)
    assert render_text(env, "thong-bao.j2", {"noi_dung": "x"}) == "Thông báo riêng: x"


def test_builtin_template_still_found_beside_user_folder(builtin: Path, user: Path) -> None:
    env = make_environment([user], builtin=builtin)
    assert render_text(env, "giay-moi.j2", {}) == "Giấy mời gốc"


def test_user_folder_adds_templates(builtin: Path, user: Path) -> None:
    env = make_environment([user], builtin=builtin)
    assert render_text(env, "moi.j2", {}) == "Mẫu mới của đơn vị"


def test_first_user_folder_wins(tmp_path: Path, builtin: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    write(first, "giay-moi.j2", "thứ nhất")
    write(second, "giay-moi.j2", "thứ hai")
    env = make_environment([first, str(second)], builtin=builtin)
    assert render_text(env, "giay-moi.j2", {}) == "thứ nhất"


def test_builtin_only_environment(env: Any) -> None:
    assert render_text(env, "thong-bao.j2", {"noi_dung": "x"}) == "Thông báo gốc: x"


def test_missing_user_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateProblem, match="thư mục mẫu") as info:
        make_environment([tmp_path / "khong-co"], builtin=None)
    assert info.value.kind == "not_found"


# --- errors --------------------------------------------------------------------------------------


def test_template_that_does_not_exist(env: Any, builtin: Path) -> None:
    with pytest.raises(TemplateProblem) as info:
        render_text(env, "khong-co.j2", {})
    found = info.value
    assert (found.kind, found.template_name, found.line) == ("not_found", "khong-co.j2", None)
    assert "không tìm thấy" in str(found)
    assert str(builtin) in str(found)
    assert "not found" in found.describe("en")


def test_included_template_that_does_not_exist() -> None:
    found = problem("một\n{% include 'khong-co.j2' %}")
    assert (found.kind, found.template_name, found.line) == ("not_found", "mau.yaml", 2)
    assert "«khong-co.j2»" in str(found)


def test_include_cannot_leave_the_templates_folder(env: Any) -> None:
    found = problem("{% include '../../etc/passwd' %}", env)
    assert found.kind == "not_found"


def test_undefined_variable_names_variable_and_line() -> None:
    found = problem("Kính gửi: {{ kinh_gui }}\nNội dung: {{ noi_dung }}", kinh_gui="Sở A")
    assert (found.kind, found.variable, found.line) == ("undefined", "noi_dung", 2)
    assert "«noi_dung»" in str(found)
    assert str(found).startswith("Mẫu «mau.yaml», dòng 2:")
    assert "'noi_dung'" in found.describe("en")


def test_undefined_variable_line_is_counted_from_the_source_start() -> None:
    source = TemplateSource("a\nb\n{{ thieu }}", name="templates/thong-bao.yaml", first_line=12)
    found = problem(source)
    assert (found.template_name, found.line) == ("templates/thong-bao.yaml", 14)


def test_undefined_variable_in_included_template(env: Any) -> None:
    with pytest.raises(TemplateProblem) as info:
        render_text(env, "khung.j2", {})
    found = info.value
    assert (found.variable, found.template_name, found.line) == ("thieu", "phan.j2", 2)
    assert "khung.j2" in str(found)  # where it was included from


def test_missing_field_of_a_mapping() -> None:
    found = problem("{{ nguoi_ky.ho_ten }}", nguoi_ky={"chuc_vu": "Chủ tịch"})
    assert (found.kind, found.variable) == ("undefined", "ho_ten")


@pytest.mark.parametrize(
    "source", ["{% for x in thieu %}{% endfor %}", "{% if thieu %}{% endif %}"]
)
def test_undefined_variable_in_statements(source: str) -> None:
    assert problem(source).variable == "thieu"


def test_optional_variables_can_be_tested_or_defaulted() -> None:
    assert render("{{ x | default('không có') }}") == "không có"
    assert render("{% if x is defined %}có{% else %}không{% endif %}") == "không"


@pytest.mark.parametrize(
    ("source", "line"),
    [("dòng 1\n{% if %}", 2), ("{{ x ", 1), ("a\nb\n{% for x in y %}\n", 3), ("{% endif %}", 1)],
)
def test_syntax_error_gives_template_line(source: str, line: int) -> None:
    found = problem(source)
    assert (found.kind, found.template_name, found.line) == ("syntax", "mau.yaml", line)
    assert "cú pháp" in str(found)


def test_syntax_error_in_a_template_file(tmp_path: Path) -> None:
    write(tmp_path, "hong.j2", "ok\nok\n{{ a b }}\n")
    env = make_environment([tmp_path], builtin=None)
    with pytest.raises(TemplateProblem) as info:
        render_text(env, "hong.j2", {"a": 1})
    assert (info.value.kind, info.value.template_name, info.value.line) == ("syntax", "hong.j2", 3)


def test_syntax_error_line_is_counted_from_the_source_start() -> None:
    found = problem(TemplateSource("ok\n{% if %}", name="t.yaml", first_line=20))
    assert found.line == 21


@pytest.mark.parametrize(
    "source", ["{{ x | khong_co }}", "{% if true %}{{ x | khong_co }}{% endif %}"]
)
def test_unknown_filter_lists_the_vietnamese_filters(source: str) -> None:
    found = problem(source, x=1)
    assert found.kind == "syntax"
    assert "«khong_co»" in str(found)
    assert "tien_chu" in str(found)


def test_other_errors_are_located() -> None:
    found = problem("a\n{{ 1 / 0 }}")
    assert (found.kind, found.line) == ("error", 2)
    assert "ZeroDivisionError" in str(found)


def test_problem_chains_the_jinja_error() -> None:
    assert problem("{{ thieu }}").__cause__ is not None


# --- the sandbox -------------------------------------------------------------------------------


class Secretive:
    """A Python object passed in as a variable: its internals must stay out of reach."""

    def __init__(self) -> None:
        self.public = "công khai"
        self._private = "bí mật"


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ joiner.__init__.__globals__.os }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ lipsum.__globals__ }}",
        "{{ dict.__base__.__subclasses__() }}",
        "{{ self._TemplateReference__context }}",
        "{{ obj.__dict__ }}",
        "{{ obj._private }}",
        "{{ obj.__init__.__globals__ }}",
        "{{ '{0.__class__}'.format(obj) }}",
        "{{ '{0._private}'.format(obj) }}",
        "{% set l = [1] %}{{ l.append(2) }}",
        "{{ data.update({'a': 1}) }}",
        "{{ data.pop('k') }}",
        "{{ 'a' * 100000000 }}",
        "{{ [0] * 100000000 }}",
        "{{ 2 ** 1000000 }}",
        "{{ range(100000000) | list | length }}",
    ],
)
def test_sandbox_escape_is_refused(source: str) -> None:
    found = problem(TemplateSource("Dòng 1\n" + source, name="mau.yaml"),
                    obj=Secretive(), data={"k": 1})
    assert found.kind == "sandbox"
    assert found.line == 2
    assert "an toàn" in str(found)
    assert "sandbox" in found.describe("en")


def test_sandbox_allows_ordinary_templates() -> None:
    assert render("{{ '-' * 5 }}{{ 2 ** 10 }}{{ obj.public }}", obj=Secretive()) == (
        "-----1024công khai"
    )
    assert render("{{ d.k }}{{ d['k'] }}{{ l | join(', ') }}", d={"k": 1}, l=["a", "b"]) == (
        "11a, b"
    )


def test_template_problem_fields() -> None:
    found = TemplateProblem("thiếu", "missing", "a.j2", 3, kind="undefined", variable="x")
    assert (found.message_vi, found.message_en, found.template_name, found.line) == (
        "thiếu", "missing", "a.j2", 3
    )
    assert str(found) == "Mẫu «a.j2», dòng 3: thiếu"
    assert found.describe("en") == "Template 'a.j2', line 3: missing"
    assert str(TemplateProblem("chung", "general")) == "chung"

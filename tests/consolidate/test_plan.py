"""The plan file: the shipped plans load; a broken plan is reported at its line and field."""

from __future__ import annotations

import pytest

from generator.consolidate.expressions import Expressions
from generator.consolidate.plan import load_plan
from generator.problems import Problems

from .conftest import DAO_TAO, TINH_GIAN, TINY_PLAN, PlanMaker


@pytest.mark.parametrize("folder", [TINH_GIAN, DAO_TAO], ids=["tinh-gian", "dao-tao"])
def test_shipped_plans_load(folder):
    loaded = load_plan(folder)
    Expressions(loaded)  # every formula, check and flag compiles
    assert loaded.plan.don_vi and loaded.plan.truong


def test_tinh_gian_plan_has_two_groups_and_enough_agencies():
    plan = load_plan(TINH_GIAN).plan
    groups = {g.ma: [u for u in plan.don_vi if u.nhom == g.ma] for g in plan.nhom}
    assert set(groups) == {"so-ban-nganh", "huyen-thanh-pho"}
    assert len(plan.don_vi) >= 24
    assert all(groups.values())


def _problems(make_plan: PlanMaker, text: str) -> list:
    with pytest.raises(Problems) as info:
        Expressions(load_plan(make_plan(plan=text)))
    return info.value.items


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("nhom: huyen}", "nhom: huyenn}", "don_vi[2].nhom", "huyenn"),
        ("{ma: bien_che, ten: Biên chế năm 2015}", "{ma: bien_che, ten: Biên chế, năm 2015}",
         "truong[0].năm 2015", "ngoặc kép"),
        ("truong: ty_le}", "truong: ty_lee}", "bang[0].cot[5].truong", "ty_lee"),
        ("bieu_thuc: giam / bien_che * 100", "bieu_thuc: giam / (bien_che * 100",
         "cong_thuc[0].bieu_thuc", "Biểu thức"),
        ("han_nop: 2017-12-15", "han_nop: 31/02/2017", "han_nop", "31/02/2017"),
        ("dieu_kien: giam <= bien_che", "dieu_kien: giam <= bienche",
         "kiem_tra[0].dieu_kien", "bienche"),
        ("{ma: STC, ten: Sở Tài chính, nhom: so}", "{ma: STC, ten: Sở Tài chính, nhom: so}\n"
         "  - {ma: STC, ten: Sở Tài chính 2, nhom: so}", "don_vi[1].ma", "trùng"),
        ("{ma: giam, ten: Dự kiến giảm}", "{ma: ngay_nhan, ten: Dự kiến giảm}",
         "truong[1].ma", "dành riêng"),
        ("{ma: ty_le, ten: Tỷ lệ giảm,", "{ma: giam, ten: Tỷ lệ giảm,", "cong_thuc[0].ma",
         "trùng"),
    ],
    ids=["unknown-group", "comma-in-flow", "unknown-column", "bad-expression", "bad-date",
         "undeclared-name",
         "duplicate-code", "reserved-name", "formula-named-like-a-field"],
)
def test_broken_plan_is_located(make_plan, old, new, field, words):
    assert old in TINY_PLAN
    problems = _problems(make_plan, TINY_PLAN.replace(old, new, 1))
    match = [p for p in problems if p.field == field]
    assert match, [p.render() for p in problems]
    problem = match[0]
    assert problem.line is not None and problem.file.name == "plan.yaml"
    assert words in problem.render("vi")


def test_missing_plan_file(tmp_path):
    with pytest.raises(Problems) as info:
        load_plan(tmp_path)
    assert "plan.yaml" in info.value.items[0].render("vi")
    assert "No plan.yaml" in info.value.items[0].render("en")


def test_shipped_plan_schema_is_current():
    import json

    from generator.consolidate.plan import plan_schema

    from .conftest import PLANS

    shipped = json.loads((PLANS / "plan.schema.json").read_text(encoding="utf-8"))
    assert shipped == plan_schema(), "regenerate content/plans/plan.schema.json"

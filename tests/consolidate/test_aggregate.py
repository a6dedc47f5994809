"""Figures computed once: per agency, per group, in total; ratios from totals; flags."""

from __future__ import annotations

import pytest

from generator.consolidate.run import analyse
from generator.consolidate.tables import layout, to_bang

from .conftest import TINY_PLAN, unit_yaml


@pytest.fixture
def result(make_plan, standard_units):
    return analyse(make_plan(standard_units))


def test_totals_per_group(result):
    so, huyen = result.scopes
    assert (so.key, huyen.key) == ("so", "huyen")
    assert so.totals["bien_che"] == 300 and so.totals["giam"] == 42
    assert so.totals["sap_nhap"] == 2  # two agencies, one merge each
    assert huyen.totals["bien_che"] == 80
    assert result.whole.totals["bien_che"] == 380


def test_ratio_on_total_row_is_from_the_totals_not_a_sum(result):
    so = result.scopes[0]
    assert [r.numbers["ty_le"] for r in so.rows] == [12.0, 15.0]
    assert so.totals["ty_le"] == 14.0  # 42 / 300, not 12 + 15 nor their mean 13.5


def test_flag_below_target(result):
    assert [r.unit.ma for r in result.whole.flagged] == ["CLO"]
    assert result.scopes[1].variables(result.loaded)["chua_dat"][0]["ten"] == "UBND huyện Cao Lộc"


def test_zero_baseline_gives_no_ratio_and_no_flag(make_plan, standard_units):
    units = {**standard_units, "HL.yaml": unit_yaml("HL", bien_che=0, giam=0)}
    result = analyse(make_plan(units))
    row = next(r for r in result.whole.rows if r.unit.ma == "HL")
    assert row.numbers["ty_le"] is None and not row.flagged


def test_flat_table_for_one_group(result):
    spec = result.loaded.plan.table("bien_che")
    table = layout(result.loaded.plan, spec, result.scopes[0])
    assert [r.cells for r in table.rows] == [
        [1, "Sở Tài chính", 100, 12, 1, 12.0, None],
        [2, "Sở Y tế", 200, 30, 1, 15.0, None],
    ]
    assert table.total == [None, "Tổng cộng", 300, 42, 2, 14.0, None]


def test_grouped_table_with_subtotals_for_every_group(result):
    table = result.tables[0]  # the workbook's: every group
    kinds = [r.kind for r in table.rows]
    assert kinds == ["nhom", "don_vi", "don_vi", "cong_nhom", "nhom", "don_vi", "cong_nhom"]
    assert table.rows[0].cells[:2] == ["I", "Sở, ngành"]
    assert table.rows[3].cells == [None, "Cộng sở, ngành", 300, 42, 2, 14.0, None]
    assert table.rows[5].cells[-1] == "Chưa đạt 10%" and table.rows[5].flagged
    assert table.total == [None, "Tổng cộng", 380, 46, 3, 12.1, None]


def test_model_table_carries_the_computed_total(result):
    spec = result.loaded.plan.table("bien_che")
    bang = to_bang(layout(result.loaded.plan, spec, result.scopes[0]))
    assert bang.tong == [None, "Tổng cộng", 300, 42, 2, 14.0, None]
    assert [c.kieu for c in bang.cot] == ["chu", "chu", "so", "so", "so", "phan_tram", "chu"]
    assert bang.cot[5].so_le == 1


def test_one_scope_when_the_plan_says_so(make_plan, standard_units):
    plan = TINY_PLAN.replace("theo_nhom: true", "theo_nhom: false")
    result = analyse(make_plan(standard_units, plan=plan))
    assert [s.key for s in result.scopes] == ["chung"]
    assert result.scopes[0].totals["bien_che"] == 380

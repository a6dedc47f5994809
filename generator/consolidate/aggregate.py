"""The figures, computed once: per agency, per group and in total, for one scope.

A scope is what one consolidated document covers: one group (``theo_nhom: true``) or every
group. Totals sum the numeric fields (a list field sums its counts) and then evaluate the
formulas on the sums, so a percentage on a total row is the percentage of the totals.
Narrative, tables, workbook and dossier all read these objects; none recomputes a figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .expressions import Expressions
from .plan import DonVi, LoadedPlan, Nhom
from .status import INVALID, LATE, MISSING, ON_TIME, StatusReport, UnitStatus
from .submissions import Submission

Numbers = dict[str, Any]


@dataclass
class Row:
    """One consolidated agency."""

    unit: DonVi
    group: Nhom
    submission: Submission
    numbers: Numbers
    flagged: bool

    def variables(self) -> dict[str, Any]:
        s = self.submission
        out: dict[str, Any] = {
            "ma": self.unit.ma, "ten": self.unit.ten, "viet_tat": self.unit.viet_tat
            or self.unit.ma, "nhom": self.group.ten, "so_hieu": s.so_hieu, "ngay": s.ngay,
            "ngay_nhan": s.ngay_nhan, "canh_bao": self.flagged,
        }
        out.update(self.numbers)
        out["ds"] = dict(s.values)  # the lists and texts themselves, not their counts
        return out


@dataclass
class GroupTotals:
    group: Nhom
    rows: list[Row]
    totals: Numbers


@dataclass
class Scope:
    key: str  # the group's code, or "chung"
    groups: list[GroupTotals]
    totals: Numbers
    statuses: list[UnitStatus]
    flag_label: str | None = None

    @property
    def rows(self) -> list[Row]:
        return [row for g in self.groups for row in g.rows]

    @property
    def flagged(self) -> list[Row]:
        return [row for row in self.rows if row.flagged]

    @property
    def single_group(self) -> Nhom | None:
        return self.groups[0].group if len(self.groups) == 1 else None

    def variables(self, loaded: LoadedPlan) -> dict[str, Any]:
        """What the plan's templates see for this scope."""
        plan = loaded.plan
        group = self.single_group
        rows = [row.variables() for row in self.rows]
        states = {state: [_status_variables(u) for u in self.statuses if u.state == state]
                  for state in (ON_TIME, LATE, MISSING, INVALID)}
        return {
            "ke_hoach": {"ten": plan.ten, "han_nop": plan.han_nop},
            "han_nop": plan.han_nop,
            "bien": plan.bien,
            "co_quan": plan.co_quan.model_dump(),
            "nhom": {"ma": group.ma, "ten": group.ten} if group else None,
            "cac_nhom": [{"ma": g.group.ma, "ten": g.group.ten, "tong": g.totals,
                          "so_don_vi": len(g.rows)} for g in self.groups],
            "tong": self.totals,
            "don_vi": rows,
            "so_don_vi": len(rows),
            "so_phai_nop": sum(1 for u in self.statuses if u.unit is not None),
            "chua_dat": [r for r in rows if r["canh_bao"]],
            "nhan_canh_bao": self.flag_label,
            "tinh_trang": {**states, "thay_the": [_status_variables(u) for u in self.statuses
                                                  if u.replaced]},
        }


def _status_variables(status: UnitStatus) -> dict[str, Any]:
    return {"ma": status.code, "ten": status.name, "trang_thai": status.label(),
            "so_ngay_tre": status.days_late, "ghi_chu": status.note()}


def sum_numbers(rows: list[Row], names: list[str]) -> Numbers:
    return {name: sum(row.numbers.get(name) or 0 for row in rows) for name in names}


def build_scopes(loaded: LoadedPlan, report: StatusReport,
                 expressions: Expressions) -> list[Scope]:
    """One scope per group when the plan says ``theo_nhom``, else one for all."""
    plan = loaded.plan
    numeric = plan.numeric_fields
    grouped: dict[str, GroupTotals] = {}
    for g in plan.nhom:
        grouped[g.ma] = GroupTotals(g, [], {})
    for status in report.units:
        if status.chosen is None or status.unit is None:
            continue
        s = status.chosen
        numbers = s.numbers()
        group = plan.group(status.unit.nhom)
        grouped[group.ma].rows.append(Row(status.unit, group, s, numbers,
                                          expressions.is_flagged(numbers)))
    for g in grouped.values():
        g.totals = _totals(g.rows, numeric, expressions)
    label = plan.canh_bao.nhan if plan.canh_bao else None

    def statuses(codes: set[str]) -> list[UnitStatus]:
        return [u for u in report.units if (u.unit and u.unit.nhom in codes)
                or (u.unit is None and len(codes) == len(plan.nhom))]

    if plan.theo_nhom:
        return [Scope(g.group.ma, [g], g.totals, statuses({g.group.ma}), label)
                for g in grouped.values()]
    groups = list(grouped.values())
    rows = [r for g in groups for r in g.rows]
    return [Scope("chung", groups, _totals(rows, numeric, expressions),
                  statuses({g.ma for g in plan.nhom}), label)]


def whole_plan(loaded: LoadedPlan, report: StatusReport, expressions: Expressions,
               scopes: list[Scope]) -> Scope:
    """Every group in one scope (for the tờ trình, the status report and the workbook)."""
    groups = [g for scope in scopes for g in scope.groups]
    rows = [r for g in groups for r in g.rows]
    label = loaded.plan.canh_bao.nhan if loaded.plan.canh_bao else None
    return Scope("chung", groups, _totals(rows, loaded.plan.numeric_fields, expressions),
                 list(report.units), label)


def _totals(rows: list[Row], numeric: list[str], expressions: Expressions) -> Numbers:
    totals = sum_numbers(rows, numeric)
    totals.update(expressions.derive(totals))
    return totals

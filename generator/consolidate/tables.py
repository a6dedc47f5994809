"""A plan table (``bang``) laid out for a scope: header, rows, group subtotals, total.

The layout is computed once as plain values; :func:`to_bang` turns it into the Document
model's table and the workbook writes the same cells, so the DOCX and the XLSX agree.
Totals are given cell by cell (never left to the writer to add up): a percentage on a total
row is the formula on the totals, not a sum of percentages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..model import Bang, Cot
from ..vietnamese import roman, short_date
from .aggregate import GroupTotals, Row, Scope
from .plan import BangTongHop, CotBang, Plan

Kind = Literal["chu", "so", "phan_tram", "ngay"]
RowKind = Literal["nhom", "don_vi", "cong_nhom"]
TOTAL_LABEL = "Tổng cộng"


@dataclass(frozen=True)
class Column:
    title: str
    kind: Kind
    decimals: int | None
    width: float | None


@dataclass(frozen=True)
class TableRow:
    kind: RowKind
    cells: list[Any]
    flagged: bool = False


@dataclass(frozen=True)
class Layout:
    title: str
    columns: list[Column]
    rows: list[TableRow]
    total: list[Any]
    landscape: bool
    note: str | None


def _column(plan: Plan, spec: CotBang) -> Column:
    source = spec.truong
    if source in ("stt",):
        return Column(spec.ten, "chu", None, spec.rong)
    if source in ("ngay", "ngay_nhan"):
        return Column(spec.ten, "ngay", None, spec.rong)
    field = plan.field(source)
    if field is not None:
        if field.kieu == "danh_sach" and not spec.liet_ke:
            return Column(spec.ten, "so", 0, spec.rong)
        kind: Kind = {"so": "so", "ngay": "ngay"}.get(field.kieu, "chu")  # type: ignore[assignment]
        return Column(spec.ten, kind, 0 if kind == "so" else None, spec.rong)
    formula = plan.formula(source)
    if formula is not None:
        return Column(spec.ten, formula.kieu, formula.so_le, spec.rong)
    return Column(spec.ten, "chu", None, spec.rong)


def _cell(plan: Plan, spec: CotBang, row: Row, index: int) -> Any:
    source = spec.truong
    s = row.submission
    if source == "stt":
        return index
    if source == "ten":
        return row.unit.ten
    if source == "viet_tat":
        return row.unit.viet_tat or row.unit.ma
    if source == "nhom":
        return row.group.ten
    if source == "so_hieu":
        return s.so_hieu
    if source in ("ngay", "ngay_nhan"):
        value = getattr(s, source)
        return short_date(value) if value else None
    if source == "canh_bao":
        return (plan.canh_bao.nhan if plan.canh_bao else "x") if row.flagged else None
    field = plan.field(source)
    if field is not None:
        value = s.values.get(source)
        if field.kieu == "danh_sach":
            return "; ".join(value) if spec.liet_ke else len(value or [])
        if field.kieu == "ngay":
            return short_date(value) if value else None
        return value
    return row.numbers.get(source)


def _total_cells(plan: Plan, columns: list[CotBang], totals: dict[str, Any],
                 label: str) -> list[Any]:
    cells: list[Any] = []
    labelled = False
    for spec in columns:
        field = plan.field(spec.truong)
        summable = (field is not None and (field.kieu == "so" or (field.kieu == "danh_sach"
                                                                   and not spec.liet_ke))
                    or plan.formula(spec.truong) is not None)
        if summable:
            cells.append(totals.get(spec.truong))
        elif not labelled and spec.truong not in ("stt",):
            cells.append(label)
            labelled = True
        else:
            cells.append(None)
    return cells


def layout(plan: Plan, spec: BangTongHop, scope: Scope) -> Layout:
    columns = [_column(plan, c) for c in spec.cot]
    rows: list[TableRow] = []
    grouped = len(scope.groups) > 1
    for number, group in enumerate(scope.groups, start=1):
        rows.extend(_group_rows(plan, spec, group, number if grouped else None))
    total = _total_cells(plan, spec.cot, scope.totals, TOTAL_LABEL)
    return Layout(spec.ten, columns, rows, total, spec.ngang, spec.ghi_chu)


def _group_rows(plan: Plan, spec: BangTongHop, group: GroupTotals,
                number: int | None) -> list[TableRow]:
    out: list[TableRow] = []
    if number is not None:  # a heading row and a subtotal per group when groups share a table
        heading: list[Any] = [None] * len(spec.cot)
        label_at = next((i for i, c in enumerate(spec.cot) if c.truong != "stt"), 0)
        heading[0] = roman(number)
        heading[label_at] = group.group.ten[:1].upper() + group.group.ten[1:]
        out.append(TableRow("nhom", heading))
    for index, row in enumerate(group.rows, start=1):
        out.append(TableRow("don_vi", [_cell(plan, c, row, index) for c in spec.cot],
                            row.flagged))
    if number is not None:
        out.append(TableRow("cong_nhom", _total_cells(plan, spec.cot, group.totals,
                                                      f"Cộng {group.group.ten}")))
    return out


def to_bang(table: Layout, *, titled: bool = True) -> Bang:
    """The Document model's table; cells stay numbers, the writer formats them."""
    cot = [Cot(ten=c.title, kieu=c.kind, so_le=c.decimals, rong=c.width)
           for c in table.columns]
    rows = [[_model_cell(v) for v in r.cells] for r in table.rows]
    return Bang.model_validate({
        "bang": table.title if titled else None,
        "cot": [c.model_dump(exclude_none=True) for c in cot], "dong": rows,
        "tong": [_model_cell(v) for v in table.total], "ghi_chu": table.note,
    })


def _model_cell(value: Any) -> str | int | float | None:
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)

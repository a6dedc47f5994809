"""Documents built by code: the plan's Document YAML with its texts filled in from the figures.

Every string of a document section of the plan is a Jinja2 template (sandboxed) rendered
with the scope's variables; a rendered text block that spans several lines becomes several
paragraphs, and an empty one disappears (so ``{% if %}`` can leave a paragraph out). Four
blocks are replaced by computed content:

``{bang_tong_hop: <table code>}``   a summary table of the plan (``bang``) for the scope
``{y_kien: [<text fields>]}``       each agency's texts (difficulties, proposals), grouped
``{bang_tinh_trang: true}``         the submission status table
(``ten_bang: false`` beside a table leaves out its title, e.g. when the appendix names it)
``{so_lieu: true}``                 an agency's own figures (in ``ho_so`` only)

The result is validated as a :class:`Document`; a problem points at the plan file.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..content import Content, FieldPath, Position
from ..images import load_figures
from ..model import Bang, Document
from ..problems import Problem, Problems, Text
from ..template_content import apply_template
from ..templating import TemplateProblem, TemplateSource, make_environment, render_text
from ..validate import problems_from
from ..vietnamese import format_number, short_date
from .aggregate import Row, Scope
from .plan import LoadedPlan
from .status import StatusReport, UnitStatus
from .tables import Layout, layout, to_bang

Special = Callable[[dict[str, Any], FieldPath], list[Any]]


class DocumentBuilder:
    """Renders a document section of the plan (``tong_hop``, ``don_doc``…) into a Document."""

    def __init__(self, loaded: LoadedPlan, templates: Sequence[Path] = ()) -> None:
        self.loaded = loaded
        self.templates = list(templates)
        self.env = make_environment()

    def build(self, section: str, spec: dict[str, Any], variables: dict[str, Any],
              defaults: dict[str, Any], special: Special | None = None) -> Document:
        """Render ``spec`` (the plan's ``section``) and validate it as a Document."""
        problems: list[Problem] = []
        rendered = self._render(spec, (section,), variables, special, problems)
        if problems:
            raise Problems(problems)
        data = {**defaults, **rendered}
        try:
            if data.get("mau"):  # a shipped or user template (mau/bien), as in a content file
                data = apply_template(self._content_for(section, data), self.templates).data
            try:
                document = Document.model_validate(data)
            except ValidationError as exc:
                raise Problems(problems_from(exc, self._content_for(section, data))) from None
            # figures ({hinh: …}) are read from the plan's folder, as a content file's
            figures = load_figures(document, self._content_for(section, data))
            if figures:
                raise Problems(figures)
            return document
        except Problems as exc:  # fields are named as in the plan: don_doc.mau, not mau
            raise Problems([replace(p, field=f"{section}.{p.field}" if p.field else section)
                            if p.file == self.loaded.path else p for p in exc.items]) from None

    def _content_for(self, section: str, data: dict[str, Any]) -> Content:
        """The rendered document with the plan's positions, for located messages."""
        prefix = (section,)
        positions: dict[FieldPath, Position] = {
            path[1:]: pos for path, pos in self.loaded.content.positions.items()
            if path[:1] == prefix}
        return Content(self.loaded.path, data, positions)

    def _render(self, value: Any, path: FieldPath, variables: dict[str, Any],
                special: Special | None, problems: list[Problem]) -> Any:
        if isinstance(value, str):
            return self._text(value, path, variables, problems)
        if isinstance(value, dict):
            return {k: self._render(v, path + (k,), variables, special, problems)
                    for k, v in value.items()}
        if isinstance(value, list):
            out: list[Any] = []
            for i, item in enumerate(value):
                if isinstance(item, dict) and special is not None and _is_special(item):
                    out.extend(special(item, path + (i,)))
                elif isinstance(item, str):  # a block of text: one paragraph per line
                    text = self._text(item, path + (i,), variables, problems)
                    out.extend(line.strip() for line in text.splitlines() if line.strip())
                else:
                    out.append(self._render(item, path + (i,), variables, special, problems))
            return out
        return value

    def _text(self, text: str, path: FieldPath, variables: dict[str, Any],
              problems: list[Problem]) -> str:
        if "{" not in text:
            return text
        pos = self.loaded.content.position(path)
        source = TemplateSource(text, str(self.loaded.path), pos.line if pos else 1)
        try:
            return render_text(self.env, source, variables).strip()
        except TemplateProblem as exc:
            message, hint = Text(exc.message_vi, exc.message_en), None
            if exc.kind == "undefined" and exc.variable:  # a plan's variables are fixed
                field = "trường" in exc.message_vi.split("«")[0]  # tong.x rather than x
                message, hint = _unknown_variable(exc.variable, variables, field)
            problem = self.loaded.problem(path, message, hint)
            if exc.line and exc.template_name == source.name:  # the template's own line
                problem = replace(problem, line=exc.line, column=None)
            problems.append(problem)
            return text


def _unknown_variable(name: str, variables: dict[str, Any],
                      field: bool) -> tuple[Text, Text]:
    """The message for a misspelt name: the closest variable (or field of a variable)."""
    if field:
        nested = [v for v in variables.values() if isinstance(v, dict)]
        nested += [v[0] for v in variables.values() if isinstance(v, list) and v
                   and isinstance(v[0], dict)]
        known = sorted({key for d in nested for key in d if isinstance(key, str)})
    else:
        known = sorted(variables)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    listing = ", ".join(known) if len(known) <= 40 else ", ".join(known[:40]) + " …"
    return (Text(f"Mẫu dùng biến hoặc trường «{name}» không có.",
                 f"The template uses '{name}', which does not exist."),
            Text((f"Có phải ý bạn là '{close[0]}'? " if close else "")
                 + f"{'Các trường' if field else 'Các biến'}: {listing}.",
                 (f"Did you mean '{close[0]}'? " if close else "")
                 + f"{'Fields' if field else 'Variables'}: {listing}."))


SPECIAL_KEYS = ("bang_tong_hop", "y_kien", "bang_tinh_trang", "so_lieu")


def _is_special(item: dict[str, Any]) -> bool:
    return any(key in item for key in SPECIAL_KEYS)


# --- the computed blocks ---------------------------------------------------------------------


def scope_blocks(loaded: LoadedPlan, scope: Scope, report: StatusReport,
                 layouts: dict[str, Layout]) -> Special:
    """The special blocks of a consolidated document (or tờ trình) for ``scope``."""
    plan = loaded.plan

    def special(item: dict[str, Any], path: FieldPath) -> list[Any]:
        if "bang_tong_hop" in item:
            code = item["bang_tong_hop"]
            spec = plan.table(str(code))
            if spec is None:
                raise Problems([loaded.problem(path + ("bang_tong_hop",), Text(
                    f"Không có bảng «{code}» trong mục 'bang' của kế hoạch.",
                    f"No table '{code}' in the plan's 'bang'."))])
            table = layouts.setdefault(spec.ma, layout(plan, spec, scope))
            return [to_bang(table, titled=item.get("ten_bang", True) is not False)]
        if "y_kien" in item:
            return opinion_blocks(loaded, scope, list(item["y_kien"]), path)
        if "bang_tinh_trang" in item:
            return [status_bang(scope.statuses, titled=item.get("ten_bang", True) is not False)]
        raise Problems([loaded.problem(path, Text(
            "Khối 'so_lieu' chỉ dùng trong 'ho_so'.", "'so_lieu' is for 'ho_so' only."))])

    return special


def opinion_blocks(loaded: LoadedPlan, scope: Scope, fields: list[str],
                   path: FieldPath) -> list[Any]:
    """Each agency's texts as items (heading: agency; one item per field), per group."""
    plan = loaded.plan
    for name in fields:
        if plan.field(name) is None:
            raise Problems([loaded.problem(path + ("y_kien",), Text(
                f"Trường «{name}» chưa khai báo trong 'truong'.",
                f"Field '{name}' is not declared in 'truong'."))])

    def agency(row: Row) -> dict[str, Any] | None:
        items: list[Any] = []
        for name in fields:
            field = plan.field(name)
            assert field is not None
            value = row.submission.values.get(name)
            if len(fields) == 1:  # one field: its items (or text) straight under the agency
                items.extend(value if isinstance(value, list) else [value] if value else [])
            elif isinstance(value, list) and value:
                items.append({"muc": f"{field.ten}:", "y": list(value)})
            elif value:
                items.append({"muc": f"{field.ten}: {value}"})
        return {"tieu_de": row.unit.ten, "y": items} if items else None

    groups = []
    for g in scope.groups:
        entries = [e for e in (agency(r) for r in g.rows) if e]
        if entries:
            groups.append((g.group.ten, entries))
    if not groups:
        return ["Không có cơ quan nào nêu ý kiến."]
    if len(scope.groups) == 1:
        return groups[0][1]
    return [{"tieu_de": name[:1].upper() + name[1:], "y": entries} for name, entries in groups]


def status_bang(statuses: list[UnitStatus], *, titled: bool = True) -> Bang:
    rows = []
    for i, status in enumerate(statuses, start=1):
        s = status.chosen
        rows.append([i, status.name, s.so_hieu if s else None,
                     short_date(s.ngay_nhan) if s and s.ngay_nhan else None,
                     status.label(), status.note() or None])
    return Bang.model_validate({
        "bang": "TÌNH HÌNH GỬI VĂN BẢN" if titled else None,
        "cot": [{"ten": "TT", "rong": 10}, {"ten": "Cơ quan, đơn vị", "rong": 45},
                {"ten": "Số, ký hiệu", "rong": 28}, {"ten": "Ngày nhận", "kieu": "ngay",
                                                     "rong": 22},
                {"ten": "Tình trạng", "rong": 22}, {"ten": "Ghi chú"}],
        "dong": rows or [[None, "Không có cơ quan nào", None, None, None, None]],
    })


def submission_blocks(loaded: LoadedPlan, row: Row) -> Special:
    """``{so_lieu: true}`` in ``ho_so``: the agency's figures, one item per field."""
    plan = loaded.plan

    def special(item: dict[str, Any], path: FieldPath) -> list[Any]:
        if "so_lieu" not in item:
            raise Problems([loaded.problem(path, Text(
                "Trong 'ho_so' chỉ dùng khối 'so_lieu'.", "Only 'so_lieu' is used in 'ho_so'."))])
        out: list[Any] = []
        for field in plan.truong:
            value = row.submission.values.get(field.ma)
            if isinstance(value, list):
                out.append({"muc": f"{field.ten} ({len(value)}):", "y": list(value)} if value
                           else {"muc": f"{field.ten}: không có."})
            elif field.kieu == "so":
                out.append({"muc": f"{field.ten}: {format_number(value or 0)}."})
            elif field.kieu == "ngay":
                out.append({"muc": f"{field.ten}: {short_date(value) if value else '—'}."})
            elif value:
                out.append({"muc": f"{field.ten}: {value}"})
        for formula in plan.cong_thuc:
            value = row.numbers.get(formula.ma)
            shown = "—" if value is None else format_number(value, formula.so_le)
            out.append({"muc": f"{formula.ten}: {shown}."})
        return out

    return special

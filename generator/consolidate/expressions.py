"""The plan's formulas, checks and flag: Jinja2 expressions compiled once in the sandbox.

Expressions see a submission's numbers (a list field counts its items) and, for a total
row, the summed numbers: a ratio on the total row is computed from the totals, never summed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import TemplateSyntaxError, UndefinedError

from ..problems import Problem, Problems, Text
from ..templating import TemplateProblem, TemplateSource, make_environment, render_text
from .plan import KiemTra, LoadedPlan

Number = int | float
Compiled = Callable[..., Any]


class Expressions:
    """Formulas (``cong_thuc``), checks (``kiem_tra``) and the flag (``canh_bao``) of a plan."""

    def __init__(self, loaded: LoadedPlan) -> None:
        self.loaded = loaded
        self.env = make_environment(builtin=None)
        plan = loaded.plan
        problems: list[Problem] = []
        self.formulas = [(f.ma, f.so_le, self._compile(f.bieu_thuc, ("cong_thuc", i,
                                                                     "bieu_thuc"), problems))
                         for i, f in enumerate(plan.cong_thuc)]
        self.checks = [(c, self._compile(c.dieu_kien, ("kiem_tra", i, "dieu_kien"), problems))
                       for i, c in enumerate(plan.kiem_tra)]
        self.flag = (self._compile(plan.canh_bao.dieu_kien, ("canh_bao", "dieu_kien"), problems)
                     if plan.canh_bao else None)
        if not problems:
            self._try_out(problems)
        if problems:
            raise Problems(problems)

    def _try_out(self, problems: list[Problem]) -> None:
        """Evaluate everything once on sample values, so that a misspelt field name is
        reported at the plan's line before any submission is read."""
        sample: dict[str, Any] = {f.ma: {"so": 1, "danh_sach": 1, "chu": "",
                                         "ngay": dt.date(2000, 1, 1)}[f.kieu]
                                  for f in self.loaded.plan.truong}
        named = [(("cong_thuc", i, "bieu_thuc"), code, e)
                 for i, (code, _d, e) in enumerate(self.formulas)]
        named += [(("kiem_tra", i, "dieu_kien"), None, e)
                  for i, (_c, e) in enumerate(self.checks)]
        if self.flag is not None:
            named.append((("canh_bao", "dieu_kien"), None, self.flag))
        for path, code, expression in named:
            try:
                value = expression(**sample)
            except ZeroDivisionError:
                value = 0
            except UndefinedError as exc:
                problems.append(self.loaded.problem(path, Text(
                    f"Biểu thức dùng tên chưa khai báo: {exc.message}.",
                    f"The expression uses an undeclared name: {exc.message}."),
                    Text("Dùng mã của một trường (truong) hoặc một công thức ở trên.",
                         "Use the code of a field (truong) or of a formula above.")))
                continue
            except Exception as exc:
                problems.append(self.loaded.problem(path, Text(
                    f"Không tính được biểu thức: {type(exc).__name__}: {exc}.",
                    f"Cannot evaluate the expression: {type(exc).__name__}: {exc}.")))
                continue
            if code is not None:
                sample[code] = value

    def _compile(self, source: str, path: tuple[str | int, ...],
                 problems: list[Problem]) -> Compiled:
        try:
            return self.env.compile_expression(source, undefined_to_none=False)
        except TemplateSyntaxError as exc:
            problems.append(self.loaded.problem(path, Text(
                f"Biểu thức không hợp lệ: {exc.message}.", f"Invalid expression: {exc.message}.")))
            return lambda **_: None

    def derive(self, numbers: Mapping[str, Any]) -> dict[str, Number | None]:
        """The formulas' values, in order (a formula may use the ones before it)."""
        scope = dict(numbers)
        out: dict[str, Number | None] = {}
        for code, decimals, expression in self.formulas:
            try:
                value = expression(**scope)
            except ZeroDivisionError:
                value = None  # e.g. a percentage of a zero baseline: shown as a dash
            except Exception as exc:
                raise self._failure(("cong_thuc",), exc) from exc
            if value is not None:
                value = round(float(value), decimals) if decimals else round(float(value))
            out[code] = scope[code] = value
        return out

    def failed_checks(self, numbers: Mapping[str, Any]) -> list[KiemTra]:
        failed = []
        for check, expression in self.checks:
            try:
                ok = expression(**numbers)
            except ZeroDivisionError:
                ok = True
            except Exception as exc:
                raise self._failure(("kiem_tra",), exc) from exc
            if not ok:
                failed.append(check)
        return failed

    def is_flagged(self, numbers: Mapping[str, Any]) -> bool:
        if self.flag is None:
            return False
        try:
            return bool(self.flag(**numbers))
        except TypeError:  # a None (undefined ratio) compared with a number
            return False
        except Exception as exc:
            raise self._failure(("canh_bao",), exc) from exc

    def check_message(self, check: KiemTra, numbers: Mapping[str, Any]) -> Text:
        index = self.loaded.plan.kiem_tra.index(check)
        pos = self.loaded.content.position(("kiem_tra", index, "thong_bao"))
        source = TemplateSource(check.thong_bao, str(self.loaded.path), pos.line if pos else 1)
        try:
            vi = render_text(self.env, source, numbers)
        except TemplateProblem as exc:
            vi = f"{check.thong_bao} ({exc.describe('vi')})"
        en = check.thong_bao_en or f"The check '{check.dieu_kien}' fails."
        return Text(vi, en)

    def _failure(self, path: tuple[str | int, ...], exc: Exception) -> Problems:
        return Problems([self.loaded.problem(path, Text(
            f"Không tính được biểu thức: {type(exc).__name__}: {exc}.",
            f"Cannot evaluate the expression: {type(exc).__name__}: {exc}."))])

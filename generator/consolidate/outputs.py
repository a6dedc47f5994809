"""Which documents a consolidation writes, and where: one consolidated document per scope,
one document per agency (its submission, for the dossier), and the optional status report,
reminder and tờ trình. Building one may fail (a template of the plan); the problem is kept and
the others are still built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Document
from ..problems import Problem, Problems, Text
from .aggregate import Row, Scope
from .document import DocumentBuilder, Special, scope_blocks, submission_blocks
from .plan import LoadedPlan
from .status import INVALID, MISSING, StatusReport

UNITS_OUT = "don-vi"
REMINDER = "don-doc"


@dataclass
class Planned:
    """A Document to write, where, and what it is in the dossier."""

    document: Document
    docx: Path
    role: str  # tong_hop, ho_so, tinh_trang, don_doc, to_trinh
    scope: Scope | None = None
    row: Row | None = None

    @property
    def pdf(self) -> Path:
        return self.docx.with_suffix(".pdf")


def plan_documents(loaded: LoadedPlan, report: StatusReport, scopes: list[Scope],
                   whole: Scope, out_dir: Path, problems: list[Problem],
                   templates: Sequence[Path] = ()) -> list[Planned]:
    planner = _Planner(loaded, report, out_dir, problems, templates)
    consolidated = [(scope, planner.consolidated(scope, len(scopes) == 1)) for scope in scopes]
    for scope in scopes:
        for row in scope.rows:
            planner.submission(row)
    planner.status_report(whole)
    planner.reminder(whole)
    planner.to_trinh(whole, [(s, d) for s, d in consolidated if d is not None])
    return planner.planned


class _Planner:
    def __init__(self, loaded: LoadedPlan, report: StatusReport, out_dir: Path,
                 problems: list[Problem], templates: Sequence[Path]) -> None:
        self.loaded = loaded
        self.plan = loaded.plan
        self.report = report
        self.out_dir = out_dir
        self.problems = problems
        self.builder = DocumentBuilder(loaded, templates)
        self.planned: list[Planned] = []

    def defaults(self, spec: dict[str, Any]) -> dict[str, Any]:
        """What the plan's document sections need not repeat: the issuer and the place; and a
        document given no number is a draft to be numbered after signing."""
        numbered = "so" in spec or "chua_cap_so" in spec
        return {"co_quan": self.plan.co_quan.model_dump(exclude_none=True),
                "dia_danh": self.plan.dia_danh, **({} if numbered else {"chua_cap_so": True})}

    def build(self, section: str, spec: dict[str, Any], variables: dict[str, Any],
              defaults: dict[str, Any], special: Special | None, target: Path, role: str,
              scope: Scope | None = None, row: Row | None = None) -> Document | None:
        if "ngay" in spec:  # the document's own date, for its text ("đến ngày …")
            variables = {**variables, "ngay_van_ban": spec["ngay"]}
        try:
            document = self.builder.build(section, spec, variables, defaults, special)
        except Problems as exc:
            self.problems.extend(exc.items)
            return None
        self.planned.append(Planned(document, target, role, scope, row))
        return document

    def consolidated(self, scope: Scope, alone: bool) -> Document | None:
        if not scope.rows:  # nothing to compile: no document rather than one full of zeros
            name = scope.single_group.ten if scope.single_group else self.plan.ten
            self.problems.append(Problem(self.loaded.path, Text(
                f"Không có văn bản hợp lệ nào của khối {name}: không lập văn bản tổng hợp.",
                f"No valid submission in group '{name}': no consolidated document."),
                severity="warning"))
            return None
        spec = self.plan.tong_hop
        folder = self.out_dir if alone else self.out_dir / scope.key
        return self.build("tong_hop", spec, scope.variables(self.loaded), self.defaults(spec),
                          scope_blocks(self.loaded, scope, self.report, {}),
                          folder / f"{spec.get('loai', 'tong-hop')}.docx", "tong_hop", scope)

    def submission(self, row: Row) -> None:
        """An agency's submission as its own document (for the dossier), unless it sent its
        own PDF. Issuer, number, date and signer come from the roster and the submission."""
        if row.submission.pdf is not None:
            return
        unit, group, s = row.unit, row.group, row.submission
        chu_quan = unit.chu_quan or group.chu_quan
        signer: dict[str, Any] = {"chuc_vu": s.chuc_vu or group.chuc_vu_ky, "ho_ten": s.nguoi_ky}
        if group.quyen_han:
            signer.update(quyen_han=group.quyen_han, thu_truong=group.thu_truong)
        defaults: dict[str, Any] = {
            "co_quan": {"ten": unit.ten_co_quan or unit.ten.upper(),
                        "viet_tat": unit.viet_tat or unit.ma,
                        **({"chu_quan": chu_quan} if chu_quan else {})},
            "so": s.number, "ky_hieu": s.code, "ngay": s.ngay,
            "dia_danh": unit.dia_danh or self.plan.dia_danh, "nguoi_ky": signer,
        }
        variables = {**row.variables(), "don_vi": row.variables(), "bien": self.plan.bien,
                     "ke_hoach": {"ten": self.plan.ten, "han_nop": self.plan.han_nop}}
        self.build("ho_so", self.plan.ho_so, variables, defaults,
                   submission_blocks(self.loaded, row),
                   self.out_dir / UNITS_OUT / f"{unit.ma}.docx", "ho_so", row=row)

    def status_report(self, whole: Scope) -> None:
        spec = self.plan.tinh_trang
        if spec is not None:
            self.build("tinh_trang", spec, whole.variables(self.loaded), self.defaults(spec),
                       scope_blocks(self.loaded, whole, self.report, {}),
                       self.out_dir / "tinh-trang.docx", "tinh_trang")

    def reminder(self, whole: Scope) -> None:
        """The đôn đốc công văn to the agencies still owing a (valid) submission."""
        if self.plan.don_doc is None:
            return
        spec = dict(self.plan.don_doc)
        states = (MISSING, INVALID) if spec.pop("gui_ca_khong_hop_le", False) else (MISSING,)
        recipients = [u for u in self.report.units if u.state in states and u.unit]
        if not recipients:  # a reminder left from an earlier run would be wrong now
            for stale in (self.out_dir / f"{REMINDER}.docx", self.out_dir / f"{REMINDER}.pdf"):
                stale.unlink(missing_ok=True)
            return
        variables = {**whole.variables(self.loaded), "thieu": [
            {"ten": u.name, "ma": u.code, "trang_thai": u.label()} for u in recipients]}
        names = [u.name for u in recipients]
        if spec.get("mau"):  # the shipped cong-van-don-doc template lists them itself
            spec["bien"] = {"don_vi_chua_nop": names, **(spec.get("bien") or {})}
        defaults = {**self.defaults(spec), "kinh_gui": names}
        self.build("don_doc", spec, variables, defaults, None,
                   self.out_dir / f"{REMINDER}.docx", "don_doc")

    def to_trinh(self, whole: Scope, consolidated: list[tuple[Scope, Document]]) -> None:
        spec = self.plan.to_trinh
        if spec is None:
            return
        documents = []
        for scope, document in consolidated:
            scoped = scope.variables(self.loaded)
            documents.append({"nhom": scoped["nhom"], "trich_yeu": document.trich_yeu,
                              "so_ky_hieu": document.number_and_code, "ngay": document.ngay,
                              "tong": scope.totals, "so_don_vi": len(scope.rows),
                              "chua_dat": scoped["chua_dat"]})
        variables = {**whole.variables(self.loaded), "cac_de_an": documents}
        self.build("to_trinh", spec, variables, self.defaults(spec),
                   scope_blocks(self.loaded, whole, self.report, {}),
                   self.out_dir / "to-trinh.docx", "to_trinh")

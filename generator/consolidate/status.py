"""Who sent what, when: one status per roster agency, from the submissions and the deadline.

The latest valid submission of an agency (by received date) is the one consolidated; the
earlier ones are *replaced*. Two valid submissions with the same received date that disagree
are a conflict: an error naming both files, and the agency counts as invalid until one is
removed. Invalid files and files from agencies not on the roster are listed, never dropped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from ..problems import Problem, Text
from .plan import DonVi, Plan
from .submissions import Submission

ON_TIME, LATE, MISSING, INVALID = "dung_han", "tre_han", "chua_nop", "khong_hop_le"
STATES = (ON_TIME, LATE, MISSING, INVALID)


@dataclass
class UnitStatus:
    unit: DonVi | None  # None: a file naming no agency of the roster
    code: str  # the roster code, or what the file said, or its name
    chosen: Submission | None = None
    replaced: list[Submission] = field(default_factory=list)
    invalid: list[Submission] = field(default_factory=list)
    conflict: tuple[Submission, Submission] | None = None
    state: str = MISSING
    days_late: int = 0

    @property
    def name(self) -> str:
        return self.unit.ten if self.unit else self.code

    def label(self, lang: str = "vi") -> str:
        english = lang == "en"
        if self.state == ON_TIME:
            return "On time" if english else "Đúng hạn"
        if self.state == LATE:
            return (f"Late by {self.days_late} days" if english
                    else f"Trễ hạn {self.days_late} ngày")
        if self.state == MISSING:
            return "Not submitted" if english else "Chưa nộp"
        if self.unit is None:
            return "Invalid (not on the roster)" if english else "Không hợp lệ (ngoài danh sách)"
        return "Invalid" if english else "Không hợp lệ"

    def note(self, lang: str = "vi") -> str:
        """Replacements, conflicts and invalid files, in a sentence for the status table."""
        english = lang == "en"
        parts = []
        if self.conflict:
            a, b = self.conflict
            parts.append((f"conflicting submissions of the same date: {a.file.name}, "
                          f"{b.file.name}") if english else
                         f"hai văn bản cùng ngày nhận khác nhau: {a.file.name}, {b.file.name}")
        for old in self.replaced:
            parts.append((f"replaces {old.so_hieu} of {old.ngay_nhan:%d/%m/%Y} "
                          f"({old.file.name})") if english else
                         f"thay thế văn bản {old.so_hieu} nhận ngày {old.ngay_nhan:%d/%m/%Y} "
                         f"({old.file.name})")
        for bad in self.invalid:
            parts.append(f"invalid file {bad.file.name}" if english
                         else f"tệp không hợp lệ {bad.file.name}")
        return "; ".join(parts)

    @property
    def replaced_any(self) -> bool:
        return bool(self.replaced)


@dataclass
class StatusReport:
    units: list[UnitStatus]  # roster order, then files from agencies not on it
    deadline: dt.date
    problems: list[Problem] = field(default_factory=list)

    def by_state(self, state: str) -> list[UnitStatus]:
        return [u for u in self.units if u.state == state]

    def of(self, code: str) -> UnitStatus | None:
        return next((u for u in self.units if u.unit and u.unit.ma == code), None)

    @property
    def consolidated(self) -> list[UnitStatus]:
        return [u for u in self.units if u.chosen is not None]

    @property
    def any_invalid(self) -> bool:
        return any(u.invalid or u.conflict for u in self.units) or bool(
            [p for p in self.problems if p.severity == "error"])


def resolve(plan: Plan, submissions: list[Submission]) -> StatusReport:
    report = StatusReport([], plan.han_nop)
    roster = {u.ma for u in plan.don_vi}
    by_unit: dict[str, list[Submission]] = {}
    for s in submissions:
        key = s.unit_code if s.unit_code in roster else f"?{s.unit_code or s.file.name}"
        by_unit.setdefault(key, []).append(s)
    for unit in plan.don_vi:
        report.units.append(_unit_status(unit, unit.ma, by_unit.get(unit.ma, []), plan.han_nop,
                                         report.problems))
    for key in sorted(k for k in by_unit if k.startswith("?")):
        status = UnitStatus(None, key[1:], invalid=by_unit[key], state=INVALID)
        report.units.append(status)
    return report


def _unit_status(unit: DonVi, code: str, files: list[Submission], deadline: dt.date,
                 problems: list[Problem]) -> UnitStatus:
    status = UnitStatus(unit, code)
    status.invalid = [s for s in files if not s.valid]
    valid = sorted((s for s in files if s.valid), key=lambda s: (s.ngay_nhan, s.file.name))
    if not valid:
        status.state = INVALID if status.invalid else MISSING
        return status
    dated = [(day, list(group)) for day, group in groupby(valid, key=lambda s: s.ngay_nhan)]
    for i, (_day, group) in enumerate(dated):
        latest = i == len(dated) - 1
        for other in group[1:]:
            if other.same_content(group[0]):
                continue
            problems.append(Problem(other.file, Text(
                f"Hai văn bản của {unit.ten} cùng ngày nhận {other.ngay_nhan:%d/%m/%Y} nhưng "
                f"khác nhau: {group[0].file} và {other.file}.",
                f"Two submissions of {unit.ten} received on the same day "
                f"{other.ngay_nhan:%d/%m/%Y} disagree: {group[0].file} and {other.file}."),
                line=other.received_line, field="ngay_nhan", hint=Text(
                    "Xóa một trong hai tệp, hoặc sửa ngày nhận của bản đính chính.",
                    "Remove one of the two files, or correct the received date of the "
                    "correction."),
                severity="error" if latest else "warning"))
            if latest:
                status.conflict = (group[0], other)
    if status.conflict:
        status.state = INVALID
        status.replaced = [s for _d, g in dated[:-1] for s in g]
        return status
    status.chosen = dated[-1][1][0]
    status.replaced = [s for _d, g in dated[:-1] for s in g] + dated[-1][1][1:]
    # A correction does not make an agency late: lateness counts from its first submission.
    received = valid[0].ngay_nhan
    assert received is not None
    status.days_late = max(0, (received - deadline).days)
    status.state = LATE if status.days_late else ON_TIME
    return status

"""Results of a check: one :class:`RuleResult` per rule outcome, gathered in a :class:`Report`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator.check.resolve import Paragraph

Status = Literal["pass", "fail", "na"]
Severity = Literal["E", "W"]


@dataclass
class RuleResult:
    rule_id: str
    status: Status
    severity: Severity
    message: dict[str, str]  # {"vi": …, "en": …}
    location: str | None = None  # Vietnamese description of where
    location_en: str | None = None
    target: Paragraph | None = field(default=None, repr=False, compare=False)

    def text(self, lang: str = "vi") -> str:
        return self.message.get(lang) or self.message["vi"]

    def where(self, lang: str = "vi") -> str | None:
        return self.location_en if lang == "en" else self.location

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule_id, "status": self.status, "severity": self.severity,
        }
        if lang:
            out["message"] = self.text(lang)
            out["location"] = self.where(lang)
        else:
            out["message"] = dict(self.message)
            out["location"] = {"vi": self.location, "en": self.location_en}
        return out


@dataclass
class Report:
    path: Path
    doc_type: str | None
    draft: bool
    results: list[RuleResult]
    # a legal normative document (recognised by the year in its number), and its type name
    # when it is not one of the 29 (NGHỊ ĐỊNH, THÔNG TƯ …)
    qppl: bool = False
    normative_type: str | None = None

    @property
    def errors(self) -> list[RuleResult]:
        return [r for r in self.results if r.status == "fail" and r.severity == "E"]

    @property
    def warnings(self) -> list[RuleResult]:
        return [r for r in self.results if r.status == "fail" and r.severity == "W"]

    @property
    def failed_rules(self) -> set[str]:
        return {r.rule_id for r in self.results if r.status == "fail"}

    def status_of(self, rule_id: str) -> Status:
        statuses = {r.status for r in self.results if r.rule_id == rule_id}
        if "fail" in statuses:
            return "fail"
        return "pass" if "pass" in statuses else "na"

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "doc_type": self.doc_type,
            "draft": self.draft,
            "qppl": self.qppl,
            "normative_type": self.normative_type,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "results": [r.to_dict(lang) for r in self.results],
        }

"""ND30 conformance checker (spec §11): ``check_docx(path)`` → :class:`Report`.

Layers, bottom up: ``resolve`` (effective formatting, as Word computes it), ``layout`` (finds
the components wherever they are), ``rules`` (one function per §11 ID, plus U1–U3 for
encoding), ``report``; ``annotate`` writes Word comments and ``command`` is the glue of
``vanban check``.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator import nd30
from generator.check.layout import Layout, Line, find_layout
from generator.check.report import Report, RuleResult
from generator.check.resolve import DocxReadError, load_docx
from generator.check.rules import NA, RULES, Context, Finding

__all__ = ["DocxReadError", "Report", "RuleResult", "RULES", "check_docx", "load_docx"]


def check_docx(path: str | Path, doc_type: str | None = None, draft: bool = False) -> Report:
    """Check one DOCX against every rule of spec §11 (except D1/D2).

    ``doc_type`` is a slug of :data:`generator.nd30.DOC_TYPES`; by default it is recognised
    from the text. Raises :class:`DocxReadError` when the file cannot be read.
    """
    if doc_type is not None and doc_type not in nd30.DOC_TYPES:
        raise ValueError(f"unknown document type {doc_type!r}; one of {sorted(nd30.DOC_TYPES)}")
    doc = load_docx(path)
    lay = find_layout(doc)
    ctx = Context(doc, lay, doc_type or recognise_type(lay), draft)
    results: list[RuleResult] = []
    for spec in RULES.values():
        outcome = spec.func(ctx)
        if outcome is NA:
            results.append(RuleResult(spec.rule_id, "na", spec.severity,
                                      {"vi": f"{spec.title_vi}: không áp dụng.",
                                       "en": f"{spec.title_en}: not applicable."}))
        elif not outcome:
            results.append(RuleResult(spec.rule_id, "pass", spec.severity,
                                      {"vi": f"{spec.title_vi}: đạt.",
                                       "en": f"{spec.title_en}: passes."}))
        else:
            results.extend(_result(spec.rule_id, spec.severity, f) for f in outcome)
    normative = lay.type_name.norm if lay.normative and lay.type_name is not None else None
    return Report(Path(path), ctx.doc_type, draft, results, ctx.qppl, normative)


def _result(rule_id: str, severity: str, f: Finding) -> RuleResult:
    target = f.target
    where_vi, where_en = f.where_vi, f.where_en
    para = target.para if isinstance(target, Line) else target
    if isinstance(target, Line) and where_vi is None:
        where_vi, where_en = target.where("vi"), target.where("en")
    return RuleResult(rule_id, "fail", severity, {"vi": f.vi, "en": f.en}, where_vi, where_en,
                      para)


def recognise_type(lay: Layout) -> str | None:
    """The type slug from the type name line, else from V/v (a công văn), else from the code."""
    if lay.type_slug:
        return lay.type_slug
    if lay.normative:
        return None
    if lay.vv:
        return "cong-van"
    if lay.so is not None:
        m = re.match(r"^Số:?\s*[0-9 ]*/([^-\s]+)-", lay.so.norm)
        if m:
            for slug, t in nd30.DOC_TYPES.items():
                if t.abbreviation == m.group(1):
                    return slug
    if lay.kinh_gui:
        return "cong-van"
    return None

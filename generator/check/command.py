"""``vanban check``: the command's glue (argument handling lives in generator/cli.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from rich.console import Console

from generator.check import check_docx
from generator.check.annotate import annotate as write_annotated
from generator.check.report import Report
from generator.check.resolve import DocxReadError
from generator.paths import os_error_text

EXIT_CLEAN, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2

_T = {
    "vi": {"type": "loại", "unknown": "không nhận ra", "errors": "lỗi", "warnings": "cảnh báo",
           "passed": "đạt", "na": "không áp dụng", "clean": "Đạt: không có lỗi.",
           "unreadable": "Không đọc được", "annotated": "Đã ghi bản có ghi chú",
           "comments": "ghi chú", "draft": "bản dự thảo", "qppl": "quy phạm pháp luật",
           "not_written": "Không ghi được"},
    "en": {"type": "type", "unknown": "not recognised", "errors": "errors",
           "warnings": "warnings", "passed": "passed", "na": "not applicable",
           "clean": "Clean: no errors.", "unreadable": "Cannot read",
           "annotated": "Wrote annotated copy", "comments": "comments", "draft": "draft",
           "qppl": "legal normative",
           "not_written": "Cannot write"},
}


def _annotate_path(target: Path, source: Path, many: bool) -> Path:
    if many or target.is_dir():
        return target / f"{source.stem}.annotated.docx"
    return target


def run_check(files: list[Path], *, as_json: bool = False, doc_type: str | None = None,
              draft: bool = False, annotate: Path | None = None, lang: str = "vi",
              out: TextIO | None = None) -> int:
    """Check each file and print a report: text, or with ``as_json`` a JSON list with one
    object per file. Returns 0 clean (warnings allowed), 1 errors found, 2 a file unreadable.
    With several files, ``annotate`` is a folder receiving ``<name>.annotated.docx``."""
    out = out or sys.stdout
    lang = lang if lang in _T else "vi"
    t = _T[lang]
    status = EXIT_CLEAN
    records: list[dict] = []
    console = _console(out)
    for path in files:
        path = Path(path)
        try:
            report = check_docx(path, doc_type=doc_type, draft=draft)
        except (DocxReadError, RecursionError) as exc:
            if isinstance(exc, RecursionError):  # tables inside tables, hundreds deep
                exc = DocxReadError(f"{path}: cấu trúc lồng quá sâu / nested too deeply",
                                    f"{path}: cấu trúc lồng quá sâu",
                                    f"{path}: nested too deeply")
            status = EXIT_UNREADABLE
            records.append({"file": str(path), "error": exc.message(lang)})
            if not as_json:
                _print(console, out, f"{t['unreadable']} {exc.message(lang)}",
                       style="bold red")
            continue
        if report.errors and status == EXIT_CLEAN:
            status = EXIT_ERRORS
        record = report.to_dict(lang)
        if annotate is not None:
            dest = _annotate_path(annotate, path, len(files) > 1)
            try:
                record["annotated"] = {"path": str(dest),
                                       "comments": write_annotated(report, dest, lang)}
            except (DocxReadError, OSError) as exc:
                status = EXIT_UNREADABLE
                why = exc.message(lang) if isinstance(exc, DocxReadError) \
                    else os_error_text(exc)(lang)
                record["annotated"] = {"error": why}
                if not as_json:
                    _print(console, out, f"{t['not_written']} {dest}: {why}", style="bold red")
        records.append(record)
        if not as_json:
            _print_report(console, out, report, lang, record.get("annotated"))
    if as_json:
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
    return status


def _console(out: TextIO) -> Console | None:
    if not (hasattr(out, "isatty") and out.isatty()):
        return None
    return Console(file=out, highlight=False)


def _print(console: Console | None, out: TextIO, text: str, style: str | None = None) -> None:
    if console is not None:
        console.print(text, style=style, markup=False)
    else:
        out.write(text + "\n")


def _print_report(console: Console | None, out: TextIO, report: Report, lang: str,
                  annotated: dict | None) -> None:
    t = _T[lang]
    kind = report.doc_type or report.normative_type or t["unknown"]
    if report.qppl:
        kind += f", {t['qppl']}"
    draft = f", {t['draft']}" if report.draft else ""
    _print(console, out, f"{report.path} ({t['type']}: {kind}{draft})", style="bold")
    failed = report.errors + report.warnings
    for r in failed:
        where = r.where(lang)
        line = f"  {r.rule_id} [{r.severity}] {r.text(lang)}"
        _print(console, out, line, style="red" if r.severity == "E" else "yellow")
        if where:
            _print(console, out, f"      → {where}", style="dim")
    passed = len({r.rule_id for r in report.results if r.status == "pass"} - report.failed_rules)
    na = len({r.rule_id for r in report.results if r.status == "na"})
    summary = (f"  {len(report.errors)} {t['errors']}, {len(report.warnings)} {t['warnings']}; "
               f"{passed} {t['passed']}, {na} {t['na']}")
    _print(console, out, summary if failed else f"  {t['clean']}{summary[1:]}",
           style="bold green" if not report.errors else "bold")
    if annotated and "path" in annotated:
        _print(console, out, f"  {t['annotated']}: {annotated['path']} "
               f"({annotated['comments']} {t['comments']})")

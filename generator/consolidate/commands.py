"""The ``consolidate`` and ``form`` subcommands (registered by :mod:`generator.cli`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..paths import OutputError, OutputFolder
from ..problems import Problems, Text
from ..usage import workers_arg
from .plan import load_plan
from .status import INVALID, LATE, MISSING, ON_TIME

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _say(text: Text, lang: str, *, err: bool = False) -> None:
    print(text(lang), file=sys.stderr if err else sys.stdout)


def cmd_consolidate(args: argparse.Namespace) -> int:
    from .run import consolidate

    lang = args.lang
    unusable = OutputFolder(args.output).usage_problem()
    if unusable is not None:
        print(unusable.render(lang), file=sys.stderr)
        return EXIT_USAGE
    try:
        result = consolidate(args.plan, args.output, pdf=args.format != "docx",
                             workers=args.workers, lang=lang,
                             templates=[args.templates] if args.templates else [])
    except Problems as exc:  # the plan itself: nothing can be computed
        for problem in exc.items:
            print(problem.render(lang), file=sys.stderr)
        return EXIT_USAGE
    for problem in result.problems:
        print(problem.render(lang), file=sys.stderr)
    report = result.report
    counts = {state: len(report.by_state(state)) for state in (ON_TIME, LATE, MISSING, INVALID)}
    replaced = sum(1 for u in report.units if u.replaced)
    _say(Text(f"Đúng hạn: {counts[ON_TIME]}, trễ hạn: {counts[LATE]}, chưa nộp: "
              f"{counts[MISSING]}, không hợp lệ: {counts[INVALID]}, có bản thay thế: "
              f"{replaced}.",
              f"On time: {counts[ON_TIME]}, late: {counts[LATE]}, missing: {counts[MISSING]}, "
              f"invalid: {counts[INVALID]}, replaced: {replaced}."), lang)
    for state, (vi, en) in ((MISSING, ("Chưa nộp", "Missing")),
                            (INVALID, ("Không hợp lệ", "Invalid"))):
        names = ", ".join(u.name for u in report.by_state(state))
        if names:
            _say(Text(f"  {vi}: {names}.", f"  {en}: {names}."), lang)
    for path in result.outputs:
        _say(Text(f"Đã tạo: {path}", f"Written: {path}"), lang)
    return result.exit_code


def cmd_form(args: argparse.Namespace) -> int:
    from .forms import write_form

    lang = args.lang
    try:
        loaded = load_plan(args.plan)
    except Problems as exc:
        for problem in exc.items:
            print(problem.render(lang), file=sys.stderr)
        return EXIT_USAGE
    folder = OutputFolder(args.output)
    unusable = folder.usage_problem()
    if unusable is not None:
        print(unusable.render(lang), file=sys.stderr)
        return EXIT_USAGE
    status = EXIT_OK
    for unit in loaded.plan.don_vi:
        target = args.output / f"{unit.ma}.xlsx"
        try:
            folder.write(target, write_form(loaded.plan, unit))
        except OutputError as exc:  # that form is reported, the others are still written
            print(exc.problem.render(lang), file=sys.stderr)
            status = EXIT_INVALID
            continue
        _say(Text(f"Đã tạo: {target}", f"Written: {target}"), lang)
    return status


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    consolidate = sub.add_parser("consolidate", parents=[common],
                                 help="tổng hợp các đề án, báo cáo gửi về theo kế hoạch")
    consolidate.add_argument("plan", type=Path, help="thư mục kế hoạch (có plan.yaml)")
    consolidate.add_argument("-o", "--output", type=Path, default=Path("output"),
                             help="thư mục đầu ra (mặc định: output)")
    consolidate.add_argument("--format", choices=("docx", "pdf", "both"), default="both",
                             help="docx: không tạo PDF và hồ sơ PDF; pdf, both: có PDF "
                                  "(DOCX luôn được ghi: là nguồn của PDF và bản sửa được)")
    consolidate.add_argument("--workers", type=workers_arg, default=None,
                             help="số tiến trình LibreOffice (mặc định: số lõi CPU)")
    consolidate.add_argument("--templates", type=Path,
                             help="thư mục mẫu của người dùng (cho 'mau:' trong kế hoạch)")
    consolidate.set_defaults(func=cmd_consolidate)
    form = sub.add_parser("form", parents=[common],
                          help="tạo biểu mẫu XLSX cho từng cơ quan theo kế hoạch")
    form.add_argument("plan", type=Path, help="thư mục kế hoạch (có plan.yaml)")
    form.add_argument("-o", "--output", type=Path, default=Path("output"),
                      help="thư mục đầu ra")
    form.set_defaults(func=cmd_form)

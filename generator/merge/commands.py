"""The ``merge`` and ``merge-worker`` subcommands (registered by :mod:`generator.cli`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.problems import Text
from generator.usage import workers_arg

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _say(text: Text, lang: str, *, err: bool = False) -> None:
    print(text(lang), file=sys.stderr if err else sys.stdout)


def cmd_merge(args: argparse.Namespace) -> int:
    from .numbers import RegisterNumbers
    from .run import MergeOptions, merge
    from .sheet import DataProblem

    lang = args.lang
    if args.templates and not args.templates.is_dir():
        _say(Text(f"Không tìm thấy thư mục mẫu: {args.templates}",
                  f"Templates folder not found: {args.templates}"), lang, err=True)
        return EXIT_USAGE
    if not args.template.is_file():
        _say(Text(f"Không tìm thấy tệp mẫu: {args.template}",
                  f"Template file not found: {args.template}"), lang, err=True)
        return EXIT_USAGE
    from generator.paths import OutputFolder

    unusable = OutputFolder(args.output).usage_problem()  # -o naming a file: usage, exit 2
    if unusable is not None:
        print(unusable.render(lang), file=sys.stderr)
        return EXIT_USAGE
    if bool(args.office) != bool(args.book):
        _say(Text("Cấp số cần cả --office và --book.", "Numbering needs both --office and "
                  "--book."), lang, err=True)
        return EXIT_USAGE
    try:
        numbers = RegisterNumbers(args.office, args.book) if args.office else None
        options = MergeOptions(
            template=args.template, data=args.data, out_dir=args.output, sheet=args.sheet,
            map_file=args.map, columns=args.column or [], name_column=args.name,
            select=args.select, pdf=args.format != "docx", pdfa=args.pdfa,
            workers=args.workers, volume_mb=args.volume_mb, numbers=numbers,
            templates=[args.templates] if args.templates else [], queue=args.queue,
            zip=not args.no_zip)
        result = merge(options)
    except DataProblem as exc:
        print(exc.message(lang), file=sys.stderr)
        return EXIT_USAGE
    for problem in (*result.problems, *result.refused):
        print(problem.render(lang), file=sys.stderr)
    for path in (*result.volumes, result.summary, result.archive):
        if path is not None:
            _say(Text(f"Đã tạo: {path}", f"Written: {path}"), lang)
    _say(Text(f"{result.selected} dòng: đã tạo {result.built + result.reused} văn bản "
              f"({result.reused} có sẵn từ lần chạy trước), {result.invalid} dòng không hợp "
              f"lệ, {result.failed} lỗi khi tạo.",
              f"{result.selected} rows: {result.built + result.reused} documents built "
              f"({result.reused} kept from an earlier run), {result.invalid} invalid rows, "
              f"{result.failed} failed."), lang, err=not result.ok)
    return EXIT_OK if result.ok else EXIT_INVALID


def cmd_merge_worker(args: argparse.Namespace) -> int:
    from generator.cli import Terminated

    from .distributed import QueueUnavailable, run_worker

    try:
        run_worker(args.queue, name=args.name, burst=args.burst)
    except QueueUnavailable as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return EXIT_USAGE
    except Terminated:
        # SIGTERM before RQ took over the signal (it then finishes the job in hand and
        # returns): no job was taken yet, so this is the same clean stop
        return EXIT_OK
    return EXIT_OK


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    merge = sub.add_parser(
        "merge", parents=[common],
        help="trộn thư: một văn bản cho mỗi dòng của bảng tính (XLSX/CSV)")
    merge.add_argument("template", type=Path,
                       help="tệp nội dung có 'mau:' (hoặc một tệp mẫu có 'van_ban:')")
    merge.add_argument("data", type=Path, help="bảng tính .xlsx hoặc .csv, dòng đầu là tiêu đề")
    merge.add_argument("-o", "--output", type=Path, required=True, help="thư mục đầu ra")
    merge.add_argument("--sheet", help="tên trang tính (mặc định: trang đầu)")
    merge.add_argument("--map", type=Path, help="tệp YAML «Tiêu đề cột: ten_bien»")
    merge.add_argument("--column", action="append", metavar="TIÊU_ĐỀ=BIẾN",
                       help="ánh xạ một cột vào một biến (lặp lại được)")
    merge.add_argument("--name", metavar="CỘT", help="cột đặt tên tệp (mặc định: số dòng)")
    merge.add_argument("--select", metavar="CỘT[=GIÁ_TRỊ]",
                       help="chỉ các dòng có ô này khác trống/0/không (hoặc bằng GIÁ_TRỊ)")
    merge.add_argument("--format", choices=("docx", "both"), default="both",
                       help="docx: không tạo PDF (mặc định: both)")
    merge.add_argument("--pdfa", action="store_true", help="PDF/A-2b để lưu trữ")
    merge.add_argument("--workers", type=workers_arg, default=None,
                       help="số tiến trình LibreOffice (mặc định: số nhân CPU)")
    merge.add_argument("--volume-mb", type=float, default=50.0,
                       help="cỡ tối đa một tập bản in gộp, MB (mặc định: 50)")
    merge.add_argument("--no-zip", action="store_true", help="không tạo tệp ZIP")
    merge.add_argument("--office", type=Path, help="thư mục cơ quan, để cấp số từ sổ")
    merge.add_argument("--book", help="mã sổ văn bản cấp số (ví dụ hanh-chinh)")
    merge.add_argument("--templates", type=Path, help="thư mục mẫu của người dùng")
    merge.add_argument("--queue", metavar="URL",
                       help="gửi việc cho các máy trạm qua Redis, ví dụ redis://host:6379/0")
    merge.set_defaults(func=cmd_merge)

    worker = sub.add_parser("merge-worker", parents=[common],
                            help="máy trạm trộn thư: nhận việc từ hàng đợi Redis")
    worker.add_argument("--queue", metavar="URL", required=True,
                        help="địa chỉ Redis, ví dụ redis://host:6379/0")
    worker.add_argument("--name", help="tên máy trạm (mặc định: máy-pid)")
    worker.add_argument("--burst", action="store_true",
                        help="thoát khi hàng đợi trống")
    worker.set_defaults(func=cmd_merge_worker)

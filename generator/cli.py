"""The ``vanban`` command (contracts: shared/DESIGN.md)."""

from __future__ import annotations

import argparse
import errno
import json
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .build import build_one, convert_pdfs, discover, retried_text
from .paths import OutputFolder, input_problem, os_error_text, write_problem
from .problems import Problem, Problems, Text
from .usage import UsageParser, argparse_language, lang_of, said, workers_arg

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _say(text: Text, lang: str, *, err: bool = False) -> None:
    print(text(lang), file=sys.stderr if err else sys.stdout)


def _report(problems: Sequence[Problem], lang: str) -> None:
    for problem in problems:
        print(problem.render(lang), file=sys.stderr)


def cmd_build(args: argparse.Namespace, *, write: bool = True) -> int:
    lang = args.lang
    try:
        sources = list(discover(args.paths))
    except Problems as exc:
        _report(exc.items, lang)
        return EXIT_USAGE
    if not sources:
        given = ", ".join(str(p) for p in args.paths)
        _say(Text(f"Không có tệp nội dung (.yaml) nào trong {given}.",
                  f"No content file (.yaml) in {given}."), lang, err=True)
        return EXIT_USAGE
    if write:
        unusable = OutputFolder(args.output).usage_problem()
        if unusable is not None:
            _report([unusable], lang)
            return EXIT_USAGE
    templates = [args.templates] if args.templates else []
    if args.templates and not args.templates.is_dir():
        _say(Text(f"Không tìm thấy thư mục mẫu: {args.templates}",
                  f"Templates folder not found: {args.templates}"), lang, err=True)
        return EXIT_USAGE
    out_dir = args.output if write else None
    outcomes = [build_one(source, out_dir, templates) for source in sources]
    retried = None
    if write and args.format in ("pdf", "both"):
        retried = retried_text(convert_pdfs(outcomes, pdfa=args.pdfa, workers=args.workers))
        if args.prepare_sign:
            from .signing.commands import prepare_outcomes

            prepare_outcomes(outcomes)
    failed = 0
    for outcome in outcomes:
        _report(outcome.problems, lang)
        if not outcome.ok:
            failed += 1
            continue
        for path in outcome.outputs:
            _say(Text(f"Đã tạo: {path}", f"Written: {path}"), lang)
        if not write:
            _say(Text(f"Hợp lệ: {outcome.source.path}", f"Valid: {outcome.source.path}"), lang)
    done = len(sources) - failed
    if retried is not None:
        _say(retried, lang, err=True)
    verb = ("Đã dựng", "Built") if write else ("Hợp lệ", "Valid")
    _say(Text(f"{verb[0]} {done}/{len(sources)} văn bản.",
              f"{verb[1]}: {done} of {len(sources)} documents."), lang,
         err=bool(failed))
    return EXIT_INVALID if failed else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from . import nd30
    from .check.command import run_check

    if args.type is not None and args.type not in nd30.DOC_TYPES:
        known = ", ".join(nd30.DOC_TYPES)
        _say(Text(f"Không có loại văn bản «{args.type}» (--type). Các loại: {known}.",
                  f"No document type '{args.type}' (--type). Types: {known}."), args.lang,
             err=True)
        return EXIT_USAGE

    return run_check(args.files, as_json=args.json, doc_type=args.type, draft=args.draft,
                     annotate=args.annotate, lang=args.lang)


def cmd_copy(args: argparse.Namespace) -> int:
    """Mẫu 3.2: a scanned original → an electronic copy with its signature text; signed by
    the office when a key is given (generator.signing), else unsigned with a warning."""
    import datetime as dt

    if args.p12 or args.pkcs11_module or args.office:
        from .signing.commands import signed_copy

        return signed_copy(args)

    from .pdf import LibreOfficeMissing
    from .pdf.ecopy import EcopyProblem, make_ecopy

    try:
        when = dt.datetime.fromisoformat(args.time) if args.time else dt.datetime.now()
    except ValueError:
        _say(Text(f"Thời điểm '{args.time}' không đúng dạng 2017-12-08T09:15:30.",
                  f"Time '{args.time}' is not of the form 2017-12-08T09:15:30."), args.lang,
             err=True)
        return EXIT_USAGE
    usage = _copy_usage(args)
    if usage is not None:
        _say(usage, args.lang, err=True)
        return EXIT_USAGE
    try:
        result = make_ecopy(args.scan, args.output, form=args.form, copier=args.by.strip(),
                            when=when)
    except EcopyProblem as exc:
        _say(exc.message, args.lang, err=True)
        return EXIT_INVALID
    except OSError as exc:  # writing the copy: disk full, read-only …
        why = os_error_text(exc)
        _say(Text(f"Không ghi được {args.output}: {why.vi}.",
                  f"Cannot write {args.output}: {why.en}."), args.lang, err=True)
        return EXIT_INVALID
    except LibreOfficeMissing as exc:
        print(exc.message_en if args.lang == "en" else exc.message_vi, file=sys.stderr)
        return EXIT_INVALID
    for warning in [*result.warnings, Text(
            "bản sao chưa được ký số (cho --p12 hoặc --pkcs11-module để cơ quan ký số).",
            "the copy is not digitally signed (give --p12 or --pkcs11-module to sign it).")]:
        _say(Text("Cảnh báo: " + warning.vi, "Warning: " + warning.en), args.lang, err=True)
    _say(Text(f"Đã tạo: {result.output} ({result.stamp})",
              f"Written: {result.output} ({result.stamp})"), args.lang)
    return EXIT_OK


def _copy_usage(args: argparse.Namespace) -> Text | None:
    """What is wrong with ``copy``'s arguments themselves (a usage error: exit 2)."""
    if not args.by.strip():
        return Text("--by không được để trống: ghi tên cơ quan thực hiện sao, ví dụ "
                    "\"Sở Nội vụ tỉnh Lạng Sơn\".", "--by must not be empty: give the copying "
                    "body, e.g. \"Sở Nội vụ tỉnh Lạng Sơn\".")
    if not os.path.lexists(args.scan):
        return Text(f"Không tìm thấy bản quét {args.scan}.", f"Scan {args.scan} not found.")
    why = input_problem(args.scan)
    if why is not None:
        return Text(f"Không đọc được bản quét {args.scan}: {why.vi}.",
                    f"Cannot read the scan {args.scan}: {why.en}.")
    if args.output.is_dir():
        return Text(f"-o {args.output} là một thư mục; hãy ghi tên tệp PDF bản sao.",
                    f"-o {args.output} is a folder; name the copy's PDF file.")
    return None


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """``vanban new <type>``: a commented starter file that validates and builds."""
    from . import nd30
    from .starter import starter_yaml

    slug = args.type.strip().lower()
    if slug not in nd30.DOC_TYPES:
        known = ", ".join(nd30.DOC_TYPES)
        _say(Text(f"Không có loại văn bản «{args.type}». Các loại: {known}.",
                  f"No document type '{args.type}'. Types: {known}."), args.lang, err=True)
        return EXIT_USAGE
    text = starter_yaml(slug)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    if args.output.exists() and not args.force:
        _say(Text(f"Tệp {args.output} đã có; thêm --force để ghi đè.",
                  f"{args.output} exists; add --force to overwrite it."), args.lang, err=True)
        return EXIT_USAGE
    from .build import write_atomic

    try:
        write_atomic(args.output, text.encode("utf-8"))
    except OSError as exc:
        _report([write_problem(args.output, exc)], args.lang)
        return EXIT_INVALID
    _say(Text(f"Đã tạo: {args.output}", f"Written: {args.output}"), args.lang)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand's own --lang default must not undo `vanban --lang en build …`
    common.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS,
                        help="ngôn ngữ thông báo / message language (mặc định: vi)")
    parser = UsageParser(
        prog="vanban", parents=[common],
        description="Văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ nội dung YAML.")
    parser.add_argument("--version", action="version", version=f"vanban {__version__}",
                        help=said("in số phiên bản rồi thoát",
                                  "show program's version number and exit"))
    sub = parser.add_subparsers(dest="command", required=True, metavar=said("lệnh", "command"))

    build = sub.add_parser("build", parents=[common], help="dựng DOCX (và PDF) từ tệp YAML")
    build.add_argument("paths", nargs="+", type=Path, help="tệp hoặc thư mục nội dung")
    build.add_argument("-o", "--output", type=Path, default=Path("output"),
                       help="thư mục đầu ra (mặc định: output)")
    build.add_argument("--format", choices=("docx", "pdf", "both"), default="both",
                       help="định dạng đầu ra (mặc định: both; pdf vẫn ghi DOCX bên cạnh)")
    build.add_argument("--pdfa", action="store_true", help="PDF/A-2b để lưu trữ")
    build.add_argument("--workers", type=workers_arg, default=None,
                       help="số tiến trình LibreOffice (mặc định: số nhân CPU)")
    build.add_argument("--templates", type=Path, help="thư mục mẫu của người dùng")
    build.add_argument("--prepare-sign", action="store_true",
                       help="PDF có sẵn trường chữ ký (lãnh đạo, cơ quan) và, với dự thảo, "
                            "trường số và ngày để ký số")
    build.set_defaults(func=cmd_build, prepare_sign=False)

    validate = sub.add_parser("validate", parents=[common],
                              help="kiểm tra nội dung, không ghi gì")
    validate.add_argument("paths", nargs="+", type=Path)
    validate.add_argument("--templates", type=Path)
    validate.set_defaults(func=lambda a: cmd_build(a, write=False))

    check = sub.add_parser("check", parents=[common],
                           help="đối chiếu tệp DOCX bất kỳ với Nghị định 30")
    check.add_argument("files", nargs="+", type=Path, help="tệp DOCX")
    check.add_argument("--json", action="store_true", help="kết quả dạng JSON")
    check.add_argument("--type", help="loại văn bản (mặc định: nhận từ nội dung), ví dụ cong-van")
    check.add_argument("--draft", action="store_true",
                       help="chấp nhận số và ngày để trống (bản in để ký)")
    check.add_argument("--annotate", type=Path, metavar="OUT",
                       help="ghi bản sao có chú thích (comment) Word tại từng lỗi")
    check.set_defaults(func=cmd_check)

    new = sub.add_parser("new", parents=[common],
                         help="tạo tệp YAML mẫu có chú thích cho một loại văn bản")
    new.add_argument("type", help="loại văn bản: cong-van, quyet-dinh, giay-moi, …")
    new.add_argument("-o", "--output", type=Path, help="tệp cần ghi (mặc định: in ra màn hình)")
    new.add_argument("--force", action="store_true", help="ghi đè tệp đã có")
    new.set_defaults(func=cmd_new)

    copy = sub.add_parser("copy", parents=[common],
                          help="bản sao điện tử (Mẫu 3.2) từ bản quét PDF")
    copy.add_argument("scan", type=Path, help="bản quét PDF của bản gốc giấy")
    copy.add_argument("-o", "--output", type=Path, required=True, help="tệp PDF bản sao")
    copy.add_argument("--form", choices=("sao-y", "sao-luc", "trich-sao"), default="sao-y",
                      help="hình thức sao (mặc định: sao-y)")
    copy.add_argument("--by", required=True, help="cơ quan thực hiện sao, ví dụ "
                                                  "\"Sở Nội vụ tỉnh Lạng Sơn\"")
    copy.add_argument("--time", help="thời điểm ký số, ví dụ 2017-12-08T09:15:30 "
                                     "(mặc định: bây giờ, giờ Việt Nam)")
    from .signing.commands import add_copy_key_options

    add_copy_key_options(copy)
    copy.set_defaults(func=cmd_copy)

    schema = sub.add_parser("schema", parents=[common], help="in JSON Schema của nội dung")
    schema.set_defaults(func=cmd_schema)

    from .consolidate.commands import add_commands  # consolidate, form

    add_commands(sub, common)
    from .signing.commands import add_commands as add_signing  # sign, seal, verify

    add_signing(sub, common)
    from .web.commands import add_parsers as add_web_commands  # serve, user

    add_web_commands(sub, common)
    from .register.commands import add_commands as add_register_commands  # issue, register …

    add_register_commands(sub, common)
    from .merge.commands import add_commands as add_merge_commands  # merge, merge-worker

    add_merge_commands(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    UsageParser.lang = lang_of(sys.argv[1:] if argv is None else argv)
    try:
        with argparse_language(UsageParser.lang):  # argparse's own texts: Vietnamese
            args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not hasattr(args, "lang"):  # (not a default on the shared --lang: see build_parser)
        args.lang = "vi"
    from .tempdirs import sweep_stale

    sweep_stale()  # temporary folders of runs a SIGKILL ended (a live run's are kept)
    import logging
    import warnings

    for library in ("pypdf", "PyPDF2"):  # its English warnings ("invalid pdf header"): our
        logging.getLogger(library).setLevel(logging.CRITICAL)  # messages say what matters
    # openpyxl's, for a sheet from outside ("Cell C8 is marked as a date but the serial value
    # 40000000 is outside the limits for dates"): the cell's own message says it in Vietnamese
    warnings.filterwarnings("ignore", module=r"openpyxl(\.|$)")
    previous = _stop_on_sigterm()
    try:
        return args.func(args)
    except KeyboardInterrupt:
        _say(Text("Đã dừng.", "Interrupted."), args.lang, err=True)
        return 130
    except Terminated:
        _say(Text("Đã dừng (SIGTERM).", "Terminated (SIGTERM)."), args.lang, err=True)
        return 128 + signal.SIGTERM
    except OSError as exc:  # a write or read no command foresaw: said, never a traceback
        return _os_error(exc, args.lang)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _os_error(exc: OSError, lang: str) -> int:
    """An operating-system error that reached ``main``: the file and the reason in
    Vietnamese; a folder where a file is to be written (``-o`` naming a folder) is a usage
    error (exit 2), anything else exit 1."""
    from .paths import os_error_text

    where = exc.filename if exc.filename is not None else ""
    if exc.errno == errno.EISDIR:
        _say(Text(f"{where} là một thư mục, không phải tệp: hãy ghi tên tệp (-o).",
                  f"{where} is a folder, not a file: name a file (-o)."), lang, err=True)
        return 2
    why = os_error_text(exc)
    _say(Text(f"Lỗi: không đọc/ghi được {where}: {why.vi}.",
              f"Error: cannot read/write {where}: {why.en}."), lang, err=True)
    return 1


class Terminated(BaseException):  # noqa: N818 (a signal, like KeyboardInterrupt)
    """SIGTERM, raised in the main thread so that every ``finally`` and ``with`` runs: the
    LibreOffice pool stops its workers and removes its temporary folder."""


def _stop_on_sigterm() -> signal.Handlers | None:
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: cleaning up must not be cut
        raise Terminated

    return signal.signal(signal.SIGTERM, stop)  # type: ignore[return-value]


if __name__ == "__main__":  # pragma: no cover - python -m generator.cli
    sys.exit(main())

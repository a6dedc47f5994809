"""The văn thư's subcommands: office init, issue, reserve, release, close-year, register,
receive, metadata, edxml (registered by :mod:`generator.cli`)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..number_words import ValueProblem
from ..problems import Problems, Text
from ..vietnamese import number_text, parse_date, short_date
from .errors import RegisterError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _say(text: Text, lang: str, *, err: bool = False) -> None:
    print(text(lang), file=sys.stderr if err else sys.stdout)


def _date(value: str) -> dt.date:
    try:
        return parse_date(value)
    except ValueProblem as exc:
        raise argparse.ArgumentTypeError(exc.message_vi) from None


def guarded(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Run a command: office.yaml problems and register errors become messages, exit 1."""
    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except Problems as exc:
            for problem in exc.items:
                print(problem.render(args.lang), file=sys.stderr)
            return EXIT_INVALID
        except RegisterError as exc:
            print(exc.render(args.lang), file=sys.stderr)
            return EXIT_INVALID
    return run


def _open(args: argparse.Namespace) -> Any:
    from .office import Office

    return Office.open(args.office, user=args.user)


def cmd_office_init(args: argparse.Namespace) -> int:
    from .starter import init_office

    target = init_office(args.folder, force=args.force)
    _say(Text(f"Đã tạo: {target}", f"Written: {target}"), args.lang)
    return EXIT_OK


def cmd_office_check(args: argparse.Namespace) -> int:
    with _open(args) as office:
        books = ", ".join(b.ma for b in office.config.so_van_ban)
        _say(Text(f"Hợp lệ: {office.folder / 'office.yaml'} (sổ: {books}; cơ sở dữ liệu: "
                  f"{office.where})", f"Valid: {office.folder / 'office.yaml'} (books: "
                  f"{books}; database: {office.where})"), args.lang)
    return EXIT_OK


def cmd_issue(args: argparse.Namespace) -> int:
    if not os.path.lexists(args.draft):  # a FIFO or folder: said by the reader
        _say(Text(f"Không tìm thấy tệp: {args.draft}", f"No such file: {args.draft}"),
             args.lang, err=True)
        return EXIT_USAGE
    with _open(args) as office:
        issued = office.issue(args.draft, date=args.date, book=args.book, number=args.so,
                              pdf=args.format != "docx")
    note = Text(" (tiếp tục số đã giữ cho bản thảo này)",
                " (the number this draft held from an earlier try)") if issued.resumed \
        else Text("", "")
    _say(Text(f"Đã cấp số {issued.number_and_code} ngày {short_date(issued.date)}, sổ "
              f"'{issued.allocation.book}'{note.vi}.",
              f"Issued {issued.number_and_code} of {issued.date.isoformat()}, book "
              f"'{issued.allocation.book}'{note.en}."), args.lang)
    for path in (issued.yaml, issued.docx, issued.pdf):
        if path is not None:
            _say(Text(f"Đã tạo: {path}", f"Written: {path}"), args.lang)
    return EXIT_OK


def cmd_reserve(args: argparse.Namespace) -> int:
    with _open(args) as office:
        held = office.reserve(args.book, args.date or dt.date.today(),
                              args.holder or office.user)
    _say(Text(f"Đã giữ số {number_text(held.number)} của sổ '{held.book}' năm {held.year} "
              f"cho {held.holder}.", f"Reserved number {number_text(held.number)} of book "
              f"'{held.book}' in {held.year} for {held.holder}."), args.lang)
    return EXIT_OK


def cmd_release(args: argparse.Namespace) -> int:
    year = args.year or dt.date.today().year
    with _open(args) as office:
        office.release(args.book, args.number, year=year, reason=args.reason)
    _say(Text(f"Đã hủy số {number_text(args.number)} của sổ '{args.book}' năm {year} "
              f"(lý do: {args.reason}); số này để trống trong sổ.",
              f"Released number {number_text(args.number)} of book '{args.book}' in {year} "
              f"(reason: {args.reason}); it stays a recorded gap."), args.lang)
    return EXIT_OK


def cmd_close_year(args: argparse.Namespace) -> int:
    with _open(args) as office:
        office.close_year(args.year)
    _say(Text(f"Đã khóa sổ năm {args.year}.", f"The year {args.year} is closed."), args.lang)
    return EXIT_OK


def cmd_register_list(args: argparse.Namespace) -> int:
    first, last = _range(args.numbers)
    with _open(args) as office:
        rows = office.search(book=args.book, year=args.year, first=first, last=last,
                             date_from=args.date_from, date_to=args.date_to, loai=args.type,
                             signer=args.signer, words=args.words, recipient=args.recipient,
                             status=None if args.all else "cap")
    for row in rows:
        status = {"cap": "", "giu": " [đang giữ]", "huy": f" [đã hủy: {row.ly_do}]"}
        print(f"{row.so_sach}\t{row.so_ky_hieu or number_text(row.so)}\t"
              f"{short_date(row.ngay)}\t{row.ten_loai or ''}\t{row.trich_yeu or ''}\t"
              f"{row.nguoi_ky or row.nguoi_giu}{status[row.trang_thai]}")
    _say(Text(f"{len(rows)} văn bản.", f"{len(rows)} documents."), args.lang, err=True)
    return EXIT_OK


def _range(text: str | None) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    low, dash, high = text.partition("-")
    try:
        first = int(low) if low else None
        return first, int(high) if high else (None if dash else first)
    except ValueError:
        raise RegisterError(Text(f"Khoảng số '{text}' phải có dạng 1-50.",
                                 f"The number range '{text}' must look like 1-50.")) from None


def _add_office(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--office", type=Path, default=None,
                        help="thư mục cơ quan (mặc định: biến môi trường VANBAN_OFFICE)")
    parser.add_argument("--user", default=None,
                        help="người thực hiện, ghi vào nhật ký (mặc định: tài khoản hệ thống)")


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--book", help="mã sổ")
    parser.add_argument("--year", type=int, help="năm")
    parser.add_argument("--numbers", help="khoảng số, ví dụ 1-50")
    parser.add_argument("--from", dest="date_from", type=_date, help="từ ngày")
    parser.add_argument("--to", dest="date_to", type=_date, help="đến ngày")
    parser.add_argument("--type", help="loại văn bản, ví dụ cong-van")
    parser.add_argument("--signer", help="người ký (một phần họ tên)")
    parser.add_argument("--words", help="các từ trong trích yếu")
    parser.add_argument("--recipient", help="nơi nhận (một phần tên)")


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    office = sub.add_parser("office", parents=[common], help="thư mục cơ quan (office.yaml)")
    office_sub = office.add_subparsers(dest="office_command", required=True)
    init = office_sub.add_parser("init", parents=[common],
                                 help="tạo office.yaml mẫu có chú thích và các thư mục")
    init.add_argument("folder", type=Path)
    init.add_argument("--force", action="store_true", help="ghi đè office.yaml đã có")
    init.set_defaults(func=guarded(cmd_office_init))
    check = office_sub.add_parser("check", parents=[common],
                                  help="kiểm tra office.yaml và mở cơ sở dữ liệu")
    _add_office(check)
    check.set_defaults(func=guarded(cmd_office_check))

    issue = sub.add_parser("issue", parents=[common],
                           help="cấp số, ngày cho bản thảo; ghi YAML, DOCX, PDF và vào sổ")
    issue.add_argument("draft", type=Path, help="bản thảo (chua_cap_so: true)")
    _add_office(issue)
    issue.add_argument("--date", type=_date, help="ngày ban hành (mặc định: hôm nay)")
    issue.add_argument("--book", help="mã sổ (mặc định: theo loại văn bản)")
    issue.add_argument("--so", type=int, help="dùng số đã giữ trước (vanban reserve)")
    issue.add_argument("--format", choices=("docx", "both"), default="both",
                       help="both: DOCX và PDF (mặc định); docx: không tạo PDF")
    issue.set_defaults(func=guarded(cmd_issue))

    reserve = sub.add_parser("reserve", parents=[common], help="giữ trước số tiếp theo của sổ")
    _add_office(reserve)
    reserve.add_argument("--book", required=True, help="mã sổ")
    reserve.add_argument("--date", type=_date, help="ngày (mặc định: hôm nay)")
    reserve.add_argument("--for", dest="holder", help="giữ cho ai / việc gì")
    reserve.set_defaults(func=guarded(cmd_reserve))

    release = sub.add_parser("release", parents=[common],
                             help="hủy số đã giữ (số để trống, ghi lý do)")
    release.add_argument("number", type=int)
    _add_office(release)
    release.add_argument("--book", required=True)
    release.add_argument("--year", type=int, help="năm (mặc định: năm nay)")
    release.add_argument("--reason", required=True, help="lý do hủy")
    release.set_defaults(func=guarded(cmd_release))

    close = sub.add_parser("close-year", parents=[common],
                           help="khóa sổ một năm: không cấp số vào năm đó nữa")
    close.add_argument("year", type=int)
    _add_office(close)
    close.set_defaults(func=guarded(cmd_close_year))

    register = sub.add_parser("register", parents=[common],
                              help="sổ đăng ký: liệt kê, tìm, in, xuất XLSX, báo cáo")
    register_sub = register.add_subparsers(dest="register_command", required=True)
    listing = register_sub.add_parser("list", parents=[common],
                                      help="liệt kê, tìm văn bản đi trong sổ")
    _add_office(listing)
    _add_filters(listing)
    listing.add_argument("--all", action="store_true", help="cả số đang giữ và số đã hủy")
    listing.set_defaults(func=guarded(cmd_register_list))
    add_more_commands(sub, register_sub, common)


def _formats(text: str) -> list[str]:
    chosen = [f.strip() for f in text.split(",") if f.strip()]
    bad = [f for f in chosen if f not in ("docx", "pdf", "xlsx")]
    if bad or not chosen:
        raise argparse.ArgumentTypeError(f"định dạng không hợp lệ: {text} (docx,pdf,xlsx)")
    return chosen


def cmd_register_print(args: argparse.Namespace) -> int:
    from ..paths import OutputFolder

    unusable = OutputFolder(args.output).usage_problem() if args.output else None
    if unusable is not None:  # -o naming a file: a usage error, as for every command
        print(unusable.render(args.lang), file=sys.stderr)
        return EXIT_USAGE
    first, last = _range(args.numbers)
    with _open(args) as office:
        written = office.print_register(
            args.kind, year=args.year or dt.date.today().year, book=args.book,
            out_dir=args.output, formats=args.format, first=first, last=last,
            date_from=args.date_from, date_to=args.date_to, volume=args.volume)
    for path in written:
        _say(Text(f"Đã tạo: {path}", f"Written: {path}"), args.lang)
    return EXIT_OK


def cmd_register_export(args: argparse.Namespace) -> int:
    from .printing import export_rows

    first, last = _range(args.numbers)
    year = args.year or dt.date.today().year
    with _open(args) as office:
        rows = office.search(book=args.book, year=year, first=first, last=last,
                             date_from=args.date_from, date_to=args.date_to, loai=args.type,
                             signer=args.signer, words=args.words, recipient=args.recipient)
        target = args.output or office.folder / "registers" / f"tim-kiem-{year}.xlsx"
        export_rows(office, rows, year, target)
    _say(Text(f"Đã tạo: {target} ({len(rows)} văn bản)",
              f"Written: {target} ({len(rows)} documents)"), args.lang)
    return EXIT_OK


def cmd_register_report(args: argparse.Namespace) -> int:
    from ..files import write_atomic
    from .printing import report_xlsx, yearly_report

    year = args.year or dt.date.today().year
    with _open(args) as office:
        counts = yearly_report(office, year)
        target = args.output or office.folder / "registers" / f"bao-cao-{year}.xlsx"
        write_atomic(target, report_xlsx(office, year, counts))
    for name, count in counts:
        print(f"{name}\t{count}")
    print(f"{'Tổng cộng' if args.lang != 'en' else 'Total'}\t{sum(c for _, c in counts)}")
    _say(Text(f"Đã tạo: {target}", f"Written: {target}"), args.lang)
    return EXIT_OK


def _write_docx_pdf(office: Any, data: bytes, target: Path, pdf: bool, lang: str) -> None:
    from ..files import write_atomic

    write_atomic(target, data)
    _say(Text(f"Đã tạo: {target}", f"Written: {target}"), lang)
    if pdf:
        from ..pdf import PdfJob

        result = office.converter().convert([PdfJob(target, target.with_suffix(".pdf"))])[0]
        if not result.ok:
            raise RegisterError(Text(f"Không tạo được PDF: {result.error}",
                                     f"Could not make the PDF: {result.error_en}"))
        _say(Text(f"Đã tạo: {target.with_suffix('.pdf')}",
                  f"Written: {target.with_suffix('.pdf')}"), lang)


def cmd_register_envelope(args: argparse.Namespace) -> int:
    from .sheets import envelope_docx

    with _open(args) as office:
        recipients = args.to
        if not recipients:
            found = [r for r in office.numbers() if r.so_ky_hieu == args.number_and_code]
            recipients = found[0].noi_nhan.split("; ") if found and found[0].noi_nhan else []
        target = args.output or office.folder / "registers" / \
            f"bi-{args.number_and_code.replace('/', '-')}.docx"
        _write_docx_pdf(office, envelope_docx(office.config, args.number_and_code,
                                              recipients), target, args.pdf, args.lang)
    return EXIT_OK


def cmd_register_stamp(args: argparse.Namespace) -> int:
    from .sheets import stamp_form_docx

    with _open(args) as office:
        target = args.output or office.folder / "registers" / "dau-den.docx"
        _write_docx_pdf(office, stamp_form_docx(office.config), target, args.pdf, args.lang)
    return EXIT_OK


def cmd_register_slip(args: argparse.Namespace) -> int:
    from .sheets import slip_docx

    year = args.year or dt.date.today().year
    with _open(args) as office:
        items = office.incoming(year=year, first=args.number, last=args.number)
        if not items:
            raise RegisterError(Text(f"Sổ văn bản đến năm {year} không có số đến "
                                     f"{number_text(args.number)}.", f"No incoming number "
                                     f"{number_text(args.number)} in {year}."))
        target = args.output or office.folder / "registers" / \
            f"phieu-giai-quyet-{year}-{number_text(args.number)}.docx"
        _write_docx_pdf(office, slip_docx(office.config, items[0]), target, args.pdf,
                        args.lang)
    return EXIT_OK


def cmd_receive(args: argparse.Namespace) -> int:
    if not os.path.lexists(args.file):  # a missing file is a usage error, as for issue
        _say(Text(f"Không tìm thấy tệp: {args.file}", f"No such file: {args.file}"),
             args.lang, err=True)
        return EXIT_USAGE
    given = {"so_ky_hieu": args.so_ky_hieu, "tac_gia": args.tac_gia,
             "ngay_van_ban": args.ngay_van_ban, "ten_loai": args.ten_loai,
             "trich_yeu": args.trich_yeu, "don_vi_nhan": args.to,
             "han_giai_quyet": args.deadline, "ghi_chu": args.note}
    with _open(args) as office:
        got = office.receive(args.file, date=args.date, fields=given, stamp=not args.no_stamp)
    f = got.fields
    _say(Text(f"Đã vào sổ đến số {number_text(got.number)} ngày {short_date(got.date)}: "
              f"{f.get('ten_loai') or ''} {f['so_ky_hieu']} của {f['tac_gia']}.",
              f"Registered as incoming number {number_text(got.number)} of "
              f"{got.date.isoformat()}: {f.get('ten_loai') or ''} {f['so_ky_hieu']} from "
              f"{f['tac_gia']}."), args.lang)
    if got.signatures:
        _say(Text(f"Chữ ký số: {got.signatures}", f"Signatures: {got.signatures}"), args.lang)
    for path in (got.stored, got.stamped):
        if path is not None:
            _say(Text(f"Đã tạo: {path}", f"Written: {path}"), args.lang)
    return EXIT_OK


def cmd_metadata(args: argparse.Namespace) -> int:
    from ..files import write_atomic
    from .metadata import metadata_json, metadata_xml

    with _open(args) as office:
        data = office.metadata(args.issued, file_notation=args.ho_so, due=args.due)
    base = args.output or args.issued.with_suffix("")
    for kind in args.format.split(","):
        target = Path(f"{base}.metadata.{kind}")
        write_atomic(target, metadata_json(data) if kind == "json" else metadata_xml(data))
        _say(Text(f"Đã tạo: {target}", f"Written: {target}"), args.lang)
    return EXIT_OK


def cmd_edxml(args: argparse.Namespace) -> int:
    from ..files import write_atomic
    from .metadata import validate_edxml

    to = []
    for item in args.to:
        organ_id, _, name = item.partition("=")
        to.append((organ_id.strip(), name.strip() or organ_id.strip()))
    with _open(args) as office:
        package = office.edxml(args.issued, to)
    errors = validate_edxml(package)
    if errors:
        raise RegisterError(Text("Gói edXML không đúng lược đồ: " + "; ".join(errors[:3]),
                                 "The edXML package fails the schema: " + "; ".join(errors[:3])))
    target = args.output or Path(f"{args.issued.with_suffix('')}.edxml")
    write_atomic(target, package)
    _say(Text(f"Đã tạo: {target}", f"Written: {target}"), args.lang)
    return EXIT_OK


def add_more_commands(sub: argparse._SubParsersAction, register_sub: argparse._SubParsersAction,
                      common: argparse.ArgumentParser) -> None:
    from .forms import FORMS

    printing = register_sub.add_parser("print", parents=[common],
                                       help="in sổ (Phụ lục IV) ra DOCX, PDF, XLSX")
    printing.add_argument("kind", choices=list(FORMS),
                          help="di: sổ đi (I); buu-dien (III); ban-luu (IV); den: sổ đến (VI); "
                               "theo-doi: theo dõi giải quyết (VIII)")
    _add_office(printing)
    printing.add_argument("--book", help="mã sổ (sổ đi; mặc định: mọi sổ)")
    printing.add_argument("--year", type=int, help="năm (mặc định: năm nay)")
    printing.add_argument("--numbers", help="khoảng số, ví dụ 1-50")
    printing.add_argument("--from", dest="date_from", type=_date, help="từ ngày")
    printing.add_argument("--to", dest="date_to", type=_date, help="đến ngày")
    printing.add_argument("--format", type=_formats, default=["docx", "pdf", "xlsx"],
                          help="docx,pdf,xlsx (mặc định: cả ba)")
    printing.add_argument("--volume", type=int, default=1, help="quyển số")
    printing.add_argument("-o", "--output", type=Path, help="thư mục (mặc định: registers/)")
    printing.set_defaults(func=guarded(cmd_register_print))

    export = register_sub.add_parser("export", parents=[common],
                                     help="xuất kết quả tìm kiếm ra XLSX")
    _add_office(export)
    _add_filters(export)
    export.add_argument("-o", "--output", type=Path, help="tệp XLSX")
    export.set_defaults(func=guarded(cmd_register_export))

    report = register_sub.add_parser("report", parents=[common],
                                     help="báo cáo số văn bản ban hành trong năm theo loại")
    _add_office(report)
    report.add_argument("--year", type=int)
    report.add_argument("-o", "--output", type=Path, help="tệp XLSX")
    report.set_defaults(func=guarded(cmd_register_report))

    envelope = register_sub.add_parser("envelope", parents=[common],
                                       help="in bì văn bản (Phụ lục IV II)")
    envelope.add_argument("number_and_code", help="số, ký hiệu, ví dụ 05/SNV-TCBM")
    _add_office(envelope)
    envelope.add_argument("--to", action="append", help="nơi nhận (mặc định: theo sổ)")
    envelope.add_argument("--pdf", action="store_true", help="tạo cả PDF")
    envelope.add_argument("-o", "--output", type=Path, help="tệp DOCX")
    envelope.set_defaults(func=guarded(cmd_register_envelope))

    stamp = register_sub.add_parser("stamp", parents=[common],
                                    help="mẫu dấu ĐẾN 35 × 50 mm (Phụ lục IV V)")
    _add_office(stamp)
    stamp.add_argument("--pdf", action="store_true")
    stamp.add_argument("-o", "--output", type=Path)
    stamp.set_defaults(func=guarded(cmd_register_stamp))

    slip = register_sub.add_parser("slip", parents=[common],
                                   help="phiếu giải quyết văn bản đến (Phụ lục IV VII)")
    slip.add_argument("number", type=int, help="số đến")
    _add_office(slip)
    slip.add_argument("--year", type=int)
    slip.add_argument("--pdf", action="store_true")
    slip.add_argument("-o", "--output", type=Path)
    slip.set_defaults(func=guarded(cmd_register_slip))

    receive = sub.add_parser("receive", parents=[common],
                             help="vào sổ văn bản đến (số đến, dấu ĐẾN trên bản sao)")
    receive.add_argument("file", type=Path, help="văn bản đến: PDF hoặc DOCX")
    _add_office(receive)
    receive.add_argument("--date", type=_date, help="ngày đến (mặc định: hôm nay)")
    receive.add_argument("--so-ky-hieu", help="số, ký hiệu văn bản, ví dụ 05/SNV-TCBM")
    receive.add_argument("--tac-gia", help="cơ quan ban hành")
    receive.add_argument("--ngay-van-ban", type=_date, help="ngày tháng văn bản")
    receive.add_argument("--ten-loai", help="tên loại, ví dụ Công văn")
    receive.add_argument("--trich-yeu", help="trích yếu nội dung")
    receive.add_argument("--to", help="đơn vị hoặc người nhận")
    receive.add_argument("--deadline", type=_date, help="thời hạn giải quyết")
    receive.add_argument("--note", help="ghi chú")
    receive.add_argument("--no-stamp", action="store_true", help="không tạo bản đóng dấu ĐẾN")
    receive.set_defaults(func=guarded(cmd_receive))

    metadata = sub.add_parser("metadata", parents=[common],
                              help="dữ liệu đặc tả văn bản đi (Phụ lục VI) ra XML, JSON")
    metadata.add_argument("issued", type=Path, help="văn bản đã cấp số (issued/<năm>/….yaml)")
    _add_office(metadata)
    metadata.add_argument("--format", default="xml,json", help="xml,json (mặc định: cả hai)")
    metadata.add_argument("--ho-so", help="số và ký hiệu hồ sơ (FileNotation)")
    metadata.add_argument("--due", type=_date, help="hạn trả lời (DueDate)")
    metadata.add_argument("-o", "--output", type=Path, help="tên tệp không đuôi")
    metadata.set_defaults(func=guarded(cmd_metadata))

    edxml = sub.add_parser("edxml", parents=[common],
                           help="gói edXML (QCVN 102:2016) để gửi qua trục liên thông")
    edxml.add_argument("issued", type=Path, help="văn bản đã cấp số (issued/<năm>/….yaml)")
    _add_office(edxml)
    edxml.add_argument("--to", action="append", required=True,
                       help="nơi nhận: MÃ_ĐỊNH_DANH=Tên cơ quan, ví dụ \"H37.01=UBND tỉnh\"")
    edxml.add_argument("-o", "--output", type=Path, help="tệp .edxml")
    edxml.set_defaults(func=guarded(cmd_edxml))

"""The signing subcommands (``sign``, ``seal``, ``verify``) and ``build --prepare-sign``."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import Problem, Text
from .errors import SigningError, error

if TYPE_CHECKING:
    from ..build import Outcome

EXIT_OK, EXIT_BAD, EXIT_UNREADABLE = 0, 1, 2


def prepare_outcomes(outcomes: Iterable[Outcome]) -> None:
    """Add the signature fields to every PDF a build wrote (a failure is that document's)."""
    from .prepare import prepare_pdf

    for outcome in outcomes:
        for path in outcome.outputs:
            if path.suffix != ".pdf":
                continue
            try:
                prepare_pdf(path)
            except SigningError as exc:
                outcome.problems.append(Problem(outcome.source.path, exc.message))


def _quiet() -> None:
    """pyHanko and fontTools log tracebacks and subsetting notes; the user gets our messages."""
    for name in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _time(text: str | None) -> dt.datetime | None:
    from .keys import VIETNAM

    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise error(f"Thời điểm «{text}» không đúng dạng 2017-12-07T09:15:30.",
                    f"Time '{text}' is not of the form 2017-12-07T09:15:30.") from None
    return when if when.tzinfo else when.replace(tzinfo=VIETNAM)


def _key_args(args: argparse.Namespace, office_key):  # noqa: ANN001, ANN202
    from .keys import KeySpec, pin_from_env

    pin = pin_from_env(args.pin_env)
    if args.p12 or args.pkcs11_module:
        return KeySpec(p12=args.p12, pkcs11_module=args.pkcs11_module, token=args.token,
                       key_label=args.key_label, pin=pin)
    if office_key is not None:
        return office_key(pin)
    raise error("Chưa có khóa ký: cho --p12 TỆP hoặc --pkcs11-module THƯ_VIỆN (hoặc --office).",
                "No signing key: give --p12 FILE or --pkcs11-module LIBRARY (or --office).")


def _office(args: argparse.Namespace):  # noqa: ANN202
    from .office import Office

    folder = args.office or (Path(os.environ["VANBAN_OFFICE"])
                             if os.environ.get("VANBAN_OFFICE") else None)
    return Office.open(folder) if folder else None


def _office_key(office):  # noqa: ANN001, ANN202
    """The office's own key (dau.khoa / dau.pkcs11 in office.yaml), once the PIN is known."""
    return (lambda pin: office.seal(pin)[0]) if office is not None else None


def _level(args: argparse.Namespace, office) -> object:  # noqa: ANN001
    from .sign import Level

    trust = tuple(args.trust or ()) + tuple(office.trusted() if office else ())
    return Level(timestamp_url=args.tsa, lt=args.lt, trust=trust)


def _run(args: argparse.Namespace, action) -> int:  # noqa: ANN001
    _quiet()
    from ..paths import input_problem

    pdf = getattr(args, "pdf", None)
    why = input_problem(pdf) if isinstance(pdf, Path) else None
    if why is not None:  # a FIFO, device or folder is never opened (it would block)
        print(Text(f"Lỗi: Không đọc được {pdf}: {why.vi}.",
                   f"Error: Cannot read {pdf}: {why.en}.")(args.lang), file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        return action()
    except SigningError as exc:
        print(("Error: " if args.lang == "en" else "Lỗi: ") + exc.message(args.lang),
              file=sys.stderr)
        return EXIT_UNREADABLE if exc.unreadable else EXIT_BAD
    except RecursionError:  # pyHanko's and pypdf's parsers recurse: a hostile nesting
        print(Text(f"Lỗi: {pdf} không phải tệp PDF đọc được (cấu trúc lồng quá sâu).",
                   f"Error: {pdf} is not a readable PDF (its structure nests too deeply)."
                   )(args.lang), file=sys.stderr)
        return EXIT_UNREADABLE


def _check_output(args: argparse.Namespace) -> None:
    if args.output.resolve() == args.pdf.resolve():
        raise error("Tệp ra phải khác tệp vào (tệp gốc được giữ nguyên).",
                    "The output must differ from the input (the input is kept unchanged).")


def cmd_sign(args: argparse.Namespace) -> int:
    def action() -> int:
        from .sign import sign_pdf

        _check_output(args)
        office = _office(args)
        image, key = args.image, None
        if office is not None and args.signer:
            entry = office.signer(args.signer, None)
            image = image or entry.image
            key = lambda pin: office.signer(args.signer, pin).key  # noqa: E731
        when = sign_pdf(args.pdf, args.output, _key_args(args, key), image=image,
                        when=_time(args.time), level=_level(args, office))  # type: ignore[arg-type]
        print(Text(f"Đã ký: {args.output} ({when.isoformat()})",
                   f"Signed: {args.output} ({when.isoformat()})")(args.lang))
        return EXIT_OK

    return _run(args, action)


def cmd_seal(args: argparse.Namespace) -> int:
    def action() -> int:
        from .sign import seal_pdf
        from .vietnamese_slots import day_text, number_slot, printed_date

        _check_output(args)
        office = _office(args)
        seal, diameter, key = args.seal, args.duong_kinh_mm, None
        if office is not None:
            _, office_seal, office_diameter = office.seal(None)
            seal, diameter = seal or office_seal, diameter or office_diameter
            key = _office_key(office)
        if seal is not None and not diameter:
            raise error("Cần đường kính con dấu: --duong-kinh-mm hoặc dau.duong_kinh_mm trong "
                        "office.yaml.", "The seal's diameter is needed: --duong-kinh-mm or "
                                        "dau.duong_kinh_mm in office.yaml.")
        when = seal_pdf(args.pdf, args.output, _key_args(args, key), seal=seal,
                        diameter_mm=diameter or 0, number=number_slot(args.so),
                        day=day_text(args.ngay, printed_date(args.pdf)),
                        when=_time(args.time),
                        level=_level(args, office))  # type: ignore[arg-type]
        print(Text(f"Đã ký số của cơ quan: {args.output} ({when.isoformat()})",
                   f"Office signature added: {args.output} ({when.isoformat()})")(args.lang))
        return EXIT_OK

    return _run(args, action)


def cmd_attachment(args: argparse.Namespace) -> int:
    """An appendix or attachment in its own file (PL I II.8.b, III.1.d): the office only."""
    def action() -> int:
        from .sign import sign_office_text

        _check_output(args)
        office = _office(args)
        text = sign_office_text(args.pdf, args.output, _key_args(args, _office_key(office)),
                                parts=[" ".join(args.so_ky_hieu.split())],
                                when=_time(args.time), level=_level(args, office))  # type: ignore[arg-type]
        print(Text(f"Đã ký số của cơ quan: {args.output} ({text})",
                   f"Office signature added: {args.output} ({text})")(args.lang))
        return EXIT_OK

    return _run(args, action)


def signed_copy(args: argparse.Namespace) -> int:
    """``vanban copy`` with a key: the scan signed by the office, the copy's text (Mẫu 3.2:
    form; copying body; time) as the signature's appearance at the top right of page 1."""
    args.pdf = args.scan

    def action() -> int:
        from pypdf import PdfReader

        from .. import nd30
        from ..pdf.ecopy import _image_warnings
        from .sign import sign_office_text

        _check_output(args)
        office = _office(args)
        key = _office_key(office)
        try:
            warnings = _image_warnings(PdfReader(args.pdf))
        except Exception:  # unreadable: sign_office_text says so in its own words
            warnings = []
        printed, _ = nd30.COPY_FORMS[args.form]
        text = sign_office_text(args.pdf, args.output, _key_args(args, key),
                                parts=[printed, " ".join(args.by.split())],
                                when=_time(args.time), level=_level(args, office))  # type: ignore[arg-type]
        for warning in warnings:
            print(("Warning: " if args.lang == "en" else "Cảnh báo: ") + warning(args.lang),
                  file=sys.stderr)
        print(Text(f"Đã tạo và ký số: {args.output} ({text})",
                   f"Written and signed: {args.output} ({text})")(args.lang))
        return EXIT_OK

    return _run(args, action)


def add_copy_key_options(parser: argparse.ArgumentParser) -> None:
    """The key options of ``vanban copy`` (it has its own --time)."""
    _key_options(parser, with_time=False)


def cmd_remote(args: argparse.Namespace) -> int:
    """Two-step signing with the local-key provider (what a service plug-in replaces)."""
    def action() -> int:
        from .keys import pin_from_env
        from .remote import LocalKeyProvider, finish_remote, start_remote

        if args.p12 is None:
            raise error("Cần --p12 (nhà cung cấp ký từ xa thử nghiệm dùng khóa cục bộ).",
                        "--p12 is needed (the test remote provider uses a local key).")
        provider = LocalKeyProvider(args.p12, pin_from_env(args.pin_env), store=args.pending)
        if args.step == "start":
            if args.pdf is None:
                raise error("Cần tệp PDF cần ký.", "The PDF to sign is needed.")
            transaction = start_remote(args.pdf, args.pending, provider, image=args.image,
                                       when=_time(args.time))
            print(Text(f"Đã gửi yêu cầu ký (mã giao dịch {transaction}); chờ tại "
                       f"{args.pending}", f"Signing requested (transaction {transaction}); "
                       f"pending in {args.pending}")(args.lang))
        else:
            if args.output is None:
                raise error("Cần -o TỆP_RA.", "-o OUTPUT is needed.")
            finish_remote(args.pending, args.output, provider)
            print(Text(f"Đã ký: {args.output}", f"Signed: {args.output}")(args.lang))
        return EXIT_OK

    return _run(args, action)


def cmd_verify(args: argparse.Namespace) -> int:
    def action() -> int:
        from .verify import render, verify_pdf

        office = _office(args)
        trust = list(args.trust or []) + (office.trusted() if office else [])
        report = verify_pdf(args.pdf, trust, online=args.online)
        print(render(report, args.lang))
        return EXIT_OK if report.ok else EXIT_BAD

    return _run(args, action)


def _key_options(parser: argparse.ArgumentParser, *, with_time: bool = True) -> None:
    parser.add_argument("--office", type=Path, help="thư mục cơ quan (office.yaml); mặc định "
                                                    "biến VANBAN_OFFICE")
    parser.add_argument("--p12", type=Path, help="tệp khóa PKCS#12 (.p12, .pfx)")
    parser.add_argument("--pkcs11-module", type=Path,
                        help="thư viện PKCS#11 của thiết bị ký (USB token, HSM)")
    parser.add_argument("--token", help="nhãn thiết bị ký (token label)")
    parser.add_argument("--key-label", help="nhãn khóa và chứng thư trong thiết bị ký")
    parser.add_argument("--pin-env", metavar="BIẾN",
                        help="tên biến môi trường chứa mã PIN (PIN không bao giờ in ra)")
    if with_time:
        parser.add_argument("--time", help="thời điểm ký, ví dụ 2017-12-07T09:15:30 (mặc "
                                           "định: bây giờ, giờ Việt Nam)")
    parser.add_argument("--tsa", metavar="URL", help="máy chủ dấu thời gian (PAdES B-T)")
    parser.add_argument("--lt", action="store_true",
                        help="nhúng thông tin thu hồi chứng thư (PAdES B-LT)")
    parser.add_argument("--trust", type=Path, action="append",
                        help="chứng thư gốc tin cậy (PEM/DER), có thể lặp lại")


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Registered by ``generator.cli`` (the CLI may import this package; the engine not)."""
    sign = sub.add_parser("sign", parents=[common],
                          help="người có thẩm quyền ký số PDF (ảnh chữ ký giữa chức vụ và họ tên)")
    sign.add_argument("pdf", type=Path)
    sign.add_argument("-o", "--output", type=Path, required=True, help="tệp PDF đã ký")
    sign.add_argument("--signer", help="mã người ký trong office.yaml (nguoi_ky[].ma)")
    sign.add_argument("--image", type=Path, help="ảnh chữ ký PNG nền trong suốt, màu xanh")
    _key_options(sign)
    sign.set_defaults(func=cmd_sign)

    seal = sub.add_parser("seal", parents=[common],
                          help="văn thư điền số, ngày và ký số của cơ quan (ảnh dấu)")
    seal.add_argument("pdf", type=Path)
    seal.add_argument("-o", "--output", type=Path, required=True)
    seal.add_argument("--so", help="số văn bản (dự thảo chưa cấp số), ví dụ 4208")
    seal.add_argument("--ngay", help="ngày ban hành (dự thảo), ví dụ 2017-12-07")
    seal.add_argument("--seal", type=Path, help="ảnh dấu PNG nền trong suốt, màu đỏ")
    seal.add_argument("--duong-kinh-mm", type=float, help="đường kính thật của dấu (mm)")
    _key_options(seal)
    seal.set_defaults(func=cmd_seal)

    attachment = sub.add_parser(
        "sign-attachment", parents=[common],
        help="cơ quan ký số phụ lục/tệp kèm theo riêng (không ảnh; số, ký hiệu và thời gian "
             "ở góc phải trang 1)")
    attachment.add_argument("pdf", type=Path)
    attachment.add_argument("-o", "--output", type=Path, required=True)
    attachment.add_argument("--so-ky-hieu", required=True,
                            help="số và ký hiệu của văn bản, ví dụ 05/QĐ-UBND")
    _key_options(attachment)
    attachment.set_defaults(func=cmd_attachment)

    remote = sub.add_parser(
        "sign-remote", parents=[common],
        help="ký số từ xa hai bước (gửi mã băm, nhận chữ ký): start rồi finish")
    remote.add_argument("step", choices=("start", "finish"))
    remote.add_argument("pdf", type=Path, nargs="?", help="(start) tệp PDF cần ký")
    remote.add_argument("--pending", type=Path, required=True, help="thư mục chờ ký")
    remote.add_argument("-o", "--output", type=Path, help="(finish) tệp PDF đã ký")
    remote.add_argument("--image", type=Path, help="ảnh chữ ký PNG nền trong suốt")
    remote.add_argument("--p12", type=Path, help="khóa của nhà cung cấp thử nghiệm")
    remote.add_argument("--pin-env", metavar="BIẾN")
    remote.add_argument("--time")
    remote.set_defaults(func=cmd_remote)

    verify = sub.add_parser("verify", parents=[common],
                            help="kiểm tra chữ ký số của tệp PDF theo Nghị định 30")
    verify.add_argument("pdf", type=Path)
    verify.add_argument("--trust", type=Path, action="append",
                        help="chứng thư gốc tin cậy (PEM/DER), có thể lặp lại")
    verify.add_argument("--office", type=Path, help="thư mục cơ quan (tin_cay trong office.yaml)")
    verify.add_argument("--online", action="store_true",
                        help="hỏi OCSP/CRL xem chứng thư có bị thu hồi không")
    verify.set_defaults(func=cmd_verify)

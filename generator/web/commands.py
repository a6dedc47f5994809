"""`vanban serve` and `vanban user add`: the desk's two commands (argparse glue only)."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path

from ..problems import Text
from ..usage import port_arg, workers_arg

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def office_dir(value: Path | None) -> Path:
    return value or Path(os.environ.get("VANBAN_OFFICE") or "office")


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    serve = sub.add_parser("serve", parents=[common],
                           help="chạy bàn làm việc trên trình duyệt (web desk)")
    serve.add_argument("--office", type=Path, help="thư mục cơ quan (mặc định $VANBAN_OFFICE "
                                                   "hoặc ./office)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=port_arg, default=8030)
    serve.add_argument("--plans", type=Path, help="thư mục các kế hoạch tổng hợp (mặc định "
                                                  "<office>/ke-hoach)")
    serve.add_argument("--workers", type=workers_arg, default=None,
                       help="số tiến trình LibreOffice")
    serve.add_argument("--date", type=dt.date.fromisoformat,
                       help="ngày hôm nay của bàn làm việc, ví dụ 2017-12-05 (cho thử nghiệm, "
                            "trình diễn; mặc định: hôm nay)")
    serve.set_defaults(func=cmd_serve)

    user = sub.add_parser("user", parents=[common], help="quản lý tài khoản của web desk")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", parents=[common], help="tạo tài khoản")
    add.add_argument("username")
    add.add_argument("--role", required=True, help="chuyen-vien, lanh-dao, van-thu, "
                                                   "so-noi-vu, don-vi, quan-tri")
    add.add_argument("--office", type=Path)
    add.add_argument("--name", default="", help="họ tên hiển thị")
    add.add_argument("--plan", help="tài khoản đơn vị: tên thư mục kế hoạch")
    add.add_argument("--don-vi", dest="unit", help="tài khoản đơn vị: mã trong don_vi")
    add.add_argument("--password-env", help="đọc mật khẩu từ biến môi trường này "
                                            "(mặc định: hỏi, hoặc đọc một dòng từ stdin)")
    add.set_defaults(func=cmd_user_add)


def _say(text: Text, lang: str, *, err: bool = False) -> None:
    print(text(lang), file=sys.stderr if err else sys.stdout)


def cmd_user_add(args: argparse.Namespace) -> int:
    from .accounts import AccountError, Accounts

    if args.password_env:
        password = os.environ.get(args.password_env, "")
    elif sys.stdin.isatty():
        password = getpass.getpass("Mật khẩu: ")
    else:
        password = sys.stdin.readline().rstrip("\n")
    office = office_dir(args.office)
    try:
        Accounts(office / "web" / "nguoi-dung.sqlite").add_user(
            args.username, password, args.role, full_name=args.name, plan=args.plan,
            unit=args.unit)
    except AccountError as exc:
        _say(Text(str(exc), str(exc)), args.lang, err=True)
        return EXIT_USAGE
    _say(Text(f"Đã tạo tài khoản {args.username} ({args.role}).",
              f"Account {args.username} ({args.role}) created."), args.lang)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import DeskConfig, create_app

    office = office_dir(args.office)
    office.mkdir(parents=True, exist_ok=True)
    today = (lambda: args.date) if args.date else dt.date.today
    app = create_app(DeskConfig(office=office, plans=args.plans, workers=args.workers,
                                today=today))
    _say(Text(f"vanban: bàn làm việc ở http://{args.host}:{args.port}/ (Ctrl-C để dừng)",
              f"vanban: web desk at http://{args.host}:{args.port}/ (Ctrl-C to stop)"),
         args.lang, err=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK

"""One LibreOffice worker: run by the *system* Python (the one python3-uno imports into).

Not imported by the package: ``pool.py`` starts it as ``/usr/bin/python3 worker.py ...``.
It starts its own soffice (own profile, own pipe), connects over UNO and then converts one
document at a time, reading jobs as JSON lines on stdin and answering on stdout:

    -> {"id": 1, "src": "/abs/in.docx", "dst": "/abs/out.pdf", "pdfa": false}
    <- {"id": 1, "ok": true, "seconds": 0.08}
    <- {"id": 1, "ok": false, "kind": "load", "error": "..."}

The first line it writes is {"ready": true, ...} once soffice answers. If soffice dies, the
worker exits with status 3 and the pool replaces it. It keeps no state between jobs besides
the connection, and must stay importable without anything outside the standard library + uno.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import threading
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]
from com.sun.star.lang import DisposedException  # type: ignore[import-not-found]
from com.sun.star.uno import RuntimeException  # type: ignore[import-not-found]
from pipe_sockets import remove_pipe_sockets  # beside this script (sys.path[0])

EXIT_SOFFICE_GONE = 3
EXIT_START_FAILED = 4

_soffice: subprocess.Popen | None = None
_profile_and_pipe: tuple[str, str] | None = None  # whose sockets to remove once soffice is gone


def _props(**kwargs: object) -> tuple:
    out = []
    for key, value in kwargs.items():
        prop = PropertyValue()
        prop.Name = key
        prop.Value = value
        out.append(prop)
    return tuple(out)


def _set_process_options(watch_fd: int | None = None) -> None:
    """Adopt orphans, so every soffice process is reaped here, and die with the pool.

    PR_SET_CHILD_SUBREAPER: when oosplash dies before soffice.bin, soffice.bin is
    re-parented to us rather than to PID 1 (which in a container often never reaps,
    leaving zombies). PR_SET_PDEATHSIG is not used: it fires when the *thread* that
    started us ends, and the pool starts replacement workers from short-lived threads;
    a watchdog thread notices the pool's process going away instead.
    """
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
    except OSError:
        pass
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
            _reap_adopted()
        _kill_soffice()
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    if watch_fd is not None:  # at once, and with no race at start-up (the pipe came first)
        def wait_for_eof() -> None:
            with contextlib.suppress(OSError):
                while os.read(watch_fd, 64):
                    pass
            _kill_soffice()
            os._exit(1)

        threading.Thread(target=wait_for_eof, daemon=True).start()


def _reap_adopted() -> None:
    """Reap orphans adopted as subreaper (soffice's short-lived gpg/gpgconf helpers).

    Only those: waiting for our own soffice child would confuse its Popen object.
    """
    me = os.getpid()
    try:
        tasks = os.listdir(f"/proc/{me}/task")
    except OSError:
        return
    children: set[int] = set()
    for task in tasks:
        with contextlib.suppress(OSError, ValueError), \
                open(f"/proc/{me}/task/{task}/children") as fh:
            children.update(int(pid) for pid in fh.read().split())
    for pid in children - {_soffice.pid if _soffice else -1}:
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, os.WNOHANG)


def _others_in_group() -> list[int]:
    me, group = os.getpid(), os.getpgrp()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            if int(fields[2]) == group:
                found.append(int(entry))
        except (OSError, IndexError, ValueError):
            pass
    return found


def _reap(deadline: float) -> None:
    """Wait for every child (adopted ones included) until none is left or time is up."""
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.01)


def _kill_soffice(grace: float = 0.0) -> None:
    """Stop soffice (oosplash + soffice.bin, all in our process group) and reap them."""
    if grace and _soffice is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            _soffice.wait(timeout=grace)  # after desktop.terminate(): let it exit cleanly
    for pid in _others_in_group():
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    _reap(time.monotonic() + 5)
    if _profile_and_pipe is not None:  # a killed soffice leaves its sockets in /tmp
        remove_pipe_sockets(*_profile_and_pipe)


def _on_term(signum: int, frame: object) -> None:
    _kill_soffice()
    os._exit(1)


def _send(obj: dict) -> None:
    try:
        sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    except (BrokenPipeError, OSError, ValueError):
        # The pool is gone (vanban killed): take soffice with us, at once. (Before, the
        # exception ended this process and left soffice running, re-parented to PID 1.)
        _kill_soffice()
        os._exit(1)


def _connect(pipe: str, deadline: float):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
    while True:
        try:
            ctx = resolver.resolve(url)
            smgr = ctx.ServiceManager
            return smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if time.monotonic() > deadline or (_soffice is not None
                                               and _soffice.poll() is not None):
                raise
            time.sleep(0.05)


def _filter_data(pdfa: bool) -> object:
    data = dict(
        # Fonts embedded, fast and without the extras we do not need.
        EmbedStandardFonts=True,
        ExportBookmarks=False,
        # Word bookmarks become named destinations: the anchors of a prepared signature
        # (vb_chu_ky, vb_so, vb_ngay) that generator.signing reads back.
        ExportBookmarksToPDFDestination=True,
        ExportNotes=False,
        UseTaggedPDF=False,
        Quality=90,
        ReduceImageResolution=False,
    )
    if pdfa:
        data["SelectPdfVersion"] = 2  # PDF/A-2b
        data["UseTaggedPDF"] = False
    return uno.Any("[]com.sun.star.beans.PropertyValue", _props(**data))


def _convert(desktop, job: dict) -> dict:
    started = time.monotonic()
    src = uno.systemPathToFileUrl(job["src"])
    dst = uno.systemPathToFileUrl(job["dst"])
    try:
        doc = desktop.loadComponentFromURL(
            src, "_blank", 0,
            _props(Hidden=True, ReadOnly=True, FilterName="MS Word 2007 XML",
                   UpdateDocMode=0,  # NO_UPDATE: never touch links
                   MacroExecutionMode=0, RepairPackage=False, Silent=True))
    except (DisposedException, RuntimeException):
        raise
    except Exception as exc:  # IllegalArgumentException, IOException: the file itself
        return {"id": job["id"], "ok": False, "kind": "load", "error": _msg(exc)}
    if doc is None:
        return {"id": job["id"], "ok": False, "kind": "load", "error": ""}
    try:
        pages = 0
        with contextlib.suppress(Exception):
            pages = int(doc.CurrentController.PageCount)
        doc.storeToURL(dst, _props(FilterName="writer_pdf_Export",
                                   FilterData=_filter_data(bool(job.get("pdfa")))))
    except (DisposedException, RuntimeException):
        raise
    except Exception as exc:
        return {"id": job["id"], "ok": False, "kind": "export", "error": _msg(exc)}
    finally:
        try:
            doc.close(True)
        except Exception:
            with contextlib.suppress(Exception):
                doc.dispose()
    return {"id": job["id"], "ok": True, "pages": pages,
            "seconds": round(time.monotonic() - started, 4)}


def _office_alive(desktop) -> bool:  # noqa: ANN001 - a UNO proxy
    if _soffice is not None and _soffice.poll() is not None:
        return False
    try:
        desktop.getFrames()
    except Exception:
        return False
    return True


def _msg(exc: BaseException) -> str:
    text = getattr(exc, "Message", "") or str(exc)
    return f"{type(exc).__name__}: {text}".strip()


def main() -> int:
    global _soffice, _profile_and_pipe
    parser = argparse.ArgumentParser()
    parser.add_argument("--soffice", required=True)
    parser.add_argument("--profile", required=True, help="user installation folder")
    parser.add_argument("--pipe", required=True)
    parser.add_argument("--start-timeout", type=float, default=60.0)
    parser.add_argument("--warmup", help="a small DOCX converted before saying ready")
    parser.add_argument("--watch-fd", type=int, help="read end of a pipe only the pool holds "
                        "open: end of file = the pool's process is gone")
    args = parser.parse_args()

    _set_process_options(args.watch_fd)
    signal.signal(signal.SIGTERM, _on_term)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the pool decides when we stop

    profile_url = uno.systemPathToFileUrl(args.profile)
    _profile_and_pipe = (args.profile, args.pipe)
    _soffice = subprocess.Popen(
        [args.soffice, f"-env:UserInstallation={profile_url}",
         f"--accept=pipe,name={args.pipe};urp;StarOffice.ComponentContext",
         "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         "--nolockcheck", "--nofirststartwizard"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        desktop = _connect(args.pipe, time.monotonic() + args.start_timeout)
    except Exception as exc:
        _send({"ready": False, "error": _msg(exc)})
        _kill_soffice()
        return EXIT_START_FAILED
    if args.warmup:
        warm_pdf = os.path.join(args.profile, "warmup.pdf")
        # Load the DOCX import and PDF export filters and the fonts now, not on the first
        # real document: start-up overlaps across workers, conversions do not.
        try:
            _convert(desktop, {"id": 0, "src": args.warmup, "dst": warm_pdf})
        except Exception as exc:
            _send({"ready": False, "error": _msg(exc)})
            _kill_soffice()
            return EXIT_START_FAILED
        with contextlib.suppress(OSError):
            os.unlink(warm_pdf)
    _send({"ready": True, "pid": os.getpid(), "soffice_pid": _soffice.pid})

    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        job = json.loads(line)
        if job.get("cmd") == "quit":
            break
        try:
            answer = _convert(desktop, job)
        except (DisposedException, RuntimeException) as exc:
            if not isinstance(exc, DisposedException) and _office_alive(desktop):
                # A runtime error inside a filter, the office itself is fine: the document
                # failed, not the worker.
                _send({"id": job.get("id"), "ok": False, "kind": "export",
                       "error": _msg(exc)})
                continue
            # The office process is gone or broken: say so, then let the pool replace us.
            _send({"id": job.get("id"), "ok": False, "kind": "crash", "error": _msg(exc)})
            _kill_soffice()
            return EXIT_SOFFICE_GONE
        _send(answer)

    with contextlib.suppress(Exception):
        desktop.terminate()
    _kill_soffice(grace=5.0)
    return 0


if __name__ == "__main__":
    try:
        status = main()
    except BaseException:  # whatever ends this worker, its soffice ends with it
        _kill_soffice()
        raise
    sys.exit(status)

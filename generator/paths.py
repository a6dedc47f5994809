"""Where vanban reads and writes: one rule for every command.

Inputs are regular files only: a FIFO, socket or device named ``*.yaml``/``*.xlsx``/``*.pdf``
is reported instead of read (opening a FIFO would block forever), and every read opens
without blocking and checks the kind of what it opened. Outputs stay inside the output
folder: a path whose folders lead elsewhere through a symbolic link is refused, the output
folder itself must be a folder, and an operating-system error while writing (disk full,
read-only, no permission) becomes a message for that one document.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .files import write_atomic
from .problems import Problem, Problems, Text
from .vietnamese import group

MAX_INPUT_BYTES = 512 * 1024 * 1024  # one input file; a scan dossier may be large

_KINDS = (
    (stat.S_ISDIR, Text("là một thư mục, không phải tệp", "it is a folder, not a file")),
    (stat.S_ISFIFO, Text("là một đường ống (FIFO), không phải tệp",
                         "it is a pipe (FIFO), not a file")),
    (stat.S_ISSOCK, Text("là một socket, không phải tệp", "it is a socket, not a file")),
    (stat.S_ISCHR, Text("là một thiết bị, không phải tệp", "it is a device, not a file")),
    (stat.S_ISBLK, Text("là một thiết bị, không phải tệp", "it is a device, not a file")),
)

_ERRNO_TEXT = {
    errno.ENOSPC: Text("đĩa đã đầy", "the disk is full"),
    errno.EDQUOT: Text("đã hết hạn mức dung lượng", "the disk quota is exhausted"),
    errno.EROFS: Text("ổ đĩa chỉ cho phép đọc", "the file system is read-only"),
    errno.EACCES: Text("không có quyền ghi/đọc", "permission denied"),
    errno.EPERM: Text("không được phép", "operation not permitted"),
    errno.EISDIR: Text("đích là một thư mục", "the target is a folder"),
    errno.ENOTDIR: Text("một phần của đường dẫn là tệp, không phải thư mục",
                        "part of the path is a file, not a folder"),
    errno.EEXIST: Text("một phần của đường dẫn là tệp đã có, không phải thư mục",
                       "part of the path is an existing file, not a folder"),
    errno.ENOENT: Text("không tìm thấy", "not found"),
    errno.ENAMETOOLONG: Text("tên quá dài", "the name is too long"),
    errno.EIO: Text("lỗi vào/ra của ổ đĩa", "input/output error"),
    errno.ELOOP: Text("liên kết tượng trưng vòng", "a loop of symbolic links"),
}


def os_error_text(exc: OSError) -> Text:
    """What an operating-system error means, in both languages (never the bare English)."""
    known = _ERRNO_TEXT.get(exc.errno or 0)
    if known is not None:
        return known
    detail = exc.strerror or type(exc).__name__
    return Text(f"lỗi hệ thống ({detail})", f"system error ({detail})")


def not_regular(mode: int) -> Text | None:
    """Why a file of this ``st_mode`` cannot be read as an input (None: a regular file)."""
    for test, why in _KINDS:
        if test(mode):
            return why
    return None if stat.S_ISREG(mode) else Text("không phải tệp thường",
                                                "it is not a regular file")


def input_problem(path: Path) -> Text | None:
    """Why ``path`` cannot be read as an input file, or None. Follows symbolic links."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return os_error_text(exc)
    return not_regular(mode)


def unreadable(path: Path, why: Text) -> Problem:
    """The problem of an input that cannot be read, with ``why`` from this module."""
    return Problem(path, Text(f"Không đọc được tệp: {why.vi}.",
                              f"Cannot read the file: {why.en}."))


def _refuse(path: Path, why: Text) -> Problems:
    return Problems([unreadable(path, why)])


class InputError(Exception):
    """An input that cannot be read: ``why`` in both languages (the caller names the file)."""

    def __init__(self, why: Text) -> None:
        super().__init__(why.en)
        self.why = why


def read_regular(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file, opened without blocking (a FIFO never hangs the run);
    raises :class:`InputError` for anything else or a file larger than ``limit``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        raise InputError(os_error_text(exc)) from None
    except ValueError:  # a NUL in the name
        raise InputError(Text("tên tệp không hợp lệ", "the file name is not valid")) from None
    try:
        info = os.fstat(fd)
        why = not_regular(info.st_mode)
        if why is not None:
            raise InputError(why)
        if info.st_size > limit:
            raise InputError(Text(f"tệp quá lớn ({group(info.st_size)} byte, tối đa "
                                  f"{group(limit)})", f"the file is too large "
                                  f"({info.st_size:,} bytes, at most {limit:,})"))
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputError(Text("tệp quá lớn", "the file is too large"))
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(os_error_text(exc)) from None
    finally:
        os.close(fd)


def read_input(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of an input file; raises :class:`Problems` for anything but a regular file
    (opened without blocking, so a FIFO never hangs the run) or one larger than ``limit``."""
    try:
        return read_regular(path, limit)
    except InputError as exc:
        raise _refuse(path, exc.why) from None


def within(root: Path, path: Path) -> bool:
    """Whether ``path``, with every symbolic link followed, is ``root`` or inside it."""
    base = os.path.realpath(root)
    there = os.path.realpath(path)
    return there == base or there.startswith(base.rstrip(os.sep) + os.sep)


def read_beside(folder: Path, relative: str, limit: int) -> bytes:
    """The bytes of the file ``relative`` names inside ``folder`` (a content file's own
    folder): raises :class:`InputError` when it leads outside (``..``, an absolute path, a
    symbolic link to elsewhere), is no regular file (FIFO, device), is missing or too large."""
    target = Path(folder) / relative
    if "\0" in relative:
        raise InputError(Text("tên tệp không hợp lệ", "the file name is not valid"))
    if not within(folder, target):
        raise InputError(Text(
            f"đường dẫn «{relative}» đi ra ngoài thư mục của tệp nội dung ({folder}) — qua "
            "'..', đường dẫn tuyệt đối hoặc một liên kết tượng trưng",
            f"the path '{relative}' leads outside the content file's folder ({folder}) — "
            "through '..', an absolute path or a symbolic link"))
    return read_regular(target, limit)


def check_input(path: Path) -> None:
    """Raise :class:`Problems` unless ``path`` is a readable regular file (without reading)."""
    why = input_problem(path)
    if why is not None:
        raise _refuse(path, why)


@dataclass(frozen=True)
class Found:
    """A file found under a folder: ``path``, its path ``relative`` to the folder given, and
    ``problem`` when it is named like an input but is no regular file (a FIFO, a device)."""

    path: Path
    relative: Path
    problem: Text | None = None


def walk_inputs(folder: Path, suffixes: tuple[str, ...],
                skip_dir: Callable[[Path], bool] = lambda _: False) -> Iterator[Found]:
    """Files under ``folder`` whose names end in ``suffixes`` (sorted, hidden ones skipped).

    A folder named like a file (``x.yaml/``) is walked as a folder; something that is not a
    regular file comes with its ``problem`` so the caller reports it and goes on.
    """
    for here_name, dirs, files in os.walk(folder):
        here = Path(here_name)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not skip_dir(here / d))
        for name in sorted(files):
            if name.lower().endswith(suffixes) and not name.startswith((".", "~")):
                path = here / name
                yield Found(path, path.relative_to(folder), input_problem(path))


# --------------------------------------------------------------------------- outputs


class OutputError(Exception):
    """An output that could not be written; ``problem`` names the file and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.render("en"))
        self.problem = problem


class OutputFolder:
    """The folder a command writes into (``-o``): every write goes through :meth:`write`.

    :meth:`usage_problem` says whether the folder can be one at all (a usage error: exit 2);
    :meth:`write` refuses a target whose folders lead outside through a symbolic link and
    turns an operating-system error into an :class:`OutputError` for that one file, leaving
    any earlier file of that name intact (the writer is atomic).
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def usage_problem(self) -> Problem | None:
        """A problem when ``root`` exists and is not a folder (``-o`` naming a file)."""
        if self.root.exists() and not self.root.is_dir():
            return Problem(self.root, Text(
                "Thư mục đầu ra (-o) là một tệp đã có, không phải thư mục.",
                "The output folder (-o) is an existing file, not a folder."),
                hint=Text("Chọn một thư mục (sẽ được tạo nếu chưa có).",
                          "Name a folder (it is created when missing)."))
        return None

    def inside(self, target: Path) -> bool:
        """Whether ``target``'s folder, with every symbolic link followed, is in ``root``."""
        return within(self.root, Path(target).parent)

    def check(self, target: Path, about: Path | None = None) -> Path:
        """``target`` if it may be written (raises :class:`OutputError` otherwise): its
        folders lead nowhere outside ``root``, and what is already there under its name is a
        regular file (not a symbolic link, FIFO, socket, device or folder)."""
        if not self.inside(target):
            raise OutputError(Problem(about or target, Text(
                f"Không ghi {target}: đường dẫn đi ra ngoài thư mục đầu ra {self.root} "
                "(qua một liên kết tượng trưng hoặc '..').",
                f"Not writing {target}: the path leads outside the output folder "
                f"{self.root} (through a symbolic link or '..').")))
        try:
            mode = os.lstat(target).st_mode
        except OSError:
            return target  # nothing there yet (or unreachable: the write will say why)
        if stat.S_ISLNK(mode):
            raise OutputError(Problem(about or target, Text(
                f"Không ghi {target}: ở đó đã có một liên kết tượng trưng (tới "
                f"{os.readlink(target)}), không phải tệp.",
                f"Not writing {target}: a symbolic link is there (to "
                f"{os.readlink(target)}), not a file.")))
        why = not_regular(mode)
        if why is not None:
            raise OutputError(Problem(about or target, Text(
                f"Không ghi {target}: thứ đang có ở đó {why.vi}.",
                f"Not writing {target}: something else is there ({why.en}).")))
        return target

    def write(self, target: Path, data: bytes, about: Path | None = None) -> Path:
        """Write ``data`` to ``target`` atomically; raises :class:`OutputError`."""
        self.check(target, about)
        try:
            write_atomic(target, data)
        except OSError as exc:
            raise OutputError(write_problem(target, exc, about)) from None
        return target


def write_problem(target: Path, exc: OSError, about: Path | None = None) -> Problem:
    why = os_error_text(exc)
    return Problem(about or target, Text(f"Không ghi được {target}: {why.vi}.",
                                         f"Cannot write {target}: {why.en}."))

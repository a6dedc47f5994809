"""The build pipeline: content files → validated Documents → DOCX (→ PDF).

Each document is built on its own: a failure is reported and the rest of the batch goes on.
Outputs mirror the input paths under the output folder and are replaced atomically.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .content import load_content
from .docx.writer import render_docx
from .model import Document
from .problems import Problem, Problems, Text
from .template_content import apply_template
from .validate import validate

CONTENT_SUFFIXES = (".yaml", ".yml")
_UMASK = os.umask(0)
os.umask(_UMASK)
PLAN_FILE = "plan.yaml"


@dataclass(frozen=True)
class Source:
    path: Path  # the content file
    relative: Path  # its path relative to the folder given (or its name), for the output


@dataclass
class Outcome:
    source: Source
    document: Document | None = None
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def discover(paths: Iterable[Path]) -> Iterator[Source]:
    """Content files named or found under folders; plan folders are left to ``consolidate``."""
    for given in paths:
        if given.is_file():
            yield Source(given, Path(given.name))
            continue
        if not given.is_dir():
            raise Problems([Problem(given, Text("Không tìm thấy tệp hoặc thư mục.",
                                                "No such file or folder."))])
        for folder, dirs, files in os.walk(given):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                             and not (here / d / PLAN_FILE).exists())
            for name in sorted(files):
                if name.endswith(CONTENT_SUFFIXES) and not name.startswith("."):
                    path = here / name
                    yield Source(path, path.relative_to(given))


def output_path(out_dir: Path, source: Source, suffix: str) -> Path:
    """``out_dir/<relative path>.<suffix>``, refused if it would leave ``out_dir``."""
    target = (out_dir / source.relative).with_suffix(suffix)
    root = out_dir.resolve()
    if not target.resolve().is_relative_to(root):
        raise Problems([Problem(source.path, Text(
            "Đường dẫn đầu ra nằm ngoài thư mục đầu ra; không ghi.",
            "The output path would be outside the output folder; nothing written."))])
    return target


def write_atomic(target: Path, data: bytes) -> None:
    """Write to a temporary file beside ``target``, then rename: never a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_document(path: Path, templates: Sequence[Path] = ()) -> Document:
    """Read one content file, fill in its template if it names one, and validate it
    (raises :class:`Problems`). ``templates``: the user's folders, searched first."""
    return validate(apply_template(load_content(path), templates))


def build_one(source: Source, out_dir: Path | None, templates: Sequence[Path] = ()) -> Outcome:
    """Validate one file and, with an output folder, write its DOCX."""
    outcome = Outcome(source)
    try:
        outcome.document = load_document(source.path, templates)
        if out_dir is not None:
            target = output_path(out_dir, source, ".docx")
            write_atomic(target, render_docx(outcome.document))
            outcome.outputs.append(target)
    except Problems as exc:
        outcome.problems.extend(exc.items)
    return outcome

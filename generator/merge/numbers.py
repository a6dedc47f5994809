"""Numbers for a merge: blank drafts (``chua_cap_so``) or numbers allocated by the office's
register (``generator.register``, README "The office folder"), behind this small adapter so
that the merge depends only on ``allocate(date, holder) -> int`` and
``issue(number, document, file)``.

Numbers are allocated by the coordinator only (never by queue workers), in row order, after
every row has been validated; each is kept in the batch journal at once, so a resumed batch
reuses the numbers its rows already have. When the batch is finished, every row that was
built is recorded in the register as issued (its trích yếu, signer, recipients, file), so
the book shows the merged documents and ``close-year`` is not held up by them; a row that
could not be built keeps its number reserved until a resumed batch builds it (or the văn
thư releases it with a reason).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from generator.model import Document
from generator.problems import Text

from .sheet import DataProblem


class NumberSource(Protocol):
    book: str

    def allocate(self, date: dt.date, holder: str) -> int:
        """The next number of the book for a document of ``date``, held by ``holder``."""
        ...

    def issue(self, number: int, document: Document, file: Path) -> None:
        """Record ``number`` as issued to ``document``, written to ``file`` (again: no-op)."""
        ...


class RegisterNumbers:
    """Numbers from the office's register: ``Office.open(path).allocate(book, date, holder)``."""

    def __init__(self, office: Path, book: str) -> None:
        try:
            from generator.register import Office  # type: ignore[attr-defined]
        except ImportError:
            raise DataProblem(Text(
                "Chưa cài sổ đăng ký văn bản (generator.register): chỉ trộn được bản chưa cấp "
                "số; bỏ --office/--book.",
                "The register (generator.register) is not installed: only blank drafts can be "
                "merged; drop --office/--book.")) from None
        self.book = book
        try:
            self.office = Office.open(office)
        except Exception as exc:  # the register says what is wrong with the folder
            raise DataProblem(Text(f"Không mở được thư mục cơ quan {office}: {exc}",
                                   f"Cannot open the office folder {office}: {exc}")) from None

    def allocate(self, date: dt.date, holder: str) -> int:
        with _register_said():
            allocation = self.office.allocate(self.book, date, holder)
        for attribute in ("so", "number"):
            value = getattr(allocation, attribute, None)
            if isinstance(value, int):
                return value
        return int(allocation)

    def issue(self, number: int, document: Document, file: Path) -> None:
        with _register_said():
            self.office.issue_allocated(self.book, number, year=document.ngay.year,
                                        doc=document, file=file)


@contextlib.contextmanager
def _register_said() -> Iterator[None]:
    """The register's refusal (a closed year, a released number …) as the merge's problem."""
    from generator.register.errors import RegisterError

    try:
        yield
    except RegisterError as exc:
        hint = f" {exc.hint.vi}" if exc.hint else ""
        hint_en = f" {exc.hint.en}" if exc.hint else ""
        raise DataProblem(Text(f"Sổ đăng ký: {exc.message.vi}{hint}",
                               f"Register: {exc.message.en}{hint_en}")) from None

"""``Office``: an office folder opened — its books, its register database, issuing.

Numbers come from a counter row per (book, year) that every allocation locks (an upsert),
inside one transaction with the number's row and its audit entry: no two documents share a
number, no number is skipped without a recorded reason. Issuing is two transactions around
the file writes — reserve, write, record — so a crash leaves a recorded reservation that the
next ``issue`` of the same draft takes up again, never a document without its row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import hashlib
import io
import json
import os
import signal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Date, Integer, bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from ..content import Content, read_text
from ..model import Document, recipient_names
from ..problems import Problem, Problems, Text
from ..validate import validate
from ..vietnamese import number_text, short_date
from .config import Book, OfficeConfig, load_office_config, resolve_folder
from .db import DEFAULT_BUSY_TIMEOUT, database_url, describe, make_engine, migrate, translate_errors
from .errors import RegisterError
from .incoming import Received
from .models import (
    INCOMING_BOOK,
    ISSUED,
    RELEASED,
    RESERVED,
    AuditEntry,
    ClosedYear,
    Counter,
    Incoming,
    Number,
)

KILL_ENV = "VANBAN_TEST_KILL_AT"  # tests: SIGKILL this process at a named step of issue()


@dataclass(frozen=True)
class Allocation:
    id: int
    book: str
    year: int
    number: int
    date: dt.date
    holder: str
    status: str

    @classmethod
    def of(cls, row: Number) -> Allocation:
        return cls(row.id, row.so_sach, row.nam, row.so, row.ngay, row.nguoi_giu, row.trang_thai)


@dataclass(frozen=True)
class Issued:
    allocation: Allocation
    number_and_code: str  # 05/SNV-TCBM, 89/2025/QĐ-UBND
    date: dt.date
    yaml: Path
    docx: Path
    pdf: Path | None
    resumed: bool = False  # the number was the draft's own reservation from an earlier try


# One statement, the same on SQLite (3.35+) and PostgreSQL: the upsert locks the counter row
# until commit. Written as text so it is compiled once (SQLAlchemy does not cache upserts).
_BUMP = text("""
    INSERT INTO bo_dem (so_sach, nam, so_cuoi, ngay_cuoi) VALUES (:book, :year, 1, :date)
    ON CONFLICT (so_sach, nam) DO UPDATE SET
        so_cuoi = bo_dem.so_cuoi + 1,
        ngay_cuoi = CASE WHEN bo_dem.ngay_cuoi IS NULL OR bo_dem.ngay_cuoi < excluded.ngay_cuoi
                         THEN excluded.ngay_cuoi ELSE bo_dem.ngay_cuoi END
    RETURNING so_cuoi, ngay_cuoi""").bindparams(bindparam("date", type_=Date)).columns(
    so_cuoi=Integer, ngay_cuoi=Date)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _kill_point(step: str) -> None:
    if os.environ.get(KILL_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def file_stem(number_and_code: str) -> str:
    """``05/SNV-TCBM`` → ``05-SNV-TCBM`` (a ký hiệu holds '/', never a file name)."""
    return number_and_code.replace("\u00a0", "").strip().replace("/", "-")


class Office:
    """An opened office folder. ``Office.open(path)``; close it (or use ``with``)."""

    def __init__(self, folder: Path, config: OfficeConfig, *, user: str | None = None,
                 busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> None:
        self.folder = folder
        self.config = config
        self.user = user or getpass.getuser()
        self.url = database_url(config.co_so_du_lieu, folder)
        self.where = describe(self.url)
        self.engine = make_engine(self.url, busy_timeout)
        self._converter: Any = None
        try:
            migrate(self.engine, self.where)
        except BaseException:
            self.engine.dispose()
            raise

    @classmethod
    def open(cls, path: Path | str | None = None, *, user: str | None = None,
             busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Office:
        """Open the office at ``path`` (or ``$VANBAN_OFFICE``). Raises :class:`Problems` for a
        bad office.yaml, :class:`RegisterError` for the database."""
        folder = resolve_folder(Path(path) if path is not None else None)
        if folder is None:
            raise RegisterError(Text(
                "Chưa chỉ thư mục cơ quan.", "No office folder given."),
                Text("Thêm --office THƯ_MỤC hoặc đặt biến môi trường VANBAN_OFFICE.",
                     "Add --office DIR or set the environment variable VANBAN_OFFICE."))
        return cls(folder, load_office_config(folder), user=user, busy_timeout=busy_timeout)

    def close(self) -> None:
        if self._converter is not None:
            self._converter.close()
            self._converter = None
        self.engine.dispose()

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ transactions

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE on SQLite), faults as clerk's messages."""
        with translate_errors(self.where), Session(self.engine, expire_on_commit=False) as s, \
                s.begin():
            yield s

    def _audit(self, session: Session, action: str, **details: Any) -> None:
        session.execute(insert(AuditEntry).values(
            luc=_now(), nguoi_dung=self.user, hanh_dong=action,
            chi_tiet=json.dumps(details, ensure_ascii=False, default=str, sort_keys=True)))

    def audit_log(self) -> list[AuditEntry]:
        with self.transaction() as s:
            return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))

    # ------------------------------------------------------------------ books

    def book(self, code: str) -> Book:
        book = self.config.book(code)
        if book is None:
            known = ", ".join(b.ma for b in self.config.so_van_ban)
            raise RegisterError(Text(f"Không có sổ '{code}' trong office.yaml (có: {known}).",
                                     f"No book '{code}' in office.yaml (there are: {known})."))
        return book

    def book_for(self, doc: Document, code: str | None = None) -> Book:
        """The book a document is numbered in: ``code`` if given (checked), else the first
        book covering its type, with its QPPL and secret flags matching."""
        qppl = bool(getattr(doc, "qppl", False))
        secret = doc.do_mat is not None
        if code is not None:
            book = self.book(code)
            if not book.covers(doc.loai) or book.qppl != qppl or book.mat != secret:
                raise RegisterError(Text(
                    f"Sổ '{code}' không dùng cho văn bản này ({doc.loai}"
                    f"{', QPPL' if qppl else ''}{', mật' if secret else ''}).",
                    f"Book '{code}' is not for this document ({doc.loai}"
                    f"{', legal-normative' if qppl else ''}{', secret' if secret else ''})."))
            return book
        fits = [b for b in self.config.so_van_ban
                if b.covers(doc.loai) and b.qppl == qppl and b.mat == secret]
        if not fits:
            kind = ("văn bản quy phạm pháp luật " if qppl else "") + ("mật " if secret else "")
            raise RegisterError(Text(
                f"Không có sổ nào trong office.yaml cho {kind}loại '{doc.loai}'.",
                f"No book in office.yaml for type '{doc.loai}'"
                f"{' (legal-normative)' if qppl else ''}{' (secret)' if secret else ''}."),
                Text("Thêm một sổ vào so_van_ban, hoặc chỉ sổ bằng --book.",
                     "Add a book under so_van_ban, or name one with --book."))
        fits.sort(key=lambda b: b.loai == "*")  # a book naming the type before a catch-all
        return fits[0]

    # ------------------------------------------------------------------ numbering

    def _bump(self, s: Session, book: str, date: dt.date) -> tuple[int, dt.date]:
        """Next number of (book, year), taking the counter row's lock until commit; with the
        latest date given in the book so far (``date`` itself when it is the latest)."""
        number, latest = s.execute(_BUMP, {"book": book, "year": date.year,
                                           "date": date}).one()
        return number, latest

    def _raise_latest(self, s: Session, book: str, date: dt.date) -> None:
        """The counter's latest date raised to ``date`` (a reserved number issued later)."""
        s.execute(update(Counter).where(Counter.so_sach == book, Counter.nam == date.year,
                                        Counter.ngay_cuoi < date).values(ngay_cuoi=date))

    def _check_open_year(self, s: Session, year: int) -> None:
        if s.get(ClosedYear, year) is not None:
            raise RegisterError(Text(
                f"Năm {year} đã khóa sổ; không cấp số vào năm này nữa.",
                f"The year {year} is closed; nothing more is numbered in it."))

    def _check_order(self, s: Session, book: str, year: int, number: int,
                     date: dt.date) -> None:
        """Điều 15.1: numbers follow the order of issue — dates never go backwards (a released
        number keeps its place in that order)."""
        live = (Number.so_sach == book, Number.nam == year)
        before = s.scalars(select(Number).where(*live, Number.so < number)
                           .order_by(Number.so.desc()).limit(1)).first()
        after = s.scalars(select(Number).where(*live, Number.so > number)
                          .order_by(Number.so).limit(1)).first()
        if before is not None and date < before.ngay:
            raise RegisterError(Text(
                f"Ngày {short_date(date)} sớm hơn ngày của số {number_text(before.so)} "
                f"({short_date(before.ngay)}) trong sổ '{book}': số văn bản lấy theo thứ tự "
                "và trình tự thời gian ban hành (Điều 15.1 Nghị định 30/2020/NĐ-CP).",
                f"{date.isoformat()} is earlier than the date of number "
                f"{number_text(before.so)} ({before.ngay.isoformat()}) in book '{book}': "
                "numbers follow the order of issue (Decree 30/2020, art. 15.1)."),
                Text("Dùng ngày ban hành thật (--date), không lùi ngày.",
                     "Use the real issue date (--date); do not backdate."))
        if after is not None and date > after.ngay:
            raise RegisterError(Text(
                f"Ngày {short_date(date)} muộn hơn ngày của số sau {number_text(after.so)} "
                f"({short_date(after.ngay)}) trong sổ '{book}' (Điều 15.1).",
                f"{date.isoformat()} is later than the date of the next number "
                f"{number_text(after.so)} ({after.ngay.isoformat()}) in book '{book}' "
                "(art. 15.1)."))

    def _new_number(self, s: Session, book: str, date: dt.date, holder: str, **fields: Any
                    ) -> Number:
        self.book(book)
        year = date.year
        number, latest = self._bump(s, book, date)
        self._check_open_year(s, year)
        if latest > date:  # Điều 15.1: only then look for the number that holds it
            self._check_order(s, book, year, number, date)
        if fields.get("ky_hieu"):
            self._check_clash(s, year, number, fields["ky_hieu"], fields.get("co_quan"))
        row = Number(so_sach=book, nam=year, so=number, trang_thai=RESERVED, ngay=date,
                     nguoi_giu=holder, nguoi_dung=self.user, cap_nhat_luc=_now(), **fields)
        s.add(row)
        s.flush()
        return row

    def allocate(self, book: str, date: dt.date, holder: str) -> Allocation:
        """The next number of ``book`` in ``date``'s year, held for ``holder`` (recorded)."""
        with self.transaction() as s:
            row = self._new_number(s, book, date, holder)
            self._audit(s, "giu-so", so_sach=book, nam=row.nam, so=row.so,
                        ngay=date.isoformat(), nguoi_giu=holder)
            return Allocation.of(row)

    def reserve(self, book: str, date: dt.date | None = None, holder: str = "") -> Allocation:
        return self.allocate(book, date or dt.date.today(), holder or self.user)

    def _find(self, s: Session, book: str, year: int, number: int) -> Number:
        row = s.scalars(select(Number).where(Number.so_sach == book, Number.nam == year,
                                             Number.so == number)).first()
        if row is None:
            raise RegisterError(Text(
                f"Sổ '{book}' năm {year} chưa có số {number_text(number)}.",
                f"Book '{book}' has no number {number_text(number)} in {year}."))
        return row

    @staticmethod
    def _holder_text(row: Number) -> Text:
        if row.trang_thai == ISSUED:
            return Text(f"đã cấp cho văn bản {row.so_ky_hieu} ngày {short_date(row.ngay)} "
                        f"({row.tep})", f"was issued to {row.so_ky_hieu} of "
                        f"{row.ngay.isoformat()} ({row.tep})")
        if row.trang_thai == RELEASED:
            return Text(f"đã hủy ({row.ly_do})", f"was released ({row.ly_do})")
        return Text(f"đang được giữ cho {row.nguoi_giu}", f"is reserved for {row.nguoi_giu}")

    def _require_reserved(self, row: Number, verb: Text) -> None:
        """Only a reserved number can be released, used or recorded; else say who holds it."""
        if row.trang_thai != RESERVED:
            held = self._holder_text(row)
            number = number_text(row.so)
            raise RegisterError(Text(
                f"Không {verb.vi} được số {number} của sổ '{row.so_sach}': số này {held.vi}.",
                f"Cannot {verb.en} number {number} of book '{row.so_sach}': it {held.en}."))

    def release(self, book: str, number: int, *, year: int, reason: str) -> Allocation:
        """Give up a reserved number: it stays in the register as a gap with its reason."""
        if not reason.strip():
            raise RegisterError(Text("Cần ghi lý do hủy số (--reason).",
                                     "A reason is needed to release a number (--reason)."))
        with self.transaction() as s:
            self._check_open_year(s, year)
            row = self._find(s, book, year, number)
            self._require_reserved(row, Text("hủy", "release"))
            row.trang_thai, row.ly_do = RELEASED, reason.strip()
            row.nguoi_dung, row.cap_nhat_luc = self.user, _now()
            self._audit(s, "huy-so", so_sach=book, nam=year, so=number, ly_do=row.ly_do,
                        nguoi_giu=row.nguoi_giu)
            return Allocation.of(row)

    def close_year(self, year: int) -> None:
        """Lock a year: nothing more is numbered in it. Refused while numbers are reserved."""
        with self.transaction() as s:
            if s.get(ClosedYear, year) is not None:
                raise RegisterError(Text(f"Năm {year} đã khóa sổ rồi.",
                                         f"The year {year} is already closed."))
            # Take every counter of the year: allocations in flight finish first.
            for counter in s.scalars(select(Counter).where(Counter.nam == year)
                                     .with_for_update()):
                counter.so_cuoi = counter.so_cuoi
            held = list(s.scalars(select(Number).where(Number.nam == year,
                                                       Number.trang_thai == RESERVED)))
            if held:
                names = "; ".join(f"{r.so_sach} số {number_text(r.so)} ({r.nguoi_giu})"
                                  for r in held)
                raise RegisterError(Text(
                    f"Năm {year} còn số đang giữ chưa cấp: {names}.",
                    f"The year {year} still has reserved numbers: {names}."),
                    Text("Cấp số (vanban issue … --so N) hoặc hủy (vanban release N --book … "
                         "--reason …) trước khi khóa sổ.", "Issue them (vanban issue … --so N) "
                         "or release them (vanban release N --book … --reason …) first."))
            s.add(ClosedYear(nam=year, nguoi_dung=self.user, luc=_now()))
            self._audit(s, "khoa-so", nam=year)

    # ------------------------------------------------------------------ issuing

    def converter(self) -> Any:
        """The office's LibreOffice pool (one worker), started on first use, kept warm."""
        if self._converter is None:
            from ..pdf import LibreOfficeMissing, PdfConverter

            try:
                converter = PdfConverter(workers=1, check_fonts=False, progress=None)
                converter.start()
            except LibreOfficeMissing as exc:
                raise RegisterError(Text(exc.message_vi, exc.message_en)) from None
            self._converter = converter
        return self._converter

    def _check_clash(self, s: Session, year: int, number: int, code: str,
                     organ: str | None, row_id: int | None = None) -> None:
        """Điều 15.1: (số, ký hiệu, cơ quan) is unique in the year."""
        clash = s.scalars(select(Number).where(
            Number.nam == year, Number.so == number, Number.ky_hieu == code,
            Number.co_quan == organ, Number.id != (row_id or -1))).first()
        if clash is not None:
            held = self._holder_text(clash)
            raise RegisterError(Text(
                f"Số {number_text(number)}/{code} trùng: số và ký hiệu này "
                f"{held.vi} (sổ '{clash.so_sach}').", f"Number "
                f"{number_text(number)}/{code} clashes: it {held.en} "
                f"(book '{clash.so_sach}')."),
                Text("Hai sổ dùng chung ký hiệu; sửa so_van_ban trong office.yaml.",
                     "Two books share a code; fix so_van_ban in office.yaml."))

    def issue(self, draft: Path | str, *, date: dt.date | None = None, book: str | None = None,
              number: int | None = None, pdf: bool = True) -> Issued:
        """Number and date a draft, write its YAML, DOCX and PDF under ``issued/<năm>/``
        and record it. ``number``: issue a number reserved earlier instead of the next one."""
        from ..build import font_problems, load

        draft = Path(draft)
        date = date or dt.date.today()
        content, doc = load(draft)  # Problems: nothing allocated
        if doc.so is not None and not doc.chua_cap_so:
            raise RegisterError(Text(
                f"{draft}: bản thảo đã có số ({doc.number_and_code}); văn bản đã cấp số "
                "không cấp lại.", f"{draft}: the draft already has a number "
                f"({doc.number_and_code}); an issued document is not numbered again."),
                Text("Bản thảo để cấp số ghi 'chua_cap_so: true' và không có 'so'.",
                     "A draft to be numbered has 'chua_cap_so: true' and no 'so'."))
        source_text = read_text(draft)
        sha = hashlib.sha256(source_text.encode("utf-8")).hexdigest()
        chosen = self.book_for(doc, book)
        # Validate the numbered document (and its fonts) before taking a number.
        numbered_doc, numbered_content = _numbered(source_text, draft, 1, date)
        problems = [p for p in font_problems(numbered_content) if p.severity == "error"]
        if problems:
            raise Problems(problems)
        code = numbered_doc.number_and_code.split("/", 1)[1]
        if pdf:
            self.converter()  # LibreOffice missing: said before a number is taken
        fields = {"ban_nhap_sha256": sha, "ky_hieu": code, "co_quan": doc.co_quan.viet_tat}

        allocation, resumed = self._take_number(chosen.ma, date, str(draft), sha, number, fields)
        _kill_point("sau-cap-so")
        final_doc, _ = _numbered(source_text, draft, allocation.number, date)
        stem = file_stem(final_doc.number_and_code)
        folder = self.folder / "issued" / str(date.year)
        targets = [folder / f"{stem}.{suffix}" for suffix in ("yaml", "docx", "pdf")]
        # the figures are stored beside the issued YAML, named by content (the draft's
        # folder may change; two documents' so-do.png may differ)
        pictures = figure_files(doc, stem)
        try:
            for name, data in sorted(set(pictures.values())):
                targets.append(folder / name)
                self._write(folder / name, data)
            self._write_documents(source_text, allocation.number, date, targets[:3], pdf,
                                  {typed: name for typed, (name, _) in pictures.items()})
            _kill_point("truoc-ghi-so")
            self._record(allocation, final_doc, targets[0])
        except BaseException:
            for target in targets:
                target.unlink(missing_ok=True)
            if pictures:
                with contextlib.suppress(OSError):
                    (folder / f"{stem}-hinh").rmdir()
            raise
        return Issued(allocation, final_doc.number_and_code, date, targets[0], targets[1],
                      targets[2] if pdf else None, resumed)

    def _take_number(self, book: str, date: dt.date, holder: str, sha: str,
                     number: int | None, fields: dict[str, Any]) -> tuple[Allocation, bool]:
        with self.transaction() as s:
            issued = s.scalars(select(Number).where(Number.ban_nhap_sha256 == sha,
                                                    Number.trang_thai == ISSUED)).first()
            if issued is not None:
                raise RegisterError(Text(
                    f"Bản thảo này đã được cấp số {issued.so_ky_hieu} ngày "
                    f"{short_date(issued.ngay)} ({issued.tep}); không cấp số lần hai.",
                    f"This draft was already issued as {issued.so_ky_hieu} of "
                    f"{issued.ngay.isoformat()} ({issued.tep}); not numbered twice."))
            row: Number | None = None
            resumed = False
            if number is not None:
                row = self._find(s, book, date.year, number)
                self._require_reserved(row, Text("dùng", "use"))
                self._check_open_year(s, date.year)
                self._check_order(s, book, date.year, number, date)
            else:
                row = s.scalars(select(Number).where(
                    Number.ban_nhap_sha256 == sha, Number.trang_thai == RESERVED,
                    Number.so_sach == book, Number.nam == date.year)).first()
                if row is not None:  # an earlier try of this draft stopped midway
                    resumed = True
                    self._check_open_year(s, date.year)
                    self._check_order(s, book, date.year, row.so, date)
            if row is None:
                row = self._new_number(s, book, date, holder, **fields)
            else:
                self._raise_latest(s, book, date)
                row.ngay, row.nguoi_giu, row.cap_nhat_luc = date, holder, _now()
                for key, value in fields.items():
                    setattr(row, key, value)
                s.flush()
            self._audit(s, "giu-so-cap", so_sach=book, nam=row.nam, so=row.so,
                        ngay=date.isoformat(), nguoi_giu=holder, tiep_tuc=resumed)
            return Allocation.of(row), resumed

    def _check(self, target: Path) -> None:
        """Refuse (RegisterError) a target in the office folder that paths.py's rule refuses."""
        from ..paths import OutputError, OutputFolder

        try:
            OutputFolder(self.folder).check(target)
        except OutputError as exc:
            raise RegisterError(exc.problem.message) from None

    def _write(self, target: Path, data: bytes) -> None:
        """Write into the office folder under the one rule of generator/paths.py (no symbolic
        link leading out, no FIFO or device planted under the file's name)."""
        from ..paths import OutputError, OutputFolder

        try:
            OutputFolder(self.folder).write(target, data)
        except OutputError as exc:
            raise RegisterError(exc.problem.message, Text(
                "Số vẫn được giữ cho bản thảo này; sửa thư mục cơ quan rồi chạy lại lệnh issue.",
                "The number stays held for this draft; fix the office folder and run issue "
                "again.")) from None

    def _write_documents(self, source_text: str, number: int, date: dt.date,
                         targets: Sequence[Path], pdf: bool,
                         figure_names: dict[str, str] | None = None) -> None:
        from ..build import load, pdf_metadata
        from ..docx.writer import render_docx

        yaml_path, docx_path, pdf_path = targets
        self._write(yaml_path, numbered_yaml(source_text, number, date,
                                             figure_names).encode("utf-8"))
        _kill_point("sau-ghi-yaml")
        _, doc = load(yaml_path)  # what is stored is what is built
        self._write(docx_path, render_docx(doc))
        if not pdf:
            return
        from ..pdf import PdfJob

        result = self.converter().convert([PdfJob(docx_path, pdf_path,
                                                        pdf_metadata(doc))])[0]
        if not result.ok:
            raise RegisterError(Text(f"Không tạo được PDF: {result.error}",
                                     f"Could not make the PDF: {result.error_en}"),
                                Text("Số vẫn được giữ cho bản thảo này; chạy lại lệnh issue.",
                                     "The number stays reserved for this draft; run issue "
                                     "again."))

    def _record(self, allocation: Allocation, doc: Document, yaml_path: Path) -> None:
        with self.transaction() as s:
            row = s.get(Number, allocation.id)
            if row is None or row.trang_thai != RESERVED:
                raise RegisterError(Text(
                    f"Số {number_text(allocation.number)} không còn được giữ cho bản thảo này "
                    "(đã bị hủy trong lúc dựng văn bản).", f"Number "
                    f"{number_text(allocation.number)} is no longer reserved for this draft."))
            self._mark_issued(s, row, doc, yaml_path.relative_to(self.folder))

    def issue_allocated(self, book: str, number: int, *, year: int, doc: Document,
                        file: Path) -> Allocation:
        """Record a number allocated earlier (``vanban merge`` takes its rows' numbers with
        :meth:`allocate`) as issued to ``doc``, written to ``file``. Recording the same
        document again is a no-op, so a resumed batch may call it for every row."""
        with self.transaction() as s:
            row = self._find(s, book, year, number)
            if row.trang_thai == ISSUED and row.so_ky_hieu == doc.number_and_code:
                return Allocation.of(row)
            self._require_reserved(row, Text("vào sổ", "record"))
            self._check_open_year(s, year)
            row.ky_hieu = doc.number_and_code.split("/")[-1]
            row.co_quan = doc.co_quan.viet_tat
            self._check_clash(s, year, number, row.ky_hieu, row.co_quan, row.id)
            file = Path(file).resolve()
            try:
                tep = file.relative_to(self.folder.resolve())
            except ValueError:  # a merge's output folder outside the office folder
                tep = file
            self._mark_issued(s, row, doc, tep)
            return Allocation.of(row)

    def _mark_issued(self, s: Session, row: Number, doc: Document, file: Path) -> None:
        """The register's fields of an issued document (Phụ lục IV) and the audit entry."""
        row.trang_thai = ISSUED
        row.so_ky_hieu = doc.number_and_code
        row.loai = doc.loai
        row.ten_loai = doc.doc_type.name.capitalize()
        row.trich_yeu = doc.trich_yeu
        row.nguoi_ky = doc.nguoi_ky.ho_ten
        row.chuc_vu = " / ".join(doc.nguoi_ky.title_lines())
        row.noi_nhan = "; ".join([*doc.kinh_gui, *recipient_names(doc.noi_nhan)]) or None
        row.luu = ", ".join(["VT", *doc.storage_units])
        row.so_ban = doc.so_ban
        row.muc_do_khan = doc.muc_do_khan
        row.do_mat = doc.do_mat
        row.tep = file.with_suffix("").as_posix()
        row.nguoi_dung, row.cap_nhat_luc = self.user, _now()
        self._audit(s, "cap-so", so_sach=row.so_sach, nam=row.nam, so=row.so,
                    so_ky_hieu=row.so_ky_hieu, ngay=row.ngay.isoformat(), tep=row.tep)

    # ------------------------------------------------------------------ reading

    def numbers(self, *, book: str | None = None, year: int | None = None,
                status: str | None = ISSUED, first: int | None = None,
                last: int | None = None, date_from: dt.date | None = None,
                date_to: dt.date | None = None) -> list[Number]:
        query = select(Number)
        if book is not None:
            query = query.where(Number.so_sach == book)
        if year is not None:
            query = query.where(Number.nam == year)
        if status is not None:
            query = query.where(Number.trang_thai == status)
        if first is not None:
            query = query.where(Number.so >= first)
        if last is not None:
            query = query.where(Number.so <= last)
        if date_from is not None:
            query = query.where(Number.ngay >= date_from)
        if date_to is not None:
            query = query.where(Number.ngay <= date_to)
        with self.transaction() as s:
            return list(s.scalars(query.order_by(Number.nam, Number.so_sach, Number.so)))

    def receive(self, path: Path | str, *, date: dt.date | None = None,
                fields: dict[str, Any] | None = None, stamp: bool = True) -> Received:
        """Register an incoming PDF or DOCX: fields from the file (metadata or text layer),
        corrected by ``<file>.den.yaml`` beside it and by ``fields``; the next số đến of the
        year; the file kept byte for byte under ``incoming/<năm>/``; a "ĐẾN"-stamped copy."""
        from .incoming import (
            MISSING,
            MISSING_HINT,
            IncomingFields,
            corrections,
            merge_fields,
            read_fields,
            stamp_copy,
            store_original,
            verify_signatures,
        )

        path = Path(path)
        from ..paths import input_problem

        why = input_problem(path)  # a FIFO or device is never opened (it would block)
        if why is not None:
            raise RegisterError(Text(f"Không đọc được tệp {path}: {why.vi}.",
                                     f"Cannot read {path}: {why.en}."))
        date = date or dt.date.today()
        given = {k: v for k, v in (fields or {}).items() if v is not None}
        try:
            IncomingFields.model_validate(given)
        except ValidationError as exc:
            name = ".".join(str(p) for p in exc.errors()[0]["loc"])
            raise RegisterError(Text(f"Giá trị không hợp lệ cho '{name}'.",
                                     f"Invalid value for '{name}'.")) from None
        found, source = read_fields(path)
        merged = merge_fields(found, corrections(path), given)
        if not merged.get("so_ky_hieu") or not merged.get("tac_gia"):
            values = {"name": path.name, "yaml": path.with_suffix(".den.yaml").name}
            raise RegisterError(MISSING.format(**values), MISSING_HINT.format(**values))
        signatures = verify_signatures(path, [self.folder / p for p in self.config.tin_cay])
        folder = self.folder / "incoming" / str(date.year)
        self._check(folder / path.name)  # before any number: incoming/ leads nowhere else
        stored = store_original(path, folder)
        with self.transaction() as s:
            number, latest = self._bump(s, INCOMING_BOOK, date)
            self._check_open_year(s, date.year)
            if latest > date:  # Điều 22.2: số đến follow the order of arrival
                raise RegisterError(Text(
                    f"Ngày đến {short_date(date)} sớm hơn ngày đến của số đến trước "
                    f"({short_date(latest)}): số đến lấy theo trình tự thời gian tiếp nhận "
                    "(Điều 22.2).", f"Arrival {date.isoformat()} is earlier than that of the "
                    f"previous incoming number ({latest.isoformat()}) (art. 22.2)."))
            row = Incoming(nam=date.year, so_den=number, ngay_den=date,
                           tep=stored.relative_to(self.folder).as_posix(), chu_ky_so=signatures,
                           nguoi_dung=self.user, luc=_now(),
                           **{k: merged.get(k) for k in IncomingFields.model_fields})
            s.add(row)
            s.flush()
            self._audit(s, "vao-so-den", nam=date.year, so_den=number, tep=row.tep,
                        so_ky_hieu=merged.get("so_ky_hieu"), tac_gia=merged.get("tac_gia"))
        stamped = None
        if stamp and path.suffix.lower() == ".pdf":
            stamped = folder / f"{number_text(number)}-{path.stem}-den.pdf"
            stamp_copy(stored, stamped, self.config.co_quan.ten, number, date,
                       self.converter())
            with self.transaction() as s:
                saved = s.get(Incoming, row.id)
                assert saved is not None
                saved.ban_dau_den = stamped.relative_to(self.folder).as_posix()
        return Received(number, date.year, date, merged, stored, stamped,
                        "given" if given and not found else source, signatures)

    def incoming(self, *, year: int | None = None, first: int | None = None,
                 last: int | None = None, date_from: dt.date | None = None,
                 date_to: dt.date | None = None) -> list[Incoming]:
        query = select(Incoming)
        for column, op, value in ((Incoming.nam, "==", year), (Incoming.so_den, ">=", first),
                                  (Incoming.so_den, "<=", last),
                                  (Incoming.ngay_den, ">=", date_from),
                                  (Incoming.ngay_den, "<=", date_to)):
            if value is not None:
                query = query.where(column == value if op == "==" else
                                    column >= value if op == ">=" else column <= value)
        with self.transaction() as s:
            return list(s.scalars(query.order_by(Incoming.nam, Incoming.so_den)))

    def print_register(self, kind: str, *, year: int, book: str | None = None,
                       out_dir: Path | None = None, formats: Sequence[str] = ("docx", "pdf",
                                                                             "xlsx"),
                       **span: Any) -> list[Path]:
        """Print a register of Phụ lục IV (``di``, ``den``, ``theo-doi``, ``buu-dien``,
        ``ban-luu``) into ``registers/`` (or ``out_dir``); returns the files written."""
        from .printing import build_register, write_register

        register = build_register(self, kind, year=year, book=book, **span)
        return write_register(self, register, out_dir or self.folder / "registers", formats,
                              book)

    def issued(self, path: Path | str) -> tuple[Number, Document]:
        """The register row and the document of a file under ``issued/``."""
        from ..build import load

        path = Path(path).resolve()
        try:
            tep = path.relative_to(self.folder.resolve()).with_suffix("").as_posix()
        except ValueError:
            tep = ""
        with self.transaction() as s:
            row = s.scalars(select(Number).where(Number.tep == tep,
                                                 Number.trang_thai == ISSUED)).first()
        if row is None:
            raise RegisterError(Text(
                f"{path} không phải văn bản đã cấp số của cơ quan này (tệp trong issued/).",
                f"{path} is not a document issued by this office (a file under issued/)."))
        return row, load(path.with_suffix(".yaml"))[1]

    def metadata(self, path: Path | str, **options: Any) -> dict[str, Any]:
        """Phụ lục VI Phần II, I for an issued document (lengths enforced)."""
        from .metadata import outgoing_metadata

        row, doc = self.issued(path)
        pdf = self.folder / f"{row.tep}.pdf"
        pages = None
        if pdf.exists():
            from pypdf import PdfReader

            pages = len(PdfReader(pdf).pages)
        return outgoing_metadata(row, doc, self.config, pages=pages, **options)

    def edxml(self, path: Path | str, to: list[tuple[str, str]]) -> bytes:
        """The edXML package of an issued document, its PDF (or DOCX) attached."""
        from .metadata import edxml_package

        row, doc = self.issued(path)
        data = self.metadata(path)
        attachments = [p for p in (self.folder / f"{row.tep}.pdf",) if p.exists()] or \
            [self.folder / f"{row.tep}.docx"]
        return edxml_package(data, doc, self.config, to, attachments,
                             qppl=bool(getattr(doc, "qppl", False)))

    def search(self, *, words: str | None = None, loai: str | None = None,
               signer: str | None = None, recipient: str | None = None, **filters: Any
               ) -> list[Number]:
        """Issued numbers by book, year, number range, dates (see :meth:`numbers`), type,
        signer, words of the trích yếu and recipient (case- and accent-exact words)."""
        def has(text: str | None, wanted: str | None) -> bool:
            if not wanted:
                return True
            hay = (text or "").casefold()
            return all(word in hay for word in wanted.casefold().split())

        return [row for row in self.numbers(**filters)
                if (loai is None or row.loai == loai) and has(row.trich_yeu, words)
                and has(row.nguoi_ky, signer) and has(row.noi_nhan, recipient)]


def _renamed_figures(data: Any, names: dict[str, str]) -> None:
    """Every ``hinh:`` value of the (ruamel) data replaced by its name in ``names``."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "hinh" and isinstance(value, str) and value.strip() in names:
                data[key] = names[value.strip()]
            else:
                _renamed_figures(value, names)
    elif isinstance(data, list):
        for value in data:
            _renamed_figures(value, names)


def figure_files(doc: Document, stem: str) -> dict[str, tuple[str, bytes]]:
    """The issued copies of a document's figures: ``hinh`` as typed → (its name beside the
    issued YAML, ``<stem>-hinh/<content hash>.png``, and the picture's bytes)."""
    from ..images import figures

    return {figure.hinh: (f"{stem}-hinh/{figure.image.digest}.{figure.image.kind}",
                          figure.image.data) for _, figure in figures(doc)}


def numbered_yaml(source_text: str, number: int, date: dt.date,
                  figure_names: dict[str, str] | None = None) -> str:
    """The draft's YAML with ``so`` and ``ngay`` set and ``chua_cap_so`` removed (and each
    figure's ``hinh`` renamed per ``figure_names``); every other line and comment kept
    (ruamel.yaml round trip)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(source_text)
    keys = list(data.keys())
    if "chua_cap_so" in data:
        index = keys.index("chua_cap_so")
        del data["chua_cap_so"]
    elif "so" in data:
        index = keys.index("so")
        del data["so"]
    else:
        index = keys.index("ngay") if "ngay" in data else len(keys)
    data.insert(index, "so", number)
    if "ngay" in data:
        data["ngay"] = date
    else:
        data.insert(index + 1, "ngay", date)
    if figure_names:
        _renamed_figures(data, figure_names)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _numbered(source_text: str, path: Path, number: int, date: dt.date
              ) -> tuple[Document, Content]:
    from ..content import parse_yaml
    from ..template_content import apply_template

    text = numbered_yaml(source_text, number, date)
    content = apply_template(parse_yaml(text, path), ())
    try:
        return validate(content), content
    except Problems as exc:  # a field the numbering changed (e.g. a QPPL year) is wrong
        raise Problems([Problem(path, p.message, None, None, p.field, p.hint)
                        for p in exc.items]) from None



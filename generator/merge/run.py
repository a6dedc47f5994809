"""The merge pipeline: plan every row into the journal (validated, named, hashed), allocate
numbers, build what is not built yet (in process or through the queue), then write the
combined PDF, the summary and the ZIP from the journal.

Memory stays flat whatever the number of rows: rows stream from the sheet into SQLite and
back out a batch at a time; only a chunk of jobs is in flight.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.paths import OutputError, OutputFolder
from generator.problems import Problem, Problems, Text

from .figures import BatchFigures
from .job import (
    RowJob,
    RowResult,
    build_row,
    content_key,
    document_of,
    not_written,
    write_docx,
)
from .mapping import ColumnMap, parse_options, read_map_file
from .names import safe_name, with_row
from .numbers import NumberSource
from .outputs import (
    FILES_DIR,
    PRINT_NAME,
    SUMMARY_NAME,
    ZIP_NAME,
    combine_pdfs,
    write_summary,
    write_zip,
)
from .sheet import DataProblem, Row, RowProblem, Sheet, Where
from .state import BUILT, FAILED, INVALID, PENDING, Journal
from .template import MergeTemplate

CHUNK = 64  # jobs handed to the PDF pool at a time (in process)
_FALSE = {"", "0", "không", "khong", "no", "false", "sai", "k"}


@dataclass
class MergeOptions:
    template: Path
    data: Path
    out_dir: Path
    sheet: str | None = None
    map_file: Path | None = None
    columns: list[str] = field(default_factory=list)  # "Heading=variable"
    name_column: str | None = None
    select: str | None = None  # "Heading" (truthy) or "Heading=value"
    pdf: bool = True
    pdfa: bool = False
    workers: int | None = None
    volume_mb: float = 50.0
    numbers: NumberSource | None = None
    templates: list[Path] = field(default_factory=list)
    queue: str | None = None
    progress: bool | None = None  # None: a bar on a terminal
    zip: bool = True


@dataclass
class MergeResult:
    selected: int = 0
    built: int = 0
    reused: int = 0
    invalid: int = 0
    failed: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    volumes: list[Path] = field(default_factory=list)
    summary: Path | None = None
    archive: Path | None = None
    refused: list[Problem] = field(default_factory=list)  # outputs not written (a planted link)

    @property
    def ok(self) -> bool:
        return not (self.invalid or self.failed or self.refused)


class _Bar:
    """A rich progress bar on stderr when it is a terminal (or when asked)."""

    def __init__(self, wanted: bool | None) -> None:
        self.progress: Any = None
        if wanted is None:
            wanted = sys.stderr.isatty()
        if wanted:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )
            self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                     MofNCompleteColumn(), TimeRemainingColumn(),
                                     console=Console(stderr=True), transient=True)
            self.progress.start()
        self.task: Any = None

    def phase(self, label: str, total: int | None) -> None:
        if self.progress is not None:
            if self.task is not None:
                self.progress.remove_task(self.task)
            self.task = self.progress.add_task(label, total=total)

    def advance(self, n: int = 1) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task, n)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def _selector(option: str | None, columns: ColumnMap) -> tuple[str, str | None] | None:
    if not option:
        return None
    heading, sep, value = option.partition("=")
    found = columns.heading(heading.strip())
    if found is None:
        raise DataProblem(Text(f"--select: không có cột «{heading.strip()}».",
                               f"--select: no column '{heading.strip()}'."))
    return found, (value.strip() if sep else None)


def _selected(row: Row, rule: tuple[str, str | None] | None) -> bool:
    if rule is None:
        return True
    cell = row.cells.get(rule[0])
    text = "" if cell is None or cell.value is None else str(cell.value).strip()
    if rule[1] is None:
        return text.casefold() not in _FALSE
    return text.casefold() == rule[1].casefold()


class Merge:
    def __init__(self, options: MergeOptions) -> None:
        self.o = options
        self.sheet = Sheet(options.data, options.sheet)
        explicit = read_map_file(options.map_file) if options.map_file else {}
        explicit.update(parse_options(options.columns))
        self.columns = ColumnMap(self.sheet.headings, explicit)
        self.template = MergeTemplate(options.template, options.templates)
        self.figures = BatchFigures(options.out_dir)
        missing = [v for v in self.template.required if v not in self.columns.headings]
        if missing:
            known = ", ".join(f"«{h}» → {v}" for h, v in self.columns.variables.items())
            raise DataProblem(Text(
                f"Biến {', '.join(missing)} của mẫu «{self.template.template_path.name}» "
                f"không có cột nào điền (các cột: {known}); thêm cột hoặc dùng --column.",
                f"Variable(s) {', '.join(missing)} of template "
                f"'{self.template.template_path.name}' are filled by no column (columns: "
                f"{known}); add a column or use --column."))
        self.name_heading = None
        if options.name_column:
            self.name_heading = self.columns.heading(options.name_column)
            if self.name_heading is None:
                raise DataProblem(Text(f"--name: không có cột «{options.name_column}».",
                                       f"--name: no column '{options.name_column}'."))
        self.rule = _selector(options.select, self.columns)
        if options.queue:  # before any number is allocated: the queue must be there
            from .distributed import connect

            connect(options.queue)
        self.sheet_label = self.sheet.label
        self.source = f"{options.data.resolve()}#{self.sheet_label or ''}"
        self.result = MergeResult()
        self.moment: dt.date | None = None

    # -- plan

    def _where(self, row: int, heading: str | None = None) -> Where:
        column = self.sheet.columns[self.sheet.headings.index(heading)] if heading else None
        return Where(self.o.data, self.sheet_label, row, column, heading)

    def _row_problems(self, row: Row) -> list[RowProblem]:
        from generator.pdf import check_font_coverage

        problems = []
        for heading, cell in row.cells.items():
            if cell.problem is not None:
                problems.append(RowProblem(self._where(row.number, heading), cell.problem))
            elif isinstance(cell.value, str) and heading in self.columns.variables:
                coverage = check_font_coverage(cell.value)
                if coverage.missing or coverage.fallback:
                    vi, en = coverage.messages("vi"), coverage.messages("en")
                    if coverage.missing:
                        problems.append(RowProblem(self._where(row.number, heading),
                                                   Text(vi[0], en[0])))
                    if coverage.fallback:
                        problems.append(RowProblem(self._where(row.number, heading),
                                                   Text(vi[-1], en[-1]), "warning"))
        for variable in sorted(self.template.needs_value & set(self.columns.headings)):
            heading = self.columns.headings[variable]
            cell = row.cells.get(heading)
            if (cell is None or cell.value is None) and (cell is None or cell.problem is None):
                problems.append(RowProblem(self._where(row.number, heading), Text(
                    f"Thiếu giá trị (biến «{variable}» của mẫu).",
                    f"Missing value (template variable '{variable}').")))
        return problems

    def _name(self, row: Row, journal: Journal) -> str:
        cell = row.cells.get(self.name_heading) if self.name_heading else None
        name = safe_name(cell.value if cell else None, row.number)
        while journal.name_taken(name):
            name = with_row(name, row.number)
        return name

    def plan(self, journal: Journal, bar: _Bar) -> None:
        bar.phase("Kiểm tra dữ liệu", self.sheet.count())
        journal.start_plan()
        try:
            for row in self.sheet.rows():
                bar.advance()
                if not _selected(row, self.rule):
                    continue
                self.result.selected += 1
                self._plan_row(row, journal)
        finally:
            journal.end_plan()

    def _plan_row(self, row: Row, journal: Journal) -> None:
        name = self._name(row, journal)
        problems = self._row_problems(row)
        errors = [p for p in problems if p.severity == "error"]
        self.result.problems.extend(problems)
        if errors:
            journal.add_row(row.number, name, INVALID, message=_joined(errors))
            return
        variables = {self.columns.variables[h]: c.value for h, c in row.cells.items()
                     if c.value is not None and h in self.columns.variables}
        try:
            filled = self.template.fill(variables, None)
        except Problems as exc:
            mapped = []
            for problem in exc.items:
                if problem.severity != "error":
                    continue
                variable = self.template.variable_of(problem)
                heading = self.columns.headings.get(variable) if variable else None
                text = problem.message
                if heading is None and problem.file is not None:  # the template's own field
                    text = Text(f"{text.vi} ({_in_template(problem, 'vi')})",
                                f"{text.en} ({_in_template(problem, 'en')})")
                mapped.append(RowProblem(self._where(row.number, heading), text))
            self.result.problems.extend(mapped)
            journal.add_row(row.number, name, INVALID, message=_joined(mapped))
            return
        try:
            data = self.figures.rename(filled.document, filled.content.data)
        except OutputError as exc:
            problem = RowProblem(self._where(row.number, None), exc.problem.message)
            self.result.problems.append(problem)
            journal.add_row(row.number, name, INVALID, message=_joined([problem]))
            return
        if self.moment is None:
            self.moment = filled.document.ngay
        journal.add_row(row.number, name, PENDING, data=data)

    # -- numbers

    def allocate(self, journal: Journal) -> None:
        numbers = self.o.numbers
        for record in journal.records(PENDING):
            assert record.data is not None
            data = dict(record.data)
            if numbers is not None:
                number = journal.number_of(self.source, record.row)
                if number is None:
                    date = document_of(self._job(record.row, "", data, "")).ngay
                    number = numbers.allocate(date, f"vanban merge {self.o.data.name} "
                                                    f"dòng {record.row}")
                    journal.keep_number(self.source, record.row, number, numbers.book)
                data["so"] = number
                data.pop("chua_cap_so", None)
            else:
                number = None
            key = content_key(data, pdf=self.o.pdf, pdfa=self.o.pdfa)
            journal.set_key(record.row, key, data, number)

    # -- build

    def _job(self, row: int, key: str, data: dict[str, Any], name: str) -> RowJob:
        return RowJob(row, key, data, f"{FILES_DIR}/{name}.docx",
                      f"{FILES_DIR}/{name}.pdf" if self.o.pdf else None,
                      str(self.o.out_dir.resolve()), self.o.pdfa)

    def todo(self, journal: Journal, bar: _Bar) -> Iterator[RowJob]:
        """Pending rows that still need building; rows already built are marked at once."""
        for record in journal.records(PENDING):
            assert record.key and record.data is not None and record.name
            job = self._job(record.row, record.key, record.data, record.name)
            pages = journal.is_done(job.key, job.docx, job.pdf, self.o.out_dir)
            if pages is not None:
                journal.mark_built(job.row, job.key, job.docx, job.pdf, pages)
                self.result.reused += 1
                bar.advance()
                continue
            yield job

    def record(self, journal: Journal, result: RowResult, job: RowJob) -> None:
        if journal.status_of(result.row) != PENDING:
            return  # a second delivery of a job already recorded: one summary row per row
        if result.ok:
            journal.mark_built(result.row, job.key, job.docx, job.pdf, result.pages)
            self.result.built += 1
        else:
            message = (result.error_vi or "lỗi", result.error_en or "error")
            journal.mark_failed(result.row, message)
            self.result.failed += 1
            self.result.problems.append(RowProblem(self._where(result.row),
                                                   Text(*message)))

    def build_local(self, journal: Journal, bar: _Bar) -> None:
        jobs = self.todo(journal, bar)
        if not self.o.pdf:
            for job in jobs:
                self.record(journal, _docx_only(job), job)
                bar.advance()
            return
        first = next(jobs, None)
        if first is None:
            return  # everything was built by an earlier run: no LibreOffice to start
        jobs = itertools.chain([first], jobs)
        from generator.pdf import LibreOfficeMissing, PdfConverter

        converter = PdfConverter(workers=self.o.workers, pdfa=self.o.pdfa, check_fonts=False,
                                 progress=False)
        try:
            converter.start(wait=False)
        except LibreOfficeMissing as exc:
            for job in jobs:
                self.record(journal, RowResult(job.row, job.key, False, 0, exc.message_vi,
                                               exc.message_en), job)
            return
        try:
            while True:
                chunk = [job for _, job in zip(range(CHUNK), jobs, strict=False)]
                if not chunk:
                    break
                for job, result in zip(chunk, _convert_chunk(converter, chunk), strict=True):
                    self.record(journal, result, job)
                    bar.advance()
        finally:
            converter.close()

    # -- outputs

    def issue(self, journal: Journal) -> None:
        """Rows built with a number from the register are recorded there as issued."""
        numbers = self.o.numbers
        if numbers is None:
            return
        for record in journal.records(BUILT):
            if record.number is None or record.data is None or record.name is None:
                continue
            job = self._job(record.row, record.key or "", record.data, record.name)
            numbers.issue(record.number, document_of(job), self.o.out_dir / job.docx)

    def _writable(self, target: Path) -> bool:
        """Whether ``target`` may be written (generator/paths.py's rule: no symbolic link,
        FIFO or folder planted under its name, no folder leading out); else it is reported."""
        try:
            OutputFolder(self.o.out_dir).check(target)
        except OutputError as exc:
            self.result.refused.append(exc.problem)
            return False
        return True

    def finish(self, journal: Journal) -> None:
        out = self.o.out_dir
        moment = self.moment or dt.date(2000, 1, 1)
        summary = out / SUMMARY_NAME
        if self._writable(summary):
            write_summary(summary, journal, moment, pdf=self.o.pdf)
            self.result.summary = summary
        if self.o.pdf and all([self._writable(volume) for volume in  # each one reported
                               sorted(out.glob(f"{PRINT_NAME}-*.pdf"))]):
            items = ((f"{r.row}. {r.name}", out / FILES_DIR / f"{r.name}.pdf")
                     for r in journal.records(BUILT))
            self.result.volumes = combine_pdfs(items, out, int(self.o.volume_mb * 1024 * 1024))
        if self.o.zip:
            def files() -> Iterator[tuple[str, Path]]:
                for r in journal.records(BUILT):
                    for suffix in (".docx", ".pdf") if self.o.pdf else (".docx",):
                        name = f"{FILES_DIR}/{r.name}{suffix}"
                        yield name, out / name
                if self.result.summary is not None:
                    yield SUMMARY_NAME, summary
            if self._writable(out / ZIP_NAME):
                self.result.archive = out / ZIP_NAME
                write_zip(self.result.archive, files())
        self.result.invalid = journal.count(INVALID)
        self.result.failed = journal.count(FAILED)


def _in_template(problem: Problem, lang: str) -> str:
    """Where in the template file a problem is: its file, line and field as known."""
    words = ("tệp mẫu", "dòng", "trường") if lang == "vi" else ("template file", "line", "field")
    parts = [(words[0], problem.file), (words[1], problem.line), (words[2], problem.field)]
    return ", ".join(f"{word} {value}" for word, value in parts if value not in (None, ""))


def _joined(problems: list[RowProblem]) -> tuple[str, str]:
    def one(p: RowProblem, lang: str) -> str:
        place = f"{'column' if lang == 'en' else 'cột'} {p.where.column}: " \
            if p.where.column else ""
        return place + p.message(lang)
    return ("; ".join(one(p, "vi") for p in problems),
            "; ".join(one(p, "en") for p in problems))


def _docx_only(job: RowJob) -> RowResult:
    try:
        write_docx(job)
    except (Problems, OutputError) as exc:
        return not_written(job, exc)
    return RowResult(job.row, job.key, True)


def _convert_chunk(converter: Any, chunk: list[RowJob]) -> list[RowResult]:
    """Write the chunk's DOCX files as the pool converts them (writing and converting
    overlap: the pool takes a generator)."""
    from generator.build import pdf_metadata
    from generator.pdf import PdfJob

    written: dict[int, RowResult] = {}

    def pdf_jobs() -> Iterator[PdfJob]:
        for job in chunk:
            try:
                document = write_docx(job)
            except (Problems, OutputError) as exc:
                written[job.row] = not_written(job, exc)
                continue
            out = Path(job.out_dir)
            yield PdfJob(out / job.docx, out / job.pdf, pdf_metadata(document))  # type: ignore[operator]

    results = {Path(r.job.docx).name: r for r in converter.convert(pdf_jobs())}
    out: list[RowResult] = []
    for job in chunk:
        if job.row in written:
            out.append(written[job.row])
            continue
        result = results[Path(job.docx).name]
        if result.ok:
            out.append(RowResult(job.row, job.key, True, result.pages))
        else:
            out.append(RowResult(job.row, job.key, False, 0,
                                 f"Không tạo được PDF: {result.error}",
                                 f"Could not make the PDF: {result.error_en or result.error}"))
    return out


def merge(options: MergeOptions) -> MergeResult:
    """Run a whole batch (raises :class:`DataProblem` when the data, the map or the template
    as a whole is wrong; a bad row is a problem in the result, never an exception)."""
    runner = Merge(options)
    options.out_dir.mkdir(parents=True, exist_ok=True)
    journal = Journal(options.out_dir)
    bar = _Bar(options.progress)
    try:
        runner.plan(journal, bar)
        runner.allocate(journal)
        bar.phase("Dựng văn bản", journal.count(PENDING))
        if options.queue:
            from .distributed import build_on_queue

            build_on_queue(runner, journal, bar, options.queue)
        else:
            runner.build_local(journal, bar)
        runner.issue(journal)
        runner.finish(journal)
    finally:
        bar.close()
        with contextlib.suppress(Exception):
            journal.close()
    return runner.result


__all__ = ["MergeOptions", "MergeResult", "merge", "build_row", "DataProblem"]

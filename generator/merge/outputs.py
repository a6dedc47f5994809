"""What a batch writes besides the per-row files, each from the journal in row order and
in flat memory: the combined PDF for printing (volumes of at most ``volume_bytes``, a
bookmark per row), the ZIP and the summary XLSX. All byte-identical for the same input.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from .state import BUILT, FAILED, INVALID, PENDING, Journal

FILES_DIR = "van-ban"  # the per-row DOCX and PDF
PRINT_NAME = "ban-in"  # ban-in-01.pdf, ban-in-02.pdf …
ZIP_NAME = "van-ban.zip"
SUMMARY_NAME = "danh-sach.xlsx"
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
STATUS_TEXT = {BUILT: ("đã tạo", "built"), INVALID: ("không hợp lệ", "invalid"),
               FAILED: ("lỗi khi tạo", "failed"), PENDING: ("chưa tạo", "not built")}


def volume_name(index: int) -> str:
    return f"{PRINT_NAME}-{index:02d}.pdf"


class _Volume:
    def __init__(self) -> None:
        import pikepdf

        self.pdf = pikepdf.new()
        self.sources: list[object] = []
        self.marks: list[tuple[str, int]] = []
        self.size = 0

    def add(self, title: str, data: bytes) -> None:
        import pikepdf

        source = pikepdf.open(io.BytesIO(data))
        self.sources.append(source)
        self.marks.append((title, len(self.pdf.pages)))
        self.pdf.pages.extend(source.pages)
        self.size += len(data)

    def save(self, target: Path, title: str) -> None:
        import pikepdf

        with self.pdf.open_outline() as outline:
            outline.root.extend(pikepdf.OutlineItem(t, page) for t, page in self.marks)
        self.pdf.docinfo["/Title"] = title
        self.pdf.docinfo["/Creator"] = "vanban"
        self.pdf.Root.PageMode = pikepdf.Name.UseOutlines
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                   dir=target.parent)
        os.close(fd)
        try:
            self.pdf.save(tmp, deterministic_id=True, linearize=False)
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        finally:
            self.pdf.close()
            for source in self.sources:
                source.close()  # type: ignore[attr-defined]


def combine_pdfs(items: Iterable[tuple[str, Path]], out_dir: Path,
                 volume_bytes: int) -> list[Path]:
    """Append each PDF with a bookmark ``title``; start a new volume when the next file
    would pass ``volume_bytes`` (a volume holds at least one file). Returns the volumes."""
    volumes: list[Path] = []
    current: _Volume | None = None

    def flush() -> None:
        nonlocal current
        if current is not None and current.marks:
            target = out_dir / volume_name(len(volumes) + 1)
            current.save(target, f"Bản in – tập {len(volumes) + 1}")
            volumes.append(target)
        current = None

    for title, path in items:
        data = path.read_bytes()
        if current is not None and current.marks and current.size + len(data) > volume_bytes:
            flush()
        if current is None:
            current = _Volume()
        current.add(title, data)
    flush()
    for stale in out_dir.glob(f"{PRINT_NAME}-*.pdf"):  # volumes of an earlier, larger run
        if stale not in volumes:
            stale.unlink()
    return volumes


def write_zip(target: Path, files: Iterable[tuple[str, Path]]) -> None:
    """A ZIP of ``files`` (name inside, path), streamed, with fixed times."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, path in files:
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                with path.open("rb") as source, archive.open(info, "w") as sink:
                    while chunk := source.read(1 << 20):
                        sink.write(chunk)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


SUMMARY_HEADINGS = ("Dòng", "Tệp DOCX", "Tệp PDF", "Số", "Trạng thái", "Ghi chú", "Số trang")


def write_summary(target: Path, journal: Journal, moment: dt.date, *, pdf: bool) -> None:
    """The summary workbook: one line per selected data row (row → file → number → status)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from generator.consolidate.xlsx import BOLD_FONT, save

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet("Danh sách")
    for column, width in zip("ABCDEFG", (8, 40, 40, 8, 14, 70, 10), strict=True):
        worksheet.column_dimensions[column].width = width
    header = []
    for text in SUMMARY_HEADINGS:
        cell = WriteOnlyCell(worksheet, text)
        cell.font = BOLD_FONT
        header.append(cell)
    worksheet.append(header)
    for record in journal.records():
        message = record.message_vi or ""
        built = record.status == BUILT and record.name is not None
        worksheet.append([
            record.row,
            f"{FILES_DIR}/{record.name}.docx" if built else None,
            f"{FILES_DIR}/{record.name}.pdf" if built and pdf else None,
            record.number,
            STATUS_TEXT.get(record.status, (record.status,))[0],
            message or None,
            record.pages or None,
        ])
    from generator.files import write_atomic

    write_atomic(target, save(workbook, moment))

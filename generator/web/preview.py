"""The live preview: the real PDF from the LibreOffice pool, shown as page images.

Previews coalesce per user: while one renders, only the latest edit waits; older waiting
edits are dropped (answered "superseded"). Conversions of all users go to one warm pool in
batches, so two workers serve many clerks.
"""

from __future__ import annotations

import asyncio
import io
import queue
import threading
import uuid
from collections import OrderedDict
from concurrent.futures import Future
from dataclasses import dataclass, field

import pypdfium2

from ..build import pdf_metadata
from ..docx.writer import render_docx
from ..model import Document
from ..pdf import PdfConverter, PdfJob, PdfResult
from ..tempdirs import make_private

PAGE_SCALE = 1.25  # 90 dpi: an A4 page is 744 × 1052 pixels
KEPT_PER_USER = 2  # previews kept in memory per user (the shown one and the next)


_PDFIUM = threading.Lock()  # pdfium is not thread-safe


@dataclass
class Rendered:
    """A preview's PDF; its pages become images when the browser asks for them."""

    token: str
    pdf: bytes
    count: int
    images: dict[int, bytes] = field(default_factory=dict)

    def image(self, index: int) -> bytes:
        if index not in self.images:
            self.images[index] = page_image(self.pdf, index)
        return self.images[index]


class PdfService:
    """One warm pool for the whole desk; jobs from many requests converted in batches."""

    def __init__(self, workers: int | None = None) -> None:
        self._workers = workers
        self._jobs: queue.Queue[tuple[PdfJob, Future[PdfResult]] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._converter: PdfConverter | None = None
        self._folder = make_private("vanban-web-")
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._converter = PdfConverter(workers=self._workers, progress=False)
                self._converter.start(wait=False)
                self._thread = threading.Thread(target=self._run, name="vanban-pdf",
                                                daemon=True)
                self._thread.start()

    def close(self) -> None:
        with self._lock:
            if self._thread is not None:
                self._jobs.put(None)
                self._thread.join(timeout=30)
                self._thread = None
            if self._converter is not None:
                self._converter.close()
                self._converter = None
        import shutil

        shutil.rmtree(self._folder, ignore_errors=True)

    def pdf(self, doc: Document) -> bytes:
        """The document's PDF, exactly as `vanban build` makes it (blocking)."""
        self.start()
        name = uuid.uuid4().hex
        docx = self._folder / f"{name}.docx"
        docx.write_bytes(render_docx(doc))
        job = PdfJob(docx, self._folder / f"{name}.pdf", pdf_metadata(doc))
        done: Future[PdfResult] = Future()
        self._jobs.put((job, done))
        try:
            result = done.result(timeout=180)
            if not result.ok:
                raise RuntimeError(result.error or "?")
            return job.pdf.read_bytes()
        finally:
            docx.unlink(missing_ok=True)
            job.pdf.unlink(missing_ok=True)

    def _run(self) -> None:
        while True:
            first = self._jobs.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < 8:
                try:
                    more = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._jobs.put(None)
                    break
                batch.append(more)
            futures = {str(job.pdf): done for job, done in batch}
            try:
                assert self._converter is not None
                for result in self._converter.convert([job for job, _ in batch]):
                    futures.pop(str(result.job.pdf)).set_result(result)
            except Exception as exc:  # noqa: BLE001 — every waiting request must get an answer
                for done in futures.values():
                    done.set_exception(exc)
            for done in futures.values():
                if not done.done():
                    done.set_exception(RuntimeError("no result"))


def page_count(pdf: bytes) -> int:
    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def page_image(pdf: bytes, index: int, scale: float = PAGE_SCALE) -> bytes:
    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            image = document[index].render(scale=scale).to_pil()
        finally:
            document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


@dataclass
class _Slot:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latest: int = 0


class Previewer:
    """Coalescing previews per user, page images kept briefly in memory."""

    def __init__(self, pdfs: PdfService) -> None:
        self.pdfs = pdfs
        self._slots: dict[int, _Slot] = {}
        self._kept: dict[int, OrderedDict[str, Rendered]] = {}
        self._guard = threading.Lock()

    async def render(self, user: int, doc: Document) -> Rendered | None:
        """The rendered preview, or None when a newer edit of the same user replaced it."""
        return await asyncio.to_thread(self._render, user, doc)

    def _render(self, user: int, doc: Document) -> Rendered | None:
        with self._guard:
            slot = self._slots.setdefault(user, _Slot())
            slot.latest += 1
            mine = slot.latest
        with slot.lock:  # one render per user at a time; waiting edits but the last are dropped
            if mine != slot.latest:
                return None
            pdf = self.pdfs.pdf(doc)
        rendered = Rendered(uuid.uuid4().hex, pdf, page_count(pdf))
        with self._guard:
            kept = self._kept.setdefault(user, OrderedDict())
            kept[rendered.token] = rendered
            while len(kept) > KEPT_PER_USER:
                kept.popitem(last=False)
        return rendered

    def page(self, user: int, token: str, index: int) -> bytes | None:
        rendered = self._kept.get(user, {}).get(token)
        if rendered is None or not 0 <= index < rendered.count:
            return None
        return rendered.image(index)

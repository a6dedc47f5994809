"""Finishing and helpers that need no LibreOffice: dates, IDs, timeouts, atomic writes."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pdfcheck import info_as_xmp, xmp_fields
from pdfsamples import META, make_docx
from pypdf import PdfReader, PdfWriter

from generator.pdf import PdfMetadata, atomic_write, estimate_timeout, finish_pdf
from generator.pdf.finish import pdf_date, xmp_date


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/CreationDate": "D:20261126000000Z", "/Producer": "LibreOffice 7.4"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(("when", "pdf", "xmp"), [
    (datetime(2017, 12, 7), "D:20171207000000+07'00'", "2017-12-07T00:00:00+07:00"),
    (date(2017, 12, 7), "D:20171207000000+07'00'", "2017-12-07T00:00:00+07:00"),
    (datetime(2017, 12, 7, 9, 30, tzinfo=UTC), "D:20171207093000+00'00'",
     "2017-12-07T09:30:00+00:00"),
    (datetime(2017, 12, 7, 9, 30, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
     "D:20171207093000-05'30'", "2017-12-07T09:30:00-05:30"),
])
def test_dates_agree(when: datetime | date, pdf: str, xmp: str) -> None:
    moment = PdfMetadata(date=when).moment()
    assert pdf_date(moment) == pdf and xmp_date(moment) == xmp


def test_finish_is_deterministic_and_consistent(tmp_path: Path) -> None:
    raw = _blank_pdf()
    first, second = finish_pdf(raw, META), finish_pdf(raw, META)
    assert first == second
    path = tmp_path / "x.pdf"
    path.write_bytes(first)
    info, xmp = info_as_xmp(path), xmp_fields(path)
    assert all(xmp[k] == v for k, v in info.items())
    reader = PdfReader(path)
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1]
    assert reader.trailer["/ID"][0] != b"\x00" * 16
    assert xmp["xmpMM:DocumentID"].startswith("uuid:")
    assert "00000000-0000" not in xmp["xmpMM:DocumentID"]


def test_markup_characters_in_metadata_are_content(tmp_path: Path) -> None:
    meta = replace(META, title='Báo cáo <tổng hợp> & "số liệu" 5 > 3')
    path = tmp_path / "x.pdf"
    path.write_bytes(finish_pdf(_blank_pdf(), meta))
    assert xmp_fields(path)["/Title"] == meta.title == PdfReader(path).metadata["/Title"]


def test_empty_fields_left_out_of_both(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(finish_pdf(_blank_pdf(), PdfMetadata(title="T")))
    info, xmp = info_as_xmp(path), xmp_fields(path)
    assert "/Subject" not in info and "/Subject" not in xmp
    assert info["/Title"] == xmp["/Title"] == "T"


def test_timeout_grows_with_the_document(tmp_path: Path) -> None:
    small = make_docx(tmp_path / "small.docx", pages=1)
    big = make_docx(tmp_path / "big.docx", pages=60)
    assert estimate_timeout(small, 20) < estimate_timeout(big, 20)
    assert estimate_timeout(small, 20) >= 20
    # Word records the page count: a 300-page dossier gets minutes, not seconds.
    dossier = tmp_path / "dossier.docx"
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(dossier, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "docProps/app.xml":
                data = data.replace(b"<Pages>1</Pages>", b"<Pages>300</Pages>")
            dst.writestr(item, data)
    assert estimate_timeout(dossier, 20) >= 20 + 60


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.pdf"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]


def test_atomic_write_failure_leaves_nothing(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")
    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        atomic_write(tmp_path / "a.pdf", b"data")
    assert list(tmp_path.iterdir()) == []

"""DOCX → PDF through the real LibreOffice pool: text, pages, fonts, metadata, determinism."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from pdfcheck import fonts, info_as_xmp, xmp_fields
from pdfsamples import BODY, HEADER_TEXT, META, TABLE, make_docx, pdftotext, requires_lo
from pypdf import PdfReader

from generator.pdf import PdfConverter, PdfJob, PdfResult
from generator.pdf.fontcheck import docx_text

pytestmark = requires_lo


@pytest.fixture(scope="module")
def letter(pool: PdfConverter, inputs: Path, tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[Path, PdfResult]:
    out = tmp_path_factory.mktemp("out") / "letter.pdf"
    [result] = pool.convert([PdfJob(inputs / "letter.docx", out, META)])
    assert result.ok, result.error
    return out, result


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_pdf_has_the_vietnamese_text(letter: tuple[Path, PdfResult]) -> None:
    text = _squash(pdftotext(letter[0]))
    for line in [HEADER_TEXT, *BODY]:
        # pdftotext may break a word at a line end (4208/VP- NC): compare without spaces.
        assert _squash(line).replace(" ", "") in text.replace(" ", "")
    for left, right in TABLE:
        assert left in text and right in text


def test_header_page_field_is_rendered(letter: tuple[Path, PdfResult]) -> None:
    pages = [_squash(p.extract_text()) for p in PdfReader(letter[0]).pages]
    assert "trang 1" in pages[0] and "trang 2" in pages[1]


def test_same_page_count_as_libreoffice_layout(letter: tuple[Path, PdfResult]) -> None:
    path, result = letter
    assert len(PdfReader(path).pages) == result.pages == 2


def test_every_font_embedded_and_times_compatible(letter: tuple[Path, PdfResult]) -> None:
    found = fonts(letter[0])
    assert found, "no fonts found"
    assert all(found.values()), found
    for name in found:
        assert "LiberationSerif" in name or "TimesNewRoman" in name, name


def test_info_dictionary_has_the_metadata(letter: tuple[Path, PdfResult]) -> None:
    reader = PdfReader(letter[0])
    info = reader.metadata
    assert info["/Title"] == META.title
    assert info["/Author"] == META.author
    assert info["/Subject"] == META.subject
    assert info["/Keywords"] == "4208/VP-NC"
    assert info["/Creator"] == "vanban"
    assert "vanban" in info["/Producer"]
    assert info["/CreationDate"] == info["/ModDate"] == "D:20171207000000+07'00'"
    assert reader.trailer["/Root"]["/Lang"] == "vi-VN"
    assert not reader.is_encrypted


def test_info_and_xmp_agree(letter: tuple[Path, PdfResult]) -> None:
    info, xmp = info_as_xmp(letter[0]), xmp_fields(letter[0])
    for key, value in info.items():
        assert xmp.get(key) == value, key
    assert xmp["dc:language"] == "vi-VN"
    assert "pdfaid:part" not in xmp  # not asked for PDF/A


def test_same_input_gives_identical_bytes(pool: PdfConverter, inputs: Path, tmp_path: Path,
                                          letter: tuple[Path, PdfResult]) -> None:
    # Convert the letter again, after other documents, on whichever worker is free.
    jobs = [PdfJob(inputs / f"batch-{i}.docx", tmp_path / f"b{i}.pdf", META) for i in range(3)]
    jobs += [PdfJob(inputs / "letter.docx", tmp_path / f"again-{i}.pdf", META)
             for i in range(3)]
    assert all(r.ok for r in pool.convert(jobs))
    first = letter[0].read_bytes()
    for i in range(3):
        assert (tmp_path / f"again-{i}.pdf").read_bytes() == first


def test_different_metadata_gives_a_different_id(pool: PdfConverter, inputs: Path,
                                                 tmp_path: Path,
                                                 letter: tuple[Path, PdfResult]) -> None:
    other = replace(META, keywords="4209/VP-NC")
    [result] = pool.convert([PdfJob(inputs / "letter.docx", tmp_path / "o.pdf", other)])
    assert result.ok
    id_a = PdfReader(letter[0]).trailer["/ID"][0]
    id_b = PdfReader(tmp_path / "o.pdf").trailer["/ID"][0]
    assert id_a != id_b and len(id_a) == 16


@pytest.mark.parametrize(("name", "code"), [
    ("garbage.docx", "invalid-docx"),
    ("broken.docx", "load"),
    ("does-not-exist.docx", "not-found"),
])
def test_bad_docx_fails_alone_with_a_clear_message(pool: PdfConverter, inputs: Path,
                                                   tmp_path: Path, name: str,
                                                   code: str) -> None:
    jobs = [PdfJob(inputs / "one.docx", tmp_path / "before.pdf", META),
            PdfJob(inputs / name, tmp_path / "bad.pdf", META),
            PdfJob(inputs / "batch-1.docx", tmp_path / "after.pdf", META)]
    before, bad, after = pool.convert(jobs)
    assert before.ok and after.ok
    assert not bad.ok and bad.code == code and bad.attempts == 1
    assert name in bad.error and "DOCX" in bad.error
    assert bad.error_en and name in bad.error_en
    assert sorted(p.name for p in tmp_path.iterdir()) == ["after.pdf", "before.pdf"]


def test_batch_results_in_order_and_nothing_half_written(pool: PdfConverter, inputs: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "out" / "2017"
    jobs = [PdfJob(inputs / f"batch-{i}.docx", out / f"doc-{i}.pdf", META) for i in range(8)]
    results = pool.convert(jobs)
    assert [r.job for r in results] == jobs
    assert all(r.ok and r.attempts == 1 for r in results)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"doc-{i}.pdf" for i in range(8))
    for i, r in enumerate(results):
        assert len(PdfReader(out / f"doc-{i}.pdf").pages) == r.pages == 1 + i % 2


def test_existing_pdf_is_replaced(pool: PdfConverter, inputs: Path, tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    target.write_bytes(b"old")
    [result] = pool.convert([PdfJob(inputs / "one.docx", target, META)])
    assert result.ok and target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]


def test_failed_conversion_keeps_the_previous_pdf(pool: PdfConverter, inputs: Path,
                                                  tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    target.write_bytes(b"previous")
    [result] = pool.convert([PdfJob(inputs / "broken.docx", target, META)])
    assert not result.ok and target.read_bytes() == b"previous"


def test_progress_callback_and_quiet_without_terminal(pool: PdfConverter, inputs: Path,
                                                      tmp_path: Path,
                                                      capfd: pytest.CaptureFixture[str]
                                                      ) -> None:
    seen: list[tuple[int, int]] = []
    pool.progress = lambda done, total, result: seen.append((done, total))
    try:
        jobs = [PdfJob(inputs / f"batch-{i}.docx", tmp_path / f"{i}.pdf") for i in range(5)]
        pool.convert(jobs)
    finally:
        pool.progress = None  # auto: a bar only on a terminal; pytest's output is not one
    assert seen == [(i, 5) for i in range(1, 6)]
    pool.convert([PdfJob(inputs / f"batch-{i}.docx", tmp_path / f"q{i}.pdf") for i in range(5)])
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_english_messages_and_another_pool_same_bytes(inputs: Path, tmp_path: Path,
                                                       letter: tuple[Path, PdfResult]) -> None:
    with PdfConverter(workers=1, lang="en") as conv:
        bad, good = conv.convert([PdfJob(inputs / "garbage.docx", tmp_path / "g.pdf"),
                                  PdfJob(inputs / "letter.docx", tmp_path / "l.pdf", META)])
    assert bad.error is not None and "not a valid DOCX" in bad.error
    # Another LibreOffice process, another profile: still the same file.
    assert good.ok and (tmp_path / "l.pdf").read_bytes() == letter[0].read_bytes()


def test_without_metadata_still_deterministic(pool: PdfConverter, inputs: Path,
                                              tmp_path: Path) -> None:
    jobs = [PdfJob(inputs / "one.docx", tmp_path / f"{i}.pdf") for i in range(2)]
    assert all(r.ok for r in pool.convert(jobs))
    assert (tmp_path / "0.pdf").read_bytes() == (tmp_path / "1.pdf").read_bytes()
    shutil.rmtree(tmp_path)


def test_character_no_font_draws_fails_that_document(pool: PdfConverter, tmp_path: Path
                                                     ) -> None:
    bad = make_docx(tmp_path / "boxes.docx", pages=1, extra="Ký hiệu lạ: \U0010fffd")
    ok = make_docx(tmp_path / "fine.docx", pages=1)
    bad_result, ok_result = pool.convert([PdfJob(bad, tmp_path / "boxes.pdf"),
                                          PdfJob(ok, tmp_path / "fine.pdf")])
    assert not bad_result.ok and bad_result.code == "font-missing"
    assert "boxes.docx" in bad_result.error and "U+10FFFD" in bad_result.error
    assert ok_result.ok and not (tmp_path / "boxes.pdf").exists()


def test_fallback_font_character_is_a_warning(pool: PdfConverter, tmp_path: Path) -> None:
    docx = make_docx(tmp_path / "emoji.docx", pages=1, extra="Chúc mừng năm mới 😀")
    [result] = pool.convert([PdfJob(docx, tmp_path / "emoji.pdf")])
    assert result.ok
    [warning] = result.warnings
    assert "emoji.docx" in warning and "U+1F600" in warning
    assert "Times New Roman" in result.warnings_en[0]
    assert all(fonts(tmp_path / "emoji.pdf").values())  # the fallback font is embedded too


def test_docx_text_reads_body_header_and_tables(inputs: Path) -> None:
    text = docx_text(inputs / "letter.docx")
    assert HEADER_TEXT in text and BODY[0] in text and TABLE[0][1] in text


def test_jobs_from_a_generator_overlap_writing_and_converting(pool: PdfConverter,
                                                              tmp_path: Path) -> None:
    written: list[str] = []

    def jobs():  # noqa: ANN202 - a generator that writes each DOCX just before its job
        for i in range(4):
            docx = make_docx(tmp_path / f"g{i}.docx", pages=1, extra=f"Số {i}")
            written.append(docx.name)
            yield PdfJob(docx, tmp_path / f"g{i}.pdf", META)

    results = pool.convert(jobs())
    assert [r.job.docx.name for r in results] == written == [f"g{i}.docx" for i in range(4)]
    assert all(r.ok for r in results)


def test_error_in_caller_code_leaves_the_pool_usable(pool: PdfConverter, inputs: Path,
                                                     tmp_path: Path) -> None:
    def broken_jobs():  # noqa: ANN202
        yield PdfJob(inputs / "one.docx", tmp_path / "1.pdf")
        raise ValueError("the caller's own bug")

    with pytest.raises(ValueError, match="own bug"):
        pool.convert(broken_jobs())
    [result] = pool.convert([PdfJob(inputs / "one.docx", tmp_path / "2.pdf")])
    assert result.ok


def test_start_without_waiting(inputs: Path, tmp_path: Path) -> None:
    conv = PdfConverter(workers=1, progress=False)
    try:
        conv.start(wait=False)  # LibreOffice starts while the caller writes DOCX files
        [result] = conv.convert([PdfJob(inputs / "one.docx", tmp_path / "a.pdf")])
        assert result.ok
    finally:
        conv.close()

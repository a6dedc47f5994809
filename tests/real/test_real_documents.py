"""Real documents published by state bodies, rebuilt by vanban and read back.

Every ``tests/real/<slug>.yaml`` has a ``<slug>.txt`` with the published text (format in
``corpus.py``). Each document is built to DOCX, and all of them to PDF in one LibreOffice
pool, once for the module; then, per document:

* the build succeeds with no error and no warning, and ``vanban check`` finds no error (a
  document kept as the file sent for digital signature, whose number and day the văn thư
  fills in when signing, is written with ``chua_cap_so: true`` and checked as a draft);
* every published line (header lines as a set, body paragraphs in order) is a paragraph of
  the DOCX, word for word after NFC and white-space collapsing, and the words the published
  text marks bold or italic are bold or italic there;
* every published body paragraph outside a table is in the PDF's text;
* no page of the PDF holds nothing but the signature block (Nơi nhận and signer).

PDF text extraction reorders or splits some text; these are the exceptions, and why:

* the text is extracted with ``pdftotext -layout`` (lines in page order: without it pdftotext
  may put the short last line of a paragraph before its first line); the header (issuer |
  Quốc hiệu, number | place/date) is a two-column table whose columns then share lines, so
  header lines are checked in the DOCX only;
* text in table cells (the signature block with Nơi nhận, appendix tables): same reason;
* line ends: the PDF breaks paragraphs into lines anywhere, and pdftotext joins a line
  that ends in a hyphen to the next one *dropping the hyphen* (``15/2024/TT-`` / ``BKHĐT``
  comes out as ``TTBKHĐT``), so the PDF comparison drops all white space and hyphens on both
  sides;
* page numbers (page 2 onwards print theirs in the header, inside a running paragraph):
  digit-only lines are removed before comparing;
* footnote marks: the PDF prints the note's number after the cited word (``Tỉnh ủy1``), so
  in a document with footnotes a paragraph also matches with a one- or two-digit mark after
  any non-digit character; the notes' texts (at the page foot) are compared in the DOCX.

A document that waits for a content feature other branches are adding declares it on a
``# needs:`` line; its test is an expected failure (strict: once the feature is merged, the
test passes and the strict xfail fails until that ``# needs:`` line is removed).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.build import Source, build_one, pdf_metadata
from generator.check import check_docx

from .corpus import (
    compare_docx,
    corpus,
    docx_cells,
    docx_footnotes,
    docx_paragraphs,
    emphasis_missing,
    expected_warnings,
    needs,
    pdf_pages,
    read_published,
    words,
)

DOCUMENTS = corpus()


@dataclass
class Built:
    yaml: Path
    problems: list[str]
    warnings: list[str]
    docx: Path | None = None
    pdf: Path | None = None
    pdf_error: str | None = None
    signer: str | None = None
    draft: bool = False  # chua_cap_so: the number and day are blank, as in the signed file


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Build the whole corpus: DOCX one by one, then every PDF in one pool."""
    from generator.pdf import LibreOfficeMissing, PdfConverter, PdfJob

    out = tmp_path_factory.mktemp("real")
    results: dict[str, Built] = {}
    jobs = []
    for path in DOCUMENTS:
        outcome = build_one(Source(path, Path(path.name)), out)
        item = Built(path, [p.render("en") for p in outcome.problems if p.severity == "error"],
                     [p.render("en") for p in outcome.problems if p.severity != "error"])
        if outcome.ok and outcome.outputs:
            item.docx = outcome.outputs[0]
            item.signer = outcome.document.nguoi_ky.ho_ten  # type: ignore[union-attr]
            item.draft = outcome.document.chua_cap_so  # type: ignore[union-attr]
            jobs.append(PdfJob(item.docx, item.docx.with_suffix(".pdf"),
                               pdf_metadata(outcome.document)))  # type: ignore[arg-type]
        results[path.stem] = item
    try:
        with PdfConverter(workers=2, progress=False) as converter:
            for result in converter.convert(jobs):
                item = results[result.job.docx.stem]
                if result.ok:
                    item.pdf = result.job.pdf
                else:
                    item.pdf_error = result.error_en or result.error
    except LibreOfficeMissing as exc:
        pytest.skip(f"LibreOffice not available: {exc.message_en}")
    return results


def pdf_text(pdf: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    run = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, text=True, check=True)
    return unicodedata.normalize("NFC", run.stdout)


def _squeeze(text: str) -> str:
    return "".join(text.split()).replace("-", "")


def _with_marks(para: str) -> re.Pattern[str]:
    """The squeezed paragraph as a pattern that lets a footnote mark (the note's number, one
    or two digits) follow any character that is not itself a digit."""
    return re.compile("".join(re.escape(ch) + ("" if ch.isdigit() else r"\d{0,2}")
                              for ch in _squeeze(para)))


def _params() -> list:
    params = []
    for path in DOCUMENTS:
        waiting = needs(path)
        marks = [pytest.mark.xfail(strict=True, reason="waits for: " + "; ".join(waiting))
                 ] if waiting else []
        params.append(pytest.param(path.stem, marks=marks, id=path.stem))
    return params


def test_corpus_is_complete() -> None:
    """Every content file has its published text, and the corpus covers what it promises."""
    assert len(DOCUMENTS) >= 35
    for path in DOCUMENTS:
        assert path.with_suffix(".txt").is_file(), f"{path.name} has no .txt"
        head = path.read_text(encoding="utf-8").split("\nloai:", 1)[0]
        assert "Nguồn" in head, f"{path.name}: no source comment at the top"
        assert "Thay đổi" in head, f"{path.name}: no 'Thay đổi' (what was changed) comment"


@pytest.mark.parametrize("slug", _params())
def test_real_document(slug: str, built: dict[str, Built]) -> None:
    item = built[slug]
    assert not item.problems, item.problems
    # a real document builds clean, but for the warnings it declares (# cảnh báo: …)
    declared = expected_warnings(item.yaml)
    assert all(any(d in w for w in item.warnings) for d in declared), item.warnings
    assert all(any(d in w for d in declared) for w in item.warnings), item.warnings
    assert item.docx is not None

    # vanban check: no error
    report = check_docx(item.docx, draft=item.draft)
    assert not report.errors, [(r.rule_id, r.text("en"), r.where("en")) for r in report.errors]

    # the DOCX holds the published text, word for word
    published, unused = read_published(item.yaml.with_suffix(".txt")).as_written()
    assert not unused, f"declared changes that match no published line: {unused}"
    paragraphs = docx_paragraphs(item.docx)
    comparison = compare_docx(published, paragraphs)
    assert not comparison.missing_header, comparison.missing_header
    assert not comparison.missing_body, comparison.missing_body
    notes = docx_footnotes(item.docx)
    assert [n for n in published.notes if n not in notes] == [], notes
    # the words marked **bold** / *italic* in the published text are drawn so
    assert emphasis_missing(published, item.docx) == []

    # the PDF holds every body paragraph that is not in a table
    assert item.pdf is not None, item.pdf_error
    pages = pdf_pages(pdf_text(item.pdf))
    flat = _squeeze("".join(pages))
    in_tables = set(docx_cells(item.docx))
    missing = [para for para in published.body
               if para not in in_tables and _squeeze(para) not in flat
               and not (published.notes and _with_marks(para).search(flat))]
    assert not missing, missing

    # no page holds only the signature block
    signature = next((cell for cell in docx_cells(item.docx, grouped=True)
                      if item.signer and item.signer in cell), [])
    signature_words = set(words(" ".join(signature)))
    for number, page in enumerate(pages, 1):
        page_words = set(words(page))
        assert not page_words or not page_words <= signature_words, (
            f"page {number} holds only the signature block: {page.strip()[:200]!r}")


def test_emphasis_check_sees_plain_words(tmp_path: Path) -> None:
    """The emphasis comparison fails when the content file drops a published bold or italic
    span (the words stay the same, only their weight and slant change)."""
    source = Path(__file__).with_name("cd-229-ttg-2025.yaml")
    text = source.read_text(encoding="utf-8")
    changed = text.replace("**thảm họa thiên tai, bão lũ**", "thảm họa thiên tai, bão lũ")
    changed = changed.replace("“*tình dân tộc, nghĩa đồng bào*”", "“tình dân tộc, nghĩa đồng bào”")
    assert changed.count("*") == text.count("*") - 6
    plain = tmp_path / source.name
    plain.write_text(changed, encoding="utf-8")
    outcome = build_one(Source(plain, Path(plain.name)), tmp_path / "out")
    assert outcome.ok and outcome.outputs
    published, _ = read_published(source.with_suffix(".txt")).as_written()
    assert emphasis_missing(published, outcome.outputs[0]) == [
        "'thảm họa thiên tai, bão lũ' is not bold",
        "'tình dân tộc, nghĩa đồng bào' is not italic"]
    built = build_one(Source(source, Path(source.name)), tmp_path / "kept")
    assert emphasis_missing(published, built.outputs[0]) == []

"""Reading the real-document corpus: the published text (.txt) and what vanban wrote.

A corpus entry is ``<slug>.yaml`` (vanban content) beside ``<slug>.txt`` (the published text).

Format of the .txt (UTF-8; NFC is applied on reading):

* Lines starting with ``#`` are comments (the source, notes); blank lines are ignored.
* ``# đổi: <as published> => <as vanban writes it> | <why>`` declares one place where the
  decree makes vanban write the text differently from the publication (e.g. the last căn cứ
  line ends with ``,`` where PL I II.6 wants ``.``). The test applies it to the published
  paragraph that contains it before comparing, and fails if a declaration is never used.
* ``# bỏ: <line as published> | <why>`` declares a whole published line the decree makes
  vanban leave out (the place/date line a biên bản's header has but Mẫu 1.9 has not); it
  must equal a line of the text, like ``đổi:``.
* Everything before a line ``---`` is the header as published, one element per line:
  issuer (parent body and issuing body, each as printed), ``Số: …`` (with ``V/v …`` of a
  công văn on its own line), the place/date line, the Quốc hiệu and Tiêu ngữ. The header
  lines are compared as a set (the published layout puts them in two columns, so there is
  no single reading order).
* The issuer's name is one line even where print breaks it (``ỦY BAN NHÂN DÂN TỈNH KON TUM``):
  it is one paragraph in the DOCX.
* After ``---`` one published paragraph per line, in order (a paragraph that the source
  broke over several lines is joined into one line; its words are untouched). ``**`` and
  ``*`` around words mark bold and italic as in the content file; they are removed before
  comparing the words, like the writer removes them, and each marked span must be drawn bold
  (italic) in the DOCX paragraph that holds it (:func:`emphasis_missing`).

What is compared (after NFC, non-breaking spaces and soft hyphens made plain, white space
collapsed): every header line equals some paragraph of the DOCX; every body paragraph equals
a DOCX paragraph, in order; every footnote (a body line ``^ <text>``, placed after the paragraph
that cites it) equals a footnote of the DOCX.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document as open_docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from generator.check.resolve import load_docx
from generator.emphasis import Span, spans

HERE = Path(__file__).resolve().parent
NEEDS = re.compile(r"^#\s*needs:\s*(.+)$", re.MULTILINE)
# ``# cảnh báo: <words of the message>``: a warning the document is known to draw (a trích
# yếu longer than the metadata's Subject); any other warning fails the test
WARNING = re.compile(r"^#\s*cảnh báo:\s*(.+)$", re.MULTILINE)
_EMPHASIS = re.compile(r"(?<!\\)\*{1,2}")
CHANGE = re.compile(r"^#\s*đổi:\s*(.+?)\s*=>\s*(.+?)\s*\|\s*(.+)$")
DROP = re.compile(r"^#\s*bỏ:\s*(.+?)\s*\|\s*(.+)$")


def normalise(text: str) -> str:
    """Text as read from the DOCX or PDF: NFC, plain spaces and hyphens, white space
    collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ").replace("\u2011", "-").replace("\u00ad", "")
    return " ".join(text.split())


def published_text(text: str) -> str:
    """A line of the .txt: emphasis markers removed (``\\*`` is a literal star), then as
    :func:`normalise`."""
    return normalise(_EMPHASIS.sub("", text).replace("\\*", "*"))


@dataclass(frozen=True)
class Change:
    published: str
    written: str
    reason: str
    drop: bool = False  # ``bỏ:``: the whole line is left out


@dataclass(frozen=True)
class Published:
    header: list[str]
    body: list[str]
    changes: list[Change]
    notes: list[str]
    # the bold and italic spans of the body lines: (the line as compared, its emphasised spans)
    emphasis: list[tuple[str, list[Span]]] = field(default_factory=list)

    def as_written(self) -> tuple[Published, list[Change]]:
        """The text with every declared change applied, and the changes that matched nothing."""
        unused = []
        header, body = list(self.header), list(self.body)
        for change in self.changes:
            hits = 0
            if change.drop:
                for lines in (header, body):
                    hits += lines.count(change.published)
                    lines[:] = [line for line in lines if line != change.published]
                if not hits:
                    unused.append(change)
                continue
            for lines in (header, body):
                for i, line in enumerate(lines):
                    if change.published in line:
                        lines[i] = line.replace(change.published, change.written)
                        hits += 1
            if not hits:
                unused.append(change)
        return Published(header, body, [], self.notes, self.emphasis), unused


def read_published(path: Path) -> Published:
    header: list[str] = []
    body: list[str] = []
    changes: list[Change] = []
    notes: list[str] = []
    emphasis: list[tuple[str, list[Span]]] = []
    target = header
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        dropped = DROP.match(line)
        if dropped:
            changes.append(Change(published_text(dropped[1]), "", dropped[2].strip(), drop=True))
            continue
        declared = CHANGE.match(line)
        if declared:
            changes.append(Change(published_text(declared[1]), published_text(declared[2]),
                                  declared[3].strip()))
            continue
        if not line or line.startswith("#"):
            continue
        if line == "---":
            target = body
            continue
        if line.startswith("^ ") and target is body:
            notes.append(published_text(line[2:]))
            continue
        target.append(published_text(line))
        marked = [span for span in spans(line) if span.bold or span.italic]
        if marked and target is body:
            emphasis.append((body[-1], marked))
    if target is header:
        raise ValueError(f"{path.name}: no '---' line between the header and the body")
    return Published(header, body, changes, notes, emphasis)


def expected_warnings(yaml_path: Path) -> list[str]:
    """The warnings a document declares it draws (``# cảnh báo: …``)."""
    return [w.strip() for w in WARNING.findall(yaml_path.read_text(encoding="utf-8"))]


def needs(yaml_path: Path) -> list[str]:
    """The new features a document waits for, from its ``# needs:`` comment (empty: none)."""
    head = yaml_path.read_text(encoding="utf-8").split("\nloai:", 1)[0]
    found = NEEDS.search(head)
    return [part.strip() for part in found.group(1).split(";")] if found else []


def corpus() -> list[Path]:
    """Every content file of the corpus (each has its .txt)."""
    return sorted(HERE.glob("*.yaml"))



def docx_paragraphs(path: Path) -> list[str]:
    """Every paragraph of the DOCX in reading order (tables cell by cell, row by row),
    footnotes left out, normalised; empty paragraphs dropped."""
    document = open_docx(str(path))
    out: list[str] = []

    def walk_table(table: Table) -> None:
        seen: list = []  # the cells' elements (a merged cell comes once per grid column)
        for row in table.rows:
            for cell in row.cells:
                if any(cell._tc is element for element in seen):
                    continue
                seen.append(cell._tc)
                walk_container(cell)

    def walk_container(container) -> None:
        for child in container._element.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                text = normalise(Paragraph(child, container).text)
                if text:
                    out.append(text)
            elif tag == "tbl":
                walk_table(Table(child, container))

    walk_container(document._body)
    return out


@dataclass
class Comparison:
    missing_header: list[str]
    missing_body: list[str]  # body paragraphs not found (in order) in the DOCX


def compare_docx(published: Published, paragraphs: list[str]) -> Comparison:
    available = Counter(paragraphs)
    missing_header = [line for line in published.header if available[line] == 0]
    missing_body: list[str] = []
    position = 0
    for para in published.body:
        try:
            position = paragraphs.index(para, position) + 1
        except ValueError:
            missing_body.append(para)
    return Comparison(missing_header, missing_body)


PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")


def pdf_pages(pdf_text: str) -> list[str]:
    """pdftotext output split into pages, the page-number line (header of pages 2…) removed."""
    pages = pdf_text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return ["\n".join(line for line in page.splitlines() if not PAGE_NUMBER.match(line))
            for page in pages]


def words(text: str) -> list[str]:
    return normalise(text).split()


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text_of(node) -> str:
    """A paragraph's (or note's) text as a reader sees it: a code's hyphen is a
    ``w:noBreakHyphen`` element (it never breaks the code), read as ``-``."""
    return "".join("-" if part.tag == W + "noBreakHyphen" else part.text or ""
                   for part in node.iter(W + "t", W + "noBreakHyphen"))


def docx_cells(path: Path, *, grouped: bool = False):
    """The paragraphs inside tables of the DOCX body (normalised): flat, or one list per
    top-level table with ``grouped``."""
    document = open_docx(str(path))
    groups: list[list[str]] = []
    for child in document._body._element.iterchildren():
        if child.tag.rsplit("}", 1)[-1] != "tbl":
            continue
        texts = [normalise(_text_of(node)) for node in child.iter(W + "p")]
        groups.append([text for text in texts if text])
    if grouped:
        return groups
    return [text for group in groups for text in group]


def docx_footnotes(path: Path) -> list[str]:
    """The text of every footnote of the DOCX (normalised), in order."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        if "word/footnotes.xml" not in archive.namelist():
            return []
        root = etree.fromstring(archive.read("word/footnotes.xml"))
    notes = []
    for note in root.iter(W + "footnote"):
        if note.get(W + "type") in ("separator", "continuationSeparator"):
            continue
        text = normalise(_text_of(note))
        if text:
            notes.append(text)
    return notes


def emphasis_missing(published: Published, path: Path) -> list[str]:
    """Every bold or italic span of the published text that the DOCX does not draw so: the
    paragraph whose text is the published line is found, and each character of the span
    must be in a run that is bold (italic) once styles are resolved."""
    paragraphs = load_docx(path).paragraphs()
    missing: list[str] = []
    for line, marked in published.emphasis:
        para = next((p for p in paragraphs if normalise(p.text) == line), None)
        if para is None:
            missing.append(f"no paragraph {line[:60]!r}")
            continue
        chars = [(ch, run.bold, run.italic) for run in para.visible_runs for ch in run.text]
        text = "".join(ch for ch, _, _ in chars).replace("\u00a0", " ")
        for span in marked:
            words = [re.escape(word) for word in normalise(span.text).split()]
            found = re.search(r"\s+".join(words), text) if words else None
            if found is None:
                missing.append(f"{span.text!r} not in {line[:60]!r}")
                continue
            flags = chars[found.start():found.end()]
            if span.bold and not all(bold for ch, bold, _ in flags if not ch.isspace()):
                missing.append(f"{span.text!r} is not bold")
            if span.italic and not all(italic for ch, _, italic in flags if not ch.isspace()):
                missing.append(f"{span.text!r} is not italic")
    return missing

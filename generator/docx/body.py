"""The body (ô 6): paragraphs, numbered items, căn cứ lines, articles, Phần/Chương/Mục,
tables.

Numbering labels are computed here, never typed by the author: the scheme per level comes
from the document type or the file (``danh_so``). The author's own punctuation is kept.
The writer produces a *flow*: paragraphs, ready-made XML (tables) and section starts
(a landscape table needs its own section), which :mod:`generator.docx.sections` joins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import nd30
from ..model import Bang, Chuong, Dieu, Doan, Document, Hinh, Muc, MucLon, Phan
from ..vietnamese import roman
from .footnotes import Footnotes
from .ooxml import Run, paragraph

ARTICLE_SCHEME = ("1.", "a)", "-", "+")  # khoản, điểm under a Điều (§3.4)
def label(scheme: str, index: int) -> str:
    """The label of the ``index``-th (1-based) item in a level numbered by ``scheme``."""
    if scheme == "I.":
        return f"{roman(index)}."
    if scheme == "1.":
        return f"{index}."
    if scheme == "a)":
        letters = nd30.DIEM_LETTERS
        prefix = letters[(index - 1) // len(letters) - 1] if index > len(letters) else ""
        return f"{prefix}{letters[(index - 1) % len(letters)]})"
    if scheme == "(1)":
        return f"({index})"
    return scheme  # "-" and "+"


def child_scheme(scheme: tuple[str, ...], depth: int, style: str | None) -> tuple[str, ...]:
    """The ladder for the children (at ``depth + 1``) of an item that names their style
    (``danh_so_y``): that style at their level, and below them the ladder's levels after
    that style when it is one of the ladder's (``"-"`` then ``"+"``), otherwise the ladder
    as it was."""
    if style is None:
        return scheme
    ladder = [scheme[min(i, len(scheme) - 1)] for i in range(depth + 1)]
    below = list(scheme[depth + 2:])
    if style in scheme[depth + 1:]:
        below = list(scheme[scheme.index(style, depth + 1) + 1:])
    return (*ladder, style, *(below or [scheme[-1]]))


@dataclass
class Para:
    """A paragraph before serialisation, so the end mark can be added to the last one."""

    style: str
    runs: list[Run] = field(default_factory=list)
    left: int | None = None
    right: int | None = None
    first_line: int | None = None
    hanging: int | None = None
    before: int | None = None
    keep_next: bool = False  # on the same page as what follows (a label line, the last one)

    def xml(self) -> str:
        return paragraph(self.style, self.runs, left=self.left, right=self.right,
                         first_line=self.first_line, hanging=self.hanging, before=self.before,
                         keep_next=self.keep_next)


@dataclass(frozen=True)
class Xml:
    """Ready-made body XML: a table."""

    markup: str

    def xml(self) -> str:
        return self.markup


@dataclass(frozen=True)
class NewSection:
    """A section starts here: portrait or landscape, continuing or restarting page numbers."""

    landscape: bool = False
    appendix: bool = False  # its own page numbering from 1, no number on its first page


FlowItem = Para | Xml | NewSection


def _clean_end(text: str) -> str:
    """The text without its final ``;``, ``.`` or ``,`` — also one typed inside a closing
    emphasis mark (``*Luật …;*``), so the writer's own punctuation is not doubled."""
    text = text.rstrip()
    core = text.rstrip("*")
    return core.rstrip().rstrip(";.,").rstrip() + text[len(core):]


def legal_basis(lines: Sequence[str], closing: str | None,
                notes: Footnotes | None = None) -> list[Para]:
    """Căn cứ lines, italic, each ending ``;`` and the last ``.`` (§3.4, B5)."""
    texts = [_clean_end(line) for line in lines]
    if closing:
        texts.append(_clean_end(closing))
    notes = notes or Footnotes({})
    return [Para("VBCanCu", notes.runs(text + (";" if i < len(texts) - 1 else "."),
                                       in_italic=True))
            for i, text in enumerate(texts)]


class BodyWriter:
    def __init__(self, scheme: Sequence[str], notes: Footnotes | None = None, *,
                 landscape: bool = False) -> None:
        self.scheme = tuple(scheme)
        self.notes = notes or Footnotes({})
        self.flow: list[FlowItem] = []
        self.article = 0
        self.chapter = 0
        self.landscape = landscape  # the page the flow is on now

    def text(self, style: str, text: str, *, bold: bool | None = None) -> None:
        # a line that announces what follows ("5. Các trường hợp …:") never ends a page
        self.flow.append(Para(style, self.notes.runs(text, bold=bold),
                              keep_next=text.rstrip().endswith(":")))

    def blocks(self, blocks: Sequence[object], depth: int, scheme: tuple[str, ...],
               numbered_text: bool) -> None:
        """Write a list of blocks. Plain strings are numbered items when ``numbered_text``
        (inside an item's ``y``), otherwise unnumbered paragraphs (the top level)."""
        index = part = section = 0  # an item with its own label (nhan) takes no number
        for block in blocks:
            if isinstance(block, Doan):
                self.text("VBNoiDung", block.doan)
            elif isinstance(block, Dieu):
                self.article += 1
                self.write_article(block)
            elif isinstance(block, Phan):
                part += 1
                self.heading(f"{nd30.PHAN_LABEL} {roman(part)}", block.phan)
                self.blocks(block.noi_dung, depth, scheme, numbered_text=False)
            elif isinstance(block, Chuong):
                self.chapter += 1
                self.heading(f"{nd30.CHUONG_LABEL} {roman(self.chapter)}", block.chuong)
                self.blocks(block.noi_dung, depth, scheme, numbered_text=False)
            elif isinstance(block, MucLon):
                section += 1
                self.heading(f"{nd30.MUC_LABEL} {section}", block.muc)
                self.blocks(block.noi_dung, depth, scheme, numbered_text=False)
            elif isinstance(block, Bang):
                self.table(block)
            elif isinstance(block, Hinh):
                from .figures import figure_flow

                self.flow += figure_flow(block, self.notes, landscape=self.landscape)
            elif isinstance(block, Muc) or numbered_text:
                item = block if isinstance(block, Muc) else Muc(muc=str(block))
                if item.nhan is None:
                    index += 1
                self.write_item(item, depth, index, scheme)
            else:
                self.text("VBNoiDung", str(block))

    def heading(self, label_text: str, title: str) -> None:
        """Phần/Chương/Mục: the label centred bold, the title in capitals below (§3.4, B7)."""
        self.flow.append(Para("VBNhanPhan", [Run(label_text)]))
        self.flow.append(Para("VBTenPhan", self.notes.runs(title, upper=True)))

    def write_item(self, item: Muc, depth: int, index: int, scheme: tuple[str, ...]) -> None:
        kind = scheme[min(depth, len(scheme) - 1)]
        text = (item.nhan if item.nhan is not None else label(kind, index)) + " "
        if item.tieu_de is not None:  # an I. heading is in capitals (§3.4)
            self.flow.append(Para("VBTieuDeMuc", [Run(text), *self.notes.runs(
                item.tieu_de, upper=kind == "I.")]))
        else:  # the label is a run of its own: never read for emphasis ("(*)")
            self.flow.append(Para("VBNoiDung", [Run(text), *self.notes.runs(item.muc or "")],
                                  # stays with its first sub-item, or what it announces
                                  keep_next=bool(item.y) or (item.muc or "").rstrip()
                                  .endswith(":")))
        self.blocks(item.y, depth + 1, child_scheme(scheme, depth, item.danh_so_y),
                    numbered_text=True)

    def write_article(self, article: Dieu) -> None:
        head = f"{nd30.DIEU_LABEL} {self.article}."
        if article.y:  # a titled article: the whole line is bold (§3.4); an untitled one
            # (126/NQ-CP): "Điều 1." alone on its bold line, its clauses below
            self.text("VBDieu", head if article.dieu is None else f"{head} {article.dieu}")
            self.blocks(article.y, 0, child_scheme(ARTICLE_SCHEME, -1, article.danh_so_y),
                        numbered_text=True)
        else:  # an article that is one paragraph of content: only its label is bold
            runs = [Run(head, bold=True), *self.notes.runs(" " + (article.dieu or ""))]
            self.flow.append(Para("VBNoiDung", runs))

    def table(self, bang: Bang) -> None:
        from .tables import table_flow

        turn = bang.ngang and not self.landscape
        if turn:
            self.flow.append(NewSection(landscape=True))
        self.flow += table_flow(bang, self.notes, landscape=self.landscape or bang.ngang)
        if turn:
            self.flow.append(NewSection(landscape=False))


def body_paragraphs(doc: Document) -> list[Para]:
    """The body's paragraphs alone, closed with the end mark (tables left out)."""
    writer = BodyWriter(doc.numbering, Footnotes(doc.chu_thich))
    writer.blocks(doc.noi_dung, 0, doc.numbering, numbered_text=False)
    paras: list[FlowItem] = [item for item in writer.flow if isinstance(item, Para)]
    add_end_mark(paras)
    return [p for p in paras if isinstance(p, Para)]


def add_end_mark(flow: list[FlowItem]) -> None:
    """Close the text with ``./.`` (§3.4 [sample]), replacing a final ``.`` or `` ./.``.

    A text that ends with a table or a figure gets the mark on a paragraph of its own after
    it (never on a figure's caption)."""
    last_index = max((i for i, item in enumerate(flow) if not isinstance(item, NewSection)),
                     default=None)
    if last_index is not None and isinstance(flow[last_index], Para) \
            and flow[last_index].style == "VBChuThichHinh":  # type: ignore[union-attr]
        flow.insert(last_index + 1, Para("VBNoiDung", [Run(nd30.END_MARK)]))
        return
    if last_index is None or not isinstance(flow[last_index], Para):
        if last_index is not None and isinstance(flow[last_index], Xml):
            from .tables import keep_last_row_with_next

            flow[last_index] = Xml(keep_last_row_with_next(flow[last_index].xml()))
        flow.insert(len(flow) if last_index is None else last_index + 1,
                    Para("VBNoiDung", [Run(nd30.END_MARK)]))
        return
    last = flow[last_index]
    assert isinstance(last, Para)
    run = last.runs[-1] if last.runs else Run("")
    if run.footnote is not None:
        last.runs.append(Run(nd30.END_MARK))
        return
    text = run.text.rstrip()
    if text.endswith(nd30.END_MARK):
        text = text[: -len(nd30.END_MARK)].rstrip()
    elif text.endswith("."):
        text = text[:-1]
    if not last.runs:
        last.runs.append(Run(nd30.END_MARK))
    elif run.bold or run.italic:  # an emphasised last span: the mark stays in the text's style
        last.runs[-1] = Run(text, run.bold, run.italic, run.size)
        last.runs.append(Run(nd30.END_MARK))
    else:
        last.runs[-1] = Run(text + nd30.END_MARK, run.bold, run.italic, run.size)

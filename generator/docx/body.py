"""The body (ô 6): paragraphs, numbered items, căn cứ lines and articles.

Numbering labels are computed here, never typed by the author: the scheme per level comes
from the document type or the file (``danh_so``). The author's own punctuation is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import nd30
from ..model import Dieu, Doan, Document, Muc
from .ooxml import Run, paragraph

ARTICLE_SCHEME = ("1.", "a)", "-", "+")  # khoản, điểm under a Điều (§3.4)
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


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
    return scheme  # "-" and "+"


@dataclass
class Para:
    """A paragraph before serialisation, so the end mark can be added to the last one."""

    style: str
    runs: list[Run] = field(default_factory=list)

    def xml(self) -> str:
        return paragraph(self.style, self.runs)


def _clean_end(text: str) -> str:
    return text.rstrip().rstrip(";.,").rstrip()


def legal_basis(lines: Sequence[str], closing: str | None) -> list[Para]:
    """Căn cứ lines, italic, each ending ``;`` and the last ``.`` (§3.4, B5)."""
    texts = [_clean_end(line) for line in lines]
    if closing:
        texts.append(_clean_end(closing))
    return [Para("VBCanCu", [Run(text + (";" if i < len(texts) - 1 else "."))])
            for i, text in enumerate(texts)]


class BodyWriter:
    def __init__(self, scheme: Sequence[str]) -> None:
        self.scheme = tuple(scheme)
        self.paras: list[Para] = []
        self.article = 0

    def blocks(self, blocks: Sequence[str | Muc | Dieu | Doan], depth: int,
               scheme: tuple[str, ...], numbered_text: bool) -> None:
        """Write a list of blocks. Plain strings are numbered items when ``numbered_text``
        (inside an item's ``y``), otherwise unnumbered paragraphs (the top level)."""
        index = 0
        for block in blocks:
            if isinstance(block, Doan):
                self.paras.append(Para("VBNoiDung", [Run(block.doan)]))
            elif isinstance(block, Dieu):
                self.article += 1
                self.write_article(block)
            elif isinstance(block, Muc) or numbered_text:
                index += 1
                item = block if isinstance(block, Muc) else Muc(muc=block)
                self.write_item(item, depth, index, scheme)
            else:
                self.paras.append(Para("VBNoiDung", [Run(block)]))

    def write_item(self, item: Muc, depth: int, index: int, scheme: tuple[str, ...]) -> None:
        kind = scheme[min(depth, len(scheme) - 1)]
        text = label(kind, index) + " "
        if item.tieu_de is not None:
            title = item.tieu_de.upper() if kind == "I." else item.tieu_de
            self.paras.append(Para("VBTieuDeMuc", [Run(text + title)]))
        else:
            self.paras.append(Para("VBNoiDung", [Run(text + (item.muc or ""))]))
        self.blocks(item.y, depth + 1, scheme, numbered_text=True)

    def write_article(self, article: Dieu) -> None:
        head = f"Điều {self.article}."
        if article.y:  # a titled article: the whole line is bold (§3.4)
            self.paras.append(Para("VBDieu", [Run(f"{head} {article.dieu}")]))
            self.blocks(article.y, 0, ARTICLE_SCHEME, numbered_text=True)
        else:  # an article that is one paragraph of content: only its label is bold
            self.paras.append(Para("VBNoiDung", [Run(head, bold=True), Run(" " + article.dieu)]))


def body_paragraphs(doc: Document) -> list[Para]:
    writer = BodyWriter(doc.numbering)
    writer.blocks(doc.noi_dung, 0, doc.numbering, numbered_text=False)
    paras = writer.paras
    add_end_mark(paras)
    return paras


def add_end_mark(paras: list[Para]) -> None:
    """Close the body with ``./.`` (§3.4 [sample]), replacing a final ``.`` or `` ./.``."""
    last = paras[-1]
    run = last.runs[-1]
    text = run.text.rstrip()
    if text.endswith(nd30.END_MARK):
        text = text[: -len(nd30.END_MARK)].rstrip()
    elif text.endswith("."):
        text = text[:-1]
    last.runs[-1] = Run(text + nd30.END_MARK, run.bold, run.italic, run.size)

"""Checks across fields that the model alone cannot make, each reported at its line:
tables whose rows have the wrong number of cells, appendices cited but not defined (or
defined but never cited, spec §3.10: "the main text must refer to each appendix"), footnote
markers without a note (or notes never cited), and a ``Như Điều N`` recipient naming an
article the decision does not have.

They read the file's data (with its positions) rather than the Document, so each problem
points at the row, the paragraph or the key in question.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .content import Content, FieldPath, Position, format_path
from .docx.body import ARTICLE_SCHEME, child_scheme, roman
from .docx.footnotes import markers
from .emphasis import parse as parse_emphasis
from .model import Chuong, Dieu, Document, Muc, MucLon, Phan, appendix_numbers
from .problems import Problem, Text

_SKIPPED = {"chu_thich", "mau", "bien"}
# Where a footnote marker may stand: the text the writer sets as body (ô 6) and its lines.
_NOTE_FIELDS = {"noi_dung", "can_cu", "theo_de_nghi", "phu_luc", "van_ban_kem_theo",
                "giay_moi", "gioi_thieu", "bien_ban", "nghi_phep"}
_NOTE_EXCLUDED = {("phu_luc", "ten"), ("van_ban_kem_theo", "trich_yeu"),
                  ("van_ban_kem_theo", "loai")}


def _note_allowed(path: FieldPath) -> bool:
    if not path or path[0] not in _NOTE_FIELDS:
        return False
    keys = [p for p in path if isinstance(p, str)]
    return not (len(keys) == 2 and (keys[0], keys[1]) in _NOTE_EXCLUDED)


def _strings(data: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if not (not path and key in _SKIPPED):
                yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*path, i))


def _tables(data: Any, path: FieldPath) -> Iterator[tuple[FieldPath, dict[str, Any]]]:
    if isinstance(data, dict):
        if "cot" in data and isinstance(data.get("cot"), list):
            yield path, data
        for key, value in data.items():
            yield from _tables(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _tables(value, (*path, i))


class _Report:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.problems: list[Problem] = []

    def add(self, path: FieldPath, message: Text, hint: Text | None = None, *,
            severity: str = "error", position: Position | None = None) -> None:
        pos = position or self.content.position(path)
        self.problems.append(Problem(self.content.path, message, pos.line if pos else None,
                                     pos.column if pos else None, format_path(path) or None,
                                     hint, severity))


def _check_tables(content: Content, report: _Report) -> None:
    for path, table in _tables(content.data, ()):
        columns = len(table["cot"])
        for i, row in enumerate(table.get("dong") or []):
            if isinstance(row, dict) and "tieu_de" in row:  # a heading row spans every column
                continue
            if isinstance(row, dict):  # a group: its label takes the first column
                for k, cells in enumerate(row.get("dong") or []):
                    if isinstance(cells, list) and len(cells) != columns - 1:
                        report.add((*path, "dong", i, "dong", k), Text(
                            f"Dòng trong nhóm có {len(cells)} ô, cần {columns - 1} ô (bảng có "
                            f"{columns} cột, cột đầu là tên nhóm).",
                            f"A grouped row has {len(cells)} cells; it needs {columns - 1} "
                            f"(the table has {columns} columns, the first is the group's)."))
            elif isinstance(row, list) and len(row) != columns:
                report.add((*path, "dong", i), Text(
                    f"Dòng có {len(row)} ô nhưng bảng có {columns} cột.",
                    f"The row has {len(row)} cells but the table has {columns} columns."),
                    Text("Thêm ô trống (null) hoặc bớt ô cho đủ số cột.",
                         "Add empty cells (null) or remove cells to match the columns."))
        total = table.get("tong")
        if isinstance(total, list) and len(total) != columns:
            report.add((*path, "tong"), Text(
                f"Dòng tổng có {len(total)} ô nhưng bảng có {columns} cột.",
                f"The totals row has {len(total)} cells but the table has {columns} columns."),
                Text("Ghi 'tong: true' để tự cộng các cột số.",
                     "Write 'tong: true' to add up the number columns."))


def _fold(text: str) -> str:
    """Lower case without tone marks or diacritics (đ → d): citations match however typed."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


_LABEL = r"(?:[ivxlc]+|\d+[a-z]?)\b"
_CITATION = re.compile(rf"\bphu luc\b(?:\s+(?:so\s+)?({_LABEL}(?:\s*(?:,|;|va\b)\s*(?:so\s+)?"
                       rf"{_LABEL})*))?")
_ONE_LABEL = re.compile(_LABEL)
_BARE_LABEL = re.compile(rf"^\s*(?:so\s+)?({_LABEL})\s*$")
# "<thing> kèm theo / gửi kèm": an attachment named by what it is, not by a number
_ATTACHED_THING = re.compile(r"\b(bieu mau|mau|danh sach|bang)\s+(?:gui kem|kem theo)\b")
# what follows a citation that names ANOTHER document's appendix: "Phụ lục 4 kèm theo Thông
# tư số 10/2022/TT-BKHĐT", "Phụ lục 5 danh mục mã … ban hành kèm theo Quyết định số 824/…",
# "Phụ lục 01 …, Phụ lục 02 … và Phụ lục 04 … ban hành kèm theo Quyết định số 7603/…" (a
# description, or more appendices of that document, may stand between, within the clause;
# "kèm theo Quyết định này" has no số, and "… này" between names this document; a sentence
# ends the search)
_OTHER_DOCUMENT = re.compile(r"(?:(?!\bnay\b|\.\s)[^;:]){0,600}?\bkem theo\s+"
                             r"(?:[^\W\d_]+\s+){1,4}so\s+(\d+)")
# where a citation may stand: the text fields, not the appendix's own title, the
# declaration itself, the names of the issuer, signer and recipients
_NOT_CITING = {"co_quan", "nguoi_ky", "noi_nhan", "luu", "kinh_gui", "gui_kem_rieng",
               "mau", "bien", "ky_hieu", "ban_sao"}


@dataclass
class _Citations:
    """What the file cites: the appendices by number, and what is not in the file."""

    numbers: list[str]  # folded number of each appendix in the file: "ii", "1a"
    titles: list[str]  # folded titles of the appendices in the file
    cited: set[int] = field(default_factory=set)
    missing: dict[str, tuple[FieldPath, str]] = field(default_factory=dict)  # key → first

    @property
    def count(self) -> int:
        return len(self.titles)

    def which(self, label: str) -> int:
        """The appendix (1-based) a cited number names, 0 for none: the same label (``1A``
        cites ``Phụ lục 1A``; case and leading zeros do not count), or the same value
        (``Phụ lục 2`` cites ``Phụ lục II``)."""
        value = _label_value(label)
        for i, number in enumerate(self.numbers, 1):
            if number == label or (value and _label_value(number) == value):
                return i
        return 0

    def cite_label(self, path: FieldPath, label: str | None, shown: str,
                   counts: bool) -> None:
        if label is None:
            number = 1 if self.count == 1 else (-1 if self.count else 0)
        else:
            number = self.which(label)
        if number:
            if counts and number > 0:
                self.cited.add(number)
            return
        self.missing.setdefault(f"phu luc {label or ''}".strip(), (path, shown))

    def cite_thing(self, path: FieldPath, thing: str, shown: str, counts: bool) -> None:
        """``danh sách kèm theo`` cites the appendix whose title starts with ``danh sách``,
        or the only appendix (a giấy mời's list of invited bodies, whatever its title)."""
        for i, title in enumerate(self.titles, 1):
            if title.startswith(thing) or (thing == "danh sach" and self.count == 1):
                if counts:
                    self.cited.add(i)
                return
        self.missing.setdefault(thing, (path, shown))


def _declared(key: str, declared: list[str]) -> bool:
    """Whether an attachment sent separately (``gui_kem_rieng``) is the one cited: the same
    Phụ lục label (``Phụ lục số 1A``, or a bare ``1B`` after it in a YAML list), or for
    an attachment named by what it is, an entry that names it (``biểu mẫu …``)."""
    if not key.startswith("phu luc"):
        return any(key in entry for entry in declared)
    labels: set[str] = set()
    for entry in declared:
        if _BARE_LABEL.match(entry):
            labels.add(_BARE_LABEL.match(entry).group(1))  # type: ignore[union-attr]
        for match in _CITATION.finditer(entry):
            labels.update(_ONE_LABEL.findall(match.group(1) or "") or [""])
    label = key[len("phu luc"):].strip()
    return label in labels or (not label and bool(labels)) or (
        label.isdigit() and any(x.isdigit() and int(x) == int(label) for x in labels))


def _of_another_document(folded: str, end: int, own_number: object) -> bool:
    """Whether the citation ending at ``end`` names an appendix (or form) attached to another
    document: followed, in the same clause, by ``kèm theo <type> số <n>`` where n is not this
    document's own number. Such a citation is neither checked nor counted."""
    tail = _OTHER_DOCUMENT.match(folded, end)
    return tail is not None and str(own_number) != str(int(tail.group(1)))


def _raw_list(content: Content, key: str) -> list[Any]:
    value = content.data.get(key) if isinstance(content.data, dict) else None
    return value if isinstance(value, list) else []


def _check_appendices(doc: Document | None, content: Content, report: _Report) -> None:
    """Each appendix in the file must be cited (§3.10); a citation of one that is not in
    the file is allowed when declared as sent separately (``gui_kem_rieng``), otherwise a
    warning, once per attachment. Without ``doc`` (the file has other errors) the same
    checks run on the raw data."""
    data = content.data if isinstance(content.data, dict) else {}
    if doc is not None:
        titles = [a.ten for a in doc.phu_luc]
        numbers = doc.appendix_numbers
        sent_apart, own_number = list(doc.gui_kem_rieng), doc.so
    else:
        raw = [a if isinstance(a, dict) else {} for a in _raw_list(content, "phu_luc")]
        titles = [str(a.get("ten", "")) for a in raw]
        numbers = appendix_numbers([a.get("nhan") for a in raw])
        sent_apart = [str(x) for x in _raw_list(content, "gui_kem_rieng")]
        own_number = data.get("so")
    # a sole appendix, printed "Phụ lục" alone, is cited as Phụ lục, Phụ lục I or 1
    found = _Citations([_fold(n or "I") for n in numbers], [_fold(t) for t in titles])
    for key, value in data.items():
        if key in _NOT_CITING:
            continue
        for path, text in _strings(value, (key,)):
            if path[0] == "phu_luc" and path[2:] == ("ten",):
                continue
            counts = path[0] != "phu_luc"  # an appendix does not cite itself
            folded = _fold(text)
            for match in _CITATION.finditer(folded):
                if _of_another_document(folded, match.end(), own_number):
                    continue
                labels = _ONE_LABEL.findall(match.group(1) or "") or [None]
                for label in labels:
                    shown = "Phụ lục" + (f" {label.upper()}" if label else "")
                    found.cite_label(path, label, shown, counts)
            for match in _ATTACHED_THING.finditer(folded):
                if _of_another_document(folded, match.start(1) + len(match.group(1)),
                                        own_number):
                    continue
                found.cite_thing(path, match.group(1), text[match.start():match.end()]
                                 if len(folded) == len(text) else match.group(0), counts)
    declared = [_fold(item) for item in sent_apart]
    for key, (path, shown) in found.missing.items():
        if _declared(key, declared):
            continue
        report.add(path, Text(
            f"Nội dung nhắc đến «{shown}» nhưng văn bản có {found.count} phụ lục và "
            "không khai báo tài liệu này gửi kèm riêng.",
            f"The text cites '{shown}' but the document has {found.count} appendices and "
            "does not declare it as sent separately."),
            Text(f"Nếu gửi kèm thành tệp riêng, ghi 'gui_kem_rieng: [{shown}]'; nếu không, "
                 "thêm phụ lục đó vào 'phu_luc:' hoặc sửa lại câu.",
                 f"If it is sent as a separate file, write 'gui_kem_rieng: [{shown}]'; "
                 "otherwise add it under 'phu_luc:' or correct the sentence."),
            severity="warning")
    for number in range(1, found.count + 1):
        own = numbers[number - 1]
        if own is not None and own in numbers[:number - 1]:
            report.add(("phu_luc", number - 1, "nhan"), Text(
                f"Hai phụ lục cùng mang số «{own}».", f"Two appendices are numbered '{own}'."),
                Text("Mỗi phụ lục một số khác nhau, ví dụ 1A, 1B, 2 (phụ lục không ghi 'nhan' "
                     "được đánh số I, II … theo thứ tự).",
                     "Give each appendix a number of its own, e.g. 1A, 1B, 2 (those without "
                     "'nhan' are numbered I, II … in order)."))
        elif number not in found.cited:
            label = "Phụ lục" if own is None else f"Phụ lục {own}"
            report.add(("phu_luc", number - 1), Text(
                f"{label} không được nhắc đến trong nội dung văn bản (Nghị định 30: văn bản "
                "phải chỉ dẫn từng phụ lục kèm theo).",
                f"{label} is never cited in the text (Decree 30: the text must refer to each "
                "appendix)."),
                Text(f"Thêm một câu như «… (chi tiết tại {label} kèm theo).»",
                     f"Add a sentence such as '… (details in {label} attached).'"),
                # a warning: published documents do omit it (tests/real kh-310, kh-617), and
                # the clerk is told without being kept from building the document
                severity="warning")


def _label_value(label: str) -> tuple[int, str] | None:
    """``ii`` → (2, ""), ``02`` → (2, ""), ``1a`` → (1, "a"); None for no number."""
    digits = label.rstrip("abcdefghijklmnopqrstuvwxyz")
    if digits.isdigit():
        return int(digits), label[len(digits):]
    value = next((n for n in range(1, 40) if roman(n) == label.upper()), 0)
    return (value, "") if value else None


def _check_footnotes(doc: Document | None, content: Content, report: _Report) -> None:
    raw = content.data.get("chu_thich")
    notes = list(doc.chu_thich) if doc is not None else (
        [str(k) for k in raw] if isinstance(raw, dict) else [])
    used: set[str] = set()
    for path, text in _strings(content.data, ()):
        keys = markers(text)
        if keys and not _note_allowed(path):
            report.add(path, Text(
                f"Chú thích [^{keys[0]}] chỉ dùng được trong nội dung văn bản (noi_dung, căn "
                "cứ, phụ lục…), không dùng ở trường này.",
                f"Footnote [^{keys[0]}] may only stand in the text (noi_dung, căn cứ, "
                "appendices…), not in this field."))
            continue
        for key in keys:
            if key in notes:
                used.add(key)
            else:
                report.add(path, Text(
                    f"Chú thích [^{key}] chưa có nội dung trong 'chu_thich'.",
                    f"Footnote [^{key}] has no text under 'chu_thich'."),
                    Text(f"Thêm 'chu_thich:' với dòng '{key}: <nội dung chú thích>'.",
                         f"Add 'chu_thich:' with a line '{key}: <the note>'."))
    for key in notes:
        if key not in used:
            report.add(("chu_thich", key), Text(
                f"Chú thích '{key}' không được dùng ở đâu trong văn bản.",
                f"Footnote '{key}' is never cited in the text."),
                Text(f"Ghi [^{key}] ngay sau chữ cần chú thích, hoặc xóa chú thích này.",
                     f"Write [^{key}] right after the words it explains, or remove it."))


# Fields printed as given, never read for emphasis (a label "*", a unit, a title).
_LITERAL_KEYS = {"nhan", "danh_so_y", "kieu", "don_vi_tinh", "loai", "hinh"}  # hinh: a file


def _emphasis_allowed(path: FieldPath) -> bool:
    """Emphasis is read where footnote markers are: the body and its lines, and the notes."""
    if path[:1] == ("chu_thich",):
        return True
    last = next((p for p in reversed(path) if isinstance(p, str)), "")
    return _note_allowed(path) and last not in _LITERAL_KEYS and not (
        path[0] == "phu_luc" and path[2:] == ("ten",))


def _check_emphasis(content: Content, report: _Report) -> None:
    """A ``*`` or ``**`` without its partner, at the line and column where it was typed."""
    data = content.data if isinstance(content.data, dict) else {}
    for key, value in data.items():
        for path, text in _strings(value, (key,)):
            if "*" not in text or not _emphasis_allowed(path):
                continue
            for lone in parse_emphasis(text)[1]:
                report.add(path, Text(
                    f"Dấu «{lone.marker}» không có dấu đóng hoặc mở tương ứng.",
                    f"'{lone.marker}' has no matching opening or closing mark."),
                    Text("Viết **chữ đậm** hoặc *chữ nghiêng* (dấu mở liền trước chữ, dấu đóng "
                         "liền sau chữ); để in chính dấu sao, ghi \\* (trong ngoặc kép: "
                         "\\\\*).",
                         "Write **bold** or *italic* (the opening mark right before a word, the "
                         "closing one right after); for a literal star write \\* (inside double "
                         "quotes: \\\\*)."),
                    position=content.star_position(path, text, lone.index))


_AS_ARTICLE = re.compile(r"^Như Điều (\d+)\b")


def _article_count(blocks: list[Any]) -> int:
    count = 0
    for block in blocks:
        if isinstance(block, Dieu):
            count += 1
        elif isinstance(block, Chuong | MucLon | Phan):
            count += _article_count(block.noi_dung)
    return count


def _check_recipient_articles(doc: Document, report: _Report) -> None:
    """``- Như Điều 3;`` must name an article the decision has (Mẫu 1.1–1.3)."""
    articles = _article_count(doc.noi_dung)
    for i, item in enumerate(doc.noi_nhan):
        match = _AS_ARTICLE.match(item) if isinstance(item, str) else None
        if match and not 1 <= int(match.group(1)) <= articles:
            report.add(("noi_nhan", i), Text(
                f"Nơi nhận ghi «Như Điều {match.group(1)}» nhưng văn bản có {articles} điều.",
                f"Nơi nhận says 'Như Điều {match.group(1)}' but the text has {articles} "
                "articles."),
                Text("Ghi số của điều giao trách nhiệm thi hành (thường là điều cuối).",
                     "Give the number of the article that assigns the execution (usually the "
                     "last)."))


def cross_checks(doc: Document | None, content: Content) -> list[Problem]:
    """Every check across fields; without ``doc`` (the file has other errors) those that
    can be made on the raw data, so that one run reports everything."""
    report = _Report(content)
    _check_tables(content, report)
    if doc is not None:
        _check_recipient_articles(doc, report)
        _check_depth(doc.noi_dung, ("noi_dung",), 0, doc.numbering, False, report)
        _check_issuer_phrase(doc, report)
    _check_appendices(doc, content, report)
    _check_footnotes(doc, content, report)
    report.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return report.problems


# The types whose text names the issuer inside a sentence ("Sở Nội vụ trân trọng kính mời").
_ISSUER_IN_SENTENCE = frozenset({"giay-moi", "giay-gioi-thieu", "giay-nghi-phep"})


def _check_issuer_phrase(doc: Document, report: _Report) -> None:
    """The issuer named inside a sentence (the ``(Kèm theo … của …)`` line of an appendix or
    an issued text, "… trân trọng kính mời") is ``ten_day_du``; without it the writer lowers
    the capitals of ``ten``, right for ``VĂN PHÒNG`` or ``CHÍNH PHỦ`` but not for ``SỞ NỘI VỤ``
    ("Sở nội vụ"): a name of three words or more gets a warning naming what will print."""
    from .docx.components import issuer_phrase

    used = doc.loai in _ISSUER_IN_SENTENCE or bool(doc.phu_luc) or doc.van_ban_kem_theo
    if not used or doc.co_quan.ten_day_du or len(doc.co_quan.ten.split()) < 3:
        return
    printed = issuer_phrase(doc)
    report.add(("co_quan", "ten"), Text(
        f"Tên cơ quan trong câu văn sẽ in là «{printed}» (chữ in hoa của 'ten' viết thường), "
        "có thể sai quy tắc viết hoa tên cơ quan.",
        f"The issuer inside a sentence will print as '{printed}' (the capitals of 'ten' "
        "lowered), which may break the capitalisation of the body's name."),
        Text("Ghi tên viết trong câu văn: co_quan.ten_day_du, ví dụ: Sở Nội vụ tỉnh Lạng Sơn.",
             "Give the name as written in a sentence: co_quan.ten_day_du, e.g. Sở Nội vụ tỉnh "
             "Lạng Sơn."), severity="warning")


def _check_depth(blocks: list[Any], path: FieldPath, depth: int, scheme: tuple[str, ...],
                 numbered: bool, report: _Report) -> None:
    """An item nested deeper than its ladder has levels is refused where it stands: the
    decree's numbering ends with ``+`` (I., 1., a), -, +), and a level past the last would
    print as ``+`` again, hiding the structure. Walks the blocks as the writer does."""
    for i, block in enumerate(blocks):
        here = (*path, i)
        if isinstance(block, Phan | Chuong | MucLon):
            _check_depth(block.noi_dung, (*here, "noi_dung"), depth, scheme, False, report)
        elif isinstance(block, Dieu) and block.y:
            _check_depth(block.y, (*here, "y"), 0,
                         child_scheme(ARTICLE_SCHEME, -1, block.danh_so_y), True, report)
        elif isinstance(block, Muc) or (numbered and isinstance(block, str)):
            if depth >= len(scheme):
                levels = ", ".join(scheme)
                report.add(here, Text(
                    f"Ý này ở cấp thứ {depth + 1}, sâu hơn số cấp đánh số ({len(scheme)}: "
                    f"{levels}); cấp sau «{scheme[-1]}» không có ký hiệu riêng.",
                    f"This item is at level {depth + 1}, deeper than the numbering's "
                    f"{len(scheme)} levels ({levels}); nothing follows '{scheme[-1]}'."),
                    Text("Đưa ý này lên cấp trên, viết nó thành đoạn văn của ý cha, hoặc "
                         "khai báo đủ cấp: danh_so: [\"I.\", \"1.\", \"a)\", \"-\", \"+\"].",
                         "Move the item up a level, write it as part of its parent's text, "
                         "or declare enough levels: danh_so: [\"I.\", \"1.\", \"a)\", \"-\", "
                         "\"+\"]."))
                continue
            if isinstance(block, Muc):
                _check_depth(block.y, (*here, "y"), depth + 1,
                             child_scheme(scheme, depth, block.danh_so_y), True, report)


def emphasis_problems(content: Content) -> list[Problem]:
    """Lone emphasis marks: read from the data alone, so they are reported together with
    the model's own errors, in the same run."""
    report = _Report(content)
    _check_emphasis(content, report)
    return report.problems

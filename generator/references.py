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
from collections.abc import Iterator
from typing import Any

from .content import Content, FieldPath, format_path
from .docx.body import roman
from .docx.footnotes import markers
from .model import Chuong, Dieu, Document, MucLon, Phan
from .problems import Problem, Text

_CITED_APPENDIX = re.compile(r"\bPhụ lục(?:\s+([IVXLC]+)\b)?")
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

    def add(self, path: FieldPath, message: Text, hint: Text | None = None) -> None:
        pos = self.content.position(path)
        self.problems.append(Problem(self.content.path, message, pos.line if pos else None,
                                     pos.column if pos else None, format_path(path) or None,
                                     hint))


def _check_tables(content: Content, report: _Report) -> None:
    for path, table in _tables(content.data, ()):
        columns = len(table["cot"])
        for i, row in enumerate(table.get("dong") or []):
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


def _raw_list(content: Content, key: str) -> list[Any]:
    value = content.data.get(key)
    return value if isinstance(value, list) else []


def _check_appendices(doc: Document | None, content: Content, report: _Report) -> None:
    count = len(doc.phu_luc) if doc is not None else len(_raw_list(content, "phu_luc"))
    cited: set[int] = set()
    body = content.data.get("noi_dung") or []
    for path, text in _strings(body, ("noi_dung",)):
        for match in _CITED_APPENDIX.finditer(text):
            numeral = match.group(1)
            number = _roman_value(numeral) if numeral else (1 if count == 1 else 0)
            if number and number <= count:
                cited.add(number)
            elif numeral or count == 0:
                label = f"Phụ lục {numeral}" if numeral else "Phụ lục"
                report.add(path, Text(
                    f"Nội dung nhắc đến «{label}» nhưng văn bản có {count} phụ lục.",
                    f"The text cites '{label}' but the document has {count} appendices."),
                    Text("Thêm phụ lục đó vào 'phu_luc:' hoặc sửa lại số phụ lục.",
                         "Add that appendix under 'phu_luc:' or correct the number."))
    for number in range(1, count + 1):
        if number not in cited:
            label = "Phụ lục" if count == 1 else f"Phụ lục {roman(number)}"
            report.add(("phu_luc", number - 1), Text(
                f"{label} không được nhắc đến trong nội dung văn bản (Nghị định 30: văn bản "
                "phải chỉ dẫn từng phụ lục kèm theo).",
                f"{label} is never cited in the text (Decree 30: the text must refer to each "
                "appendix)."),
                Text(f"Thêm một câu như «… (chi tiết tại {label} kèm theo).»",
                     f"Add a sentence such as '… (details in {label} attached).'"))


def _roman_value(numeral: str) -> int:
    return next((n for n in range(1, 40) if roman(n) == numeral), 0)


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
        match = _AS_ARTICLE.match(item)
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
    _check_appendices(doc, content, report)
    _check_footnotes(doc, content, report)
    report.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return report.problems

"""The 4208/VP-NC letter: recipients and body reproduce the published text word for word."""

from __future__ import annotations

import zipfile

from docx import Document as WordDocument

from .conftest import REFERENCE_LETTER


def _reference() -> tuple[list[str], list[str]]:
    """(recipient lines, body paragraphs) of the published letter."""
    lines = [line.strip() for line in REFERENCE_LETTER.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    start = lines.index("Kính gửi:")
    recipients = [line for line in lines[start + 1:] if line.startswith("- ")][:2]
    body = lines[start + 1 + len(recipients):]
    return recipients, body


def _paragraphs(path) -> list[str]:
    """Every paragraph of the DOCX in reading order (tables included)."""
    document = WordDocument(str(path))
    body = document.element.body
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    ns = {"w": W}
    # a code's hyphen is a w:noBreakHyphen (it must not end a line): read it as "-"; a
    # date's no-break spaces (it must not break across lines) read as spaces
    return ["".join("-" if t.tag.endswith("noBreakHyphen") else t.text or ""
                    for t in p.iter(f"{{{W}}}t", f"{{{W}}}noBreakHyphen")).replace("\u00a0", " ")
            for p in body.iterfind(".//w:p", ns)]


def test_recipients_word_for_word(letter_docx):
    recipients, _ = _reference()
    paragraphs = _paragraphs(letter_docx)
    start = paragraphs.index("Kính gửi:")
    assert paragraphs[start + 1:start + 3] == recipients


def test_body_word_for_word_in_order(letter_docx):
    _, body = _reference()
    # the writer's ./. replaces the published " ./." (nothing else is added or lost)
    body[-1] = body[-1].replace(" ./.", "./.")
    paragraphs = _paragraphs(letter_docx)
    start = paragraphs.index(body[0])
    assert paragraphs[start:start + len(body)] == body
    assert paragraphs[start + len(body)] == "Nơi nhận:"


def test_header_texts(letter_docx):
    paragraphs = _paragraphs(letter_docx)
    for expected in ("UBND TỈNH LẠNG SƠN", "VĂN PHÒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Số: 4208/VP-NC",
                     "Lạng Sơn, ngày 07 tháng 12 năm 2017"):
        assert expected in paragraphs
    vv = [p for p in paragraphs if p.startswith("V/v ")]
    assert vv == ["V/v thực hiện Kết luận của Ban Thường vụ Tỉnh uỷ về Đề án tinh giản biên "
                  "chế, sắp xếp lại tổ chức bộ máy của các sở, ban, ngành tỉnh, Uỷ ban nhân dân "
                  "huyện, thành phố"]


def test_signature_and_recipients(letter_docx):
    paragraphs = _paragraphs(letter_docx)
    start = paragraphs.index("Nơi nhận:")
    items = [p for p in paragraphs[start + 1:] if p.startswith("- ")]
    assert items[0] == "- Như trên;"
    assert all(item.endswith(";") for item in items[:-1])
    assert items[-1] == "- Lưu: VT, NC."
    titles = ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
    assert [p for p in paragraphs if p in titles] == titles
    assert paragraphs[-1] == "Nguyễn Văn A"


def test_letter_core_properties(letter_docx):
    document = WordDocument(str(letter_docx))
    props = document.core_properties
    assert props.title.startswith("CÔNG VĂN V/v thực hiện Kết luận")
    assert props.keywords == "4208/VP-NC"
    assert props.language == "vi-VN"
    assert props.created.date().isoformat() == "2017-12-07"


def test_letter_is_small(letter_docx):
    # a lean package of our own: python-docx's default template alone is ~790 KB of styles
    assert letter_docx.stat().st_size < 15_000
    with zipfile.ZipFile(letter_docx) as zf:
        assert zf.testzip() is None

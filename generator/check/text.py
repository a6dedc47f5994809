"""Text helpers for the checker: tone-mark normalisation, legacy encodings, patterns."""

from __future__ import annotations

import re
import unicodedata

from generator import nd30

# spec §2 note: the decree itself writes both "HÒA" and "HOÀ"; compare after mapping the
# "new style" placement (mark on the second vowel) to the classic one (mark on the first).
_TONE_PAIRS = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_PAIRS.update({k.upper(): v.upper() for k, v in list(_TONE_PAIRS.items())})
_TONE_PAIRS.update({k[0].upper() + k[1:]: v[0].upper() + v[1:] for k, v in
                    list(_TONE_PAIRS.items()) if k.islower()})
_TONE_RE = re.compile("|".join(sorted(_TONE_PAIRS, key=len, reverse=True)))
# the reverse direction, to spot a document that uses both placements
_NEW_STYLE = re.compile("|".join(k for k in _TONE_PAIRS if k.lower() == k))
_OLD_STYLE = re.compile("|".join(v for k, v in _TONE_PAIRS.items() if k.lower() == k))

SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC with runs of spaces (normal, non-breaking, tabs) collapsed: for display and regexes."""
    return SPACES.sub(" ", nfc(text)).strip()


def tone_norm(text: str) -> str:
    """NFC, one tone-mark placement, spaces collapsed, trimmed."""
    text = _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group(0)], nfc(text))
    return SPACES.sub(" ", text).strip()


def key(text: str) -> str:
    """Comparison key: tone-normalised, upper case."""
    return tone_norm(text).upper()


def tone_styles(text: str) -> tuple[int, int]:
    """How many syllables use the new (oà, uý) and the classic (òa, úy) placements.

    Only syllables where the vowel pair ends the syllable count: ``hoàn`` is not ambiguous.
    """
    low = nfc(text).lower()
    new = sum(1 for m in _NEW_STYLE.finditer(low) if _syllable_end(low, m.end()))
    old = sum(1 for m in _OLD_STYLE.finditer(low) if _syllable_end(low, m.end()))
    return new, old


def _syllable_end(text: str, pos: int) -> bool:
    return pos >= len(text) or not text[pos].isalpha()


def is_nfd(text: str) -> bool:
    """Text holding combining marks that NFC would compose (decomposed Vietnamese)."""
    return any(unicodedata.combining(c) for c in text) and nfc(text) != text


# --- legacy Vietnamese encodings ---------------------------------------------------------------
LEGACY_FONT = re.compile(r"^(\.vn|vn[i3]?[- ]|vni[- ]?|vps|\.vni)", re.IGNORECASE)
# Characters TCVN3 (ABC) puts where Unicode has Latin-1 symbols: a run made of them and no
# real Vietnamese letters is TCVN3 text shown in a Unicode font.
_TCVN3_MARKS = set("¸µ¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ«×ÝØÜÞ¬ßãáâä­åèæçé¦¡¢£¤¥§")
_VIET = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9\u0300-\u0323]")


def legacy_font(font: str | None) -> bool:
    return bool(font) and bool(LEGACY_FONT.match(font.strip()))


def looks_tcvn3(text: str) -> bool:
    marks = sum(1 for c in text if c in _TCVN3_MARKS)
    return marks >= 3 and not _VIET.search(text)


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c == c.upper() for c in letters)


def is_line_text(text: str) -> bool:
    """A paragraph that only draws a rule with characters: ``______`` or ``─────``."""
    t = SPACES.sub("", text)
    return len(t) >= 3 and all(c in "_─━—‒‾" for c in t)


FONT_STYLE_SUFFIX = re.compile(r"\s+(Bold Italic|Bold|Italic|Regular|Negreta|Fett)$", re.I)


def font_family(font: str | None) -> str | None:
    """``Times New Roman Bold`` (a face name some files carry) → ``Times New Roman``."""
    if not font:
        return font
    return FONT_STYLE_SUFFIX.sub("", font.strip())


# --- patterns (spec §3.3, §4, §3.6) -------------------------------------------------------------

ROMAN = re.compile(r"^[IVXLC]+$")
DATE_RE = re.compile(
    r"^\S.*, ngày (0[1-9]|[12][0-9]|3[01]) tháng (01|02|[3-9]|1[0-2]) năm [0-9]{4}$")
DATE_DRAFT_RE = re.compile(
    r"^\S.*, ngày ?[._…]* ?tháng (01|02|[3-9]|1[0-2]) năm [0-9]{4}$")
DATE_LOOSE = re.compile(r",?\s*ngày\s*\S*\s*tháng\s*\S*\s*năm\s*\d{2,4}", re.I)
SO_LOOSE = re.compile(r"^Số\s*[:.]?\s*[\d_.…/ ]", re.I)
CODE_PART = r"[A-ZĐÀ-Ỹ][A-Za-zĐđÀ-ỹ0-9&]*"
SO_RE = re.compile(rf"^Số: (0[1-9]|[1-9][0-9]+)/({CODE_PART}(?:-{CODE_PART})+)$")
SO_DRAFT_RE = re.compile(rf"^Số: ?[._…]* ?/({CODE_PART}(?:-{CODE_PART})+)$")
NORMATIVE_CODE = re.compile(rf"^Số: \S+/(19|20)\d\d/{CODE_PART}(?:-{CODE_PART})*$")
# legal-normative numbers: số/năm/ký hiệu (Luật 64/2025/QH15 Điều 7.3): 89/2025/QĐ-UBND,
# 30/2020/NĐ-CP, 64/2025/QH15; a draft leaves the number blank: "Số:      /2025/QĐ-UBND"
SO_QPPL_RE = re.compile(
    rf"^Số: (0[1-9]|[1-9][0-9]+)/(?P<year>(?:19|20)\d\d)/(?P<code>{CODE_PART}(?:-{CODE_PART})*)$")
SO_QPPL_DRAFT_RE = re.compile(
    rf"^Số: ?[._…]* ?/(?P<year>(?:19|20)\d\d)/(?P<code>{CODE_PART}(?:-{CODE_PART})*)$")
# doubled punctuation in a Nơi nhận line: "CMP..", ";;", ";." (an ellipsis "..." is not one)
DOUBLE_PUNCT = re.compile(r"(?<!\.)\.\.(?!\.)|;\s*;|[;,]\s*\.(?!\.)|(?<!\.\.)\.\s*;|,\s*;")
NOI_NHAN_ITEM = re.compile(r"^- .+;$")
# a group of recipients (ô 9b): "- Các sở, ban, ngành tỉnh:" then "+ Sở Nội vụ;" lines
GROUP_MEMBER_MARK = "+"
NOI_NHAN_GROUP = re.compile(r"^- .*[^:;.,\s]:$")
NOI_NHAN_MEMBER = re.compile(r"^\+ .+;$")
LUU_RE = re.compile(r"^- Lưu: VT(, .+)?\.$")
DRAFTER = re.compile(rf"\s*({CODE_PART}\.\s?\(\d+\))\.?$")
DEGREE = re.compile(r"^(GS|PGS|TS|ThS|KS|BS|CN|Ths|Tiến sĩ|Thạc sĩ|Giáo sư|Phó Giáo sư)"
                    r"[.\s]", re.UNICODE)
# "Điều 1. Tên điều", or "Điều 1." alone on its line with its clauses below (126/NQ-CP)
DIEU_RE = re.compile(r"^Điều \d+[a-zđ]?\.( \S|$)")
DIEU_LOOSE = re.compile(r"^Điều\s*\d+\s*[.:]?")
STRUCT_LABEL = re.compile(r"^(Phần|Chương|Mục|Tiểu mục)\s+(\S+?)\.?$")
APPENDIX_RE = re.compile(r"^Phụ lục(\s+(\S+))?$", re.I)
APPENDIX_PART = re.compile(r"^[0-9]+[A-Z]$")  # Phụ lục 1A, 2B: the parts of one appendix
AUTH_PREFIX = re.compile(r"^(TM|KT|TL|TUQ|Q)\.\s")
AUTH_BAD_PREFIX = re.compile(r"^(T/M|K/T|T/L|T\.M|K\.T|T\.L|TUQ|Q)\b[./]?\s*", re.I)
URGENCY_RE = re.compile(r"^(HỎA TỐC|THƯỢNG KHẨN|KHẨN)$")
URGENCY_LOOSE = re.compile(r"^(HỎA TỐC.*|THƯỢNG KHẨN|KHẨN.*)$")
CIRCULATION_RE = re.compile(r"^(XEM XONG TRẢ LẠI|LƯU HÀNH NỘI BỘ|TÀI LIỆU THU HỒI|"
                            r"KHÔNG PHỔ BIẾN|HẠN CHẾ PHỔ BIẾN)$")
ADDRESS_RE = re.compile(r"(ĐT|Điện thoại|Fax|E-?mail|Website|Địa chỉ)\s*:", re.I)

# legal-normative type names outside the 29 administrative types → their code's abbreviation
NORMATIVE_TYPES = nd30.QPPL_ONLY_TYPES

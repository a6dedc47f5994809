"""The ND30 rules of spec §11, one small function each, in a registry keyed by rule ID.

A rule returns :data:`NA` when its component is absent and optional for the document type,
or a list of :class:`Finding` (empty = pass). Messages say what was found and what is
required, in Vietnamese and English. U1–U3 are additions for encoding (spec §2 "Unicode,
TCVN 6909:2001"), which §11 has no ID for.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from generator import nd30
from generator.check import text as tx
from generator.check.layout import (
    Layout,
    Line,
    PictureExtent,
    Stroke,
    container_width,
    empty_height,
    line_width,
    picture_extents,
    share,
    share_outside_notes,
    stroke_below,
    table_extents,
    text_centre,
    wrapped_widths,
)
from generator.check.resolve import DocxDocument, Paragraph
from generator.fonts import text_width_pt

# --- constants the decree gives as ranges (spec §1–§3; candidates for generator/nd30.py) ------
A4_TWIPS = (nd30.mm(nd30.PAGE_WIDTH_MM), nd30.mm(nd30.PAGE_HEIGHT_MM))
PAGE_TOLERANCE_TWIPS = nd30.mm(0.5)
MARGIN_TOLERANCE_TWIPS = nd30.MARGIN_TOLERANCE_MM * nd30.TWIPS_PER_MM
_R = nd30.SIZE_RANGES  # §3.2: every size range is defined once, in nd30
SIZE_QUOC_HIEU = _R["quoc_hieu"]
SIZE_TIEU_NGU = _R["tieu_ngu"]
SIZE_CO_QUAN = _R["co_quan"]
SIZE_SO = _R["so_ky_hieu"]
SIZE_DATE = _R["dia_danh"]
SIZE_TEN_LOAI = _R["ten_loai"]
SIZE_TRICH_YEU = _R["trich_yeu"]
SIZE_VV = _R["trich_yeu_cong_van"]
SIZE_BODY = _R["noi_dung"]
SIZE_SIGN = _R["chuc_vu_ky"]
SIZE_KINH_GUI = _R["kinh_gui"]
SIZE_NOI_NHAN_LABEL = _R["noi_nhan_nhan"]
SIZE_NOI_NHAN = _R["noi_nhan"]
SIZE_STAMP = _R["khan"]
SIZE_DRAFTER = _R["nguoi_soan"]
SIZE_ADDRESS = _R["dia_chi"]
SIZE_PHU_LUC = _R["phu_luc"]
SIZE_PAGE_NUMBER = _R["so_trang"]
CENTRE_TOLERANCE_TWIPS = nd30.mm(2)  # §3.2 line-length checks: centre offset ≤ 2 mm
VV_GAP_TWIPS = (80, 240)  # §3.2 #9 "6 pt" under Số; accepted 4–12 pt [interpretation]
SINGLE_LINE_FACTOR = 1.15  # §3.4 checker note: single line ≈ 1.15 × size
LINE_SPACING_TOLERANCE = 0.05
FLUSH_TOLERANCE_TWIPS = nd30.mm(1)
NO_TRICH_YEU_TYPES = frozenset({"giay-gioi-thieu", "giay-nghi-phep"})  # Mẫu 1.8, 1.10
LETTER_TYPES = frozenset({"cong-van", "thu-cong"})  # no type name; V/v under Số


@dataclass
class Finding:
    vi: str
    en: str
    target: Line | Paragraph | None = None
    where_vi: str | None = None
    where_en: str | None = None


class _NA:
    def __repr__(self) -> str:
        return "NA"


NA = _NA()
Outcome = list[Finding] | _NA


@dataclass
class Context:
    doc: DocxDocument
    lay: Layout
    doc_type: str | None
    draft: bool

    @property
    def letter(self) -> bool:
        return self.doc_type in LETTER_TYPES

    @property
    def article_type(self) -> bool:
        return self.doc_type in nd30.ARTICLE_TYPES or self.lay.normative

    @property
    def qppl_type(self) -> bool:
        """A type that may be a legal normative document, whose number carries the year: a
        nghị quyết or quyết định, or a type outside the 29 (NGHỊ ĐỊNH, THÔNG TƯ …)."""
        if self.doc_type is not None:  # given or recognised: one of the 29 types
            return self.doc_type in nd30.QPPL_TYPES
        return self.lay.normative

    @property
    def qppl(self) -> bool:
        """A legal normative document: recognised by the year in its number (89/2025/QĐ-UBND)
        on a type that may be one."""
        so = self.lay.so
        if so is None or not self.qppl_type:
            return False
        text = so.norm.replace(" :", ":")
        return bool(tx.SO_QPPL_RE.match(text) or tx.SO_QPPL_DRAFT_RE.match(text))


@dataclass(frozen=True)
class RuleSpec:
    rule_id: str
    severity: str
    title_vi: str
    title_en: str
    func: Callable[[Context], Outcome]


RULES: dict[str, RuleSpec] = {}


RuleFunc = Callable[[Context], Outcome]


def rule(rule_id: str, severity: str, title_vi: str,
         title_en: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under its spec §11 ID."""
    def deco(func: Callable[[Context], Outcome]) -> Callable[[Context], Outcome]:
        RULES[rule_id] = RuleSpec(rule_id, severity, title_vi, title_en, func)
        return func
    return deco


ALIGN_NAMES = {"center": ("căn giữa", "centred"), "both": ("căn đều hai lề", "justified"),
               "left": ("căn trái", "left-aligned"), "right": ("căn phải", "right-aligned")}


# --- formatting helpers -----------------------------------------------------------------------
def _rng(r: tuple[float, float]) -> str:
    lo, hi = r
    return f"{lo:g} pt" if lo == hi else f"{lo:g}–{hi:g} pt"


def _ink(line: Line) -> list:
    return [r for r in line.ink_runs if not tx.is_line_text(r.text)]


def _display(line: Line) -> str:
    return "".join(r.text.upper() if r.caps else r.text for r in line.runs)


def problems(line: Line, *, size: tuple[float, float] | None = None, bold: bool | None = None,
             italic: bool | None = None, caps: bool | None = None,
             align: str | None = None, dominant: bool = False) -> list[tuple[str, str]]:
    """What is wrong with a line's formatting, as (vi, en) fragments. ``dominant``: bold and
    italic are judged by the style most of the characters have (a paragraph of running text
    may emphasise a few words), not by every run."""
    out: list[tuple[str, str]] = []
    runs = _ink(line)
    if not runs:
        return out
    if dominant:
        out += _dominant_problems(runs, bold, italic)
        bold = italic = None
    if size is not None:
        sizes = sorted({r.size_pt for r in runs})
        bad = [s for s in sizes if not size[0] - 0.01 <= s <= size[1] + 0.01]
        if bad:
            found = ", ".join(f"{s:g}" for s in sizes)
            out.append((f"cỡ chữ {found} pt (yêu cầu {_rng(size)})",
                        f"size {found} pt (required {_rng(size)})"))
    if bold is True and not all(r.bold for r in runs):
        out.append(("không đậm (yêu cầu chữ đứng đậm)", "not bold (required bold)"))
    if bold is False and any(r.bold for r in runs):
        out.append(("in đậm (yêu cầu không đậm)", "bold (required regular weight)"))
    if italic is True and not all(r.italic for r in runs):
        out.append(("không nghiêng (yêu cầu chữ nghiêng)", "not italic (required italic)"))
    if italic is False and any(r.italic for r in runs):
        out.append(("chữ nghiêng (yêu cầu chữ đứng)", "italic (required upright)"))
    shown = _display(line)
    if caps is True and not tx.is_caps(shown):
        out.append(("không viết in hoa (yêu cầu in hoa)", "not in capitals (required capitals)"))
    if caps is False and tx.is_caps(shown) and sum(c.isalpha() for c in shown) > 6:
        out.append(("viết in hoa (yêu cầu in thường)", "in capitals (required normal case)"))
    if align is not None and line.alignment != align:
        fv, fe = ALIGN_NAMES.get(line.alignment, (line.alignment,) * 2)
        rv, re_ = ALIGN_NAMES[align]
        out.append((f"{fv} (yêu cầu {rv})", f"{fe} (required {re_})"))
    return out


def _dominant_problems(runs: list, bold: bool | None,
                       italic: bool | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for want, attr, (yes_vi, yes_en), (no_vi, no_en) in (
            (bold, "bold", ("đậm", "bold"), ("đứng đậm", "bold")),
            (italic, "italic", ("nghiêng", "italic"), ("nghiêng", "italic"))):
        if want is None:
            continue
        part = share(runs, attr) if attr == "bold" else share_outside_notes(runs, attr)
        if _emphasis_inside(runs, attr, bool(want)) or (
                want is False and _plain_words(runs, attr) >= 2):
            continue
        if want is False and part > 0.5:
            out.append((f"phần lớn chữ in {yes_vi} ({part:.0%}; yêu cầu chữ thường, chỉ nhấn "
                        "mạnh vài chữ)", f"mostly {yes_en} ({part:.0%}; required regular, "
                        "with at most a few emphasised words)"))
        if want is True and part < 0.5:
            out.append((f"phần lớn chữ không {no_vi} ({1 - part:.0%}; yêu cầu chữ {no_vi})",
                        f"mostly not {no_en} ({1 - part:.0%}; required {no_en})"))
    return out


def _emphasis_inside(runs: list, attr: str, want: bool) -> bool:
    """Whether the words set otherwise are an emphasised span inside the paragraph: it opens
    in its own style (after its list label) and its final punctuation, if any, is in that
    style — ``Thời gian: **08 giờ 00, ngày 05/12/2025**`` of a giấy mời, ``Căn cứ *Luật …*;``.
    Such a line may be mostly emphasised; a paragraph set bold (or a căn cứ set upright)
    opens or ends so."""
    text = [r for r in runs if r.text.strip() and not _LABEL_RUN.fullmatch(r.text.strip())]
    if not text or bool(getattr(text[0], attr)) != want:
        return False
    last = text[-1]
    end = last.text.rstrip()[-1]
    return end.isalnum() or bool(getattr(last, attr)) == want


def _plain_words(runs: list, attr: str) -> int:
    """The words of a paragraph (its list label left out) not set ``attr``: two or more
    beside the emphasis (``**Văn phòng Sở**: tổng hợp …``, ``**Hạn chót …**, các đơn vị
    …``) show the paragraph's own style, so it is emphasis, not a paragraph set bold. A
    căn cứ line is not judged so: its words "Căn cứ" always keep the line's style."""
    return sum(1 for r in runs if not getattr(r, attr)
               and not _LABEL_RUN.fullmatch(r.text.strip())
               for word in r.text.split() if any(ch.isalnum() for ch in word))


def _heading_like(line: Line, lines: int) -> bool:
    """A paragraph set wholly bold or italic (or both) that is one line or not a sentence
    (``1. Tình hình chung``, ``a) Về tổ chức bộ máy.``, ``5. Các trường hợp …:``, the italic
    ``2.1. Về thủy sản`` of a provincial kế hoạch): a heading of the text, not an emphasised
    paragraph (which runs over several lines and ends with ``.`` or ``;``). [interpretation]
    PL I II.5 sets the styles of Phần … Điểm only; the headings of a text without articles are
    printed bold, italic or both by offices, so either passes."""
    # the list label (``-``, ``+``, ``a)``, ``2.1.``) may be set upright before an italic title
    runs = [r for r in _ink(line) if not _LABEL_RUN.fullmatch(r.text.strip())
            and any(ch.isalnum() for ch in r.text)]  # nor ``:`` set upright after it
    # (``**a) Thành phần hồ sơ** *(theo quy định tại …)*:``: bold label, italic note)
    return bool(runs) and all(r.bold or r.italic for r in runs) and (
        lines <= 1 or not line.norm.rstrip().endswith((".", ";")))


_LABEL_RUN = re.compile(r"[-+•]|\(?\w{1,4}\)|(?:\d+\.)+|[IVXLC]+\.")


def finding(name: tuple[str, str], line: Line, probs: list[tuple[str, str]]) -> list[Finding]:
    if not probs:
        return []
    vi = f"{_cap(name[0])}: " + "; ".join(p[0] for p in probs) + "."
    en = f"{_cap(name[1])}: " + "; ".join(p[1] for p in probs) + "."
    return [Finding(vi, en, line)]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def missing(name: tuple[str, str], extra_vi: str = "", extra_en: str = "") -> list[Finding]:
    return [Finding(f"Không tìm thấy {name[0]}.{extra_vi}",
                    f"{_cap(name[1])} not found.{extra_en}")]


def check_stroke(name: tuple[str, str], stroke: Stroke | None, text_w: float,
                 lo: float, hi: float, text_c: float | None, target: Line) -> list[Finding]:
    """Compare a rule's length with the text above it (fractions ``lo``–``hi``)."""
    if stroke is None:
        return [Finding(f"Thiếu đường kẻ dưới {name[0]}.", f"No line under the {name[1]}.",
                        target)]
    if text_w <= 0:
        return []
    ratio = stroke.width / text_w
    out: list[Finding] = []
    if not lo * (1 - nd30.LINE_TOLERANCE) <= ratio <= hi * (1 + nd30.LINE_TOLERANCE):
        req_vi = "bằng độ dài dòng chữ" if lo == hi else f"từ {lo:.2g} đến {hi:.2g} độ dài dòng chữ"
        req_en = "as long as the text" if lo == hi else f"{lo:.2g}–{hi:.2g} of the text length"
        out.append(Finding(
            f"Đường kẻ dưới {name[0]} ({stroke.how}) dài {stroke.width / 56.7:.1f} mm = "
            f"{ratio:.0%} dòng chữ ({text_w / 56.7:.1f} mm); yêu cầu {req_vi} (±10 %).",
            f"The line under the {name[1]} ({stroke.how}) is {stroke.width / 56.7:.1f} mm = "
            f"{ratio:.0%} of the text ({text_w / 56.7:.1f} mm); required {req_en} (±10 %).",
            target))
    if stroke.centre is not None and text_c is not None and abs(
            stroke.centre - text_c) > CENTRE_TOLERANCE_TWIPS:
        off = abs(stroke.centre - text_c) / 56.7
        out.append(Finding(
            f"Đường kẻ dưới {name[0]} lệch tâm {off:.1f} mm so với dòng chữ (tối đa 2 mm).",
            f"The line under the {name[1]} is {off:.1f} mm off the text's centre (max 2 mm).",
            target))
    return out


def _centre_of(line: Line, doc: DocxDocument) -> float:
    if line.centre is not None:  # placed by a tab stop
        return line.centre
    return text_centre(line.para, line_width(line), container_width(line.para, doc))


def _col(line: Line, lay: Layout) -> int | None:
    t = line.para.where.table
    if not t or lay.header_table is None:
        return None
    return t[len(lay.header_table[1])][2] if len(t) > len(lay.header_table[1]) else None


def _same_cell(a: Line, b: Line) -> bool:
    wa, wb = a.para.where, b.para.where
    return (wa.part, wa.table, wa.textbox) == (wb.part, wb.table, wb.textbox)


def _index_in_cell(line: Line, lay: Layout) -> int:
    """How many lines come before ``line`` in its table cell (its row within the cell)."""
    return sum(1 for ln in lay.lines if ln.order < line.order and _same_cell(ln, line))


# --- P: page ----------------------------------------------------------------------------------
@rule("P1", "E", "Khổ giấy A4", "A4 paper")
def page_size(ctx: Context) -> Outcome:
    out = []
    for s in ctx.doc.sections:
        w, h = sorted((s.page_width, s.page_height))
        if abs(w - A4_TWIPS[0]) > PAGE_TOLERANCE_TWIPS or abs(h - A4_TWIPS[1]) > \
                PAGE_TOLERANCE_TWIPS:
            out.append(Finding(
                f"Khổ giấy {s.page_width / 56.7:.0f} × {s.page_height / 56.7:.0f} mm; "
                "yêu cầu A4 210 × 297 mm.",
                f"Paper {s.page_width / 56.7:.0f} × {s.page_height / 56.7:.0f} mm; "
                "required A4 210 × 297 mm.",
                None, f"mục (section) {s.index + 1}", f"section {s.index + 1}"))
    return out


@rule("P2", "W", "Hướng giấy dọc", "Portrait orientation")
def orientation(ctx: Context) -> Outcome:
    out = []
    for s in ctx.doc.sections:
        if s.orientation != "landscape" and s.page_width <= s.page_height:
            continue
        paras = [p for p in ctx.doc.paragraphs() if p.where.section == s.index
                 and p.text.strip()]
        in_tables = sum(1 for p in paras if p.where.table
                        and p.where.table[0][0] not in ctx.lay.frame_tables)
        if paras and in_tables * 2 >= len(paras):
            continue  # a landscape page for a wide table is allowed (§1)
        out.append(Finding(
            "Trang nằm ngang nhưng không phải trang bảng biểu; yêu cầu khổ dọc.",
            "Landscape pages that do not hold a table; required portrait.",
            None, f"mục (section) {s.index + 1}", f"section {s.index + 1}"))
    return out


_MARGIN_NAMES = {"top": ("trên", "top"), "bottom": ("dưới", "bottom"),
                 "left": ("trái", "left"), "right": ("phải", "right")}


def _margin_errors(values: dict[str, int]) -> list[str]:
    bad = []
    for side, (lo, hi) in nd30.MARGIN_RANGES_MM.items():
        v = values[side]
        if not nd30.mm(lo) - MARGIN_TOLERANCE_TWIPS <= v <= nd30.mm(hi) + MARGIN_TOLERANCE_TWIPS:
            bad.append(side)
    return bad


@rule("P3", "E", "Lề trang", "Page margins")
def margins(ctx: Context) -> Outcome:
    out = []
    for s in ctx.doc.sections:
        vals = {"top": s.margin_top, "bottom": s.margin_bottom, "left": s.margin_left,
                "right": s.margin_right}
        bad = _margin_errors(vals)
        if bad and (s.orientation == "landscape" or s.page_width > s.page_height):
            # Word turns the margins with the page; accept either way round
            for turned in ({"top": vals["left"], "right": vals["top"], "bottom": vals["right"],
                            "left": vals["bottom"]},
                           {"top": vals["right"], "right": vals["bottom"],
                            "bottom": vals["left"], "left": vals["top"]}):
                if not _margin_errors(turned):
                    bad = []
                    break
        if bad:
            vi = ", ".join(
                f"lề {_MARGIN_NAMES[b][0]} {vals[b] / nd30.TWIPS_PER_MM:.1f} mm (yêu cầu "
                f"{nd30.MARGIN_RANGES_MM[b][0]}–{nd30.MARGIN_RANGES_MM[b][1]} mm)" for b in bad)
            en = ", ".join(
                f"{_MARGIN_NAMES[b][1]} margin {vals[b] / nd30.TWIPS_PER_MM:.1f} mm (required "
                f"{nd30.MARGIN_RANGES_MM[b][0]}–{nd30.MARGIN_RANGES_MM[b][1]} mm)" for b in bad)
            out.append(Finding(vi[0].upper() + vi[1:] + ".", en[0].upper() + en[1:] + ".", None,
                               f"mục (section) {s.index + 1}", f"section {s.index + 1}"))
    return out


@rule("P4", "E", "Số trang", "Page numbers")
def page_numbers(ctx: Context) -> Outcome:
    doc = ctx.doc
    out: list[Finding] = []
    any_field = False
    for s in doc.sections:
        for kind in ("default", "first", "even"):
            for p in doc.footer_paragraphs(s.index, kind):
                if "PAGE" in p.fields:
                    any_field = True
                    out.append(Finding(
                        "Số trang đặt ở chân trang (footer); yêu cầu canh giữa ở đầu trang "
                        "(header).",
                        "Page number in the footer; required centred in the header.",
                        p, f"chân trang {p.where.part}, mục (section) {s.index + 1}",
                        f"footer {p.where.part}, section {s.index + 1}"))
    for p in doc.paragraphs():
        if "PAGE" in p.fields:
            any_field = True
            out.append(Finding("Trường số trang nằm trong thân văn bản; yêu cầu ở đầu trang.",
                               "Page-number field in the body text; required in the header.", p))
    seen_parts: set[str] = set()
    for s in doc.sections:
        default = [p for p in doc.header_paragraphs(s.index, "default") if "PAGE" in p.fields]
        first = [p for p in doc.header_paragraphs(s.index, "first") if "PAGE" in p.fields]
        any_field = any_field or bool(default or first)
        shown = first if s.title_page else default
        # { IF { PAGE } > 1 { PAGE } } is the other way to hide the number on page 1
        shown = [p for p in shown if "IF" not in p.fields]
        if s.index == 0 and shown:
            p = shown[0]
            out.append(Finding(
                "Số trang hiện ở trang 1; yêu cầu không đánh số trang đầu (bật “trang đầu "
                "khác” và để trống đầu trang của trang 1).",
                "The page number shows on page 1; required hidden on the first page "
                "(different first page with an empty first-page header).",
                p, f"đầu trang {p.where.part}", f"header {p.where.part}"))
        if s.page_number_format not in (None, "decimal"):
            out.append(Finding(
                f"Số trang dạng {s.page_number_format}; yêu cầu chữ số Ả Rập.",
                f"Page numbers formatted as {s.page_number_format}; required Arabic digits.",
                None, f"mục (section) {s.index + 1}", f"section {s.index + 1}"))
        for p in default:
            if p.where.part in seen_parts:
                continue  # a later section reusing the same header part
            seen_parts.add(p.where.part)
            lines = [r for r in p.visible_runs if r.text.strip()] or ([p.mark] if p.mark else [])
            probs = []
            sizes = sorted({r.size_pt for r in lines})
            if any(not SIZE_PAGE_NUMBER[0] <= sz <= SIZE_PAGE_NUMBER[1] for sz in sizes):
                probs.append((f"cỡ chữ {', '.join(f'{x:g}' for x in sizes)} pt (yêu cầu 13–14 pt)",
                              f"size {', '.join(f'{x:g}' for x in sizes)} pt (required 13–14 pt)"))
            if any(r.italic for r in lines):
                probs.append(("chữ nghiêng (yêu cầu chữ đứng)", "italic (required upright)"))
            if p.alignment != "center":
                fv, fe = ALIGN_NAMES.get(p.alignment, (p.alignment,) * 2)
                probs.append((f"{fv} (yêu cầu căn giữa)", f"{fe} (required centred)"))
            if probs:
                out.append(Finding("Số trang: " + "; ".join(x[0] for x in probs) + ".",
                                   "Page number: " + "; ".join(x[1] for x in probs) + ".", p,
                                   f"đầu trang {p.where.part}", f"header {p.where.part}"))
    if not any_field:
        if doc.page_count and doc.page_count > 1:
            return [Finding(f"Văn bản {doc.page_count} trang nhưng không đánh số trang; yêu cầu "
                            "số trang ở đầu trang từ trang 2.",
                            f"The document has {doc.page_count} pages but no page numbers; "
                            "required in the header from page 2.")]
        return NA
    return out


# --- F: fonts ---------------------------------------------------------------------------------
# Word puts a table's left border a cell margin (0.19 cm) left of the text by default: a
# table may stand out of the text area by that much, plus the 0.5 mm of the page checks.
TABLE_OVERHANG_TWIPS = 108 + nd30.mm(0.5)


@rule("P5", "E", "Bảng, hình nằm trong vùng chữ", "Tables and figures within the text area")
def tables_in_text_area(ctx: Context) -> Outcome:
    """PL I I.3: the text stays inside the margins. A table that draws lines must stay in
    the text area; a borderless layout table (header, signature) only on the paper, since
    its text sits inside its cells (the decree's own header table is 3 mm wider)."""
    extents = table_extents(ctx.doc)
    pictures = picture_extents(ctx.doc)
    if not extents and not pictures:
        return NA
    out = _pictures_outside(ctx, pictures)
    for t in extents:
        sec = ctx.doc.sections[t.section]
        slack_left = TABLE_OVERHANG_TWIPS + (0 if t.bordered else sec.margin_left)
        slack_right = TABLE_OVERHANG_TWIPS + (0 if t.bordered else sec.margin_right)
        over_left = -t.left - slack_left
        over_right = t.left + t.width - sec.text_width - slack_right
        if over_left <= 0 and over_right <= 0:
            continue
        mm = nd30.TWIPS_PER_MM
        side_vi = "lề trái" if over_left > 0 else "lề phải"
        side_en = "left margin" if over_left > 0 else "right margin"
        how_vi, how_en = (f"lấn vào {side_vi}", f"runs into the {side_en}") if t.bordered else (
            f"vượt {side_vi} ra ngoài mép giấy", f"runs over the {side_en} off the page")
        off = -t.left if over_left > 0 else t.left + t.width - sec.text_width
        where = f"«{t.words}»" if t.words else ""
        out.append(Finding(
            f"Bảng rộng {t.width / mm:.1f} mm {how_vi}: {off / mm:.1f} mm ngoài vùng chữ "
            f"(rộng {sec.text_width / mm:.1f} mm); yêu cầu bảng nằm trong vùng chữ.",
            f"A {t.width / mm:.1f} mm wide table {how_en}: {off / mm:.1f} mm outside the "
            f"text area ({sec.text_width / mm:.1f} mm wide); required within the text area.",
            None, f"{where} (bảng {t.number}, mục (section) {t.section + 1})".strip(),
            f"{where} (table {t.number}, section {t.section + 1})".strip()))
    return out


def _pictures_outside(ctx: Context, pictures: list[PictureExtent]) -> list[Finding]:
    """Figures wider than their section's text area (or set into a margin)."""
    out = []
    mm = nd30.TWIPS_PER_MM
    for pic in pictures:
        sec = ctx.doc.sections[pic.section]
        off = max(-pic.left, pic.left + pic.width - sec.text_width)
        if off <= nd30.mm(0.5):
            continue
        where_vi, where_en = _para_where(pic.where)
        out.append(Finding(
            f"Hình rộng {pic.width / mm:.1f} mm: {off / mm:.1f} mm ngoài vùng chữ (rộng "
            f"{sec.text_width / mm:.1f} mm); yêu cầu hình nằm trong vùng chữ.",
            f"A {pic.width / mm:.1f} mm wide figure: {off / mm:.1f} mm outside the text "
            f"area ({sec.text_width / mm:.1f} mm wide); required within the text area.",
            None, f"hình ({pic.where.where.describe('vi')})",
            f"figure ({pic.where.where.describe('en')})"))
    return out


def _all_lines(ctx: Context) -> list[Line]:
    return ctx.lay.lines


def _per_paragraph(lines: list[Line]) -> dict[int, tuple[Paragraph, list]]:
    out: dict[int, tuple[Paragraph, list]] = {}
    for ln in lines:
        out.setdefault(id(ln.para), (ln.para, []))[1].extend(ln.runs)
    return out


def _para_where(p: Paragraph) -> tuple[str, str]:
    words = tx.clean(p.text)
    if len(words) > 40:
        words = words[:40].rsplit(" ", 1)[0] + " …"
    return (f"«{words}» ({p.where.describe('vi')})", f"«{words}» ({p.where.describe('en')})")


def _printable(r) -> bool:
    return bool(r.text.strip()) and not r.hidden and not all(
        0xF000 <= ord(c) <= 0xF0FF for c in r.text.strip())


@rule("F1", "E", "Phông chữ Times New Roman", "Times New Roman font")
def font_family(ctx: Context) -> Outcome:
    out = []
    for p, runs in _per_paragraph(_all_lines(ctx)).values():
        bad = sorted({tx.font_family(r.font) or "" for r in runs if _printable(r)
                      and r.font is not None and not tx.legacy_font(r.font)
                      and not tx.looks_tcvn3(r.text)
                      and tx.font_family(r.font) != nd30.FONT_FAMILY})
        if bad:
            wv, we = _para_where(p)
            out.append(Finding(f"Phông {', '.join(bad)}; yêu cầu {nd30.FONT_FAMILY}.",
                               f"Font {', '.join(bad)}; required {nd30.FONT_FAMILY}.", p, wv, we))
    return out


@rule("F2", "E", "Màu chữ đen", "Black text")
def colour(ctx: Context) -> Outcome:
    stamps = {id(ln.para) for ln in ctx.lay.urgency}
    out = []
    for p, runs in _per_paragraph(_all_lines(ctx)).values():
        if id(p) in stamps:
            continue  # the urgency stamp is bright red (§3.7)
        # white text prints nothing (the decree hides a placeholder that way)
        bad = sorted({r.color for r in runs if _printable(r)
                      and r.color not in (None, "000000", "FFFFFF")})
        if bad:
            wv, we = _para_where(p)
            out.append(Finding(f"Chữ màu #{', #'.join(bad)}; yêu cầu màu đen.",
                               f"Text colour #{', #'.join(bad)}; required black.", p, wv, we))
    return out


def _size(line: Line | None) -> float | None:
    runs = _ink(line) if line else []
    return max(r.size_pt for r in runs) if runs else None


@rule("F3", "W", "Cặp cỡ chữ Quốc hiệu / Tiêu ngữ / ngày tháng",
      "Size pairing of national title / motto / date")
def size_pairing(ctx: Context) -> Outcome:
    lay = ctx.lay
    sizes = (_size(lay.quoc_hieu), _size(lay.tieu_ngu), _size(lay.date))
    if None in sizes:
        return NA
    if tuple(round(s) for s in sizes) in nd30.SIZE_PAIRINGS:  # type: ignore[arg-type]
        return []
    found = "/".join(f"{s:g}" for s in sizes)  # type: ignore[union-attr]
    return [Finding(f"Quốc hiệu/Tiêu ngữ/ngày tháng cỡ {found} pt; nên dùng 13/14/14 hoặc "
                    "12/13/13.",
                    f"National title/motto/date sizes {found} pt; use 13/14/14 or 12/13/13.",
                    lay.quoc_hieu)]


# --- H: header --------------------------------------------------------------------------------
QH_NAME = ("Quốc hiệu", "national title (Quốc hiệu)")
TN_NAME = ("Tiêu ngữ", "motto (Tiêu ngữ)")
ISSUER_NAME = ("tên cơ quan ban hành", "issuing body")
PARENT_NAME = ("tên cơ quan chủ quản", "parent body")
SO_NAME = ("số, ký hiệu", "number and code (Số)")
DATE_NAME = ("địa danh, ngày tháng", "place and date")


@rule("H1", "E", "Quốc hiệu", "National title")
def quoc_hieu(ctx: Context) -> Outcome:
    lay = ctx.lay
    qh = lay.quoc_hieu
    if qh is None:
        return missing(QH_NAME, f" Yêu cầu dòng “{nd30.QUOC_HIEU}” ở đầu trang 1, bên phải.",
                       f" Required: “{nd30.QUOC_HIEU}” at the top right of page 1.")
    probs = []
    if tx.key(qh.text) != tx.key(nd30.QUOC_HIEU):
        probs.append((f"viết “{qh.text.strip()}” (yêu cầu “{nd30.QUOC_HIEU}”)",
                      f"reads “{qh.text.strip()}” (required “{nd30.QUOC_HIEU}”)"))
    probs += problems(qh, size=SIZE_QUOC_HIEU, bold=True, italic=False, caps=True)
    col = _col(qh, lay)
    if col == 0:
        probs.append(("ở cột trái (yêu cầu cột phải)", "in the left column (required right)"))
    cell = [ln for ln in lay.lines if _same_cell(ln, qh)]
    first = next((ln for ln in cell if ln.text.strip() and ln not in lay.circulation), None)
    if first is not None and first.para is not qh.para:
        probs.append(("không phải dòng đầu tiên (yêu cầu dòng trên cùng)",
                      "not the first line (required on top)"))
    return finding(QH_NAME, qh, probs)


@rule("H2", "E", "Tiêu ngữ và đường kẻ", "Motto and its line")
def tieu_ngu(ctx: Context) -> Outcome:
    lay = ctx.lay
    tn = lay.tieu_ngu
    if tn is None:
        return missing(TN_NAME, f" Yêu cầu “{nd30.TIEU_NGU}” dưới Quốc hiệu.",
                       f" Required “{nd30.TIEU_NGU}” under the national title.")
    probs = []
    if tx.tone_norm(tn.text) != tx.tone_norm(nd30.TIEU_NGU):
        probs.append((f"viết “{tn.norm}” (yêu cầu “{nd30.TIEU_NGU}”, gạch nối có cách hai bên)",
                      f"reads “{tn.norm}” (required “{nd30.TIEU_NGU}”, spaced hyphens)"))
    probs += problems(tn, size=SIZE_TIEU_NGU, bold=True, italic=False, align="center")
    qh = lay.quoc_hieu
    if qh is not None:
        between = [ln for ln in lay.lines if qh.order < ln.order < tn.order and ln.text.strip()]
        if between or tn.order < qh.order:
            probs.append(("không nằm ngay dưới Quốc hiệu", "not directly under the national title"))
    out = finding(TN_NAME, tn, probs)
    out += check_stroke(TN_NAME, lay.tieu_ngu_rule, line_width(tn), 1.0, 1.0,
                        _centre_of(tn, ctx.doc), tn)
    return out


def _longest(lines: list[Line], doc: DocxDocument) -> float:
    """The longest printed line of a (possibly wrapping) name, spec §3.2 "dòng chữ"."""
    return max(max(wrapped_widths(ln, container_width(ln.para, doc) - ln.para.left_twips
                                  - ln.para.right_twips)) for ln in lines)


@rule("H3", "E", "Tên cơ quan ban hành và đường kẻ", "Issuing body and its line")
def issuer(ctx: Context) -> Outcome:
    lay = ctx.lay
    if not lay.issuer:
        return missing(ISSUER_NAME, " Yêu cầu tên cơ quan ban hành in hoa, đậm, bên trái, trên "
                       "số ký hiệu.", " Required in bold capitals, top left, above the number.")
    out: list[Finding] = []
    for ln in lay.issuer:
        out += finding(ISSUER_NAME, ln, problems(ln, size=SIZE_CO_QUAN, bold=True, italic=False,
                                                 caps=True, align="center"))
        if _col(ln, lay) not in (None, 0):
            out.append(Finding("Tên cơ quan ban hành không ở cột trái.",
                               "The issuing body is not in the left column.", ln))
    longest = max(lay.issuer, key=lambda ln: line_width(ln))
    out += check_stroke(ISSUER_NAME, lay.issuer_rule, _longest(lay.issuer, ctx.doc),
                        *nd30.AGENCY_LINE_RANGE, _centre_of(longest, ctx.doc), lay.issuer[-1])
    return out


@rule("H4", "E", "Tên cơ quan chủ quản", "Parent body")
def parent(ctx: Context) -> Outcome:
    if not ctx.lay.parent:
        return NA  # "nếu có"
    out: list[Finding] = []
    for ln in ctx.lay.parent:
        out += finding(PARENT_NAME, ln, problems(ln, size=SIZE_CO_QUAN, bold=False, italic=False,
                                                 caps=True, align="center"))
    return out


def _normative_abbreviation(lay: Layout) -> str | None:
    """``NĐ`` for a NGHỊ ĐỊNH: the code's type part of a legal normative type name."""
    if not lay.normative or lay.type_name is None:
        return None
    return next((abbr for name, abbr in nd30.QPPL_ONLY_TYPES.items()
                 if tx.key(name) == lay.type_name.key.rstrip(":").strip()), None)


def _so_text(line: Line) -> str:
    return line.norm.replace(" :", ":")


@rule("H5", "E", "Số, ký hiệu", "Number and code")
def so_ky_hieu(ctx: Context) -> Outcome:
    lay = ctx.lay
    so = lay.so
    if so is None:
        return missing(SO_NAME, " Yêu cầu “Số: 01/QĐ-UBND” dưới tên cơ quan.",
                       " Required like “Số: 01/QĐ-UBND” under the issuing body.")
    text = _so_text(so)
    probs: list[tuple[str, str]] = []
    qppl = tx.SO_QPPL_RE.match(text) or (ctx.draft and tx.SO_QPPL_DRAFT_RE.match(text))
    ok = tx.SO_RE.match(text) or (ctx.draft and tx.SO_DRAFT_RE.match(text)) or (
        qppl and ctx.qppl_type)
    if ok and lay.normative and not qppl:
        probs.append((f"“{text}”: văn bản quy phạm pháp luật ghi năm ban hành trong số (“Số: "
                      "30/2020/NĐ-CP”)", f"“{text}”: a legal normative document carries the "
                      "year of issue in its number (“Số: 30/2020/NĐ-CP”)"))
    if not ok:
        if tx.NORMATIVE_CODE.match(text) or qppl:
            probs.append((f"“{text}” có năm trong ký hiệu (dạng văn bản quy phạm pháp luật); "
                          "văn bản hành chính không ghi năm: “Số: 15/QĐ-BNV” (chỉ nghị quyết, "
                          "quyết định, nghị định, thông tư … quy phạm pháp luật ghi năm)",
                          f"“{text}” carries the year (a legal normative document's code); "
                          "administrative documents have none: “Số: 15/QĐ-BNV” (only legal "
                          "normative nghị quyết, quyết định, nghị định, thông tư … do)"))
        elif re.match(r"^Số: [1-9]/", text):
            probs.append((f"“{text}”: số nhỏ hơn 10 phải có số 0 ở trước (01…09)",
                          f"“{text}”: numbers below 10 need a leading zero (01…09)"))
        elif re.match(r"^Số: ?/", text):
            probs.append((f"“{text}”: chưa có số (chỉ chấp nhận khi kiểm tra bản dự thảo --draft)",
                          f"“{text}”: the number is blank (accepted only with --draft)"))
        else:
            probs.append((f"viết “{text}” (yêu cầu dạng “Số: 05/QĐ-UBND”: “Số” + “:” + số + “/” "
                          "+ ký hiệu in hoa nối bằng “-”, không có dấu cách)",
                          f"reads “{text}” (required like “Số: 05/QĐ-UBND”: number, “/”, code "
                          "in capitals joined by “-”, no spaces)"))
    else:
        m = re.match(r"^Số: ?[0-9._… ]*/(?:(?:19|20)\d\d/)?([^-/]+)-", text)
        abbr = nd30.DOC_TYPES[ctx.doc_type].abbreviation if ctx.doc_type in nd30.DOC_TYPES \
            else _normative_abbreviation(lay)
        if m and abbr and m.group(1) != abbr:
            probs.append((f"ký hiệu “{m.group(1)}” không khớp loại văn bản (yêu cầu “{abbr}-…”)",
                          f"code “{m.group(1)}” does not match the type (required “{abbr}-…”)"))
        year = re.search(r"năm ([0-9]{4})$", lay.date.norm) if lay.date is not None else None
        if qppl and year and qppl.group("year") != year.group(1):
            probs.append((f"năm trong số ({qppl.group('year')}) khác năm ban hành "
                          f"({year.group(1)})", f"the year in the number ({qppl.group('year')}) "
                          f"differs from the year of issue ({year.group(1)})"))
    probs += problems(so, size=SIZE_SO, italic=False, align="center")
    if lay.issuer and _col(so, lay) not in (None, _col(lay.issuer[0], lay)):
        probs.append(("không nằm dưới tên cơ quan ban hành", "not under the issuing body"))
    return finding(SO_NAME, so, probs)


@rule("H6", "E", "Địa danh, ngày tháng năm", "Place and date")
def place_date(ctx: Context) -> Outcome:
    lay = ctx.lay
    d = lay.date
    if d is None:
        if ctx.doc_type == "bien-ban":
            return NA  # Mẫu 1.9 has no place/date in the header
        return missing(DATE_NAME, " Yêu cầu “Hà Nội, ngày 05 tháng 3 năm 2020” dưới Tiêu ngữ.",
                       " Required like “Hà Nội, ngày 05 tháng 3 năm 2020” under the motto.")
    text = d.norm
    probs: list[tuple[str, str]] = []
    if not (tx.DATE_RE.match(text) or (ctx.draft and tx.DATE_DRAFT_RE.match(text))):
        m = re.search(r"ngày (\S*) tháng (\S*) năm", text)
        detail_vi, detail_en = "", ""
        if m and re.fullmatch(r"[1-9]", m.group(1)):
            detail_vi, detail_en = "; ngày dưới 10 phải có số 0 (05)", "; days below 10 need a 0"
        elif m and m.group(2) in ("1", "2"):
            detail_vi, detail_en = "; tháng 1, 2 viết 01, 02", "; months 1 and 2 are 01 and 02"
        elif m and re.fullmatch(r"0[3-9]", m.group(2)):
            detail_vi, detail_en = "; tháng 3–9 không có số 0", "; months 3–9 take no leading 0"
        elif m and not m.group(1).strip() and not ctx.draft:
            detail_vi, detail_en = "; ngày để trống (chỉ chấp nhận với --draft)", \
                "; blank day (accepted only with --draft)"
        probs.append((f"viết “{text}” (yêu cầu “<Địa danh>, ngày DD tháng M năm YYYY”{detail_vi})",
                      f"reads “{text}” (required “<Place>, ngày DD tháng M năm YYYY”{detail_en})"))
    probs += problems(d, size=SIZE_DATE, italic=True, align="center")
    room = container_width(d.para, ctx.doc) - d.para.left_twips - d.para.right_twips
    if d.segment is None and len(wrapped_widths(d, room)) > 1:
        width, cell = line_width(d) / nd30.TWIPS_PER_MM, room / nd30.TWIPS_PER_MM
        probs.append((f"xuống hai dòng ({width:.1f} mm trong ô rộng {cell:.1f} mm; yêu cầu "
                      "một dòng: cỡ 13 pt hoặc ô rộng hơn)",
                      f"wraps onto two lines ({width:.1f} mm in a {cell:.1f} mm cell; "
                      "required one line: 13 pt or a wider cell)"))
    so = lay.so
    if so is not None and so.para.where.table and d.para.where.table:
        t1, t2 = so.para.where.table, d.para.where.table
        same_row = len(t1) == len(t2) and t1[:-1] == t2[:-1] and t1[-1][:2] == t2[-1][:2]
        if not same_row or abs(_index_in_cell(so, lay) - _index_in_cell(d, lay)) > 2:
            probs.append(("không cùng dòng với số, ký hiệu", "not level with the number"))
    return finding(DATE_NAME, d, probs)


# --- T: type name, trích yếu, V/v -------------------------------------------------------------
TYPE_NAME = ("tên loại văn bản", "document type name")
TY_NAME = ("trích yếu", "summary (trích yếu)")
VV_NAME = ("trích yếu công văn (V/v)", "letter summary (V/v)")


@rule("T1", "E", "Tên loại văn bản", "Document type name")
def type_name(ctx: Context) -> Outcome:
    lay = ctx.lay
    if ctx.letter:
        return NA
    t = lay.type_name
    if t is None:
        return missing(TYPE_NAME, " Yêu cầu tên loại in hoa, đậm, căn giữa dưới phần đầu (ví dụ "
                       "“QUYẾT ĐỊNH”).", " Required in bold capitals, centred under the header "
                       "(e.g. “QUYẾT ĐỊNH”).")
    probs: list[tuple[str, str]] = []
    if lay.normative and ctx.doc_type is not None:  # NGHỊ ĐỊNH, THÔNG TƯ …: accepted as such
        probs.append((f"“{t.norm}” là tên loại văn bản quy phạm pháp luật, khác loại văn bản đã "
                      f"chọn ({ctx.doc_type})", f"“{t.norm}” is a legal normative document "
                      f"type, not the given type ({ctx.doc_type})"))
    elif ctx.doc_type in nd30.DOC_TYPES and lay.type_slug and lay.type_slug != ctx.doc_type:
        probs.append((f"“{t.norm}” khác loại văn bản đã chọn ({ctx.doc_type})",
                      f"“{t.norm}” differs from the given type ({ctx.doc_type})"))
    probs += problems(t, size=SIZE_TEN_LOAI, bold=True, italic=False, caps=True, align="center")
    return finding(TYPE_NAME, t, probs)


@rule("T2", "E", "Trích yếu và đường kẻ", "Summary and its line")
def trich_yeu(ctx: Context) -> Outcome:
    lay = ctx.lay
    if ctx.letter or lay.type_name is None:
        return NA
    if not lay.trich_yeu:
        if ctx.doc_type in NO_TRICH_YEU_TYPES:
            return NA
        return missing(TY_NAME, " Yêu cầu một dòng trích yếu đậm, căn giữa dưới tên loại, có "
                       "đường kẻ bên dưới.", " Required: a bold centred summary under the type "
                       "name, with a line below.")
    out: list[Finding] = []
    for ln in lay.trich_yeu:
        out += finding(TY_NAME, ln, problems(ln, size=SIZE_TRICH_YEU, bold=True, italic=False,
                                             caps=False, align="center"))
    longest = max(lay.trich_yeu, key=lambda ln: line_width(ln))
    out += check_stroke(TY_NAME, lay.trich_yeu_rule, _longest(lay.trich_yeu, ctx.doc),
                        *nd30.AGENCY_LINE_RANGE, _centre_of(longest, ctx.doc), lay.trich_yeu[-1])
    return out


@rule("T3", "E", "Trích yếu công văn (V/v)", "Letter summary (V/v)")
def vv(ctx: Context) -> Outcome:
    lay = ctx.lay
    if not ctx.letter:
        return NA
    if not lay.vv:
        return missing(VV_NAME, " Yêu cầu “V/v …” dưới số, ký hiệu.",
                       " Required “V/v …” under the number.")
    first = lay.vv[0]
    probs: list[tuple[str, str]] = []
    if not first.norm.startswith("V/v "):
        probs.append((f"bắt đầu “{first.norm[:8]}” (yêu cầu “V/v ”)",
                      f"starts “{first.norm[:8]}” (required “V/v ”)"))
    out: list[Finding] = []
    for ln in lay.vv:
        p = problems(ln, size=SIZE_VV, bold=False, italic=False, align="center")
        out += finding(VV_NAME, ln, probs + p if ln is first else p)
    if probs and not out:
        out += finding(VV_NAME, first, probs)
    so = lay.so
    if so is not None:
        if _col(first, lay) != _col(so, lay) or first.order < so.order:
            out.append(Finding("V/v không nằm dưới số, ký hiệu.", "V/v is not under the number.",
                               first))
        elif first.para is not so.para and not any(
                ln.text.strip() for ln in lay.lines if so.order < ln.order < first.order):
            gap = so.para.space_after_twips + first.para.space_before_twips + sum(
                empty_height(ln.para) for ln in lay.lines
                if so.order < ln.order < first.order and not ln.text.strip() and ln.sub == 0)
            if not VV_GAP_TWIPS[0] <= gap <= VV_GAP_TWIPS[1]:
                out.append(Finding(
                    f"Khoảng cách giữa số, ký hiệu và V/v là {gap / 20:g} pt; yêu cầu khoảng 6 pt.",
                    f"The gap between the number and V/v is {gap / 20:g} pt; required about 6 pt.",
                    first))
    cell = [ln for ln in lay.lines if _same_cell(ln, lay.vv[-1])]
    if lay.vv[-1].para.where.table and stroke_below(lay.vv[-1], cell, ctx.doc) is not None:
        out.append(Finding("Có đường kẻ dưới V/v; yêu cầu không kẻ.",
                           "A line is drawn under V/v; required none.", lay.vv[-1]))
    return out


# --- B: body ----------------------------------------------------------------------------------
def _body_text(ctx: Context) -> list[Paragraph]:
    lay = ctx.lay
    return [p for p in lay.body if p.text.strip() and id(p) not in lay.headings
            and id(p) not in lay.captions and not tx.is_line_text(p.text)]


def _lines_of(ctx: Context, p: Paragraph) -> list[Line]:
    return ctx.lay.lines_of(p)


def _para_line(ctx: Context, p: Paragraph) -> Line:
    lines = [ln for ln in _lines_of(ctx, p) if ln.text.strip()]
    if len(lines) == 1:
        return lines[0]
    runs = [r for ln in lines for r in ln.runs]
    return Line(p, p.text, runs, 0, lines[0].order if lines else 0)


@rule("B1", "E", "Nội dung: cỡ chữ, kiểu chữ, căn lề", "Body: size, style, alignment")
def body(ctx: Context) -> Outcome:
    can_cu = {id(ln.para) for ln in ctx.lay.can_cu}
    articles = {id(ln.para) for ln in ctx.lay.dieu}  # B6 judges their weight
    out: list[Finding] = []
    for p in _body_text(ctx):
        ln = _para_line(ctx, p)
        room = container_width(p, ctx.doc) - p.left_twips - p.right_twips - p.first_line_twips
        lines = sum(len(wrapped_widths(x, room)) for x in _lines_of(ctx, p) if x.text.strip())
        heading = id(p) in articles or _heading_like(ln, lines)
        probs = problems(ln, size=SIZE_BODY,
                         italic=None if id(p) in can_cu or heading else False,
                         bold=None if heading else False, align="both", dominant=True)
        out += finding(("Đoạn nội dung", "Body paragraph"), ln, probs)
    return out if _body_text(ctx) else NA


@rule("B2", "E", "Thụt đầu dòng 1 cm hoặc 1,27 cm", "First-line indent 1 cm or 1.27 cm")
def indent(ctx: Context) -> Outcome:
    allowed = [cm * nd30.TWIPS_PER_CM for cm in nd30.FIRST_LINE_INDENTS_CM]
    tol = nd30.INDENT_TOLERANCE_CM * nd30.TWIPS_PER_CM
    out = []
    for p in _body_text(ctx):
        if p.alignment == "center":
            continue
        if not any(abs(p.first_line_twips - a) <= tol for a in allowed):
            cm = p.first_line_twips / nd30.TWIPS_PER_CM
            ln = _para_line(ctx, p)
            out.append(Finding(f"Thụt đầu dòng {cm:.2f} cm; yêu cầu 1 cm hoặc 1,27 cm.",
                               f"First-line indent {cm:.2f} cm; required 1 cm or 1.27 cm.", ln))
    return out if _body_text(ctx) else NA


@rule("B3", "E", "Khoảng cách đoạn ≥ 6 pt", "Paragraph spacing ≥ 6 pt")
def spacing(ctx: Context) -> Outcome:
    paras = [p for p in ctx.lay.body]
    texts = set(map(id, _body_text(ctx)))
    out = []
    prev: Paragraph | None = None
    between = 0
    for p in paras:
        if not p.text.strip():
            if prev is not None:
                between += empty_height(p)
            continue
        if prev is not None and id(p) in texts:
            same_style = prev.style_id == p.style_id
            after = 0 if same_style and prev.contextual_spacing else prev.space_after_twips
            before = 0 if same_style and p.contextual_spacing else p.space_before_twips
            gap = after + before + between
            if gap < nd30.MIN_PARAGRAPH_SPACING_PT * 20 - 1:
                out.append(Finding(
                    f"Khoảng cách với đoạn trước {gap / 20:g} pt; yêu cầu ít nhất 6 pt.",
                    f"Spacing from the previous paragraph {gap / 20:g} pt; required at least 6 pt.",
                    _para_line(ctx, p)))
        prev, between = p, 0
    return out if texts else NA


@rule("B4", "E", "Giãn dòng từ đơn đến 1,5 dòng", "Line spacing single to 1.5 lines")
def line_spacing(ctx: Context) -> Outcome:
    lo, hi = nd30.LINE_SPACING_RANGE
    out = []
    for p in _body_text(ctx):
        value, rule_ = p.line_spacing
        runs = [r for r in p.runs if r.text.strip()]
        size = max((r.size_pt for r in runs), default=14)
        single = size * SINGLE_LINE_FACTOR * 20
        if rule_ == "auto":
            ok = lo - LINE_SPACING_TOLERANCE <= value / 240 <= hi + LINE_SPACING_TOLERANCE
            found_vi, found_en = f"{value / 240:.2f} dòng", f"{value / 240:.2f} lines"
        elif rule_ == "atLeast":
            ok = value <= hi * single * (1 + LINE_SPACING_TOLERANCE)
            found_vi, found_en = f"tối thiểu {value / 20:g} pt", f"at least {value / 20:g} pt"
        else:
            ok = single * (1 - LINE_SPACING_TOLERANCE) <= value <= hi * single * (
                1 + LINE_SPACING_TOLERANCE)
            found_vi, found_en = f"chính xác {value / 20:g} pt", f"exactly {value / 20:g} pt"
        if not ok:
            out.append(Finding(f"Giãn dòng {found_vi}; yêu cầu từ dòng đơn đến 1,5 dòng.",
                               f"Line spacing {found_en}; required single to 1.5 lines.",
                               _para_line(ctx, p)))
    return out if _body_text(ctx) else NA


def _bases(ctx: Context) -> list[Line]:
    """The căn cứ lines to judge. A nghị quyết or quyết định has them after its title; any
    other type (giấy ủy quyền, hợp đồng …) when its body opens with them: italic, or ending
    ``;``, or several — not a sentence such as "Căn cứ Kết luận …, Sở Nội vụ đề nghị:"."""
    lines = ctx.lay.can_cu
    if ctx.article_type or not lines:
        return lines
    first = next((ln for ln in ctx.lay.body_lines if ln.text.strip()
                  and id(ln.para) not in ctx.lay.headings), None)
    if first is not lines[0]:
        return []
    italic = any(ln.ink_runs and all(r.italic for r in ln.ink_runs) for ln in lines)
    opening = [ln for ln in lines if ln.norm.startswith("Căn cứ")]
    return lines if italic or lines[0].norm.endswith(";") or len(opening) > 1 else []


@rule("B5", "E", "Căn cứ ban hành", "Legal bases (căn cứ)")
def can_cu(ctx: Context) -> Outcome:
    bases = _bases(ctx)
    if not ctx.article_type and not bases:
        return NA
    if not bases:
        return missing(("các dòng căn cứ", "legal bases (Căn cứ …;)"),
                       " Yêu cầu các dòng “Căn cứ …;” in nghiêng dưới tên loại và trích yếu.",
                       " Required italic “Căn cứ …;” lines under the type name and summary.")
    out: list[Finding] = []
    for i, ln in enumerate(bases):
        probs = problems(ln, size=SIZE_BODY, italic=True, dominant=True)
        last = i == len(bases) - 1
        end = ln.norm[-1:]
        if last and end != ".":
            probs.append((f"dòng cuối kết thúc bằng “{end}” (yêu cầu “.”)",
                          f"the last line ends with “{end}” (required “.”)"))
        if not last and end != ";":
            probs.append((f"kết thúc bằng “{end}” (yêu cầu “;”)",
                          f"ends with “{end}” (required “;”)"))
        out += finding(("Căn cứ", "Legal basis"), ln, probs)
    return out


@rule("B6", "E", "Điều", "Articles (Điều)")
def dieu(ctx: Context) -> Outcome:
    lay = ctx.lay
    if not lay.dieu:
        if ctx.doc_type in nd30.ARTICLE_TYPES:
            return missing(("Điều", "articles"), " Yêu cầu “Điều 1. …” in đậm.",
                           " Required “Điều 1. …” in bold.")
        return NA
    allowed = [cm * nd30.TWIPS_PER_CM for cm in nd30.FIRST_LINE_INDENTS_CM]
    tol = nd30.INDENT_TOLERANCE_CM * nd30.TWIPS_PER_CM
    out: list[Finding] = []
    for ln in lay.dieu:
        probs = []
        if not tx.DIEU_RE.match(ln.norm):
            probs.append((f"viết “{ln.norm[:20]}” (yêu cầu “Điều N. Tên điều” hoặc “Điều N.”)",
                          f"reads “{ln.norm[:20]}” (required “Điều N. Title” or “Điều N.”)"))
        label = re.match(r"^Điều\s*\d+\w?\.?", ln.norm)
        runs = _ink(ln)
        covered = ""
        for r in runs:
            if label and len(covered.strip()) >= len(label.group(0)):
                break
            covered += r.text
            if not r.bold:
                probs.append(("nhãn “Điều …” không đậm", "the “Điều …” label is not bold"))
                break
        probs += problems(ln, size=SIZE_BODY, italic=False, dominant=True)
        if not any(abs(ln.para.first_line_twips - a) <= tol for a in allowed):
            probs.append((f"thụt đầu dòng {ln.para.first_line_twips / nd30.TWIPS_PER_CM:.2f} cm "
                          "(yêu cầu 1 cm hoặc 1,27 cm)",
                          f"first-line indent {ln.para.first_line_twips / nd30.TWIPS_PER_CM:.2f} "
                          "cm (required 1 cm or 1.27 cm)"))
        out += finding(("Điều", "Article"), ln, probs)
    return out


@rule("B7", "E", "Phần, Chương, Mục", "Parts, chapters, sections")
def structure(ctx: Context) -> Outcome:
    lay = ctx.lay
    if not lay.structure:
        return NA
    out: list[Finding] = []
    for label, title in lay.structure:
        m = tx.STRUCT_LABEL.match(label.norm)
        assert m is not None
        kind, num = m.group(1), m.group(2)
        probs = problems(label, bold=True, italic=False, caps=False, align="center",
                         size=SIZE_BODY)
        if kind in ("Phần", "Chương") and not tx.ROMAN.match(num):
            probs.append((f"{kind} đánh số “{num}” (yêu cầu số La Mã)",
                          f"{kind} numbered “{num}” (required Roman numerals)"))
        if kind in ("Mục", "Tiểu mục") and not num.isdigit():
            probs.append((f"{kind} đánh số “{num}” (yêu cầu số Ả Rập)",
                          f"{kind} numbered “{num}” (required Arabic numerals)"))
        out += finding((kind, kind), label, probs)
        if title is None:
            out.append(Finding(f"{kind} {num} thiếu tên.", f"{kind} {num} has no title.", label))
        else:
            out += finding((f"Tên {kind.lower()}", f"{kind} title"), title,
                           problems(title, bold=True, italic=False, caps=True, align="center",
                                    size=SIZE_BODY))
    return out


@rule("B8", "W", "Kết thúc nội dung bằng “./.”", "Body ends with “./.”")
def end_mark(ctx: Context) -> Outcome:
    texts = [p for p in ctx.lay.body if p.text.strip() and not tx.is_line_text(p.text)]
    if not texts:
        return NA
    last = texts[-1]  # a heading too: a report may end on one
    if tx.clean(last.text).endswith(nd30.END_MARK):
        return []
    return [Finding(f"Đoạn cuối nội dung không kết thúc bằng “{nd30.END_MARK}”.",
                    f"The last body paragraph does not end with “{nd30.END_MARK}”.",
                    _para_line(ctx, last))]


# --- S: signature -----------------------------------------------------------------------------
AUTH_NAME = ("quyền hạn, chức vụ người ký", "signing authority and title")
SIGNER_NAME = ("họ tên người ký", "signer's name")


@rule("S1", "E", "Quyền hạn, chức vụ người ký", "Signing authority")
def authority(ctx: Context) -> Outcome:
    lay = ctx.lay
    if not lay.authority:
        return missing(AUTH_NAME, " Yêu cầu dòng in hoa, đậm, căn giữa ở cột phải (ví dụ “KT. "
                       "CHÁNH VĂN PHÒNG”).", " Required in bold capitals, centred in the right "
                       "column (e.g. “KT. CHÁNH VĂN PHÒNG”).")
    out: list[Finding] = []
    first = lay.authority[0]
    for ln in lay.authority:
        probs = problems(ln, size=SIZE_SIGN, bold=True, italic=False, caps=True, align="center")
        bad = tx.AUTH_BAD_PREFIX.match(ln.norm)
        if bad and not tx.AUTH_PREFIX.match(ln.norm):
            probs.append((f"viết tắt “{bad.group(0).strip()}” (yêu cầu TM., KT., TL., TUQ. hoặc "
                          "Q.)", f"prefix “{bad.group(0).strip()}” (required TM., KT., TL., TUQ. "
                          "or Q.)"))
        out += finding(AUTH_NAME, ln, probs)
    out += _authority_combination(lay.authority)
    noi = lay.noi_nhan
    t = first.para.where.table
    if t and noi is not None and noi.para.where.table and len(noi.para.where.table) == len(t) \
            and noi.para.where.table[-1][2] >= t[-1][2]:
        out.append(Finding("Chức vụ người ký không ở cột phải.",
                           "The signing authority is not in the right column.", first))
    return out


def _authority_combination(lines: list[Line]) -> list[Finding]:
    """The prefixed lines of §3.5: first, one under another, at most two, in one of the
    combinations of PL I II.7.b (TM. + KT., TM. + Q., TL. + KT.), then the signer's title
    (which a final Q. may carry itself: ``Q. GIÁM ĐỐC``)."""
    found = [(i, m.group(1) + ".") for i, ln in enumerate(lines)
             if (m := tx.AUTH_PREFIX.match(ln.norm))]
    if not found:
        return []
    combo = [p for _, p in found]
    shown = " / ".join(ln.norm for ln in lines)
    allowed = ", ".join(" + ".join(c) for c in nd30.AUTHORITY_COMBINATIONS)
    if [i for i, _ in found] != list(range(len(found))):
        return [Finding(f"“{shown}”: dòng có quyền hạn ({', '.join(combo)}) phải đứng đầu, liền "
                        "nhau, trên chức vụ người ký.", f"“{shown}”: the prefixed lines "
                        f"({', '.join(combo)}) come first, one under another, above the "
                        "signer's title.", lines[found[-1][0]])]
    if len(combo) > 2 or (len(combo) == 2 and tuple(combo) not in nd30.AUTHORITY_COMBINATIONS):
        return [Finding(f"“{shown}”: không ghép được {' + '.join(combo)}; Nghị định 30 cho phép "
                        f"{allowed} (Điều 13; Phụ lục I mục II.7.b).", f"“{shown}”: "
                        f"{' + '.join(combo)} cannot be combined; Decree 30 allows {allowed} "
                        "(Article 13; Phụ lục I II.7.b).", lines[found[-1][0]])]
    if combo[-1] != "Q." and len(lines) <= len(combo):
        return [Finding(f"“{shown}”: sau dòng “{lines[-1].norm}” thiếu dòng chức vụ của người "
                        "ký (ví dụ “PHÓ CHỦ TỊCH”).", f"“{shown}”: the signer's own title (e.g. "
                        f"“PHÓ CHỦ TỊCH”) is missing under “{lines[-1].norm}”.", lines[-1])]
    return []


@rule("S2", "E", "Họ tên người ký", "Signer's name")
def signer(ctx: Context) -> Outcome:
    lay = ctx.lay
    s = lay.signer
    if s is None:
        return missing(SIGNER_NAME, " Yêu cầu họ tên in thường, đậm, dưới chức vụ.",
                       " Required in bold normal case under the title.")
    probs = problems(s, size=SIZE_SIGN, bold=True, italic=False, caps=False, align="center")
    if tx.DEGREE.match(s.norm):
        probs.append(("có học hàm, học vị trước tên (không được ghi)",
                      "an academic title precedes the name (not allowed)"))
    return finding(SIGNER_NAME, s, probs)


# --- R: recipients ----------------------------------------------------------------------------
KG_NAME = ("Kính gửi", "Kính gửi (addressees)")


@rule("R1", "E", "Kính gửi", "Addressees (Kính gửi)")
def kinh_gui(ctx: Context) -> Outcome:
    lay = ctx.lay
    kg = lay.kinh_gui
    if not kg:
        # required for a công văn; tờ trình / báo cáo to a superior may carry one (§3.6)
        if ctx.doc_type in nd30.DOC_TYPES and nd30.DOC_TYPES[ctx.doc_type].kinh_gui:
            return missing(KG_NAME, " Công văn phải có “Kính gửi: …”.",
                           " A công văn must have “Kính gửi: …”.")
        return NA
    label = kg[0]
    out: list[Finding] = []
    for ln in kg:
        out += finding(KG_NAME, ln, problems(ln, size=SIZE_KINH_GUI, italic=False))
    if len(kg) == 1:
        if not re.match(r"^Kính gửi: \S.*[^;:]$", label.norm):
            out.append(Finding(f"Viết “{label.norm}”; yêu cầu “Kính gửi: <nơi nhận>” trên một "
                               "dòng, hoặc “Kính gửi:” rồi mỗi nơi nhận một dòng “- …;”.",
                               f"Reads “{label.norm}”; required “Kính gửi: <addressee>” on one "
                               "line, or “Kính gửi:” then one “- …;” line each.", label))
        return out
    if label.norm != "Kính gửi:":
        out.append(Finding(f"Viết “{label.norm}”; khi có nhiều nơi nhận yêu cầu “Kính gửi:” đứng "
                           "riêng một dòng.", f"Reads “{label.norm}”; with several addressees "
                           "“Kính gửi:” stands alone on its line.", label))
    items = kg[1:]
    for i, ln in enumerate(items):
        last = i == len(items) - 1
        pat = r"^- .+\.$" if last else r"^- .+;$"
        if not re.match(pat, ln.norm):
            want = "“- ….”" if last else "“- …;”"
            out.append(Finding(f"Dòng “{ln.norm[:30]}”; yêu cầu {want}.",
                               f"Line “{ln.norm[:30]}”; required {want}.", ln))
    starts = {ln.para.left_twips + ln.para.first_line_twips for ln in items if ln.sub == 0
              and ln.para.alignment in ("left", "both")}
    if len(starts) > 1 and max(starts) - min(starts) > FLUSH_TOLERANCE_TWIPS:
        out.append(Finding("Các gạch đầu dòng của Kính gửi không thẳng hàng.",
                           "The dashes of the Kính gửi list are not aligned.", items[0]))
    elif starts and label.para.alignment in ("left", "both") and all(
            _same_cell(ln, label) for ln in items):  # in a two-cell layout the cell aligns them
        size = _size(label) or 14
        x0 = label.para.left_twips + label.para.first_line_twips
        colon = x0 + text_width_pt("Kính gửi:", size) * 20
        x = min(starts)
        if not (x0 + (colon - x0) / 2 <= x <= colon + nd30.TWIPS_PER_CM):
            out.append(Finding("Gạch đầu dòng không thẳng dưới dấu hai chấm của “Kính gửi:”.",
                               "The dashes are not under the colon of “Kính gửi:”.", items[0]))
    return out


NN_NAME = ("“Nơi nhận:”", "“Nơi nhận:” label")


@rule("R2", "E", "Nhãn “Nơi nhận:”", "“Nơi nhận:” label")
def noi_nhan_label(ctx: Context) -> Outcome:
    lay = ctx.lay
    nn = lay.noi_nhan
    if nn is None:
        return missing(NN_NAME, " Yêu cầu “Nơi nhận:” (12 pt, đậm nghiêng) ở cột trái, ngang "
                       "dòng chức vụ người ký.", " Required “Nơi nhận:” (12 pt bold italic), "
                       "left, level with the signing authority.")
    probs = []
    if nn.norm != nd30.NOI_NHAN_LABEL:
        probs.append((f"viết “{nn.norm}” (yêu cầu “{nd30.NOI_NHAN_LABEL}”)",
                      f"reads “{nn.norm}” (required “{nd30.NOI_NHAN_LABEL}”)"))
    probs += problems(nn, size=SIZE_NOI_NHAN_LABEL, bold=True, italic=True)
    if nn.para.alignment not in ("left", "both") or abs(
            nn.para.left_twips + nn.para.first_line_twips) > FLUSH_TOLERANCE_TWIPS:
        probs.append(("không sát lề trái", "not flush left"))
    if lay.authority and ctx.doc_type != "bien-ban":  # Mẫu 1.9: under the signatures
        a = lay.authority[0]
        t1, t2 = nn.para.where.table, a.para.where.table
        if t1 and t2 and t1[:-1] == t2[:-1] and t1[-1][:2] == t2[-1][:2]:
            if abs(_index_in_cell(nn, lay) - _index_in_cell(a, lay)) > 1:
                probs.append(("không ngang dòng chức vụ người ký", "not level with the authority"))
        elif not t1 and not t2 and abs(nn.order - a.order) > 2:
            probs.append(("không ngang dòng chức vụ người ký", "not level with the authority"))
    return finding(NN_NAME, nn, probs)


@rule("R3", "E", "Danh sách nơi nhận", "Recipient list")
def noi_nhan_items(ctx: Context) -> Outcome:
    lay = ctx.lay
    if lay.noi_nhan is None:
        return NA  # R2 reports the missing block
    lines = lay.noi_nhan_items
    if not lines:
        return [Finding("“Nơi nhận:” không có danh sách; yêu cầu các dòng “- …;” và “- Lưu: VT, "
                        "….”", "“Nơi nhận:” has no list; required “- …;” lines and “- Lưu: VT, "
                        "….”", lay.noi_nhan)]
    out: list[Finding] = []
    items: list[tuple[Line, str]] = []
    for ln in lines:
        if ln is lay.drafter and not ln.norm.startswith("-"):
            continue
        if ln.norm.startswith("-") or not items or (
                ln.sub == 0 and ln.norm.startswith(tx.GROUP_MEMBER_MARK)):
            items.append((ln, ln.norm))
        else:
            items[-1] = (items[-1][0], items[-1][1] + " " + ln.norm)
    for ln in lines:
        probs = problems(ln, size=SIZE_NOI_NHAN, italic=False)
        out += finding(("Nơi nhận", "Recipient"), ln, probs)
    for i, (ln, text) in enumerate(items):
        last = i == len(items) - 1
        double = tx.DOUBLE_PUNCT.search(text)
        if double:
            out.append(Finding(
                f"Dòng “{text[:50]}” có dấu câu lặp “{double.group(0)}”; mỗi dòng kết thúc bằng "
                "một dấu “;” (dòng Lưu bằng một dấu “.”).", f"Line “{text[:50]}” has doubled "
                f"punctuation “{double.group(0)}”; each line ends with one “;” (the Lưu line "
                "with one “.”).", ln))
            continue
        member = text.startswith(tx.GROUP_MEMBER_MARK)
        group = not last and text.startswith("-") and text.endswith(":")
        if member and (i == 0 or not (items[i - 1][1].startswith(tx.GROUP_MEMBER_MARK)
                                      or items[i - 1][1].endswith(":"))):
            out.append(Finding(
                f"Dòng “{text[:40]}” bắt đầu bằng “+” nhưng không đứng dưới một dòng nhóm "
                "“- <nhóm>:”.", f"Line “{text[:40]}” starts with “+” but stands under no group "
                "line “- <group>:”.", ln))
            continue
        if group:
            if i + 1 >= len(items) or not items[i + 1][1].startswith(tx.GROUP_MEMBER_MARK):
                out.append(Finding(
                    f"Dòng nhóm “{text[:40]}” kết thúc bằng “:” nhưng không có dòng “+ …;” nào "
                    "dưới nó.", f"Group line “{text[:40]}” ends with “:” but no “+ …;” line "
                    "follows it.", ln))
            elif not tx.NOI_NHAN_GROUP.match(text):
                out.append(Finding(f"Dòng nhóm “{text[:40]}”; yêu cầu “- <nhóm>:”.",
                                   f"Group line “{text[:40]}”; required “- <group>:”.", ln))
            continue
        if last and not text.endswith("."):
            out.append(Finding(f"Dòng cuối “{text[:50]}” không kết thúc bằng dấu “.”.",
                               f"The last line “{text[:50]}” does not end with “.”.", ln))
            continue
        if last:
            if lay.drafter is ln and lay.drafter_text:
                text = text[: text.rfind(lay.drafter_text)].rstrip()
                if not text.endswith("."):
                    text += "."
            if not tx.LUU_RE.match(text):
                out.append(Finding(f"Dòng cuối “{text[:40]}”; yêu cầu “- Lưu: VT, <đơn vị>.”",
                                   f"Last line “{text[:40]}”; required “- Lưu: VT, <unit>.”", ln))
        elif member and not tx.NOI_NHAN_MEMBER.match(text):
            out.append(Finding(
                f"Dòng “{text[:40]}”; yêu cầu “+ <nơi nhận>;” (dấu “+”, kết thúc bằng “;”).",
                f"Line “{text[:40]}”; required “+ <recipient>;” (“+” first, “;” last).", ln))
        elif not member and not tx.NOI_NHAN_ITEM.match(text):
            out.append(Finding(
                f"Dòng “{text[:40]}”; yêu cầu “- <nơi nhận>;” (gạch đầu dòng, kết thúc bằng “;”).",
                f"Line “{text[:40]}”; required “- <recipient>;” (dash first, “;” last).", ln))
    if ctx.doc_type == "cong-van" and lay.kinh_gui and items and not items[0][1].startswith(
            "- " + nd30.NHU_TREN):
        out.append(Finding(f"Dòng đầu “{items[0][1][:30]}”; công văn có Kính gửi yêu cầu "
                           f"“- {nd30.NHU_TREN};”.", f"First line “{items[0][1][:30]}”; a công "
                           f"văn with Kính gửi requires “- {nd30.NHU_TREN};”.", items[0][0]))
    return out


# --- O: other components ----------------------------------------------------------------------
def _boxed(ln: Line) -> bool:
    p = ln.para
    return all(s in p.borders for s in ("top", "left", "bottom", "right")) or p.cell_boxed \
        or p.where.textbox


@rule("O1", "E", "Dấu chỉ mức độ khẩn", "Urgency mark")
def urgency(ctx: Context) -> Outcome:
    lay = ctx.lay
    if not lay.urgency:
        return NA
    out: list[Finding] = []
    for ln in lay.urgency:
        probs = problems(ln, size=SIZE_STAMP, bold=True, italic=False, caps=True)
        if not tx.URGENCY_RE.match(ln.key):
            probs.append((f"“{ln.norm}” (chỉ có HỎA TỐC, THƯỢNG KHẨN, KHẨN)",
                          f"“{ln.norm}” (only HỎA TỐC, THƯỢNG KHẨN, KHẨN exist)"))
        if not _boxed(ln):
            probs.append(("không có khung viền", "not in a bordered box"))
        if _col(ln, lay) not in (None, 0):
            probs.append(("không ở bên trái", "not on the left"))
        out += finding(("Mức độ khẩn", "Urgency mark"), ln, probs)
    return out


@rule("O2", "W", "Chỉ dẫn phạm vi lưu hành", "Circulation notice")
def circulation(ctx: Context) -> Outcome:
    lay = ctx.lay
    if not lay.circulation:
        return NA
    out: list[Finding] = []
    for ln in lay.circulation:
        probs = problems(ln, size=SIZE_STAMP, bold=True, italic=False, caps=True)
        if not _boxed(ln):
            probs.append(("không có khung viền", "not in a bordered box"))
        qh = lay.quoc_hieu
        above = ln.para.where.part != "document" or ln.para.where.textbox or (
            qh is not None and ln.order < qh.order)
        if not above:
            probs.append(("không ở trên Quốc hiệu", "not above the national title"))
        out += finding(("Chỉ dẫn lưu hành", "Circulation notice"), ln, probs)
    return out


@rule("O3", "W", "Ký hiệu người soạn thảo, số lượng bản", "Drafter code and copies")
def drafter(ctx: Context) -> Outcome:
    lay = ctx.lay
    if lay.drafter is None:
        return NA
    probs = problems(lay.drafter, size=SIZE_DRAFTER, italic=False)
    return finding(("Ký hiệu người soạn thảo", "Drafter code"), lay.drafter, probs)


@rule("O4", "W", "Địa chỉ, liên hệ cuối trang 1", "Address footer on page 1")
def address(ctx: Context) -> Outcome:
    lay = ctx.lay
    if not lay.address:
        return NA
    doc = ctx.doc
    first_part = doc.sections[0].footer_refs.get("first") if doc.sections[0].title_page else None
    out: list[Finding] = []
    for ln in lay.address:
        out += finding(("Địa chỉ cơ quan", "Address line"), ln,
                       problems(ln, size=SIZE_ADDRESS, italic=False))
    first = lay.address[0]
    part = first.para.where.part
    if part != "document" and part != first_part:
        out.append(Finding("Địa chỉ cơ quan lặp lại ở mọi trang; yêu cầu chỉ ở trang 1.",
                           "The address repeats on every page; required on page 1 only.", first))
    p = first.para
    cw = container_width(p, doc)
    full = False
    if "top" in p.borders:
        full = cw - p.left_twips - p.right_twips >= 0.95 * cw
    else:
        prev = [ln for ln in lay.lines if ln.para.where.part == part and ln.order < first.order]
        if prev:
            q = prev[-1].para
            widths = [s.width_twips for s in q.shapes if s.kind == "line"]
            if "bottom" in q.borders:
                widths.append(cw - q.left_twips - q.right_twips)
            full = any(wd >= 0.95 * cw for wd in widths)
    if not full:
        out.append(Finding("Thiếu đường kẻ ngang suốt chiều rộng vùng chữ phía trên địa chỉ.",
                           "No full-width line above the address.", first))
    return out


# --- A: appendices ----------------------------------------------------------------------------
@rule("A1", "E", "Phụ lục", "Appendices")
def appendix(ctx: Context) -> Outcome:
    lay = ctx.lay
    if not lay.appendices:
        return NA
    out: list[Finding] = []
    many = len(lay.appendices) > 1
    nums = [m.group(2) if m else None
            for m in (tx.APPENDIX_RE.match(label.norm) for label, _, _ in lay.appendices)]
    # the parts of one appendix numbered 1A, 1B (real documents); then 2, 3 are of that series
    lettered = any(n and tx.APPENDIX_PART.match(n) for n in nums)
    for (label, title, ref), num in zip(lay.appendices, nums, strict=True):
        probs = problems(label, size=SIZE_PHU_LUC, bold=True, italic=False, align="center")
        if many and not (num and (tx.ROMAN.match(num) or tx.APPENDIX_PART.match(num)
                                  or lettered and num.isdigit())):
            probs.append((f"“{label.norm}” (nhiều phụ lục: yêu cầu số La Mã, hoặc 1A, 1B …)",
                          f"“{label.norm}” (several appendices: required Roman numerals, or "
                          "1A, 1B …)"))
        sec = label.para.where.section
        s = ctx.doc.sections[min(sec, len(ctx.doc.sections) - 1)]
        starts_section = any(p.where.section == sec for p in ctx.doc.paragraphs()) and sec > 0
        if not starts_section or s.page_number_start != 1:
            probs.append(("không đánh số trang riêng (yêu cầu mục (section) mới, đánh số từ 1)",
                          "not numbered separately (required a new section numbered from 1)"))
        out += finding(("Phụ lục", "Appendix"), label, probs)
        if title is not None:
            out += finding(("Tên phụ lục", "Appendix title"), title,
                           problems(title, size=SIZE_TEN_LOAI, bold=True, caps=True,
                                    align="center"))
        if ref is not None:
            out += finding(("Dòng “Kèm theo”", "Reference line"), ref,
                           problems(ref, size=SIZE_BODY, italic=True, align="center"))
    return out


# --- U: encoding (spec §2) --------------------------------------------------------------------
@rule("U1", "E", "Mã Unicode (TCVN 6909:2001)", "Unicode text (TCVN 6909:2001)")
def legacy(ctx: Context) -> Outcome:
    out = []
    for p, runs in _per_paragraph(_all_lines(ctx)).values():
        fonts = sorted({r.font for r in runs if _printable(r) and tx.legacy_font(r.font)})
        # the paragraph's text per font, not run by run: a run split off by emphasis
        # ("Rà soát, báo cáo theo ") may hold only Latin-1 letters, like TCVN3 text does
        by_font: dict[str | None, str] = {}
        for r in runs:
            if _printable(r):
                by_font[r.font] = by_font.get(r.font, "") + r.text
        tcvn = any(tx.looks_tcvn3(text) for text in by_font.values())
        if fonts or tcvn:
            wv, we = _para_where(p)
            what = f"phông {', '.join(fonts)}" if fonts else "ký tự mã TCVN3 (ABC)"
            what_en = f"font {', '.join(fonts)}" if fonts else "TCVN3 (ABC) characters"
            out.append(Finding(f"Văn bản không dùng mã Unicode ({what}: bảng mã TCVN3/ABC hoặc "
                               "VNI); yêu cầu Unicode theo TCVN 6909:2001, phông Times New Roman.",
                               f"Text is not Unicode ({what_en}: TCVN3/ABC or VNI encoding); "
                               "required Unicode (TCVN 6909:2001) in Times New Roman.",
                               p, wv, we))
    return out


@rule("U2", "W", "Unicode dựng sẵn (NFC)", "Precomposed Unicode (NFC)")
def decomposed(ctx: Context) -> Outcome:
    out = []
    for p, _runs in _per_paragraph(_all_lines(ctx)).values():
        if tx.is_nfd(p.text):
            wv, we = _para_where(p)
            out.append(Finding("Chữ ở dạng Unicode tổ hợp (NFD, dấu tách rời); nên dùng Unicode "
                               "dựng sẵn (NFC).", "Decomposed Unicode (NFD, separate tone "
                               "marks); use precomposed (NFC).", p, wv, we))
    return out


@rule("U3", "W", "Thống nhất cách đặt dấu thanh", "Consistent tone-mark placement")
def tone_marks(ctx: Context) -> Outcome:
    forms: dict[str, Counter] = {}
    where: dict[str, Paragraph] = {}
    for p, _runs in _per_paragraph(_all_lines(ctx)).values():
        for word in re.findall(r"\w+", tx.nfc(p.text).lower()):
            new, old = tx.tone_styles(word)
            if new or old:
                k = tx.key(word)
                forms.setdefault(k, Counter())[word] += 1
                where.setdefault(word, p)
    mixed = [c for c in forms.values() if len(c) > 1]
    if not mixed:
        return []
    pairs = "; ".join(" / ".join(f"{w} ({n})" for w, n in c.most_common()) for c in mixed[:5])
    target = where[mixed[0].most_common()[-1][0]]  # where the rarer spelling first appears
    return [Finding(f"Cùng một chữ đặt dấu thanh hai kiểu: {pairs}; nên thống nhất một kiểu.",
                    f"The same word is written with two tone-mark placements: {pairs}; use one.",
                    target, *_para_where(target))]

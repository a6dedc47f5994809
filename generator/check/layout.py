"""Find the components of an administrative document from its text and structure.

Nothing here trusts style names or a particular writer: the header block is wherever the
Quốc hiệu is (a table, nested table, text box or plain paragraphs), the signature block is
wherever "Nơi nhận:" and the authority lines are. Paragraphs are split at manual line breaks
into :class:`Line` objects, since clerks often type the header as one paragraph with breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from lxml import etree

from generator import nd30
from generator.check import text as tx
from generator.check.resolve import DocxDocument, Paragraph, Run, Shape, w
from generator.fonts import text_width_pt

# Paragraphs whose text starts like these end the body and start the signature area.
_EMPTY_LINE_FACTOR = 1.15  # a line of Times New Roman is about 1.15 × its size high


@dataclass
class Line:
    para: Paragraph
    text: str
    runs: list[Run]
    sub: int  # line number inside the paragraph
    order: int  # position in reading order of all lines
    # a piece of a tab-laid header line ("UBND TỈNH⇥CỘNG HÒA …"): its own alignment and
    # centre, taken from the tab stop that places it
    align: str | None = None
    centre: float | None = None
    segment: int | None = None

    @property
    def alignment(self) -> str:
        return self.align or self.para.alignment

    @property
    def norm(self) -> str:
        """NFC, spaces collapsed: what the clerk typed (compare with :attr:`key`)."""
        return tx.clean(self.text)

    @property
    def key(self) -> str:
        return tx.key(self.text)

    @property
    def ink_runs(self) -> list[Run]:
        """Runs that print something (not blank, not hidden)."""
        return [r for r in self.runs if r.text.strip() and not r.hidden]

    @property
    def blank(self) -> bool:
        return not self.text.strip() and not self.para.shapes

    def where(self, lang: str = "vi") -> str:
        words = self.norm
        if len(words) > 40:
            words = words[:40].rsplit(" ", 1)[0] + " …"
        loc = self.para.where.describe(lang)
        return f"«{words}» ({loc})" if words else loc

    def cell(self, depth: int) -> tuple | None:
        t = self.para.where.table
        if not t or len(t) <= depth:
            return None
        return t[depth]


@dataclass
class Stroke:
    """A horizontal rule drawn under a component, whatever draws it."""

    width: int  # twips
    centre: int | None  # twips from the left edge of its container, when known
    how: str  # "border", "underscores", "shape"
    para: Paragraph = field(repr=False)


@dataclass
class Layout:
    lines: list[Line]
    quoc_hieu: Line | None = None
    tieu_ngu: Line | None = None
    tieu_ngu_rule: Stroke | None = None
    header_table: tuple | None = None  # (part, outer path, table index) of the header table
    left: list[Line] = field(default_factory=list)
    right: list[Line] = field(default_factory=list)
    parent: list[Line] = field(default_factory=list)
    issuer: list[Line] = field(default_factory=list)
    issuer_rule: Stroke | None = None
    so: Line | None = None
    date: Line | None = None
    vv: list[Line] = field(default_factory=list)
    type_name: Line | None = None
    type_slug: str | None = None
    normative: bool = False
    trich_yeu: list[Line] = field(default_factory=list)
    trich_yeu_rule: Stroke | None = None
    kinh_gui: list[Line] = field(default_factory=list)
    body: list[Paragraph] = field(default_factory=list)  # top-level body paragraphs
    headings: set[int] = field(default_factory=set)  # id() of body paragraphs that are headings
    captions: set[int] = field(default_factory=set)  # id() of figure captions (not body text)
    can_cu: list[Line] = field(default_factory=list)
    dieu: list[Line] = field(default_factory=list)
    structure: list[tuple[Line, Line | None]] = field(default_factory=list)
    authority: list[Line] = field(default_factory=list)
    signer: Line | None = None
    noi_nhan: Line | None = None
    noi_nhan_items: list[Line] = field(default_factory=list)
    drafter: Line | None = None
    drafter_text: str | None = None
    urgency: list[Line] = field(default_factory=list)
    circulation: list[Line] = field(default_factory=list)
    address: list[Line] = field(default_factory=list)
    appendices: list[tuple[Line, Line | None, Line | None]] = field(default_factory=list)
    body_lines: list[Line] = field(default_factory=list)
    frame_tables: set[int] = field(default_factory=set)  # top-level header/signature tables
    by_para: dict[int, list[Line]] = field(default_factory=dict)  # id(paragraph) → its lines

    def lines_of(self, p: Paragraph) -> list[Line]:
        return self.by_para.get(id(p), [])


# --- lines and measurements --------------------------------------------------------------------
def split_lines(p: Paragraph, start: int) -> list[Line]:
    out: list[Line] = []
    cur_text: list[str] = []
    cur_runs: list[Run] = []
    sub = 0
    for r in p.runs:
        if r.hidden:
            continue
        pieces = r.text.split("\n")
        for i, piece in enumerate(pieces):
            if i > 0:
                out.append(Line(p, "".join(cur_text), cur_runs, sub, start + len(out)))
                cur_text, cur_runs, sub = [], [], sub + 1
            if piece:
                cur_text.append(piece)
                cur_runs.append(_with_text(r, piece))
    out.append(Line(p, "".join(cur_text), cur_runs, sub, start + len(out)))
    if p.list_label:  # Word draws the automatic label before the text: "- ", "1. "
        out[0].text = f"{p.list_label} {out[0].text.lstrip()}"
    return out


def tab_segments(line: Line, doc: DocxDocument) -> list[Line]:
    """Split a line at its tabs into pieces placed by the paragraph's tab stops; a line
    without tabs comes back as it is."""
    if "\t" not in line.text or line.para.list_label:
        return [line]
    pieces: list[tuple[str, list[Run]]] = [("", [])]
    for r in line.runs:
        for i, piece in enumerate(r.text.split("\t")):
            if i > 0:
                pieces.append(("", []))
            if piece:
                text, runs = pieces[-1]
                pieces[-1] = (text + piece, [*runs, _with_text(r, piece)])
    p = line.para
    stops = [(pos, kind) for pos, kind in p.tab_stops if pos > p.left_twips]
    cw = container_width(p, doc)
    out: list[Line] = []
    for k, (text, runs) in enumerate(pieces):
        if not text.strip():
            continue
        seg = Line(p, text, runs, line.sub, line.order, segment=k)
        if k == 0:
            seg.align = p.alignment if len(pieces) == 1 else "left"
            out.append(seg)
            continue
        width = line_width(seg)
        pos, kind = stops[k - 1] if k - 1 < len(stops) else (None, "left")
        seg.align = {"center": "center", "right": "right", "decimal": "right"}.get(kind, "left")
        if pos is not None:
            seg.centre = {"center": pos, "right": pos - width / 2}.get(kind, pos + width / 2)
        out.append(seg)
    if not out:
        return [line]
    if out[0].segment == 0 and out[0].centre is None:
        out[0].centre = text_centre(p, line_width(out[0]), cw)
    return out


def _with_text(r: Run, text: str) -> Run:
    return r if r.text == text else replace(r, text=text)


def run_width_twips(r: Run, text: str | None = None) -> float:
    t = r.text if text is None else text
    if r.caps:
        t = t.upper()
    return text_width_pt(t, r.visual_size_pt, bold=r.bold, italic=r.italic) * 20


def line_width(line: Line) -> float:
    """Printed width of the line's text (leading/trailing blanks not counted)."""
    runs = [r for r in line.runs if r.text]
    if not runs:
        return 0.0
    total = 0.0
    for i, r in enumerate(runs):
        t = r.text.replace("\t", "")
        if i == 0:
            t = t.lstrip()
        if i == len(runs) - 1:
            t = t.rstrip()
        total += run_width_twips(r, t)
    return total


def wrapped_widths(line: Line, available: float) -> list[float]:
    """Widths of the printed lines when ``line`` wraps at ``available`` twips (greedy, at
    spaces, as Word does for Vietnamese; a word wider than the line fills whole lines)."""
    words: list[tuple[float, float]] = []  # (width of the word, width of the space after it)
    for r in line.runs:
        # a no-break space (U+00A0) joins words: Word and LibreOffice never break there
        for token in re.findall(r"[^\s]+|\u00a0+|[^\S\u00a0]+", r.text.replace("\t", " ")):
            w = run_width_twips(r, token)
            if token.isspace() and "\u00a0" not in token:
                if words:
                    words[-1] = (words[-1][0], words[-1][1] + w)
            elif words and words[-1][1] == 0:
                words[-1] = (words[-1][0] + w, 0.0)  # a word split across runs
            else:
                words.append((w, 0.0))
    out: list[float] = []
    current = 0.0
    pending_space = 0.0
    for w, space in words:
        if 0 < available < w:  # a word wider than the line is broken between characters
            if current:
                out.append(current)
            while w > available:
                out.append(available)
                w -= available
            current, pending_space = w, space
            continue
        if current and current + pending_space + w > available:
            out.append(current)
            current, pending_space = w, space
        else:
            current += pending_space + w
            pending_space = space
    if current or not out:
        out.append(current)
    return out


def container_width(p: Paragraph, doc: DocxDocument) -> int:
    if p.cell_width_twips:
        return p.cell_width_twips - p.cell_margins[0] - p.cell_margins[1]
    sec = doc.sections[min(p.where.section, len(doc.sections) - 1)]
    return sec.text_width


def text_centre(p: Paragraph, width: float, cw: int, first_line: bool = True) -> float:
    left = p.left_twips + (p.first_line_twips if first_line else 0)
    if p.alignment == "center":
        return left + (cw - left - p.right_twips) / 2
    if p.alignment == "right":
        return cw - p.right_twips - width / 2
    return left + width / 2


def empty_height(p: Paragraph) -> int:
    size = p.mark.size_pt if p.mark else 12
    value, rule = p.line_spacing
    h = size * _EMPTY_LINE_FACTOR * 20 * (value / 240 if rule == "auto" else 1)
    if rule in ("exact", "atLeast"):
        h = value if rule == "exact" else max(value, size * _EMPTY_LINE_FACTOR * 20)
    return int(h) + p.space_before_twips + p.space_after_twips


def _stroke_from(p: Paragraph, doc: DocxDocument, side: str | None,
                 near: float | None = None) -> Stroke | None:
    """A rule drawn by paragraph ``p`` itself: its border, its underscores, or a flat shape.
    ``near``: the centre of the text above, to pick one of several tab-placed rules."""
    cw = container_width(p, doc)
    if side and side in p.borders:
        width = cw - p.left_twips - p.right_twips
        return Stroke(width, p.left_twips + width / 2, "border", p)
    if tx.is_line_text(p.text) and "\t" in p.text.strip():
        whole = split_lines(p, 0)[0]
        segs = [sg for sg in tab_segments(whole, doc) if tx.is_line_text(sg.text)]
        if segs:
            best = min(segs, key=lambda sg: abs((sg.centre or 0) - (near or 0)))
            width = sum(run_width_twips(r, r.text.replace(" ", "")) for r in best.runs)
            return Stroke(int(width), best.centre, "underscores", p)
    if tx.is_line_text(p.text):
        runs = [r for r in p.runs if r.text.strip()]
        width = sum(run_width_twips(r, r.text.replace(" ", "").replace("\u00a0", ""))
                    for r in runs)
        return Stroke(int(width), text_centre(p, width, cw), "underscores", p)
    lines = [s for s in p.shapes if s.kind == "line" and s.width_twips > 0]
    if lines:
        s: Shape = max(lines, key=lambda s: s.width_twips)
        return Stroke(s.width_twips, _shape_centre(s, p, cw), "shape", p)
    return None


def _shape_centre(s: Shape, p: Paragraph, cw: int) -> float | None:
    """Centre of a shape in its container's coordinates, when its position says so."""
    if s.offset_twips is None and s.relative_to is None:
        return text_centre(p, s.width_twips, cw)  # inline: placed like text
    if s.offset_twips is not None and s.relative_to in ("column", "margin", "text", "char"):
        return s.offset_twips + s.width_twips / 2
    return None


def stroke_below(line: Line, container: list[Line], doc: DocxDocument) -> Stroke | None:
    """The rule drawn under ``line``: its own bottom border; the next paragraph's top border,
    underscores or line shape; else a line shape anchored near it (Word users often anchor
    the shape in the paragraph above or below, and its vertical offset places it)."""
    p = line.para
    if "bottom" in p.borders and line.sub == _last_sub(container, p):
        return _stroke_from(p, doc, "bottom")
    after: list[Paragraph] = []
    before: list[Paragraph] = []
    seen = {id(p)}
    for other in container:
        if id(other.para) in seen:
            continue
        seen.add(id(other.para))
        (after if other.order > line.order else before).append(other.para)
    near = line.centre if line.centre is not None else text_centre(
        p, line_width(line), container_width(p, doc))
    for q in after[:3]:
        if q.text.strip() and not tx.is_line_text(q.text):
            return _shape_stroke(q, doc)  # a text paragraph: only a shape anchored in it
        st = _stroke_from(q, doc, "top", near) or _stroke_from(q, doc, "bottom", near)
        if st:
            return st
    for q in [p, *reversed(before[-2:])]:
        st = _shape_stroke(q, doc)
        if st:
            return st
    return None


def _shape_stroke(q: Paragraph, doc: DocxDocument) -> Stroke | None:
    shapes = [s for s in q.shapes if s.kind == "line" and s.width_twips > 0]
    if not shapes:
        return None
    s = max(shapes, key=lambda s: s.width_twips)
    centre = _shape_centre(s, q, container_width(q, doc)) if s.offset_twips is not None else None
    return Stroke(s.width_twips, centre, "shape", q)


def _last_sub(container: list[Line], p: Paragraph) -> int:
    return max((ln.sub for ln in container if ln.para is p), default=0)


# --- finding the components ----------------------------------------------------------------------
def _loose(text: str) -> str:
    return "".join(c for c in tx.key(text) if c.isalnum())


_QH = _loose(nd30.QUOC_HIEU)
_TN = _loose(nd30.TIEU_NGU)
_TYPE_NAMES = {tx.key(t.name): slug for slug, t in nd30.DOC_TYPES.items()}
_NORMATIVE = {tx.key(k): v for k, v in tx.NORMATIVE_TYPES.items()}
_SECRECY = {tx.key(k) for k in nd30.SECRECY_LEVELS}


def _before_type_name(lines: list[Line]) -> Iterator[Line]:
    """The lines up to (not including) the first type name line (``QUYẾT ĐỊNH``, …)."""
    for ln in lines:
        k = ln.key.rstrip(":").strip()
        if k in _TYPE_NAMES or k in _NORMATIVE:
            return
        yield ln


def _table_id(line: Line, depth: int) -> tuple | None:
    t = line.para.where.table
    if not t or len(t) <= depth:
        return None
    return (line.para.where.part, t[:depth], t[depth][0])


def _same_cell(a: Line, b: Line) -> bool:
    return a.para.where.part == b.para.where.part and a.para.where.table == b.para.where.table \
        and a.para.where.textbox == b.para.where.textbox


def find_layout(doc: DocxDocument) -> Layout:
    lines: list[Line] = []
    for p in doc.paragraphs():
        lines.extend(split_lines(p, len(lines)))
    extra: list[Line] = []
    for p in doc.all_paragraphs():
        if p.where.part != "document":
            extra.extend(split_lines(p, len(lines) + len(extra)))
    lay = Layout(lines=lines + extra)
    for ln in lay.lines:
        lay.by_para.setdefault(id(ln.para), []).append(ln)
    main = lines
    nonblank = [ln for ln in main if ln.text.strip()]

    # Quốc hiệu and Tiêu ngữ (body first, then headers)
    lay.quoc_hieu = next((ln for ln in nonblank if _loose(ln.text) == _QH), None) or next(
        (ln for ln in extra if _loose(ln.text) == _QH), None)
    tabbed = False
    if lay.quoc_hieu is None:  # a header laid out with tab stops instead of a table
        lay.quoc_hieu = next((sg for ln in nonblank[:15] for sg in tab_segments(ln, doc)
                              if _loose(sg.text) == _QH), None)
        tabbed = lay.quoc_hieu is not None
    qh = lay.quoc_hieu
    after_qh = [ln for ln in nonblank if qh is None or ln.order > qh.order]
    lay.tieu_ngu = next((ln for ln in after_qh[:4] if _loose(ln.text) == _TN), None) or next(
        (ln for ln in nonblank + extra if _loose(ln.text) == _TN), None) or next(
        (sg for ln in after_qh[:4] for sg in tab_segments(ln, doc) if _loose(sg.text) == _TN),
        None)

    # a header block typed into the page header (some templates do) is searched there
    hsrc_part = qh.para.where.part if qh is not None else "document"
    hsrc = main if hsrc_part == "document" else [
        ln for ln in extra if ln.para.where.part == hsrc_part]
    hnb = [ln for ln in hsrc if ln.text.strip()]

    # header columns: the table holding the Quốc hiệu (or, without one, the Tiêu ngữ or Số)
    so_guess = next((ln for ln in hnb[:25] if tx.SO_LOOSE.match(ln.norm)), None)
    anchor = next((ln for ln in (qh, lay.tieu_ngu) if ln is not None
                   and ln.para.where.part == hsrc_part and ln.para.where.table), None)
    left_anchor = so_guess if anchor is None and so_guess and so_guess.para.where.table \
        else None
    ref = anchor or left_anchor
    depth = len(ref.para.where.table) - 1 if ref is not None else None
    if ref is not None and depth is not None:
        tid = _table_id(ref, depth)
        lay.header_table = tid
        col = ref.cell(depth)[2]
        in_table = [ln for ln in hsrc if _table_id(ln, depth) == tid]
        if anchor is not None:
            lay.left = [ln for ln in in_table if ln.cell(depth)[2] < col]
            lay.right = [ln for ln in in_table if ln.cell(depth)[2] >= col]
        else:
            lay.left = [ln for ln in in_table if ln.cell(depth)[2] <= col]
            lay.right = [ln for ln in in_table if ln.cell(depth)[2] > col]
        header_end = max(ln.order for ln in in_table)
    else:
        header_end = -1
        if qh is not None and tabbed:
            # tab stops place the two columns: split every header line at its tabs
            mid = doc.sections[0].text_width * 0.45
            head = [sg for ln in hsrc if ln.order <= qh.order + 12
                    for sg in tab_segments(ln, doc)]
            for sg in head:
                centre = sg.centre if sg.centre is not None else text_centre(
                    sg.para, line_width(sg), container_width(sg.para, doc))
                (lay.right if centre > mid else lay.left).append(sg)
            header_end = qh.order
        elif qh is not None:
            # no table: the header is the run of lines up to the date or Số line
            head = [ln for ln in hsrc if ln.order <= qh.order + 12]
            lay.left = [ln for ln in head if ln is not qh and ln is not lay.tieu_ngu]
            lay.right = [qh] + ([lay.tieu_ngu] if lay.tieu_ngu else [])
            header_end = qh.order

    if lay.tieu_ngu is not None:
        container = [ln for ln in lines + extra if _same_cell(ln, lay.tieu_ngu)]
        lay.tieu_ngu_rule = stroke_below(lay.tieu_ngu, container, doc)

    # Số, issuer, parent, V/v (left column; else anywhere near the top)
    left_nb = [ln for ln in lay.left if ln.text.strip()]
    lay.so = next((ln for ln in left_nb if tx.SO_LOOSE.match(ln.norm)), None) or so_guess
    if lay.so is not None:
        header_end = max(header_end, lay.so.order)
    so_order = lay.so.order if lay.so else (left_nb[-1].order + 1 if left_nb else -1)
    agency = [ln for ln in left_nb if ln.order < so_order and not tx.is_line_text(ln.text)
              and not tx.URGENCY_LOOSE.match(ln.key) and ln is not qh]
    if depth is None:  # no header table: leave out the right-hand block and the date
        agency = [ln for ln in agency if not (qh and _same_cell(ln, qh) and ln.para.where.textbox)
                  and ln is not lay.tieu_ngu and not tx.DATE_LOOSE.search(ln.norm)]
    if agency:
        # the issuer is the last paragraph (a long name may wrap or break inside it); earlier
        # paragraphs are the parent, unless they are bold under a regular parent
        split = next(i for i, ln in enumerate(agency) if ln.para is agency[-1].para)
        has_regular_parent = any(not _all_bold(ln) for ln in agency[:split])
        while split > 0 and has_regular_parent and _all_bold(agency[split - 1]):
            split -= 1
        lay.issuer = agency[split:]
        lay.parent = agency[:split]
        container = [ln for ln in hsrc if _same_cell(ln, lay.issuer[-1])]
        lay.issuer_rule = stroke_below(lay.issuer[-1], container, doc)

    # a công văn's V/v sits under the number; a "V/v …" under a type name line (QUYẾT ĐỊNH)
    # is that document's trích yếu, and the type name decides the type
    vv_start = next((ln for ln in _before_type_name(left_nb or hnb[:30])
                     if ln.key.startswith("V/V") and (lay.so is None or ln.order > lay.so.order)),
                    None)
    if vv_start is None:
        vv_start = next((ln for ln in _before_type_name(hnb[:30]) if ln.key.startswith("V/V ")),
                        None)
    if vv_start is not None:
        lay.vv = [vv_start]
        for ln in lay.lines[vv_start.order + 1:]:
            if not ln.text.strip() or not _same_cell(ln, vv_start) or tx.is_line_text(ln.text):
                break
            if not vv_start.para.where.table and ln.para is not vv_start.para:
                break  # outside a table only the V/v paragraph itself (wrapped lines) counts
            if tx.URGENCY_LOOSE.match(ln.key) or ln.key in _SECRECY or _boxed_para(ln.para):
                break  # the urgency / secrecy stamps sit under the V/v in the same cell
            lay.vv.append(ln)
        header_end = max(header_end, lay.vv[-1].order)

    # place and date
    right_nb = [ln for ln in lay.right if ln.text.strip()]
    lay.date = next((ln for ln in right_nb if tx.DATE_LOOSE.search(ln.norm)), None)
    if lay.date is None:
        # only above the type name: a biên bản (Mẫu 1.9) has no date in its header, and its
        # "Thời gian bắt đầu: … ngày … tháng … năm …" line is body text
        title = next((ln.order for ln in hnb if ln.key.rstrip(":").strip() in _TYPE_NAMES),
                     None)
        near_top = [ln for ln in hnb if (lay.so is None or ln.order <= lay.so.order + 6)
                    and (title is None or ln.order < title)][:25]
        lay.date = next((ln for ln in near_top if tx.DATE_LOOSE.search(ln.norm)
                         and len(ln.norm) < 90), None)
    if lay.date is not None:
        header_end = max(header_end, lay.date.order)

    if hsrc_part != "document":
        header_end = -1  # the body starts with the title area

    # stamps anywhere (body, text boxes, headers)
    for ln in lines + extra:
        k = ln.key
        if tx.URGENCY_LOOSE.match(k) and len(k) < 25:
            lay.urgency.append(ln)
        elif tx.CIRCULATION_RE.match(k):
            lay.circulation.append(ln)

    # signature area: "Nơi nhận:" and the authority lines
    _find_signature(lay, main, nonblank, header_end)
    sig_start = _signature_start(lay, main)

    # title area: type name, trích yếu and its rule; Kính gửi
    pos = header_end + 1
    rest = [ln for ln in main[pos:sig_start] if not ln.para.where.textbox]
    rest_nb = [ln for ln in rest if ln.text.strip() and not (
        ln in lay.urgency or ln in lay.circulation or ln.key in _SECRECY
        or ln.key.startswith("DỰ THẢO"))]
    title_end = header_end
    if rest_nb:
        first = rest_nb[0]
        k = first.key.rstrip(":").strip()
        if k in _TYPE_NAMES or k in _NORMATIVE:
            lay.type_name = first
            lay.type_slug = _TYPE_NAMES.get(k)
            lay.normative = k in _NORMATIVE
            title_end = first.order
            container = [ln for ln in main if _same_cell(ln, first)]
            st = stroke_below(first, container, doc)
            if st is None or st.para is first.para:
                ty: list[Line] = []
                for ln in rest_nb[1:5]:
                    if tx.is_line_text(ln.text) or ln.para.alignment != "center" or (
                            ty and tx.is_caps(ln.text)):
                        break  # a capitals line after the summary is the next heading
                    ty.append(ln)
                    title_end = ln.order
                    st = stroke_below(ln, container, doc)
                    if st is not None:
                        break
                lay.trich_yeu = ty
                if ty:
                    lay.trich_yeu_rule = st
            if lay.trich_yeu_rule is not None:
                title_end = max(title_end, max(
                    (ln.order for ln in main if ln.para is lay.trich_yeu_rule.para),
                    default=title_end))
    # Kính gửi block
    near = [ln for ln in main[title_end + 1:sig_start] if ln.text.strip()][:6]
    kg = next((ln for ln in near if ln.key.startswith("KÍNH GỬI")), None)
    if kg is not None:
        lay.kinh_gui = [kg]
        if kg.norm.rstrip().endswith(":"):
            for ln in main[kg.order + 1:sig_start]:
                if not ln.text.strip():
                    if len(lay.kinh_gui) > 1:
                        break
                    continue
                if not ln.norm.startswith(("-", "–", "+", "•")):
                    break
                lay.kinh_gui.append(ln)
        title_end = max(title_end, lay.kinh_gui[-1].order)

    # body: top-level paragraphs between the title area and the signature
    seen: set[int] = set()
    kg_paras = {id(ln.para) for ln in lay.kinh_gui}
    for ln in main[title_end + 1:sig_start]:
        p = ln.para
        if id(p) in seen or p.where.table or p.where.textbox or id(p) in kg_paras:
            continue
        if ln in lay.urgency or ln in lay.circulation:
            continue
        seen.add(id(p))
        lay.body.append(p)
    lay.body_lines = [ln for ln in main[title_end + 1:sig_start]
                      if any(ln.para is p for p in lay.body)]
    _classify_body(lay)

    # appendices after the signature
    after = [ln for ln in main[sig_start:] if ln.text.strip() and not ln.para.where.table]
    for i, ln in enumerate(after):
        m = tx.APPENDIX_RE.match(ln.norm)
        if m and ln.para.alignment == "center":
            title = after[i + 1] if i + 1 < len(after) else None
            ref = after[i + 2] if i + 2 < len(after) and after[i + 2].norm.startswith(
                "(") else None
            lay.appendices.append((ln, title, ref))

    # address footer (ô 13)
    for ln in lines + extra:
        if tx.ADDRESS_RE.search(ln.text) and (ln.para.where.part != "document" or (
                ln.order >= sig_start and not ln.para.where.table)):
            lay.address.append(ln)
    return lay


def _boxed_para(p: Paragraph) -> bool:
    return all(side in p.borders for side in ("top", "left", "bottom", "right"))


def _all_bold(ln: Line) -> bool:
    runs = ln.ink_runs
    return bool(runs) and all(r.bold for r in runs)


def share(runs: list, attr: str) -> float:
    """The share of a text's characters (spaces left out) set ``bold`` or ``italic``: the
    paragraph's dominant style is judged by it, so one emphasised date does not make an
    upright paragraph bold, nor one upright law title an italic căn cứ line upright."""
    total = styled = 0
    for r in runs:
        n = sum(1 for ch in r.text if not ch.isspace())
        total += n
        styled += n if getattr(r, attr) else 0
    return styled / total if total else 0.0


def share_outside_notes(runs: list, attr: str) -> float:
    """:func:`share`, leaving out what is set italic inside brackets: ``(ngân sách nhà nước,
    xã hội hóa …)``, ``(theo quy định tại khoản 2 Điều 15 …)``, a whole ``(Có danh sách kèm
    theo)`` paragraph. Offices set such notes italic in upright text, as the decree sets
    ``(Kèm theo …)``: they are notes, not emphasis of the paragraph. [interpretation]"""
    total = styled = depth = 0
    for r in runs:
        for ch in r.text:
            depth += ch in "(["
            inside = depth > 0
            depth -= ch in ")]" and depth > 0
            if ch.isspace() or (inside and r.italic):
                continue
            total += 1
            styled += bool(getattr(r, attr))
    return styled / total if total else 0.0


def _find_signature(lay: Layout, main: list[Line], nonblank: list[Line], header_end: int) -> None:
    labels = [ln for ln in nonblank if ln.order > header_end
              and ln.key.replace(" ", "").startswith("NƠINHẬN")]
    label = labels[-1] if labels else None
    lay.noi_nhan = label
    sig_cell: list[Line] = []
    if label is not None:
        # items: following lines of the same cell (or following paragraphs outside tables)
        items: list[Line] = []
        for ln in main[label.order + 1:]:
            if not _same_cell(ln, label):
                break
            if not ln.text.strip():
                if items and not label.para.where.table:
                    break
                continue
            items.append(ln)
        if not items and label.para.where.table:  # the list in the rows below (Mẫu 1.8)
            items = [ln for ln in _column_below(main, [label])
                     if ln.order > label.order and ln.text.strip()]
        lay.noi_nhan_items = items
        if items:
            last = items[-1]
            m = tx.DRAFTER.search(last.norm)
            own_line = m is not None and m.group(0).strip() == last.norm
            if m and ("Lưu" in last.norm or own_line):
                lay.drafter, lay.drafter_text = last, m.group(1)
        t = label.para.where.table
        if t:
            depth = len(t) - 1
            tid = _table_id(label, depth)
            lrow, lcol = t[depth][1], t[depth][2]
            sig_cell = [ln for ln in main if _table_id(ln, depth) == tid
                        and ln.cell(depth)[1] == lrow and ln.cell(depth)[2] != lcol]
    if sig_cell and any(ln.text.strip() for ln in sig_cell):
        sig_cell = _column_below(main, sig_cell)
    else:
        sig_cell = []
        start = next((ln for ln in nonblank if ln.order > header_end
                      and tx.AUTH_PREFIX.match(ln.norm)), None)
        if start is None and label is not None:
            start = next((ln for ln in reversed(nonblank) if ln.order < label.order
                          and ln.para.alignment == "center" and tx.is_caps(ln.text)
                          and _all_bold(ln) and ln.order > header_end), None)
        if start is None and label is None:
            start = _closing_table_title(nonblank, header_end)
        if start is not None:
            t = start.para.where.table
            sig_cell = _column_below(main, [start]) if t else \
                [ln for ln in main[start.order:] if not ln.para.where.table
                 and (label is None or ln.order < label.order or ln.order > start.order)][:14]
    _split_signature(lay, sig_cell)


def _closing_table_title(nonblank: list[Line], header_end: int) -> Line | None:
    """Without "Nơi nhận:" (a biên bản as offices print it: ĐẠI DIỆN CÔNG TY | TRƯỞNG ĐOÀN):
    the last bold, centred line in capitals of a borderless table that closes the document
    (nothing but that table after it); its column holds the signer's title and name."""
    if not nonblank or not nonblank[-1].para.where.table:
        return None
    last = nonblank[-1].para.where.table[0][0]
    return next((ln for ln in reversed(nonblank) if ln.order > header_end
                 and ln.para.where.table and ln.para.where.table[0][0] == last
                 and not ln.para.cell_boxed and ln.para.alignment == "center"
                 and tx.is_caps(ln.text) and _all_bold(ln)), None)


def _column_below(main: list[Line], cell: list[Line]) -> list[Line]:
    """The signature column: from the cell where the signature starts down the same column
    of its table (titles, notes and names may stand in rows of their own, Mẫu 1.6–1.9)."""
    first = next((ln for ln in cell if ln.text.strip()), cell[0])
    t = first.para.where.table
    if not t:
        return cell
    depth = len(t) - 1
    tid = _table_id(first, depth)
    row, col = t[depth][1], t[depth][2]
    below = [ln for ln in main if _table_id(ln, depth) == tid and ln.cell(depth)[2] == col
             and ln.cell(depth)[1] >= row]
    return sorted(below, key=lambda ln: (ln.cell(depth)[1], ln.order))


def _is_note(ln: Line) -> bool:
    """"(Chữ ký, dấu)", "[ (Đã ký)", "/s/": notes standing in for the signature."""
    return ln.norm.lstrip("[ ").startswith(("(", "/"))


def _notes(cell: list[Line]) -> set[int]:
    """id() of the note lines: "(Chữ ký của người có thẩm quyền" and the lines that go on
    until its closing bracket (the Mẫu break a note over two paragraphs)."""
    out: set[int] = set()
    open_note = False
    for ln in cell:
        if not ln.text.strip():
            continue
        if open_note:
            out.add(id(ln))
            open_note = ")" not in ln.norm
        elif _is_note(ln):
            out.add(id(ln))
            open_note = ln.norm.lstrip("[ ").startswith("(") and (
                ln.norm.count("(") > ln.norm.count(")"))
    return out


def _row(ln: Line) -> tuple | None:
    t = ln.para.where.table
    return (t[:-1], t[-1][0], t[-1][1]) if t else None


def _split_signature(lay: Layout, cell: list[Line]) -> None:
    """Authority lines = the first block of text (up to the blank space left for signing, or
    the next table row: the Mẫu put titles, notes and names in rows of their own); the name
    = the last line. Without either, fall back to capitals vs normal case."""
    notes = _notes(cell)
    nb = [ln for ln in cell if ln.text.strip() and id(ln) not in notes]
    if not nb:
        return
    first_block: list[Line] = []
    started = False
    for ln in cell:
        if started and first_block and _row(ln) != _row(first_block[0]):
            break
        if ln.text.strip():
            started = True
            if id(ln) not in notes:
                first_block.append(ln)
        elif started:
            break
    if len(first_block) < len(nb):
        lay.authority = first_block
        lay.signer = nb[-1]
        return
    auth = []
    for ln in nb:
        if not tx.is_caps(ln.text):
            break
        auth.append(ln)
    lay.authority = auth
    rest = [ln for ln in nb if ln not in auth]
    lay.signer = rest[-1] if rest else None


def _signature_start(lay: Layout, main: list[Line]) -> int:
    """Order of the first line of the signature area (its table, or its first line)."""
    cands = []
    for ln in [lay.noi_nhan, *(lay.authority[:1])]:
        if ln is None:
            continue
        t = ln.para.where.table
        if t:
            top = t[0][0]
            lay.frame_tables.add(top)
            cands.append(next(x.order for x in main if x.para.where.table
                              and x.para.where.table[0][0] == top))
        else:
            cands.append(ln.order)
    return min(cands) if cands else len(main)


_ADDRESS_LINE = re.compile(r"( điện| trân trọng giới thiệu| trân trọng kính mời):$")


def is_picture(p: Paragraph) -> bool:
    """A paragraph that holds a picture and no text (a figure of the body)."""
    return not p.text.strip() and any(s.kind == "picture" for s in p.shapes)


def _captions(body: list[Paragraph]) -> set[int]:
    """Centred paragraphs right below (or above) a figure: its caption, not body text."""
    out = set()
    for i, p in enumerate(body):
        if not is_picture(p):
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < len(body) and body[j].text.strip() and body[j].alignment == "center":
                out.add(id(body[j]))
                break
    return out


def _classify_body(lay: Layout) -> None:
    lay.captions = _captions(lay.body)
    lines = lay.body_lines
    nb = [ln for ln in lines if ln.text.strip()]
    for i, ln in enumerate(nb):
        p = ln.para
        norm = ln.norm
        m = tx.STRUCT_LABEL.match(norm)
        if m and (p.alignment == "center" or _all_bold(ln)):
            title = nb[i + 1] if i + 1 < len(nb) else None
            lay.structure.append((ln, title))
            lay.headings.add(id(p))
            if title is not None and title.para.alignment == "center":
                lay.headings.add(id(title.para))
            continue
        if p.alignment == "center" and (tx.is_caps(ln.text) or _all_bold(ln)
                                        or _ADDRESS_LINE.search(norm)):
            # THẨM QUYỀN BAN HÀNH, "QUYẾT ĐỊNH:", chapter titles, "<CƠ QUAN> điện:" (Mẫu 1.6),
            # "<cơ quan> trân trọng giới thiệu:" (Mẫu 1.8), "… trân trọng kính mời:" (1.7)
            lay.headings.add(id(p))
            if norm.endswith(" điện:"):  # the recipients' dash lines under it (Mẫu 1.6)
                for nxt in nb[i + 1:]:
                    if not nxt.norm.startswith(("-", "–")) or nxt.para is p:
                        break
                    lay.headings.add(id(nxt.para))
            continue
        if tx.is_caps(ln.text) and _all_bold(ln) and len(norm) > 3:
            lay.headings.add(id(p))  # "I. NHỮNG KẾT QUẢ …" (mục heading of a report)
        if tx.DIEU_LOOSE.match(norm) and ln.sub == 0 and (
                _bold_prefix(ln) or tx.DIEU_RE.match(norm)):
            lay.dieu.append(ln)
    # căn cứ block: from the first "Căn cứ" line to the last line before a heading / Điều
    start = next((i for i, ln in enumerate(nb) if ln.norm.startswith("Căn cứ")), None)
    if start is not None:
        block: list[Line] = []
        for ln in nb[start:]:
            if id(ln.para) in lay.headings or tx.DIEU_LOOSE.match(ln.norm):
                break
            block.append(ln)
            upright = not ln.runs or share(ln.ink_runs, "italic") <= 0.5
            if upright and not ln.norm.startswith(("Căn cứ", "Theo đề nghị", "Xét đề nghị")):
                block.pop()
                break
            if upright and ln.sub == 0 and not ln.norm.startswith("Căn cứ") and \
                    ln.para.text.rstrip().endswith(":"):
                # "Theo đề nghị của …, UBND tỉnh ban hành Kế hoạch …, cụ thể như sau:" (a
                # kế hoạch's first body sentence, upright, leading into the text) ends the
                # block; an italic "Theo đề nghị …." line stays in it
                block.pop()
                break
        lay.can_cu = block


def _bold_prefix(ln: Line) -> bool:
    runs = ln.ink_runs
    return bool(runs) and runs[0].bold


# --- tables against the text area (P5) ----------------------------------------------------------
@dataclass
class TableExtent:
    """Where a top-level table of the body stands, in twips from the section's left margin."""

    number: int  # 1-based, counting the body's top-level tables
    section: int
    left: float
    width: float
    words: str  # its first words, to say which table
    bordered: bool  # draws lines (a data table), or is a borderless layout table


def _twips(el: etree._Element | None, attr: str = "w") -> int | None:
    if el is None or el.get(w("type"), "dxa") not in ("dxa", None):
        return None
    value = el.get(w(attr))
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def table_extents(doc: DocxDocument) -> list[TableExtent]:
    """Each top-level body table's horizontal extent: the width of its grid (or ``tblW``),
    placed by its alignment (``jc``) and indent (``tblInd``), with the section it is in."""
    body = doc.document_root.find(w("body"))
    out: list[TableExtent] = []
    if body is None:
        return out
    section = 0
    for child in body:
        if child.tag == w("p"):
            ppr = child.find(w("pPr"))
            if ppr is not None and ppr.find(w("sectPr")) is not None:
                section += 1
            continue
        if child.tag != w("tbl"):
            continue
        tpr = child.find(w("tblPr"))
        grid = sum(_twips(g) or 0 for g in child.iterfind(f"{w('tblGrid')}/{w('gridCol')}"))
        given = _twips(tpr.find(w("tblW"))) if tpr is not None else None
        width = grid or given or 0
        jc = tpr.find(w("jc")) if tpr is not None else None
        align = jc.get(w("val"), "left") if jc is not None else "left"
        indent = (_twips(tpr.find(w("tblInd"))) or 0) if tpr is not None else 0
        sec = doc.sections[min(section, len(doc.sections) - 1)]
        if align == "center":
            left = (sec.text_width - width) / 2
        elif align in ("right", "end"):
            left = sec.text_width - width
        else:
            left = float(indent)
        text = " ".join("".join(t.text or "" for t in child.iter(w("t"))).split())
        out.append(TableExtent(len(out) + 1, min(section, len(doc.sections) - 1), left, width,
                               text[:40], _bordered(child, tpr, doc)))
    return out


@dataclass
class PictureExtent:
    """An inline picture of the body (outside tables): its width and where it starts, in
    twips from the section's left margin."""

    section: int
    left: int
    width: int
    where: Paragraph


def picture_extents(doc: DocxDocument) -> list[PictureExtent]:
    """Each inline picture of the main document's paragraphs outside tables."""
    out = []
    for p in doc.paragraphs():
        if p.where.part != "document" or p.where.table or p.where.textbox:
            continue
        for shape in p.shapes:
            if shape.kind == "picture" and shape.offset_twips is None:
                section = min(p.where.section, len(doc.sections) - 1)
                sec = doc.sections[section]
                room = sec.text_width - p.left_twips - p.right_twips - p.first_line_twips
                left = p.left_twips + p.first_line_twips + (
                    max(0, room - shape.width_twips) // 2 if p.alignment == "center" else 0)
                out.append(PictureExtent(section, left, shape.width_twips, p))
    return out


_NO_LINE = ("nil", "none")


def _bordered(tbl: etree._Element, tpr: etree._Element | None, doc: DocxDocument) -> bool:
    """A visible border anywhere: the table's own, its style's, or a cell's."""
    style = tpr.find(w("tblStyle")) if tpr is not None else None
    sources = [st.find(w("tblPr")) for st in doc.styles.chain(
        style.get(w("val")) if style is not None else doc.styles.default.get("table"))]
    found = False
    for src in [*sources, tpr]:  # later sources override earlier ones, side by side
        bdr = src.find(w("tblBorders")) if src is not None else None
        if bdr is not None:
            sides = [el.get(w("val"), "none") for el in bdr]
            if sides:
                found = any(v not in _NO_LINE for v in sides)
    return found or any(el.get(w("val"), "none") not in _NO_LINE
                        for tcb in tbl.iter(w("tcBorders")) for el in tcb)

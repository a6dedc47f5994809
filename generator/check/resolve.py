"""Read a DOCX and resolve every paragraph's and run's effective formatting the way Word does.

python-docx exposes only what is written on an element; a checker needs what the reader sees.
The order applied here (ECMA-376 §17.7.2): document defaults → table style (content of
tables) → paragraph style with its ``basedOn`` chain → character style chain → direct
formatting. Toggle properties (bold, italic, caps …) are XOR-ed between the table, paragraph
and character style levels and set absolutely by direct formatting (§17.7.3). Theme fonts are
read from ``word/theme/theme1.xml``. Each XML part is parsed once.
"""

from __future__ import annotations

import contextlib
import math
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..archives import ArchiveError, check_xml_parts, open_zip, read_xml
from ..paths import input_problem
from ..vietnamese import roman

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V = "urn:schemas-microsoft-com:vml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_TOGGLES = ("b", "i", "caps", "smallCaps", "strike", "vanish")
_OFF = {"0", "false", "off", "none"}
# Word renders super/subscript at about two thirds of the size (used to measure "____" lines).
SCRIPT_SCALE = 2 / 3
_DEFAULT_SIZE_HALF_PT = 20  # ECMA-376: 10 pt when no w:sz is given anywhere


class DocxReadError(Exception):
    """The file is not a readable DOCX (not a zip, no word/document.xml, broken XML …).

    ``str()`` is both languages; :meth:`message` gives one (``vi`` or ``en``)."""

    def __init__(self, text: str, vi: str | None = None, en: str | None = None) -> None:
        super().__init__(text)
        self.vi, self.en = vi or text, en or text

    @classmethod
    def refused(cls, path: Path | str, exc: ArchiveError) -> DocxReadError:
        vi, en = f"{path}: {exc.message('vi')}", f"{path}: {exc.message('en')}"
        return cls(f"{vi} / {exc.message('en')}", vi, en)

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


# --- public data ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Location:
    part: str  # "document", "header1.xml", "footer2.xml" …
    table: tuple[tuple[int, int, int], ...] | None  # (table index, row, col) per nesting level
    section: int
    index: int  # paragraph index within the part, reading order
    textbox: bool = False

    def describe(self, lang: str = "vi") -> str:
        vi = lang == "vi"
        bits = []
        if self.part.startswith(("header", "footer")):
            head = self.part.startswith("header")
            kind = ("đầu trang" if head else "chân trang") if vi else ("header" if head
                                                                        else "footer")
            bits.append(f"{kind} {self.part}")
        elif self.part != "document":
            bits.append(("phần " if vi else "part ") + self.part)
        if self.table:
            for t, r, c in self.table:
                bits.append(
                    f"bảng {t + 1}, hàng {r + 1}, cột {c + 1}" if vi
                    else f"table {t + 1}, row {r + 1}, column {c + 1}"
                )
        if self.textbox:
            bits.append("hộp văn bản" if vi else "text box")
        bits.append(f"mục (section) {self.section + 1}" if vi else f"section {self.section + 1}")
        return ", ".join(bits)


@dataclass
class Section:
    index: int
    page_width: int
    page_height: int
    margin_top: int
    margin_bottom: int
    margin_left: int
    margin_right: int
    orientation: str  # "portrait" | "landscape"
    title_page: bool
    header_refs: dict[str, str] = field(default_factory=dict)  # kind → part name (inherited)
    footer_refs: dict[str, str] = field(default_factory=dict)
    header_distance: int = 0
    footer_distance: int = 0
    page_number_start: int | None = None
    page_number_format: str | None = None

    @property
    def text_width(self) -> int:
        return self.page_width - self.margin_left - self.margin_right


@dataclass
class Run:
    text: str
    font: str | None  # the font Word uses for this text (ascii or hAnsi slot)
    font_ascii: str | None
    font_hansi: str | None
    size_pt: float
    bold: bool
    italic: bool
    underline: bool
    caps: bool
    small_caps: bool
    strike: bool
    hidden: bool
    color: str | None  # "000000"-style hex, None = auto
    vert_align: str | None  # "superscript" | "subscript" | None
    style_id: str | None = None

    @property
    def visual_size_pt(self) -> float:
        return self.size_pt * SCRIPT_SCALE if self.vert_align else self.size_pt


@dataclass
class Shape:
    """A drawn object anchored in a paragraph (used to find lines under headings)."""

    kind: str  # "line", "rect", "textbox", "picture", "shape"
    width_twips: int
    height_twips: int
    offset_twips: int | None = None  # horizontal offset when positioned absolutely
    relative_to: str | None = None


@dataclass
class Paragraph:
    text: str
    style_id: str | None
    style_name: str | None
    alignment: str  # 'left', 'center', 'right', 'both'
    first_line_twips: int
    left_twips: int
    right_twips: int
    space_before_twips: int
    space_after_twips: int
    line_spacing: tuple[int, str]  # (240, 'auto') = single; ('exact'|'atLeast' in twips)
    borders: dict[str, tuple[str, int]]
    runs: list[Run]
    fields: list[str]  # field names: ['PAGE']
    field_instructions: list[str]
    cell_width_twips: int | None
    where: Location
    cell_margins: tuple[int, int] = (0, 0)  # left/right padding of the containing cell
    cell_boxed: bool = False  # the containing cell has a border on all four sides
    shapes: list[Shape] = field(default_factory=list)
    mark: Run | None = None  # resolved paragraph-mark properties (size of an empty line)
    element: etree._Element | None = field(default=None, repr=False)
    page_break_before: bool = False
    has_page_break: bool = False
    list_label: str | None = None  # the label Word draws for an automatic list ("1.", "-")
    tab_stops: list[tuple[int, str]] = field(default_factory=list)  # (position, kind), sorted
    contextual_spacing: bool = False  # no spacing between paragraphs of the same style

    @property
    def visible_runs(self) -> list[Run]:
        return [r for r in self.runs if r.text and not r.hidden]

    @property
    def line_spacing_lines(self) -> float | None:
        value, rule = self.line_spacing
        return value / 240 if rule == "auto" else None

    def first_words(self, n: int = 6) -> str:
        words = self.text.split()
        out = " ".join(words[:n])
        return out + (" …" if len(words) > n else "")


# --- helpers ----------------------------------------------------------------------------------
_HUGE = 10**9  # twips, half-points …: far beyond any page; clamps values such as 1e300


def _int(value: str | None, default: int = 0) -> int:
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        return default
    if not math.isfinite(number):  # 1e999, nan: no real length
        return default
    return int(max(-_HUGE, min(_HUGE, number)))


def _on(el: etree._Element) -> bool:
    return el.get(w("val"), "true").lower() not in _OFF


def _length_pt(value: str) -> float:
    """A VML/CSS length (``12pt``, ``1.5in``, ``3mm``, ``40px``, unitless = px) in points."""
    m = re.fullmatch(r"\s*(-?[\d.]+)\s*([a-z]*)\s*", value or "")
    if not m:
        return 0.0
    try:
        num = float(m.group(1))
    except ValueError:  # "1.2.3"
        return 0.0
    if not math.isfinite(num) or abs(num) > _HUGE:
        return 0.0
    unit = m.group(2)
    scale = {"pt": 1, "in": 72, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, "pc": 12,
             "emu": 1 / 12700, "": 0.75}.get(unit, 0.75)
    return num * scale


def _css(style: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in (style or "").split(";"):
        if ":" in item:
            k, _, v = item.partition(":")
            out[k.strip().lower()] = v.strip()
    return out


@dataclass
class _RProps:
    """Accumulated run properties; None = not set at any level yet."""

    ascii: str | None = None
    hansi: str | None = None
    size: int | None = None
    underline: bool | None = None
    color: str | None = None
    color_set: bool = False
    vert_align: str | None = None
    toggles: dict[str, bool] = field(default_factory=dict)
    style_id: str | None = None

    def copy(self) -> _RProps:
        return _RProps(self.ascii, self.hansi, self.size, self.underline, self.color,
                       self.color_set, self.vert_align, dict(self.toggles), self.style_id)


@dataclass
class _PProps:
    jc: str | None = None
    left: int | None = None
    right: int | None = None
    first: int | None = None
    before: int | None = None
    after: int | None = None
    line: int | None = None
    line_rule: str | None = None
    borders: dict[str, tuple[str, int]] = field(default_factory=dict)
    page_break_before: bool | None = None
    tabs: dict[int, str] = field(default_factory=dict)  # position → kind (left/center/right…)
    contextual: bool | None = None


_JC = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right",
       "both": "both", "distribute": "both", "justify": "both", "lowKashida": "both",
       "mediumKashida": "both", "highKashida": "both", "thaiDistribute": "both"}


class _Styles:
    def __init__(self, root: etree._Element | None, theme: _Theme) -> None:
        self.theme = theme
        self.by_id: dict[str, etree._Element] = {}
        self.default: dict[str, str] = {}
        self.doc_rpr: etree._Element | None = None
        self.doc_ppr: etree._Element | None = None
        self._chain_cache: dict[str, list[etree._Element]] = {}
        if root is None:
            return
        for st in root.iterfind(w("style")):
            sid = st.get(w("styleId"))
            if sid is None:
                continue
            self.by_id[sid] = st
            if st.get(w("default")) in ("1", "true", "on"):
                self.default.setdefault(st.get(w("type"), "paragraph"), sid)
        dd = root.find(w("docDefaults"))
        if dd is not None:
            self.doc_rpr = dd.find(f"{w('rPrDefault')}/{w('rPr')}")
            self.doc_ppr = dd.find(f"{w('pPrDefault')}/{w('pPr')}")

    def name(self, sid: str | None) -> str | None:
        if sid is None or sid not in self.by_id:
            return None
        n = self.by_id[sid].find(w("name"))
        return n.get(w("val")) if n is not None else sid

    def chain(self, sid: str | None) -> list[etree._Element]:
        """The style and its basedOn ancestors, root first."""
        if sid is None:
            return []
        if sid in self._chain_cache:
            return self._chain_cache[sid]
        out: list[etree._Element] = []
        seen: set[str] = set()
        cur: str | None = sid
        while cur and cur in self.by_id and cur not in seen:
            seen.add(cur)
            st = self.by_id[cur]
            out.append(st)
            b = st.find(w("basedOn"))
            cur = b.get(w("val")) if b is not None else None
        out.reverse()
        self._chain_cache[sid] = out
        return out


class _Theme:
    def __init__(self, root: etree._Element | None) -> None:
        self.fonts: dict[str, str] = {}
        self.colors: dict[str, str] = {}
        if root is None:
            return
        for kind in ("major", "minor"):
            latin = root.find(f".//{{{A}}}{kind}Font/{{{A}}}latin")
            if latin is not None:
                self.fonts[kind] = latin.get("typeface", "")
        scheme = root.find(f".//{{{A}}}clrScheme")
        if scheme is not None:
            for child in scheme:
                name = etree.QName(child).localname
                srgb = child.find(f"{{{A}}}srgbClr")
                sys = child.find(f"{{{A}}}sysClr")
                if srgb is not None:
                    self.colors[name] = srgb.get("val", "").upper()
                elif sys is not None:
                    self.colors[name] = sys.get("lastClr", "000000").upper()

    def font(self, theme_attr: str) -> str | None:
        # majorHAnsi, minorAscii, majorBidi, minorEastAsia …
        kind = "major" if theme_attr.startswith("major") else "minor"
        return self.fonts.get(kind)

    def color(self, name: str) -> str | None:
        alias = {"text1": "dk1", "text2": "dk2", "background1": "lt1", "background2": "lt2",
                 "dark1": "dk1", "dark2": "dk2", "light1": "lt1", "light2": "lt2"}
        return self.colors.get(alias.get(name, name))


def _apply_rpr(props: _RProps, rpr: etree._Element | None, theme: _Theme,
               toggles_absolute: bool = True) -> None:
    """Merge one rPr element into ``props`` (toggles handled by the caller when not absolute)."""
    if rpr is None:
        return
    for child in rpr:
        tag = etree.QName(child).localname
        if tag == "rFonts":
            at = child.get(w("asciiTheme"))
            ht = child.get(w("hAnsiTheme"))
            a = theme.font(at) if at else child.get(w("ascii"))
            h = theme.font(ht) if ht else child.get(w("hAnsi"))
            if a:
                props.ascii = a
            if h:
                props.hansi = h
        elif tag == "sz":
            props.size = _int(child.get(w("val")), props.size or _DEFAULT_SIZE_HALF_PT)
        elif tag == "u":
            props.underline = child.get(w("val"), "single") != "none"
        elif tag == "color":
            # Word writes the computed colour (theme tint/shade applied) in w:val
            tc = child.get(w("themeColor"))
            val = child.get(w("val"))
            if tc and (val is None or val.lower() == "auto"):
                val = theme.color(tc)
            props.color = None if (val is None or val.lower() == "auto") else val.upper()
            props.color_set = True
        elif tag == "vertAlign":
            v = child.get(w("val"))
            props.vert_align = v if v in ("superscript", "subscript") else None
        elif tag in _TOGGLES and toggles_absolute:
            props.toggles[tag] = _on(child)


def _style_toggles(chain: list[etree._Element]) -> dict[str, bool]:
    """Nearest explicit toggle values within one style's basedOn chain."""
    out: dict[str, bool] = {}
    for st in chain:
        rpr = st.find(w("rPr"))
        if rpr is None:
            continue
        for tag in _TOGGLES:
            el = rpr.find(w(tag))
            if el is not None:
                out[tag] = _on(el)
    return out


def _apply_ppr(props: _PProps, ppr: etree._Element | None) -> None:
    if ppr is None:
        return
    jc = ppr.find(w("jc"))
    if jc is not None:
        props.jc = _JC.get(jc.get(w("val"), "left"), "left")
    ind = ppr.find(w("ind"))
    if ind is not None:
        left = ind.get(w("left")) or ind.get(w("start"))
        right = ind.get(w("right")) or ind.get(w("end"))
        if left is not None:
            props.left = _int(left)
        if right is not None:
            props.right = _int(right)
        if ind.get(w("hanging")) is not None:
            props.first = -_int(ind.get(w("hanging")))
        elif ind.get(w("firstLine")) is not None:
            props.first = _int(ind.get(w("firstLine")))
    sp = ppr.find(w("spacing"))
    if sp is not None:
        if sp.get(w("beforeAutospacing")) in ("1", "true", "on"):
            props.before = 280  # Word's HTML auto spacing: 14 pt
        elif sp.get(w("before")) is not None:
            props.before = _int(sp.get(w("before")))
        if sp.get(w("afterAutospacing")) in ("1", "true", "on"):
            props.after = 280
        elif sp.get(w("after")) is not None:
            props.after = _int(sp.get(w("after")))
        if sp.get(w("line")) is not None:
            props.line = _int(sp.get(w("line")))
            props.line_rule = sp.get(w("lineRule"), "auto")
    bdr = ppr.find(w("pBdr"))
    if bdr is not None:
        for side in bdr:
            name = etree.QName(side).localname
            val = side.get(w("val"), "none")
            props.borders[name] = (val, _int(side.get(w("sz"))))
    pb = ppr.find(w("pageBreakBefore"))
    if pb is not None:
        props.page_break_before = _on(pb)
    cs = ppr.find(w("contextualSpacing"))
    if cs is not None:
        props.contextual = _on(cs)
    tabs = ppr.find(w("tabs"))
    if tabs is not None:
        for tab in tabs.iterfind(w("tab")):
            pos = _int(tab.get(w("pos")))
            kind = tab.get(w("val"), "left")
            if kind == "clear":
                props.tabs.pop(pos, None)
            else:
                props.tabs[pos] = {"start": "left", "end": "right"}.get(kind, kind)


# Symbol/Wingdings bullets are private-use code points; show them as a bullet
_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "\uf076": "❖",
            "\uf02d": "-", "\uf0be": "—", "o": "o"}


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(97 + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman") and 1 <= n <= 3999:
        return roman(n).lower() if fmt == "lowerRoman" else roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


class _Numbering:
    """Automatic list labels (numbering.xml), counted in reading order per list."""

    def __init__(self, root: etree._Element | None) -> None:
        self.abstract_of: dict[str, str] = {}
        self.levels: dict[tuple[str, int], tuple[str, str, int, etree._Element | None]] = {}
        self.start_override: dict[tuple[str, int], int] = {}
        if root is None:
            return
        for an in root.iterfind(w("abstractNum")):
            aid = an.get(w("abstractNumId"), "")
            for lvl in an.iterfind(w("lvl")):
                il = _int(lvl.get(w("ilvl")))
                fmt = lvl.find(w("numFmt"))
                txt = lvl.find(w("lvlText"))
                start = lvl.find(w("start"))
                self.levels[(aid, il)] = (
                    fmt.get(w("val"), "decimal") if fmt is not None else "decimal",
                    txt.get(w("val"), "") if txt is not None else "",
                    _int(start.get(w("val")), 1) if start is not None else 1,
                    lvl.find(w("pPr")))
        for num in root.iterfind(w("num")):
            nid = num.get(w("numId"), "")
            ref = num.find(w("abstractNumId"))
            if ref is not None:
                self.abstract_of[nid] = ref.get(w("val"), "")
            for ov in num.iterfind(w("lvlOverride")):
                so = ov.find(w("startOverride"))
                if so is not None:
                    self.start_override[(nid, _int(ov.get(w("ilvl"))))] = _int(so.get(w("val")))

    def level(self, num_id: str, ilvl: int) -> tuple[str, str, int, etree._Element | None] | None:
        aid = self.abstract_of.get(num_id)
        return self.levels.get((aid, ilvl)) if aid is not None else None

    def label(self, num_id: str, ilvl: int, counters: dict[str, list[int | None]]) -> str | None:
        lvl = self.level(num_id, ilvl)
        if lvl is None:
            return None
        fmt, text, start, _ = lvl
        start = self.start_override.get((num_id, ilvl), start)
        count = counters.setdefault(num_id, [None] * 9)
        count[ilvl] = start if count[ilvl] is None else count[ilvl] + 1  # type: ignore[operator]
        for deeper in range(ilvl + 1, 9):
            count[deeper] = None
        if fmt == "bullet":
            return "".join(_BULLETS.get(c, c) if 0xF000 <= ord(c) <= 0xF0FF or c in _BULLETS
                           else c for c in text)

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lv = self.level(num_id, k)
            n = count[k] if count[k] is not None else (lv[2] if lv else 1)
            return _format_number(int(n), lv[0] if lv else "decimal")
        return re.sub(r"%([1-9])", sub, text)


# --- the document -----------------------------------------------------------------------------
class DocxDocument:
    """A DOCX with resolved formatting. Build with :func:`load_docx`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        why = input_problem(Path(path))
        if why is not None:  # a FIFO named *.docx must not block
            raise DocxReadError(f"{path}: {why.vi} / {why.en}", f"{path}: {why.vi}",
                                f"{path}: {why.en}")
        try:  # the ZIP directory is checked before anything is inflated; then every XML
            self._zip = open_zip(path)  # part, also those the checker does not read (a DTD
            try:  # in [Content_Types].xml is refused here, not only by --annotate)
                check_xml_parts(self._zip)
            except ArchiveError:
                self._zip.close()
                raise
        except ArchiveError as exc:
            raise DocxReadError.refused(path, exc) from None
        with self._zip:
            self._names = set(self._zip.namelist())
            self._main = self._find_main_part()
            self._raw: dict[str, bytes] = {}
            self.document_root = self._parse(self._main)
            if self.document_root.find(w("body")) is None:
                raise DocxReadError(f"{path}: {self._main} has no w:body")
            rels = self._rels(self._main)
            theme_name = next((t for t, typ in rels.values() if typ.endswith("/theme")), None)
            styles_name = next((t for t, typ in rels.values() if typ.endswith("/styles")), None)
            self.theme = _Theme(self._parse(theme_name) if theme_name else None)
            self.styles = _Styles(self._parse(styles_name) if styles_name else None, self.theme)
            self.rels = rels
            numbering = next((t for t, typ in rels.values() if typ.endswith("/numbering")), None)
            self.numbering = _Numbering(self._parse(numbering) if numbering
                                        and numbering in self._names else None)
            self.parts: dict[str, etree._Element] = {}
            for target, typ in rels.values():
                if typ.endswith(("/header", "/footer")) and target in self._names:
                    self.parts[target] = self._parse(target)
            settings = next((t for t, typ in rels.values() if typ.endswith("/settings")), None)
            sroot = self._parse(settings) if settings else None
            self.page_count: int | None = None  # as last saved (docProps/app.xml), if any
            if "docProps/app.xml" in self._names:
                try:
                    app = self._parse_raw("docProps/app.xml")
                    pages = next((e.text for e in app.iter() if isinstance(e.tag, str)
                                  and etree.QName(e).localname == "Pages"), None)
                    self.page_count = _int(pages) if pages else None
                except DocxReadError:
                    self.page_count = None
            self.even_and_odd_headers = (
                sroot is not None and sroot.find(w("evenAndOddHeaders")) is not None
                and _on(sroot.find(w("evenAndOddHeaders")))
            )
        self.sections = self._read_sections()
        self._body_paras: list[Paragraph] | None = None
        self._hf_cache: dict[tuple[str, int], list[Paragraph]] = {}

    # -- parts
    def _find_main_part(self) -> str:
        if "_rels/.rels" in self._names:
            root = self._parse_raw("_rels/.rels")
            for rel in root.iterfind(f"{{{PKG_REL}}}Relationship"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    target = rel.get("Target", "").lstrip("/")
                    if target in self._names:
                        return target
        if "word/document.xml" in self._names:
            return "word/document.xml"
        raise DocxReadError(f"{self.path}: không có word/document.xml / no word/document.xml")

    def _parse_raw(self, name: str) -> etree._Element:
        try:  # no DTD, no entities, no network, libxml2's depth limit
            return read_xml(self._zip, name)
        except ArchiveError as exc:
            raise DocxReadError.refused(self.path, exc) from None

    def _parse(self, name: str) -> etree._Element:
        return self._parse_raw(name)

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        out: dict[str, tuple[str, str]] = {}
        if rels_name not in self._names:
            return out
        for rel in self._parse_raw(rels_name).iterfind(f"{{{PKG_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            out[rel.get("Id", "")] = (target, rel.get("Type", ""))
        return out

    @property
    def main_part(self) -> str:
        """Zip name of the main document part (usually ``word/document.xml``)."""
        return self._main

    @staticmethod
    def part_label(name: str) -> str:
        return posixpath.basename(name)

    # -- sections
    def _read_sections(self) -> list[Section]:
        body = self.document_root.find(w("body"))
        sect_prs = [p for p in body.iter(w("sectPr"))
                    if etree.QName(p.getparent()).localname in ("pPr", "body")]
        out: list[Section] = []
        prev_h: dict[str, str] = {}
        prev_f: dict[str, str] = {}
        for i, sp in enumerate(sect_prs):
            pg = sp.find(w("pgSz"))
            mar = sp.find(w("pgMar"))
            width = _int(pg.get(w("w")), 12240) if pg is not None else 12240
            height = _int(pg.get(w("h")), 15840) if pg is not None else 15840
            orient = pg.get(w("orient")) if pg is not None else None
            if orient not in ("portrait", "landscape"):
                orient = "landscape" if width > height else "portrait"

            def m(attr: str, default: int, mar: etree._Element | None = mar) -> int:
                return abs(_int(mar.get(w(attr)), default)) if mar is not None else default

            tp = sp.find(w("titlePg"))
            h, f = dict(prev_h), dict(prev_f)
            for ref in sp.iterfind(w("headerReference")):
                target = self.rels.get(ref.get(f"{{{R}}}id", ""), ("", ""))[0]
                if target:
                    h[ref.get(w("type"), "default")] = self.part_label(target)
            for ref in sp.iterfind(w("footerReference")):
                target = self.rels.get(ref.get(f"{{{R}}}id", ""), ("", ""))[0]
                if target:
                    f[ref.get(w("type"), "default")] = self.part_label(target)
            prev_h, prev_f = h, f
            pn = sp.find(w("pgNumType"))
            out.append(Section(
                index=i, page_width=width, page_height=height,
                margin_top=m("top", 1440), margin_bottom=m("bottom", 1440),
                margin_left=m("left", 1800), margin_right=m("right", 1800),
                orientation=orient, title_page=tp is not None and _on(tp),
                header_refs=h, footer_refs=f,
                header_distance=m("header", 720), footer_distance=m("footer", 720),
                page_number_start=_int(pn.get(w("start"))) if pn is not None
                and pn.get(w("start")) is not None else None,
                page_number_format=pn.get(w("fmt")) if pn is not None else None,
            ))
        if not out:
            out.append(Section(0, 12240, 15840, 1440, 1440, 1800, 1800, "portrait", False))
        return out

    # -- paragraphs
    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph of the main document in reading order (tables and text boxes too)."""
        if self._body_paras is None:
            body = self.document_root.find(w("body"))
            walker = _Walker(self, "document")
            walker.walk_block(body, table_path=(), cell_width=None, table_style=None)
            self._body_paras = walker.out
        return self._body_paras

    def _part_paragraphs(self, part_label: str, section: int) -> list[Paragraph]:
        key = (part_label, section)
        if key not in self._hf_cache:
            root = next((r for n, r in self.parts.items()
                         if self.part_label(n) == part_label), None)
            walker = _Walker(self, part_label, section=section)
            if root is not None:
                walker.walk_block(root, table_path=(), cell_width=None, table_style=None)
            self._hf_cache[key] = walker.out
        return self._hf_cache[key]

    def header_paragraphs(self, section_index: int = 0, kind: str = "default") -> list[Paragraph]:
        """Paragraphs of the section's header of that kind ([] when it has none).

        A missing first-page header with ``titlePg`` on shows nothing on page 1, as in Word.
        """
        part = self.sections[section_index].header_refs.get(kind)
        return self._part_paragraphs(part, section_index) if part else []

    def footer_paragraphs(self, section_index: int = 0, kind: str = "default") -> list[Paragraph]:
        part = self.sections[section_index].footer_refs.get(kind)
        return self._part_paragraphs(part, section_index) if part else []

    def all_paragraphs(self) -> Iterator[Paragraph]:
        """Body paragraphs, then every header/footer part in use (once per part)."""
        yield from self.paragraphs()
        seen: set[str] = set()
        for s in self.sections:
            for refs in (s.header_refs, s.footer_refs):
                for part in refs.values():
                    if part not in seen:
                        seen.add(part)
                        yield from self._part_paragraphs(part, s.index)


class _Walker:
    """Walks block content in reading order and resolves each paragraph."""

    def __init__(self, doc: DocxDocument, part: str, section: int = 0) -> None:
        self.doc = doc
        self.styles = doc.styles
        self.part = part
        self.section = section
        self.track_sections = part == "document"
        self.out: list[Paragraph] = []
        self.list_counters: dict[str, list[int | None]] = {}

    def walk_block(self, container: etree._Element, table_path: tuple, cell_width: int | None,
                   table_style: str | None, textbox: bool = False,
                   cell: tuple[tuple[int, int], bool] = ((0, 0), False)) -> None:
        tables_here = 0
        for child in container:
            tag = child.tag
            if tag == w("p"):
                self._paragraph(child, table_path, cell_width, table_style, textbox, cell)
            elif tag == w("tbl"):
                self._table(child, table_path + ((tables_here,),), textbox)
                tables_here += 1
            elif tag in (w("sdt"),):
                content = child.find(w("sdtContent"))
                if content is not None:
                    self.walk_block(content, table_path, cell_width, table_style, textbox, cell)
            elif tag in (w("customXml"), w("ins"), w("smartTag")):
                self.walk_block(child, table_path, cell_width, table_style, textbox, cell)
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self.walk_block(choice, table_path, cell_width, table_style, textbox, cell)

    def _table(self, tbl: etree._Element, path: tuple, textbox: bool) -> None:
        tpr = tbl.find(w("tblPr"))
        style = None
        if tpr is not None and tpr.find(w("tblStyle")) is not None:
            style = tpr.find(w("tblStyle")).get(w("val"))
        if style is None:
            style = self.styles.default.get("table")
        grid = [_int(g.get(w("w"))) for g in tbl.iterfind(f"{w('tblGrid')}/{w('gridCol')}")]
        margins = {"left": 108, "right": 108}
        borders: dict[str, bool] = {}
        for src in [st.find(w("tblPr")) for st in self.styles.chain(style)] + [tpr]:
            if src is None:
                continue
            _margins(src.find(w("tblCellMar")), margins)
            _borders(src.find(w("tblBorders")), borders)
        table_index = path[-1][0]
        rows = [r for r in _children_through_wrappers(tbl, w("tr"))]
        for ri, tr in enumerate(rows):
            grid_col = 0
            cells = list(_children_through_wrappers(tr, w("tc")))
            for ci, tc in enumerate(cells):
                tcpr = tc.find(w("tcPr"))
                span = 1
                width = None
                if tcpr is not None:
                    gs = tcpr.find(w("gridSpan"))
                    if gs is not None:
                        span = max(1, _int(gs.get(w("val")), 1))
                    tcw = tcpr.find(w("tcW"))
                    if tcw is not None and tcw.get(w("type"), "dxa") == "dxa" and _int(
                            tcw.get(w("w"))) > 0:
                        width = _int(tcw.get(w("w")))
                if width is None and grid:
                    width = sum(grid[grid_col:grid_col + span]) or None
                grid_col += span
                cell_path = path[:-1] + ((table_index, ri, ci),)
                cm = dict(margins)
                cb = dict(borders)
                if tcpr is not None:
                    _margins(tcpr.find(w("tcMar")), cm)
                    _borders(tcpr.find(w("tcBorders")), cb)
                boxed = all(cb.get(side, False) for side in ("top", "left", "bottom", "right"))
                self.walk_block(tc, cell_path, width, style, textbox,
                                ((cm["left"], cm["right"]), boxed))

    def _paragraph(self, p: etree._Element, table_path: tuple, cell_width: int | None,
                   table_style: str | None, textbox: bool,
                   cell: tuple[tuple[int, int], bool] = ((0, 0), False)) -> None:
        styles = self.styles
        ppr = p.find(w("pPr"))
        sid = None
        if ppr is not None and ppr.find(w("pStyle")) is not None:
            sid = ppr.find(w("pStyle")).get(w("val"))
        if sid is None or sid not in styles.by_id:
            sid = styles.default.get("paragraph")
        pchain = styles.chain(sid)
        tchain = styles.chain(table_style) if table_path else []

        # paragraph properties
        pp = _PProps()
        _apply_ppr(pp, styles.doc_ppr)
        for st in tchain:
            _apply_ppr(pp, st.find(w("pPr")))
        for st in pchain:
            _apply_ppr(pp, st.find(w("pPr")))
        num_id, ilvl = _num_pr(ppr, pchain)
        label = None
        if num_id not in (None, "0"):
            lvl = self.doc.numbering.level(num_id, ilvl)
            if lvl is not None:
                _apply_ppr(pp, lvl[3])  # the list level's indents come before direct ones
                label = self.doc.numbering.label(num_id, ilvl, self.list_counters)
        _apply_ppr(pp, ppr)

        # run-property base for this paragraph: defaults → table style → paragraph style
        base = _RProps()
        theme = styles.theme
        _apply_rpr(base, styles.doc_rpr, theme)
        for st in tchain:
            _apply_rpr(base, st.find(w("rPr")), theme, toggles_absolute=False)
        for st in pchain:
            _apply_rpr(base, st.find(w("rPr")), theme, toggles_absolute=False)
        t_tog = _style_toggles(tchain)
        p_tog = _style_toggles(pchain)

        where = Location(self.doc.part_label(self.part) if self.part != "document"
                         else "document",
                         table_path or None, self.section, len(self.out), textbox)
        runs: list[Run] = []
        fields: list[str] = []
        shapes: list[Shape] = []
        textboxes: list[tuple[etree._Element, int | None]] = []
        state = {"page_break": False}
        stack: list[list] = []

        def resolve_run(rpr: etree._Element | None) -> _RProps:
            props = base.copy()
            cid = None
            if rpr is not None and rpr.find(w("rStyle")) is not None:
                cid = rpr.find(w("rStyle")).get(w("val"))
            cchain = styles.chain(cid) if cid else []
            for st in cchain:
                _apply_rpr(props, st.find(w("rPr")), theme, toggles_absolute=False)
            c_tog = _style_toggles(cchain)
            toggles = dict(base.toggles)  # docDefaults values
            for tag in _TOGGLES:
                levels = [d[tag] for d in (t_tog, p_tog, c_tog) if tag in d]
                if levels:
                    val = False
                    for lv in levels:
                        val ^= lv
                    toggles[tag] = val
            props.toggles = toggles
            _apply_rpr(props, rpr, theme, toggles_absolute=True)
            props.style_id = cid
            return props

        def make_run(text: str, props: _RProps) -> Run:
            tog = props.toggles
            font = props.ascii if all(ord(c) < 128 for c in text) else (props.hansi or props.ascii)
            return Run(
                text=text, font=font, font_ascii=props.ascii, font_hansi=props.hansi,
                size_pt=(props.size or _DEFAULT_SIZE_HALF_PT) / 2,
                bold=tog.get("b", False), italic=tog.get("i", False),
                underline=bool(props.underline), caps=tog.get("caps", False),
                small_caps=tog.get("smallCaps", False), strike=tog.get("strike", False),
                hidden=tog.get("vanish", False), color=props.color,
                vert_align=props.vert_align, style_id=props.style_id,
            )

        def do_run(r: etree._Element) -> None:
            rpr = r.find(w("rPr"))
            props: _RProps | None = None
            buf: list[str] = []
            for child in r:
                tag = etree.QName(child).localname
                if tag == "fldChar":  # fields nest: a stack of [instruction parts, in code]
                    kind = child.get(w("fldCharType"))
                    if kind == "begin":
                        stack.append([[], True])
                    elif kind == "separate" and stack and stack[-1][1]:
                        stack[-1][1] = False
                        _add_field("".join(stack[-1][0]))
                    elif kind == "end" and stack:
                        parts, in_code = stack.pop()
                        if in_code:
                            _add_field("".join(parts))
                elif tag == "instrText":
                    if stack and stack[-1][1]:
                        stack[-1][0].append(child.text or "")
                elif any(in_code for _, in_code in stack):
                    continue
                elif tag == "t":
                    buf.append(child.text or "")
                elif tag == "tab" or tag == "ptab":
                    buf.append("\t")
                elif tag in ("br", "cr"):
                    if child.get(w("type")) == "page":
                        state["page_break"] = True
                    buf.append("\n")
                elif tag == "noBreakHyphen":  # a hyphen that does not break: read as "-"
                    buf.append("-")
                elif tag == "sym":
                    code = child.get(w("char"), "")
                    with contextlib.suppress(ValueError, OverflowError):
                        buf.append(chr(int(code[:8], 16)))
                elif tag in ("drawing", "pict", "object"):
                    _shapes(child, shapes, textboxes)
                elif tag == "AlternateContent":
                    choice = child.find(f"{{{MC}}}Choice")
                    if choice is not None:
                        for sub in choice:
                            _shapes(sub, shapes, textboxes)
            if buf:
                if props is None:
                    props = resolve_run(rpr)
                runs.append(make_run("".join(buf), props))

        def _add_field(instr: str) -> None:
            instr = " ".join(instr.split())
            if instr:
                fields.append(instr)

        def walk_inline(el: etree._Element) -> None:
            for child in el:
                tag = child.tag
                if tag == w("r"):
                    do_run(child)
                elif tag == w("fldSimple"):
                    _add_field(child.get(w("instr"), ""))
                    walk_inline(child)
                elif tag in (w("hyperlink"), w("smartTag"), w("customXml"), w("ins"),
                             w("moveTo"), w("dir"), w("bdo")):
                    walk_inline(child)
                elif tag == w("sdt"):
                    content = child.find(w("sdtContent"))
                    if content is not None:
                        walk_inline(content)
                elif tag == f"{{{MC}}}AlternateContent":
                    choice = child.find(f"{{{MC}}}Choice")
                    if choice is not None:
                        walk_inline(choice)

        walk_inline(p)
        mark_props = resolve_run(ppr.find(w("rPr")) if ppr is not None else None)
        mark = make_run("", mark_props)
        text = "".join(r.text for r in runs if not r.hidden)
        para = Paragraph(
            text=text, style_id=sid, style_name=styles.name(sid), alignment=pp.jc or "left",
            first_line_twips=pp.first or 0, left_twips=pp.left or 0, right_twips=pp.right or 0,
            space_before_twips=pp.before or 0, space_after_twips=pp.after or 0,
            line_spacing=(pp.line if pp.line is not None else 240, pp.line_rule or "auto"),
            borders={k: v for k, v in pp.borders.items() if v[0] not in ("none", "nil")},
            runs=runs, fields=[f.split()[0].upper() for f in fields], field_instructions=fields,
            cell_width_twips=cell_width, where=where, shapes=shapes,
            cell_margins=cell[0] if table_path else (0, 0),
            cell_boxed=cell[1] and bool(table_path), mark=mark, element=p,
            page_break_before=bool(pp.page_break_before), has_page_break=state["page_break"],
            list_label=label, tab_stops=sorted(pp.tabs.items()),
            contextual_spacing=bool(pp.contextual),
        )
        self.out.append(para)
        for txbx, box_width in textboxes:
            self.walk_block(txbx, table_path, box_width, None, textbox=True)
        if self.track_sections and ppr is not None and ppr.find(w("sectPr")) is not None:
            self.section += 1


def _num_pr(ppr: etree._Element | None, chain: list[etree._Element]) -> tuple[str | None, int]:
    """The paragraph's list (numId, level): set directly or through its style."""
    num_id: str | None = None
    ilvl = 0
    for src in [st.find(w("pPr")) for st in chain] + [ppr]:
        npr = src.find(w("numPr")) if src is not None else None
        if npr is None:
            continue
        if npr.find(w("numId")) is not None:
            num_id = npr.find(w("numId")).get(w("val"))
        if npr.find(w("ilvl")) is not None:
            ilvl = min(8, max(0, _int(npr.find(w("ilvl")).get(w("val")))))
    return num_id, ilvl


def _margins(mar: etree._Element | None, out: dict[str, int]) -> None:
    if mar is None:
        return
    for side, names in (("left", ("left", "start")), ("right", ("right", "end"))):
        for n in names:
            el = mar.find(w(n))
            if el is not None and el.get(w("type"), "dxa") == "dxa":
                out[side] = _int(el.get(w("w")), out[side])


def _borders(bdr: etree._Element | None, out: dict[str, bool]) -> None:
    if bdr is None:
        return
    for side, names in (("top", ("top",)), ("bottom", ("bottom",)), ("left", ("left", "start")),
                        ("right", ("right", "end"))):
        for n in names:
            el = bdr.find(w(n))
            if el is not None:
                out[side] = el.get(w("val"), "none") not in ("nil", "none")


def _children_through_wrappers(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Direct children with ``tag``, looking through sdt/customXml wrappers."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _children_through_wrappers(content, tag)
        elif child.tag == w("customXml"):
            yield from _children_through_wrappers(child, tag)


def _box_width(node: etree._Element) -> int | None:
    """Inner width of the shape holding a text box (default insets 0.1 in on each side)."""
    for anc in node.iterancestors():
        if anc.tag in (f"{{{WP}}}anchor", f"{{{WP}}}inline"):
            ext = anc.find(f"{{{WP}}}extent")
            if ext is not None and _int(ext.get("cx")) > 0:
                return max(0, _int(ext.get("cx")) // 635 - 288)
        if isinstance(anc.tag, str) and anc.tag.startswith(f"{{{V}}}"):
            width = _css(anc.get("style")).get("width")
            if width:
                return max(0, round(_length_pt(width) * 20) - 288)
    return None


def _shapes(el: etree._Element, shapes: list[Shape],
            textboxes: list[tuple[etree._Element, int | None]]) -> None:
    """Collect drawn objects (DrawingML and VML) and the text boxes inside them."""
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        ns, _, local = node.tag[1:].partition("}")
        if ns == MC and local == "Fallback":
            continue
        if node.tag == w("txbxContent"):
            if not any(a.tag == f"{{{MC}}}Fallback" for a in node.iterancestors()) and \
                    not any(a.tag == w("txbxContent") for a in node.iterancestors()):
                textboxes.append((node, _box_width(node)))
        elif ns == WP and local in ("inline", "anchor"):
            if any(a.tag == f"{{{MC}}}Fallback" for a in node.iterancestors()):
                continue
            ext = node.find(f"{{{WP}}}extent")
            cx = _int(ext.get("cx")) if ext is not None else 0
            cy = _int(ext.get("cy")) if ext is not None else 0
            prst = node.find(f".//{{{A}}}prstGeom")
            geom = prst.get("prst") if prst is not None else None
            kind = "shape"
            if geom in ("line", "straightConnector1"):
                kind = "line"
            elif node.find(f".//{{{WPS}}}txbx") is not None:
                kind = "textbox"
            elif node.find(".//{http://schemas.openxmlformats.org/drawingml/2006/picture}pic") \
                    is not None:
                kind = "picture"  # a picture is drawn in a rect geometry too (Word's own)
            elif geom == "rect":
                kind = "rect"
            if kind not in ("line", "picture") and cy <= 2 * 12700 and cx > 0:
                kind = "line"  # a flat rectangle or custom path drawn as a rule
            off = None
            rel = None
            ph = node.find(f"{{{WP}}}positionH")
            if ph is not None:
                rel = ph.get("relativeFrom")
                po = ph.find(f"{{{WP}}}posOffset")
                if po is not None and po.text:
                    off = _int(po.text) // 635
            shapes.append(Shape(kind, cx // 635, cy // 635, off, rel))
        elif ns == V and local in ("line", "shape", "rect", "roundrect"):
            if any(a.tag == f"{{{MC}}}Fallback" for a in node.iterancestors()):
                continue
            css = _css(node.get("style"))
            if local == "line":
                x1, _, y1 = (node.get("from") or "0,0").partition(",")
                x2, _, y2 = (node.get("to") or "0,0").partition(",")
                wpt = abs(_length_pt(_unit_pt(x2)) - _length_pt(_unit_pt(x1)))
                hpt = abs(_length_pt(_unit_pt(y2)) - _length_pt(_unit_pt(y1)))
                kind = "line"
            else:
                wpt = _length_pt(css.get("width", "0"))
                hpt = _length_pt(css.get("height", "0"))
                kind = "textbox" if node.find(f"{{{V}}}textbox") is not None else (
                    "rect" if local in ("rect", "roundrect") else "shape")
                if kind != "textbox" and hpt <= 2 and wpt > 0:
                    kind = "line"
            left = css.get("margin-left") or css.get("left")
            shapes.append(Shape(kind, round(wpt * 20), round(hpt * 20),
                                round(_length_pt(left) * 20) if left else None,
                                css.get("mso-position-horizontal-relative")))


def _unit_pt(value: str) -> str:
    """VML from/to coordinates without a unit are points in Word's output."""
    value = value.strip()
    return value + "pt" if re.fullmatch(r"-?[\d.]+", value) else value


def load_docx(path: str | Path) -> DocxDocument:
    """Open ``path`` and resolve its formatting; :class:`DocxReadError` when unreadable."""
    p = Path(path)
    if not p.exists():
        raise DocxReadError(f"{p}: không tìm thấy tệp / file not found",
                            f"{p}: không tìm thấy tệp", f"{p}: file not found")
    try:
        return DocxDocument(p)
    except DocxReadError:
        raise
    except RecursionError:
        raise DocxReadError(f"{p}: cấu trúc lồng quá sâu / nested too deeply",
                            f"{p}: cấu trúc lồng quá sâu", f"{p}: nested too deeply") from None
    except Exception as exc:  # a hostile file can break any assumption: say so, no traceback
        raise DocxReadError(f"{p}: không đọc được DOCX / unreadable DOCX: {exc}",
                            f"{p}: không đọc được DOCX ({type(exc).__name__}: {exc})",
                            f"{p}: unreadable DOCX ({type(exc).__name__}: {exc})") from exc

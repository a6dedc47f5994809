"""Incoming documents (Điều 21–24): read the số, ký hiệu, date, issuer, type and trích yếu
from the file, let the clerk correct them, give the next số đến, stamp "ĐẾN" on a copy.

vanban's own PDFs carry those fields in their metadata (Keywords = số/ký hiệu, Author =
issuer, Title = type + trích yếu, the document's date as creation date); any other PDF is
read from the first page's text layer. An image-only scan gets a clear message (no OCR):
the clerk gives the fields by options or in a YAML file beside the document.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import shutil
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .. import nd30
from ..content import load_content
from ..docx.ooxml import Cell, Run, grid_table, paragraph
from ..files import write_atomic
from ..model import Date, Line
from ..problems import Problems, Text
from ..tempdirs import private_folder
from ..vietnamese import number_text, parse_date, short_date
from .errors import RegisterError

STAMP_WIDTH_MM, STAMP_HEIGHT_MM = 50, 35  # Phụ lục IV V: "35 mm x 50 mm"
STAMP_AT_MM = (10.0, 50.0)  # from the left and top edges of page 1, when no "Số:" is found
STAMP_LEFT_MM = 10.0  # the stamp's left edge: in the left margin, clear of "Kính gửi"


class IncomingFields(BaseModel):
    """What a clerk may give or correct (options, or ``<tệp>.den.yaml`` beside the file)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    so_ky_hieu: Line | None = None
    tac_gia: Line | None = None
    ngay_van_ban: Date | None = None
    ten_loai: Line | None = None
    trich_yeu: Line | None = None
    don_vi_nhan: Line | None = None
    han_giai_quyet: Date | None = None
    ghi_chu: Line | None = None


@dataclass
class Received:
    number: int
    year: int
    date: dt.date
    fields: dict[str, Any]
    stored: Path  # the received file, byte for byte
    stamped: Path | None  # the "ĐẾN"-stamped copy (PDF only)
    source: str  # where the fields came from: metadata, text, given
    signatures: str | None = None
    warnings: list[Text] = field(default_factory=list)


# ---------------------------------------------------------------------------- reading


_NUMBER = re.compile(r"Số\s*:\s*([0-9]+(?:/[0-9]{4})?/[A-ZĐ0-9&-]+)", re.IGNORECASE)
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_VV = re.compile(r"V/v\s+(.+)")
_HEADER_WORDS = ("CỘNG HÒA", "CỘNG HOÀ", "Độc lập", "Số:", "Số :")


def _type_names() -> dict[str, str]:
    return {t.name: t.name.capitalize() for t in nd30.DOC_TYPES.values()}


def fields_from_metadata(info: dict[str, Any]) -> dict[str, Any]:
    """A vanban PDF: Keywords, Author, Title, Subject and the creation date."""
    out: dict[str, Any] = {}
    if info.get("/Keywords"):
        out["so_ky_hieu"] = str(info["/Keywords"]).strip()
    if info.get("/Author"):
        out["tac_gia"] = str(info["/Author"]).strip()
    subject = str(info.get("/Subject") or "").strip()
    if subject:
        out["ten_loai"] = subject
    title = str(info.get("/Title") or "").strip()
    if title:
        upper = subject.upper()
        rest = title[len(upper):].strip() if upper and title.upper().startswith(upper) else title
        out["trich_yeu"] = rest[4:].strip() if rest.startswith("V/v ") else rest
    created = str(info.get("/CreationDate") or "")
    if created.startswith("D:") and len(created) >= 10:
        out["ngay_van_ban"] = dt.date(int(created[2:6]), int(created[6:8]), int(created[8:10]))
    return out


def fields_from_text(text: str) -> dict[str, Any]:
    """The first page's text: "Số: …", "ngày … tháng … năm …", the issuer above "Số",
    the type's name in capitals and the trích yếu under it (or after "V/v")."""
    lines = [unicodedata.normalize("NFC", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    out: dict[str, Any] = {}
    for index, line in enumerate(lines):
        if "so_ky_hieu" not in out and (m := _NUMBER.search(line)):
            out["so_ky_hieu"] = m.group(1)
            issuer = [x for x in lines[:index] if not x.startswith(_HEADER_WORDS)
                      and not x.startswith("_")]
            if issuer:
                out["tac_gia"] = " ".join(issuer[-2:]) if len(issuer) > 1 else issuer[0]
        if "ngay_van_ban" not in out and (m := _DATE.search(line)):
            with contextlib.suppress(ValueError):
                out["ngay_van_ban"] = dt.date(int(m[3]), int(m[2]), int(m[1]))
        if "trich_yeu" not in out and (m := _VV.search(line)):
            out["trich_yeu"] = m.group(1).strip()
            out.setdefault("ten_loai", "Công văn")
    names = _type_names()
    for index, line in enumerate(lines):
        if line in names and line not in ("CỘNG HÒA",):
            out.setdefault("ten_loai", names[line])
            if index + 1 < len(lines) and "trich_yeu" not in out:
                out["trich_yeu"] = lines[index + 1]
            break
    return out


def read_fields(path: Path) -> tuple[dict[str, Any], str]:
    """The fields found in the file, and where: ``metadata`` or ``text``."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pypdf.errors import PdfReadError

        from ..pdfinput import PdfInputError, open_pdf

        try:  # the rule for PDFs from outside: limits, encryption, page boxes
            reader = open_pdf(path)
            info = dict(reader.metadata or {})
            if str(info.get("/Creator") or "") == "vanban" and info.get("/Keywords"):
                return fields_from_metadata(info), "metadata"
            text = reader.pages[0].extract_text() or ""
        except PdfInputError as exc:
            raise RegisterError(Text(f"Không đọc được tệp PDF {path}: {exc.text.vi}",
                                     f"Cannot read the PDF {path}: {exc.text.en}")) from None
        except (OSError, PdfReadError, IndexError, ValueError, RecursionError) as exc:
            raise RegisterError(Text(
                f"Không đọc được tệp PDF {path}: tệp bị hỏng ({type(exc).__name__}: {exc}).",
                f"Cannot read the PDF {path}: the file is damaged ({exc}).")) from None
        return fields_from_text(text), "text"
    if suffix == ".docx":
        import docx

        try:
            document = docx.Document(str(path))
        except Exception as exc:  # python-docx raises many kinds for a damaged package
            raise RegisterError(Text(f"Không đọc được tệp DOCX {path}: {exc}.",
                                     f"Cannot read the DOCX {path}: {exc}.")) from None
        text = "\n".join(p.text for p in document.paragraphs)
        for table in document.tables[:2]:  # the header block is a layout table
            text = "\n".join(c.text for row in table.rows for c in row.cells) + "\n" + text
        return fields_from_text(text), "text"
    raise RegisterError(Text(f"Chỉ nhận văn bản đến dạng PDF hoặc DOCX ({path}).",
                             f"Only PDF or DOCX incoming documents are accepted ({path})."))


def corrections(path: Path) -> dict[str, Any]:
    """``<tệp>.den.yaml`` beside the document: fields the clerk corrects (validated, by line)."""
    beside = path.with_suffix(".den.yaml")
    if not beside.is_file():
        return {}
    content = load_content(beside)
    try:
        fields = IncomingFields.model_validate(content.data)
    except ValidationError as exc:
        from .config import problems_from

        raise Problems(problems_from(exc, content, IncomingFields)) from None
    return fields.model_dump(exclude_none=True)


# ---------------------------------------------------------------------------- stamp


def _stamp_table(office_name: str, number: str, date: str) -> str:
    mm = nd30.mm
    left, right = mm(16), mm(STAMP_WIDTH_MM - 16)
    row_height = mm(STAMP_HEIGHT_MM) // 5

    def cell(width: int, runs: list[Run], *, center: bool = False, span: int = 1,
             merge: str | None = None) -> Cell:
        align = "" if center else '<w:jc w:val="left"/>'
        return Cell(width, paragraph("VBBangGiua", runs, before=0, after=0, extra_ppr=align),
                    vertical="center", span=span, merge=merge)

    rows = [
        [cell(left + right, [Run(office_name.upper(), bold=True, size=9)], center=True,
              span=2)],
        [cell(left, [Run("ĐẾN", bold=True, size=14)], center=True, merge="restart"),
         cell(right, [Run(f"Số: {number}", size=10)])],
        [cell(left, [], merge="continue"), cell(right, [Run(f"Ngày: {date}", size=10)])],
        [cell(left + right, [Run("Chuyển: ……………………", size=10)], span=2)],
        [cell(left + right, [Run("Số và ký hiệu HS: …………", size=10)], span=2)],
    ]
    xml = grid_table([left, right], rows, header_rows=0)
    # exact row heights: the stamp is 35 mm high whatever the text
    return xml.replace("<w:trPr><w:cantSplit/>",
                       f'<w:trPr><w:cantSplit/><w:trHeight w:val="{row_height}" '
                       'w:hRule="exact"/>').replace('<w:jc w:val="center"/>', "", 1)


def stamp_docx(office_name: str, number: str = "", date: str = "", *,
               page_mm: tuple[float, float] = (nd30.PAGE_WIDTH_MM, nd30.PAGE_HEIGHT_MM),
               at_mm: tuple[float, float] = STAMP_AT_MM) -> bytes:
    """A page of ``page_mm`` holding only the "ĐẾN" stamp (Phụ lục IV V), its top-left corner
    ``at_mm`` from the page's left and top edges."""
    from .forms import simple_docx

    mm = nd30.mm
    sect = (f'<w:sectPr><w:pgSz w:w="{mm(page_mm[0])}" w:h="{mm(page_mm[1])}"/>'
            f'<w:pgMar w:top="{mm(at_mm[1])}" w:right="{mm(5)}" w:bottom="{mm(5)}" '
            f'w:left="{mm(at_mm[0])}" w:header="0" w:footer="0" w:gutter="0"/></w:sectPr>')
    body = _stamp_table(office_name, number, date) + paragraph("VBNgatVung")
    return simple_docx(body, sect)


def stamp_position(page: Any) -> tuple[float, float]:
    """Where the stamp goes (mm from the left and top edges): under the "Số:" line and, for
    a công văn, the V/v lines below it (Phụ lục IV V; Điều 22), in the left half."""
    pieces: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            pieces.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], text.strip()))

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # a page pypdf cannot read as text: the default place
        return STAMP_AT_MM
    height = float(page.mediabox.height)
    half = float(page.mediabox.width) / 2
    left = sorted(((y, t) for x, y, t in pieces if x < half), reverse=True)
    start = next((i for i, (_, t) in enumerate(left) if t.startswith("Số")), None)
    if start is None:
        return STAMP_AT_MM
    bottom = left[start][0]
    for y, _ in left[start + 1:]:
        if bottom - y > 24:  # more than a line and a half below: the block has ended
            break
        bottom = y
    top_mm = (height - bottom) / 72 * 25.4 + 2
    return STAMP_LEFT_MM, top_mm


def stamp_copy(source: Path, target: Path, office_name: str, number: int, date: dt.date,
               converter: Any) -> None:
    """Write ``target``: a copy of the received PDF with the "ĐẾN" stamp on page 1, cleared
    of active content (JavaScript, launch actions, embedded files: generator/pdfinput.py).
    The received file itself is never modified (a signed PDF must stay intact)."""
    import io

    from pypdf import PdfReader, PdfWriter

    from ..pdf import PdfJob
    from ..pdfinput import strip_active

    reader = PdfReader(source)
    first = reader.pages[0]
    width_mm = float(first.mediabox.width) / 72 * 25.4
    height_mm = float(first.mediabox.height) / 72 * 25.4
    with private_folder("vanban-den-") as folder:
        docx, pdf = Path(folder) / "den.docx", Path(folder) / "den.pdf"
        docx.write_bytes(stamp_docx(office_name, number_text(number), short_date(date),
                                    page_mm=(width_mm, height_mm),
                                    at_mm=stamp_position(first)))
        (result,) = converter.convert([PdfJob(docx, pdf)])
        if not result.ok:
            raise RegisterError(Text(f"Không tạo được dấu ĐẾN: {result.error}",
                                     f"Could not make the ĐẾN stamp: {result.error_en}"))
        writer = PdfWriter(clone_from=reader)
        writer.pages[0].merge_page(PdfReader(pdf).pages[0])
        strip_active(writer)  # the stamped copy is written by vanban: no script, no launch
        buffer = io.BytesIO()
        writer.write(buffer)
    write_atomic(target, buffer.getvalue())


# ---------------------------------------------------------------------------- signatures


def verify_signatures(path: Path, trust: Sequence[Path] = ()) -> str | None:
    """Điều 21.2.a: verify a signed incoming PDF before registering it (generator.signing,
    against the office's trusted roots); the register records the verdict in a sentence."""
    if path.suffix.lower() != ".pdf":
        return None
    from ..signing.errors import SigningError
    from ..signing.verify import verify_pdf

    try:
        report = verify_pdf(path, trust)
    except SigningError as exc:
        return f"không đọc được chữ ký số: {exc.message('vi')}"
    if not report.signatures:
        return "không có chữ ký số"
    who = "; ".join(s.signer for s in report.signatures)
    if report.ok:
        return f"chữ ký số hợp lệ ({len(report.signatures)}: {who})"
    reasons = [t.vi for s in report.signatures for t in s.problems] + [
        t.vi for t in report.problems]
    return f"chữ ký số KHÔNG hợp lệ ({who}): " + "; ".join(reasons[:3])


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def store_original(path: Path, folder: Path) -> Path:
    """Copy the received file, byte for byte, under a name from its content."""
    target = folder / f"{file_digest(path)[:12]}-{path.name}"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{target.name}.tmp"
        shutil.copyfile(path, tmp)
        tmp.replace(target)
    return target


def merge_fields(found: dict[str, Any], beside: dict[str, Any], given: dict[str, Any]
                 ) -> dict[str, Any]:
    merged = {**found, **beside, **{k: v for k, v in given.items() if v is not None}}
    for key in ("ngay_van_ban", "han_giai_quyet"):
        if isinstance(merged.get(key), str):
            merged[key] = parse_date(merged[key])
    return merged


MISSING = Text(
    "Không đọc được số, ký hiệu và cơ quan ban hành từ tệp {name}: tệp không có lớp chữ (ảnh "
    "quét) hoặc không theo thể thức; vanban không nhận dạng ký tự (OCR).",
    "Could not read the number and issuer from {name}: the file has no text layer (an image "
    "scan) or no recognisable layout; vanban does no OCR.")
MISSING_HINT = Text(
    "Ghi các trường bằng tùy chọn (--so-ky-hieu, --tac-gia, --ngay-van-ban, --trich-yeu) hoặc "
    "trong tệp {yaml} bên cạnh.", "Give the fields as options (--so-ky-hieu, --tac-gia, "
    "--ngay-van-ban, --trich-yeu) or in {yaml} beside it.")

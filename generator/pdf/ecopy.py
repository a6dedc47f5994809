"""Electronic copies (Mẫu 3.2; spec §7, ô 14): a scanned document turned into a copy.

The decree asks for a PDF (version 1.4 or later) of the paper original, in colour, at
200 dpi or more and 100 % scale, with — at the top right of page 1, no image — the copy's
form, the copying body and the signing time, in Times New Roman 10 pt, black. The digital
signature itself is applied by the office's signing software; vanban prepares the file and
prints the text that signature shows.

The text is set by LibreOffice (the same engine and embedded font as every other PDF here)
on a transparent page of the scan's size and laid over page 1 with pypdf.

The time is written as every signature of the project shows it
(``08/12/2017 09:15:30 +07:00``, generator.vietnamese.signing_time).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from .. import nd30
from ..docx.ooxml import Run, document_xml, paragraph, single_part_docx
from ..docx.styles import styles_xml
from ..files import write_atomic
from ..pdfinput import (
    PdfInputError,
    open_pdf,
    refuse_signed_active,
    removed_warning,
    strip_active,
)
from ..problems import Text
from ..tempdirs import private_folder
from ..vietnamese import signing_time
from .pool import PdfConverter, PdfJob

STAMP_SIZE_PT = 10  # spec §7: 10 pt, black, Times New Roman
STAMP_MARGIN_MM = 5  # [interpretation] ô 14 sits in the top margin, into the right margin
MIN_DPI = 200  # spec §7


class EcopyProblem(Exception):
    def __init__(self, message: Text) -> None:
        super().__init__(message.vi)
        self.message = message


@dataclass
class EcopyResult:
    output: Path
    stamp: str
    warnings: list[Text] = field(default_factory=list)


def stamp_text(form: str, copier: str, when: dt.datetime) -> str:
    """``SAO Y; Sở Nội vụ tỉnh Lạng Sơn; 08/12/2017 09:15:30 +07:00``."""
    printed, _ = nd30.COPY_FORMS[form]
    return f"{printed}; {' '.join(copier.split())}; {signing_time(when)}"


def _stamp_docx(text: str, width_pt: float, height_pt: float) -> bytes:
    """One page of the scan's size holding only the right-aligned stamp text."""
    twips = round(width_pt * 20), round(height_pt * 20)
    margin = nd30.mm(STAMP_MARGIN_MM)
    run = Run(text, size=STAMP_SIZE_PT)
    # the project's style sheet: Times New Roman, black, by document defaults
    body = paragraph("Normal", [run], extra_ppr='<w:jc w:val="right"/>')
    sect = (f'<w:sectPr><w:pgSz w:w="{twips[0]}" w:h="{twips[1]}"/><w:pgMar w:top="{margin}" '
            f'w:right="{margin}" w:bottom="{margin}" w:left="{margin}" w:header="0" '
            'w:footer="0" w:gutter="0"/></w:sectPr>')
    return single_part_docx(document_xml(body, sect), styles_xml(nd30.DEFAULT_SIZES))


def _image_warnings(reader: PdfReader) -> list[Text]:
    """Resolution and colour of the scanned images on page 1 (spec §7: colour, ≥ 200 dpi)."""
    page = reader.pages[0]
    width_in = float(page.mediabox.width) / 72
    images = []
    xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
    for ref in xobjects.values():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            images.append(obj)
    if not images:
        return [Text("Trang 1 không có ảnh quét: bản sao điện tử (Mẫu 3.2) là bản số hóa từ "
                     "bản giấy.", "Page 1 holds no scanned image: an electronic copy (Mẫu 3.2) "
                     "is digitised from the paper original.")]
    warnings = []
    largest = max(images, key=lambda im: int(im.get("/Width", 0)))
    dpi = int(largest.get("/Width", 0)) / width_in if width_in else 0
    if round(dpi) < MIN_DPI:  # A4 at 200 dpi is 1654 px: 199.9 by the page size
        warnings.append(Text(
            f"Ảnh quét có độ phân giải khoảng {dpi:.0f} dpi; Nghị định 30 yêu cầu từ "
            f"{MIN_DPI} dpi.", f"The scan is about {dpi:.0f} dpi; Decree 30 requires "
            f"{MIN_DPI} dpi or more."))
    space = largest.get("/ColorSpace")
    space = space.get_object() if hasattr(space, "get_object") else space
    name = space[0] if isinstance(space, list) else space
    components = (space[1].get_object().get("/N") if isinstance(space, list)
                  and name == "/ICCBased" else None)
    if name == "/DeviceGray" or components == 1 or largest.get("/BitsPerComponent") == 1:
        warnings.append(Text("Ảnh quét là ảnh đen trắng; Nghị định 30 yêu cầu chế độ màu.",
                             "The scan is grey or black and white; Decree 30 requires "
                             "colour."))
    return warnings


def make_ecopy(scan: Path, output: Path, *, form: str, copier: str, when: dt.datetime,
               converter: PdfConverter | None = None) -> EcopyResult:
    """Write ``output``: the scan with the copy's signature text at the top right of page 1."""
    if form not in nd30.COPY_FORMS:
        raise EcopyProblem(Text(f"Hình thức sao '{form}' không có; chỉ nhận: "
                                f"{', '.join(nd30.COPY_FORMS)}.", f"Unknown copy form "
                                f"'{form}'; allowed: {', '.join(nd30.COPY_FORMS)}."))
    try:  # limits, encryption, page boxes; active content listed (refused when signed)
        reader = open_pdf(scan)
        active = refuse_signed_active(reader)
        first = reader.pages[0]
    except PdfInputError as exc:
        raise EcopyProblem(Text(f"Không đọc được tệp PDF {scan}: {exc.text.vi}",
                                f"Cannot read the PDF {scan}: {exc.text.en}")) from None
    text = stamp_text(form, copier, when)
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    with private_folder("vanban-ecopy-") as folder:
        docx, pdf = Path(folder) / "stamp.docx", Path(folder) / "stamp.pdf"
        docx.write_bytes(_stamp_docx(text, width, height))
        own = converter is None
        conv = converter or PdfConverter(workers=1, progress=False, check_fonts=False)
        try:
            if own:
                conv.start()
            (result,) = conv.convert([PdfJob(docx, pdf)])
        finally:
            if own:
                conv.close()
        if not result.ok:
            raise EcopyProblem(Text(f"Không tạo được dòng chữ ký số: {result.error}",
                                    f"Could not set the signature text: {result.error_en}"))
        stamp_page = PdfReader(pdf).pages[0]
        writer = PdfWriter(clone_from=reader)
        strip_active(writer)  # no script, launch action or embedded file in what we write
        writer.pages[0].merge_page(stamp_page)
        writer.pdf_header = max(writer.pdf_header, "%PDF-1.4")  # spec §7: PDF 1.4 or later
        meta = dict(reader.metadata or {})
        meta.update({"/Subject": text, "/Creator": "vanban"})
        writer.add_metadata(meta)
        buffer = io.BytesIO()
        writer.write(buffer)
    write_atomic(output, buffer.getvalue())
    removed = removed_warning(active)
    try:
        warnings = _image_warnings(reader)
    except Exception:  # an odd image dictionary: no advice rather than no copy
        warnings = []
    return EcopyResult(output, text, ([removed] if removed else []) + warnings)

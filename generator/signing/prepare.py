"""``build --prepare-sign``: empty named fields where the decree puts the signatures.

The leader's signature field covers the room between the title lines and the name; the
office's covers the signature column around it (the seal, at its real size, is placed
inside it when the office signs); a draft gets text fields over its number and day slots,
which the office fills when it issues the document. The PDF is rewritten whole (it is not
signed yet) with pypdf, keeping its document ID, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from ..files import write_atomic
from .errors import SigningError, error
from .layout import (
    FIELD_DATE,
    FIELD_LEADER,
    FIELD_NUMBER,
    FIELD_OFFICE,
    Box,
    read_anchors,
)

_PRINT = 4  # annotation flag: printed


def _appearance(writer: PdfWriter, box: Box) -> DictionaryObject:
    """An empty appearance (PDF/A wants one on every widget)."""
    stream = StreamObject()
    stream.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0),
                                          FloatObject(round(box.width, 2)),
                                          FloatObject(round(box.height, 2))]),
        NameObject("/Resources"): DictionaryObject(),
    })
    stream.set_data(b"")
    return DictionaryObject({NameObject("/N"): writer._add_object(stream)})  # noqa: SLF001


def _field(writer: PdfWriter, name: str, kind: str, box: Box, extra: dict) -> None:
    page = writer.pages[box.page]
    field = DictionaryObject({
        NameObject("/FT"): NameObject(kind),
        NameObject("/T"): TextStringObject(name),
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/F"): NumberObject(_PRINT),
        NameObject("/Rect"): ArrayObject([FloatObject(v) for v in box.rect()]),
        NameObject("/P"): page.indirect_reference,
        **{NameObject(k): v for k, v in extra.items()},
    })
    field[NameObject("/AP")] = _appearance(writer, box)
    ref = writer._add_object(field)  # noqa: SLF001
    annots = page.get("/Annots")
    if annots is None:
        page[NameObject("/Annots")] = ArrayObject([ref])
    else:
        annots.get_object().append(ref)
    form = writer.root_object.get("/AcroForm")
    if form is None:
        form = DictionaryObject({
            NameObject("/Fields"): ArrayObject(),
            # Text fields take Helvetica only in a viewer that edits them; vanban fills
            # them with its own embedded Times appearance (generator.signing.sign).
            NameObject("/DA"): TextStringObject("/Helv 0 Tf 0 g"),
            NameObject("/DR"): DictionaryObject({NameObject("/Font"): DictionaryObject({
                NameObject("/Helv"): DictionaryObject({
                    NameObject("/Type"): NameObject("/Font"),
                    NameObject("/Subtype"): NameObject("/Type1"),
                    NameObject("/BaseFont"): NameObject("/Helvetica"),
                    NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                })})}),
        })
        writer.root_object[NameObject("/AcroForm")] = writer._add_object(form)  # noqa: SLF001
    form.get_object()["/Fields"].append(ref)


def prepare_pdf_bytes(data: bytes, source: Path | None = None) -> tuple[bytes, list[str]]:
    """The PDF with its signature (and, for a draft, number and date) fields; the names."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise error("Tệp PDF đã mã hóa; không chuẩn bị được chỗ ký.",
                        "The PDF is encrypted; cannot prepare signature fields.")
        anchors = read_anchors(reader)
    except PdfReadError as exc:
        raise error(f"Không đọc được tệp PDF {source or ''}: {exc}",
                    f"Cannot read the PDF {source or ''}: {exc}", unreadable=True) from exc
    if anchors.signature is None:
        raise error(
            "PDF không có điểm neo chỗ ký (vb_chu_ky): chỉ PDF do vanban build tạo mới chuẩn "
            "bị được chỗ ký.",
            "The PDF has no signature anchor (vb_chu_ky): only PDFs made by vanban build "
            "can be prepared for signing.")
    writer = PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    if "/AcroForm" in writer.root_object:
        raise error("PDF đã có biểu mẫu (AcroForm); không chuẩn bị lại.",
                    "The PDF already has a form (AcroForm); not prepared again.")
    names = []
    _field(writer, FIELD_LEADER, "/Sig", anchors.signature, {})
    names.append(FIELD_LEADER)
    seal = anchors.seal_field
    assert seal is not None
    _field(writer, FIELD_OFFICE, "/Sig", seal, {})
    names.append(FIELD_OFFICE)
    for name, box in ((FIELD_NUMBER, anchors.number), (FIELD_DATE, anchors.date)):
        if box is not None:
            _field(writer, name, "/Tx", box, {"/DA": TextStringObject("/Helv 0 Tf 0 g")})
            names.append(name)
    trailer_id = reader.trailer.get("/ID")
    if trailer_id is not None:
        writer._ID = trailer_id  # noqa: SLF001 - keep the finished PDF's derived ID
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), names


def prepare_pdf(path: Path, output: Path | None = None) -> list[str]:
    """Prepare ``path`` (in place unless ``output``), written atomically; the field names."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise error(f"Không đọc được {path}: {exc.strerror}",
                    f"Cannot read {path}: {exc.strerror}", unreadable=True) from exc
    prepared, names = prepare_pdf_bytes(data, path)
    write_atomic(output or path, prepared)
    return names


__all__ = ["SigningError", "prepare_pdf", "prepare_pdf_bytes"]

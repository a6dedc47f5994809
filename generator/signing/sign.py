"""The signatures of spec §7: the leader's, the office's (seal), and the office's text stamp.

Every signature is a PAdES signature (baseline B-B; B-T with a timestamp server; B-LT with
revocation data embedded) added as an incremental update, so earlier signatures stay
valid. The leader certifies the document with the permission to fill forms and sign
(DocMDP level 2): the office's number, date and signature are then permitted changes.
The input file is never touched; the output is written atomically.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pyhanko.pdf_utils import layout as hlayout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as HankoSigningError
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.stamp import StaticStampStyle, TextStampStyle

from .. import nd30
from ..files import write_atomic
from ..fonts import font_path
from ..vietnamese import signing_time
from .errors import SigningError, error
from .keys import VIETNAM, KeySpec, open_signer
from .layout import FIELD_DATE, FIELD_LEADER, FIELD_NUMBER, FIELD_OFFICE, PT_PER_MM, Box, fit
from .layout import seal_box as place_seal

LEADER, OFFICE = "người có thẩm quyền", "cơ quan"


@dataclass(frozen=True)
class Level:
    """PAdES baseline level: B-B always; a timestamp URL makes it B-T; ``lt`` B-LT."""

    timestamp_url: str | None = None
    lt: bool = False
    trust: tuple[Path, ...] = ()  # roots used to collect revocation data for B-LT

    @property
    def name(self) -> str:
        if self.lt:
            return "B-LT"
        return "B-T" if self.timestamp_url else "B-B"


def now() -> dt.datetime:
    return dt.datetime.now(VIETNAM).replace(microsecond=0)


# --- input checks ------------------------------------------------------------------------------


def read_pdf(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise error(f"Không đọc được {path}: {exc.strerror}.", f"Cannot read {path}: "
                    f"{exc.strerror}.", unreadable=True) from exc


class _Writer(IncrementalPdfFileWriter):
    """pyHanko's incremental writer, with the XMP producer kept equal to the Info one.

    pyHanko appends itself to the Info /Producer but writes only its own name into the XMP
    pdf:Producer; PDF/A wants the two to agree, so the XMP takes the Info value. The
    modification date is the signing time (``--time``), not the clock."""

    moment: dt.datetime | None = None

    def _update_meta(self) -> None:
        super()._update_meta()
        from pyhanko.pdf_utils import generic
        from pyhanko.pdf_utils.metadata import model
        from pyhanko.pdf_utils.metadata.xmp_xml import MetadataStream

        info = self._info.get_object() if self._info is not None else None
        if info is not None and self.moment is not None and "/ModDate" in info:
            info["/ModDate"] = generic.pdf_date(self.moment)
            self.update_container(info)
        stream = self.root.get("/Metadata") if "/Metadata" in self.root else None
        stream = stream.get_object() if stream is not None else None
        if info is None or "/Producer" not in info or not isinstance(stream, MetadataStream):
            return
        fields = {k: v for root in stream.xmp for k, v in root}
        fields[model.PDF_PRODUCER] = model.XmpValue(str(info["/Producer"]))
        if self.moment is not None:
            fields[model.XMP_MODDATE] = model.XmpValue(self.moment.isoformat())
        stream._xmp = [model.XmpStructure(fields)]  # noqa: SLF001 - no public setter
        stream._reserialise()  # noqa: SLF001
        stream._encoded_data = None  # noqa: SLF001
        self.update_container(stream)


def open_writer(data: bytes, path: Path) -> IncrementalPdfFileWriter:
    """An incremental writer over ``data``; refuses encrypted and "no changes" PDFs."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise error(f"{path} không phải tệp PDF đọc được ({exc}).",
                    f"{path} is not a readable PDF ({exc}).", unreadable=True) from None
    if reader.encrypted:
        raise error(f"{path} là PDF đã mã hóa: hãy dùng bản không mã hóa để ký số.",
                    f"{path} is an encrypted PDF: sign an unencrypted copy.")
    perms = reader.root.get("/Perms")
    if perms is not None and "/DocMDP" in perms:
        for ref in perms["/DocMDP"].get("/Reference", []):
            params = ref.get("/TransformParams", {})
            if int(params.get("/P", 2)) == 1:
                raise error(f"{path} đã được chứng thực “không cho phép thay đổi”: không thể "
                            "ký thêm.",
                            f"{path} is certified with \"no changes allowed\": it cannot be "
                            "signed again.")
    _refuse_active(data, path)
    return _Writer(io.BytesIO(data), strict=False)


def _refuse_active(data: bytes, path: Path) -> None:
    """A PDF carrying JavaScript, launch actions, embedded files … is not signed: an
    incremental signature keeps everything of the input, so the signed PDF vanban writes
    would carry them (generator/pdfinput.py finds them wherever they are). Stripping them
    first would sign a document other than the one the signer read."""
    from pypdf import PdfReader

    from ..pdfinput import active_content

    try:
        found = active_content(PdfReader(io.BytesIO(data), strict=False))
    except Exception:  # noqa: BLE001 - pyHanko has read it; a reading fault is pyHanko's to say
        return
    if found:
        vi = ", ".join(t.vi for t in found)
        en = ", ".join(t.en for t in found)
        raise error(f"{path} chứa nội dung chủ động ({vi}); vanban không ký số tệp mang mã "
                    "lệnh hay tệp nhúng — chữ ký sẽ bảo chứng cho cả chúng. Hãy ký bản không "
                    "có các nội dung này (ví dụ bản do «vanban build» tạo).",
                    f"{path} carries active content ({en}); vanban does not sign a file "
                    "carrying scripts or embedded files — the signature would vouch for them "
                    "too. Sign a copy without them (e.g. the one «vanban build» writes).")


def load_image(path: Path, what: str):  # noqa: ANN201 - a PIL image
    """A PNG with a transparent background (spec §7), or a clear refusal."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(path)
        image.load()
    except FileNotFoundError:
        raise error(f"Không tìm thấy ảnh {what} {path}.",
                    f"Image of the {what} not found: {path}.") from None
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise error(f"{path} không phải tệp ảnh: ảnh {what} phải là PNG nền trong suốt.",
                    f"{path} is not an image: the {what} image must be a PNG with a "
                    "transparent background.") from None
    if image.format != "PNG":
        raise error(f"Ảnh {what} {path} là {image.format}, phải là PNG nền trong suốt.",
                    f"The {what} image {path} is {image.format}; it must be a transparent "
                    "PNG.")
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode not in ("RGBA", "LA") or image.getchannel("A").getextrema()[0] == 255:
        raise error(f"Ảnh {what} {path} không có nền trong suốt (Nghị định 30: PNG nền trong "
                    "suốt).",
                    f"The {what} image {path} has no transparent background (Decree 30: a "
                    "PNG with a transparent background).")
    return image


def _image_content(image, width: float, height: float) -> PdfImage:  # noqa: ANN001
    return PdfImage(image, box=hlayout.BoxConstraints(width=width, height=height))


def _form_field(writer: IncrementalPdfFileWriter, name: str):  # noqa: ANN202
    """The top-level form field ``name`` (a prepared field is its own widget), or None."""
    try:
        form_fields = writer.root["/AcroForm"]["/Fields"]
    except KeyError:
        return None
    for ref in form_fields:
        item = ref.get_object()
        if str(item.get("/T")) == name:
            return item
    return None


def _field_box(writer: IncrementalPdfFileWriter, name: str) -> Box | None:
    """The rectangle and page of a prepared field, if the PDF has it."""
    item = _form_field(writer, name)
    if item is None or "/Rect" not in item:
        return None
    pages = [p.idnum for p in (writer.find_page_for_modification(i)[0]
                               for i in range(int(writer.root["/Pages"]["/Count"])))]
    x0, y0, x1, y1 = (float(v) for v in item["/Rect"])
    page_ref = item.raw_get("/P") if "/P" in item else None
    page = pages.index(page_ref.idnum) if page_ref is not None else 0
    return Box(page, min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


# --- signing ---------------------------------------------------------------------------------


def _timestamper(level: Level):  # noqa: ANN202
    if not level.timestamp_url:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(level.timestamp_url, timeout=20)


def _validation_context(level: Level):  # noqa: ANN202
    if not level.lt:
        return None
    from pyhanko_certvalidator import ValidationContext

    from .verify import load_roots

    return ValidationContext(trust_roots=load_roots(level.trust), allow_fetching=True)


async def _sign_async(writer: IncrementalPdfFileWriter, signer: signers.PdfSigner,
                      when: dt.datetime) -> io.BytesIO:
    """pyHanko's sign_pdf with the signing time given (``--time`` in tests)."""
    session = signer.init_signing_session(writer, existing_fields_only=False)
    session.system_time = when
    info = await session.perform_presign_validation(writer)
    reserved = await session.estimate_signature_container_size(info, tight=False)
    tbs = session.prepare_tbs_document(validation_info=info, bytes_reserved=reserved)
    prepared, output = tbs.digest_tbs_document(output=io.BytesIO())
    post = await tbs.perform_signature(
        document_digest=prepared.document_digest,
        pdf_cms_signed_attrs=PdfCMSSignedAttributes(
            signing_time=when,
            adobe_revinfo_attr=None if info is None else info.adobe_revinfo_attr))
    await post.post_signature_processing(output)
    return output


def _sign(data: bytes, path: Path, output: Path, key: KeySpec, who: str, field: str,
          when: dt.datetime | None, level: Level, *, certify: bool,
          style: Callable[[IncrementalPdfFileWriter, Box | None], object],
          before: Callable[[IncrementalPdfFileWriter], None] | None = None) -> dt.datetime:
    when = (when or now()).astimezone(VIETNAM)
    writer = open_writer(data, path)
    writer.moment = when  # type: ignore[attr-defined]
    if _field_signed(writer, field):
        raise error(f"{path}: chỗ ký {field} đã có chữ ký; không ký đè.",
                    f"{path}: the field {field} is already signed; not signed over.")
    box = _field_box(writer, field)
    stamp_style = style(writer, box)
    with open_signer(key, when, who) as signer:
        if before is not None:
            before(writer)
        pdf_signer = signers.PdfSigner(_meta(field, level, certify=certify), signer,
                                       timestamper=_timestamper(level),
                                       stamp_style=stamp_style)  # type: ignore[arg-type]
        try:
            out = asyncio.run(_sign_async(writer, pdf_signer, when))
        except HankoSigningError as exc:
            if level.lt:
                raise error(f"Không ký được {path} ở mức B-LT: không kiểm tra được chuỗi chứng "
                            "thư và thông tin thu hồi (cho --trust chứng thư gốc; máy chủ "
                            f"OCSP/CRL phải truy cập được). Chi tiết: {exc}",
                            f"Could not sign {path} at level B-LT: the chain and revocation "
                            "could not be checked (give --trust with the root; the OCSP/CRL "
                            f"servers must be reachable). Detail: {exc}") from None
            raise error(f"Không ký được {path}: {exc}", f"Could not sign {path}: {exc}") from None
        except PdfError as exc:
            raise error(f"Không ký được {path}: {exc}", f"Could not sign {path}: {exc}") from None
        except OSError as exc:  # the timestamp server
            raise error(f"Không lấy được dấu thời gian từ {level.timestamp_url}: {exc}",
                        f"No timestamp from {level.timestamp_url}: {exc}") from None
    write_atomic(output, out.getvalue())
    return when


def _blank_style() -> StaticStampStyle:
    return StaticStampStyle(border_width=0)


def leader_style(path: Path, image: Path | None) -> Callable[[IncrementalPdfFileWriter,
                                                             Box | None], object]:
    """The appearance of the competent person's signature: the image (checked now) centred
    in the prepared box, or nothing (an invisible signature) without image."""
    picture = load_image(image, "chữ ký") if image is not None else None

    def style(writer: IncrementalPdfFileWriter, box: Box | None) -> object:
        if picture is None:
            return _blank_style()
        if box is None:
            raise error(f"{path} chưa có chỗ ký: dựng PDF bằng “vanban build --prepare-sign” "
                        "để đặt ảnh chữ ký đúng vị trí.",
                        f"{path} has no signature field: build it with 'vanban build "
                        "--prepare-sign' to place the signature image.")
        placed = fit(box, *picture.size)
        return StaticStampStyle(
            border_width=0, background_opacity=1.0,
            background=_image_content(picture, placed.width, placed.height),
            background_layout=hlayout.SimpleBoxLayoutRule(
                x_align=hlayout.AxisAlignment.ALIGN_MID, y_align=hlayout.AxisAlignment.ALIGN_MID,
                margins=hlayout.Margins(), inner_content_scaling=hlayout.InnerScaling.NO_SCALING))

    return style


def leader_meta(level: Level) -> signers.PdfSignatureMetadata:
    return _meta(FIELD_LEADER, level, certify=True)


def _meta(field: str, level: Level, *, certify: bool) -> signers.PdfSignatureMetadata:
    return signers.PdfSignatureMetadata(
        field_name=field, certify=certify, docmdp_permissions=fields.MDPPerm.FILL_FORMS,
        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        embed_validation_info=level.lt, validation_context=_validation_context(level),
        use_pades_lta=False)


def sign_pdf(path: Path, output: Path, key: KeySpec, *, image: Path | None = None,
             when: dt.datetime | None = None, level: Level = Level()) -> dt.datetime:
    """The competent person's signature (ô 7c): the image centred in the prepared box, or an
    invisible signature without image. Certifies the document (forms and signing allowed).
    """
    data = read_pdf(path)
    return _sign(data, path, output, key, LEADER, FIELD_LEADER, when, level, certify=True,
                 style=leader_style(path, image))


def _leader_image_box(writer: IncrementalPdfFileWriter, leader: Box) -> Box:
    """Where the leader's signature image is: its pixel size read from the signature's
    appearance, fitted into the leader's field as ``sign_pdf`` did. Without image: the box
    of a 2:1 image (where a handwritten signature would be)."""
    item = _form_field(writer, FIELD_LEADER)
    try:
        appearance = item["/AP"]["/N"] if item is not None else None
    except KeyError:
        appearance = None
    size = _first_image_size(appearance, depth=0) if appearance is not None else None
    return fit(leader, *size) if size is not None else fit(leader, 2, 1)


def _first_image_size(xobject, depth: int) -> tuple[int, int] | None:  # noqa: ANN001
    if depth > 5:
        return None
    resources = xobject.get("/Resources", {})
    for ref in resources.get("/XObject", {}).values():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            return int(obj["/Width"]), int(obj["/Height"])
        if obj.get("/Subtype") == "/Form":
            found = _first_image_size(obj, depth + 1)
            if found:
                return found
    return None


def stamp_font(italic: bool = False) -> str:
    """Liberation Serif (Times New Roman's metrics) rescaled to 1000 units per em.

    pyHanko 0.38 writes a subset font's /W widths in the font's own units; PDF wants
    thousandths of an em, so a 2048-unit font would be drawn with doubled spacing. The
    rescaled copy is made once, beside the other temporary files, and reused."""
    import hashlib
    import tempfile

    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    source = font_path(italic=italic)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / "vanban-fonts" / f"{source.stem}-1000-{digest}.ttf"
    if not target.is_file():
        font = TTFont(source)
        if font["head"].unitsPerEm != 1000:
            scale_upem(font, 1000)
        buffer = io.BytesIO()
        font.save(buffer)
        write_atomic(target, buffer.getvalue())
    return str(target)


def _fill_text(writer: IncrementalPdfFileWriter, name: str, text: str, size: float,
               italic: bool) -> None:
    """The text in Times New Roman, centred in the field, smaller if the slot is narrow."""
    from pyhanko.pdf_utils.form_tools import populate_static_text_field

    from ..fonts import text_width_pt

    box = _field_box(writer, name)
    assert box is not None
    fitted = min(float(size), box.width / max(text_width_pt(text, 1), 0.01))
    style = TextBoxStyle(font=GlyphAccumulatorFactory(stamp_font(italic), font_size=fitted),
                         font_size=fitted, text_color=(0, 0, 0),
                         box_layout_rule=hlayout.SimpleBoxLayoutRule(
                             x_align=hlayout.AxisAlignment.ALIGN_MID,
                             y_align=hlayout.AxisAlignment.ALIGN_MID,
                             inner_content_scaling=hlayout.InnerScaling.NO_SCALING))
    try:
        populate_static_text_field(writer, name, style, text)
    except PdfError as exc:
        raise error(f"Không điền được trường {name}: {exc}",
                    f"Could not fill the field {name}: {exc}") from None


def _field_signed(writer: IncrementalPdfFileWriter, name: str) -> bool:
    field = _form_field(writer, name)
    return field is not None and field.get("/V") is not None


def _require_leader(writer: IncrementalPdfFileWriter, path: Path) -> None:
    """The office signs after the competent person (Điều 5; PL I II.8)."""
    if _field_box(writer, FIELD_LEADER) is not None and not _field_signed(writer, FIELD_LEADER):
        raise error(f"{path}: người có thẩm quyền chưa ký (ChuKyLanhDao trống); cơ quan ký "
                    "sau người có thẩm quyền.",
                    f"{path}: the competent person has not signed yet (ChuKyLanhDao is "
                    "empty); the office signs after them.")


def seal_pdf(path: Path, output: Path, key: KeySpec, *, seal: Path | None,
             diameter_mm: float, number: str | None = None, day: str | None = None,
             when: dt.datetime | None = None, level: Level = Level()) -> dt.datetime:
    """The văn thư issues the document (ô 8): the number and the day go into the draft's
    fields, then the office signs with the seal at its real size over the left third of the
    leader's signature image — one incremental update, the leader's signature stays valid.
    """
    data = read_pdf(path)
    picture = load_image(seal, "con dấu") if seal is not None else None

    def style(writer: IncrementalPdfFileWriter, box: Box | None) -> object:
        _require_leader(writer, path)
        if picture is None:
            return _blank_style()
        leader = _field_box(writer, FIELD_LEADER)
        if box is None or leader is None:
            raise error(f"{path} chưa có chỗ ký của cơ quan (ChuKyCoQuan): dựng PDF bằng "
                        "“vanban build --prepare-sign”.",
                        f"{path} has no office signature field (ChuKyCoQuan): build it with "
                        "'vanban build --prepare-sign'.")
        placed = place_seal(box, _leader_image_box(writer, leader), diameter_mm)
        return StaticStampStyle(
            border_width=0, background_opacity=1.0,
            background=_image_content(picture, placed.width, placed.height),
            background_layout=hlayout.SimpleBoxLayoutRule(
                x_align=hlayout.AxisAlignment.ALIGN_MIN, y_align=hlayout.AxisAlignment.ALIGN_MIN,
                margins=hlayout.Margins(left=placed.x0 - box.x0, bottom=placed.y0 - box.y0),
                inner_content_scaling=hlayout.InnerScaling.NO_SCALING))

    def fill(writer: IncrementalPdfFileWriter) -> None:
        for name, value, size, italic in (
                (FIELD_NUMBER, number, nd30.DEFAULT_SIZES.so_ky_hieu, False),
                (FIELD_DATE, day, nd30.DEFAULT_SIZES.dia_danh, True)):  # ô 4 is italic
            if value is None:
                continue
            if _field_box(writer, name) is None:
                raise error(f"{path} không có ô {name} để điền (chỉ dự thảo có "
                            "chua_cap_so: true mới có).",
                            f"{path} has no field {name} to fill (only drafts with "
                            "chua_cap_so: true have one).")
            _fill_text(writer, name, value, size, italic)

    return _sign(data, path, output, key, OFFICE, FIELD_OFFICE, when, level, certify=False,
                 style=style, before=fill)


def stamp_text_style(text: str) -> TextStampStyle:
    """Times New Roman 10 pt, black, upright, no border (spec §7)."""
    size = nd30.OFFICE_SIGNATURE_TEXT_PT
    return TextStampStyle(
        stamp_text=text, border_width=0, background=None,
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(stamp_font(), font_size=size),
                                    font_size=size, text_color=(0, 0, 0)),
        inner_content_layout=hlayout.SimpleBoxLayoutRule(
            x_align=hlayout.AxisAlignment.ALIGN_MAX, y_align=hlayout.AxisAlignment.ALIGN_MAX,
            margins=hlayout.Margins(), inner_content_scaling=hlayout.InnerScaling.NO_SCALING))


STAMP_MARGIN_MM = 5  # [interpretation] as generator.pdf.ecopy: in the top and right margin


def sign_office_text(path: Path, output: Path, key: KeySpec, *, parts: Sequence[str],
                     when: dt.datetime | None = None, level: Level = Level()) -> str:
    """An attachment in its own file or an electronic copy: the office signs with no image
    and, at the top right of page 1, ``parts; 08/12/2017 09:15:30 +07:00`` in Times 10 pt black.
    Returns the stamp text."""
    data = read_pdf(path)
    when = (when or now()).astimezone(VIETNAM)
    text = "; ".join([*parts, signing_time(when)])

    def new_field(writer: IncrementalPdfFileWriter) -> None:
        from ..fonts import text_width_pt

        page = writer.find_page_for_modification(0)[0].get_object()
        x0, y0, x1, y1 = (float(v) for v in page["/MediaBox"])
        size = nd30.OFFICE_SIGNATURE_TEXT_PT
        width = text_width_pt(text, size) + 6
        margin = STAMP_MARGIN_MM * PT_PER_MM
        height = size * 1.6
        spec = fields.SigFieldSpec(FIELD_OFFICE, on_page=0, box=(
            round(x1 - margin - width, 2), round(y1 - margin - height, 2),
            round(x1 - margin, 2), round(y1 - margin, 2)))
        fields.append_signature_field(writer, spec)

    def style(writer: IncrementalPdfFileWriter, box: Box | None) -> object:
        if box is not None:
            raise error(f"{path} đã có chữ ký cơ quan (ChuKyCoQuan).",
                        f"{path} already has an office signature field (ChuKyCoQuan).")
        new_field(writer)
        return stamp_text_style(text.replace("%", "%%"))

    _sign(data, path, output, key, OFFICE, FIELD_OFFICE, when, level, certify=False,
          style=style)
    return text


__all__ = ["Level", "SigningError", "load_image", "seal_pdf", "sign_office_text", "sign_pdf"]

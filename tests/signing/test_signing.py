"""Ký số end to end: prepared fields from the layout, the leader's and the office's
signatures, verification, tampering, and the faults users meet (spec §7)."""

from __future__ import annotations

import hashlib
import io
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream

from generator.cli import main
from generator.signing.keys import KeySpec
from generator.signing.layout import PT_PER_MM
from generator.signing.prepare import prepare_pdf_bytes
from generator.signing.sign import seal_pdf, sign_pdf

from .conftest import PIN_LEADER, PIN_OFFICE, words

SEAL_MM = 36


def _mul(a: list[float], b: list[float]) -> list[float]:
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def _images(xobj, ctm: list[float], reader: PdfReader, found: list) -> None:  # noqa: ANN001
    """Image placements (x0, y0, x1, y1 in page space) inside a form XObject."""
    ctm = _mul([float(v) for v in xobj.get("/Matrix", [1, 0, 0, 1, 0, 0])], ctm)
    stack, current = [], ctm
    resources = xobj.get("/Resources", {})
    for operands, op in ContentStream(xobj, reader).operations:
        if op == b"q":
            stack.append(current)
        elif op == b"Q":
            current = stack.pop()
        elif op == b"cm":
            current = _mul([float(v) for v in operands], current)
        elif op == b"Do":
            target = resources["/XObject"][operands[0]].get_object()
            if target.get("/Subtype") == "/Image":
                x0, y0 = current[4], current[5]
                found.append((x0, y0, x0 + current[0], y0 + current[3]))
            else:
                _images(target, current, reader, found)


def widget_images(pdf: Path, field: str) -> list[tuple[float, float, float, float]]:
    reader = PdfReader(pdf)
    for page in reader.pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/T") != field:
                continue
            x0, y0 = (float(v) for v in annot["/Rect"][:2])
            found: list = []
            _images(annot["/AP"]["/N"].get_object(), [1, 0, 0, 1, x0, y0], reader, found)
            return found
    return []


def _leader(pki) -> KeySpec:  # noqa: ANN001
    return KeySpec(p12=pki.path("gd.p12"), pin=PIN_LEADER)


def _office(pki) -> KeySpec:  # noqa: ANN001
    return KeySpec(p12=pki.path("cq.p12"), pin=PIN_OFFICE)


@pytest.fixture(scope="module")
def issued(prepared, pki, tmp_path_factory) -> dict[str, Path]:  # noqa: ANN001
    tmp = tmp_path_factory.mktemp("issued")
    signed = tmp / "signed.pdf"
    sign_pdf(prepared["draft"], signed, _leader(pki), image=pki.path("gd.png"))
    sealed = tmp / "sealed.pdf"
    seal_pdf(signed, sealed, _office(pki), seal=pki.path("dau.png"), diameter_mm=SEAL_MM,
             number="05", day="07")
    return {"signed": signed, "sealed": sealed}


# --- priority 0: prepared PDFs ----------------------------------------------------------------


def test_prepared_fields_sit_where_the_layout_put_them(prepared) -> None:  # noqa: ANN001
    reader = PdfReader(prepared["draft"])
    fields = reader.get_fields()
    assert set(fields) == {"ChuKyLanhDao", "ChuKyCoQuan", "SoVanBan", "NgayBanHanh"}
    assert set(PdfReader(prepared["letter"]).get_fields()) == {"ChuKyLanhDao", "ChuKyCoQuan"}
    rects = {}
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            rects[annot["/T"]] = (number + 1, [float(v) for v in annot["/Rect"]])
    page_no, (x0, y0, x1, y1) = rects["ChuKyLanhDao"]
    height = float(reader.pages[page_no - 1].mediabox.height)
    text = words(prepared["draft"], page_no)
    title_bottom = max(w[4] for w in text if w[0] == "PHÒNG")  # PHÓ CHÁNH VĂN PHÒNG
    name_top = min(w[2] for w in text if w[0] == "Nguyễn" and w[1] > 300)
    # the box fills the room between the title lines and the name (±2 pt)
    assert abs((height - y1) - title_bottom) < 2.5
    assert abs((height - y0) - name_top) < 2.5
    name = [w for w in text if w[0] in ("Nguyễn", "Văn", "A") and w[1] > 300]
    name_centre = (min(w[1] for w in name) + max(w[3] for w in name)) / 2
    assert abs((x0 + x1) / 2 - name_centre) < 2
    # the number slot is right after "Số:" on page 1
    page_no, (nx0, ny0, nx1, ny1) = rects["SoVanBan"]
    so = [w for w in words(prepared["draft"], 1) if w[0] == "Số:"][0]
    assert page_no == 1 and abs(nx0 - so[3]) < 6
    assert abs((841.89 - ny1) - so[2]) < 3


def test_prepare_is_deterministic_and_refuses_twice(prepared) -> None:  # noqa: ANN001
    data = prepared["draft"].read_bytes()
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    del writer.root_object["/AcroForm"]
    for page in writer.pages:
        if "/Annots" in page:
            del page["/Annots"]
    raw = io.BytesIO()
    writer.write(raw)
    one, _ = prepare_pdf_bytes(raw.getvalue())
    two, _ = prepare_pdf_bytes(raw.getvalue())
    assert one == two
    from generator.signing.errors import SigningError

    with pytest.raises(SigningError, match="AcroForm"):
        prepare_pdf_bytes(data)


# --- priorities 1–3: sign, seal, verify ------------------------------------------------------


def test_leader_image_centred_between_title_and_name(issued, prepared) -> None:  # noqa: ANN001
    reader = PdfReader(issued["signed"])
    box = None
    for page in reader.pages:
        for annot in page.get("/Annots", []):
            if annot.get_object()["/T"] == "ChuKyLanhDao":
                box = [float(v) for v in annot.get_object()["/Rect"]]
    assert box is not None
    (ix0, iy0, ix1, iy1), = widget_images(issued["signed"], "ChuKyLanhDao")
    assert abs((ix0 + ix1) / 2 - (box[0] + box[2]) / 2) < 0.5
    assert abs((iy0 + iy1) / 2 - (box[1] + box[3]) / 2) < 0.5
    assert iy1 - iy0 == pytest.approx(box[3] - box[1], abs=0.5)  # 600×240 px: fits the height
    assert (ix1 - ix0) / (iy1 - iy0) == pytest.approx(600 / 240, rel=0.01)


def test_seal_real_size_over_left_third(issued) -> None:  # noqa: ANN001
    (sx0, sy0, sx1, sy1), = widget_images(issued["sealed"], "ChuKyCoQuan")
    (ix0, iy0, ix1, iy1), = widget_images(issued["sealed"], "ChuKyLanhDao")
    assert sx1 - sx0 == pytest.approx(SEAL_MM * PT_PER_MM, abs=0.1)
    assert sy1 - sy0 == pytest.approx(SEAL_MM * PT_PER_MM, abs=0.1)
    assert (sx1 - ix0) / (ix1 - ix0) == pytest.approx(1 / 3, abs=0.01)
    assert (sy0 + sy1) / 2 == pytest.approx((iy0 + iy1) / 2, abs=0.5)


def test_number_and_day_filled_and_both_signatures_valid(issued, pki, capsys) -> None:  # noqa: ANN001
    import subprocess

    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(issued["sealed"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "05" in text and "07" in text
    assert unicodedata.is_normalized("NFC", text)
    assert main(["verify", str(issued["sealed"]), "--trust", str(pki.path("ca.pem"))]) == 0
    out = capsys.readouterr().out
    assert "ChuKyLanhDao" in out and "ChuKyCoQuan" in out
    assert "được ký số hợp lệ theo Nghị định 30" in out
    assert "được phép: có" in out  # the office's update after the leader: permitted


def test_verify_untrusted_missing_office_and_tampered(issued, pki, tmp_path, capsys) -> None:  # noqa: ANN001
    assert main(["verify", str(issued["sealed"]), "--trust", str(pki.path("other.pem"))]) == 1
    assert "không nối được tới chứng thư gốc" in capsys.readouterr().out
    assert main(["verify", str(issued["signed"]), "--trust", str(pki.path("ca.pem"))]) == 1
    assert "Thiếu chữ ký số của cơ quan" in capsys.readouterr().out
    data = bytearray(issued["sealed"].read_bytes())
    at = data.index(b"stream", 2000) + 20  # a byte inside the first signed revision
    data[at] ^= 0x01
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bytes(data))
    assert main(["verify", str(bad), "--trust", str(pki.path("ca.pem"))]) == 1
    assert "nội dung đã bị sửa sau khi ký" in capsys.readouterr().out
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7 garbage")
    assert main(["verify", str(garbage)]) == 2


def test_page_added_after_office_signature_reported(issued, pki, tmp_path, capsys) -> None:  # noqa: ANN001
    reader = PdfReader(issued["sealed"])
    writer = PdfWriter(reader, incremental=True)
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    added = tmp_path / "added.pdf"
    added.write_bytes(out.getvalue())
    assert main(["verify", str(added), "--trust", str(pki.path("ca.pem"))]) == 1
    assert "thêm 1 trang" in capsys.readouterr().out


def test_cli_sign_seal_with_pin_from_environment(prepared, pki, tmp_path, monkeypatch,
                                                  capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("PIN_GD", PIN_LEADER)
    monkeypatch.setenv("PIN_CQ", PIN_OFFICE)
    signed, sealed = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert main(["sign", str(prepared["letter"]), "-o", str(signed), "--p12",
                 str(pki.path("gd.p12")), "--pin-env", "PIN_GD"]) == 0  # invisible: no image
    assert widget_images(signed, "ChuKyLanhDao") == []
    assert main(["seal", str(signed), "-o", str(sealed), "--p12", str(pki.path("cq.p12")),
                 "--pin-env", "PIN_CQ", "--seal", str(pki.path("dau.png")),
                 "--duong-kinh-mm", "40"]) == 0
    out = capsys.readouterr()
    assert PIN_LEADER not in out.out + out.err and PIN_OFFICE not in out.out + out.err
    assert main(["verify", str(sealed), "--trust", str(pki.path("ca.pem"))]) == 0


# --- faults: clear message, input unchanged, nothing written ----------------------------------


@pytest.mark.parametrize(("p12", "image", "message"), [
    ("gd.p12:0000", None, "Mã PIN sai"),
    ("expired.p12", None, "đã hết hạn"),
    ("future.p12", None, "chưa có hiệu lực"),
    ("nosign.p12", None, "không được dùng để ký"),
    ("mismatch.p12", None, "không khớp với chứng thư"),
    ("gd.p12", "opaque.png", "không có nền trong suốt"),
    ("gd.p12", "fake.png", "không phải tệp ảnh"),
])
def test_faults(prepared, pki, tmp_path, monkeypatch, capsys, p12, image, message) -> None:  # noqa: ANN001
    name, _, pin = p12.partition(":")
    monkeypatch.setenv("PIN", pin or PIN_LEADER)
    before = hashlib.sha256(prepared["draft"].read_bytes()).hexdigest()
    out = tmp_path / "out.pdf"
    args = ["sign", str(prepared["draft"]), "-o", str(out), "--p12", str(pki.path(name)),
            "--pin-env", "PIN"]
    if image:
        args += ["--image", str(pki.path(image))]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert (pin or PIN_LEADER) not in err
    assert not out.exists() and not list(tmp_path.glob(".out.pdf.*"))
    assert hashlib.sha256(prepared["draft"].read_bytes()).hexdigest() == before


def test_encrypted_and_no_changes_certified(prepared, pki, tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    monkeypatch.setenv("PIN", PIN_LEADER)
    writer = PdfWriter(clone_from=PdfReader(prepared["letter"]))
    writer.encrypt("", "owner")
    encrypted = tmp_path / "enc.pdf"
    with encrypted.open("wb") as fh:
        writer.write(fh)
    assert main(["sign", str(encrypted), "-o", str(tmp_path / "x.pdf"), "--p12",
                 str(pki.path("gd.p12")), "--pin-env", "PIN"]) == 1
    assert "đã mã hóa" in capsys.readouterr().err

    import datetime as dt

    from generator.signing.keys import open_signer

    locked = tmp_path / "locked.pdf"
    with prepared["letter"].open("rb") as fh, open_signer(
            _leader(pki), dt.datetime.now(dt.UTC), "test") as signer:
        out = signers.sign_pdf(IncrementalPdfFileWriter(fh), signers.PdfSignatureMetadata(
            field_name="Khac", certify=True, docmdp_permissions=fields.MDPPerm.NO_CHANGES),
            signer=signer)
    locked.write_bytes(out.getvalue())
    assert main(["sign", str(locked), "-o", str(tmp_path / "y.pdf"), "--p12",
                 str(pki.path("gd.p12")), "--pin-env", "PIN"]) == 1
    assert "không cho phép thay đổi" in capsys.readouterr().err
    assert not (tmp_path / "y.pdf").exists()


def test_seal_refused_before_the_leader_signs(prepared, issued, pki, tmp_path) -> None:  # noqa: ANN001
    from generator.signing.errors import SigningError

    with pytest.raises(SigningError, match="ChuKyLanhDao đã có chữ ký"):
        sign_pdf(issued["signed"], tmp_path / "again.pdf", _leader(pki))

    with pytest.raises(SigningError, match="chưa ký"):
        seal_pdf(prepared["draft"], tmp_path / "x.pdf", _office(pki), seal=pki.path("dau.png"),
                 diameter_mm=SEAL_MM, number="05", day="07")
    assert not (tmp_path / "x.pdf").exists()


def test_three_incremental_signatures_validate(issued, pki, tmp_path, capsys) -> None:  # noqa: ANN001
    """A third signature (a reviewer's, in a new invisible field) after the office's."""
    import datetime as dt

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from generator.signing.keys import open_signer

    third = tmp_path / "third.pdf"
    with issued["sealed"].open("rb") as fh, open_signer(
            _leader(pki), dt.datetime.now(dt.UTC), "test") as signer:
        out = signers.sign_pdf(IncrementalPdfFileWriter(fh), signers.PdfSignatureMetadata(
            field_name="KiemTra"), signer=signer)
    third.write_bytes(out.getvalue())
    assert main(["verify", str(third), "--trust", str(pki.path("ca.pem"))]) == 0
    text = capsys.readouterr().out
    assert "Chữ ký 3 (KiemTra)" in text and text.count("Toàn vẹn: có; tin cậy: có") == 3


def test_time_option_fixes_signing_time_and_dates(prepared, pki, tmp_path) -> None:  # noqa: ANN001
    import datetime as dt

    from pyhanko.pdf_utils.reader import PdfFileReader

    from generator.signing.keys import VIETNAM

    when = dt.datetime.now(VIETNAM).replace(microsecond=0) - dt.timedelta(hours=2)
    out = tmp_path / "t.pdf"
    sign_pdf(prepared["letter"], out, _leader(pki), when=when)
    reader = PdfFileReader(out.open("rb"))
    (sig,) = reader.embedded_signatures
    assert sig.self_reported_timestamp == when
    assert str(PdfReader(out).metadata["/ModDate"]) == when.strftime("D:%Y%m%d%H%M%S+07'00'")


def test_issue_date_in_another_month_than_the_draft_refused(issued, pki, tmp_path, monkeypatch,
                                                            capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("PIN", PIN_OFFICE)
    out = tmp_path / "x.pdf"
    assert main(["seal", str(issued["signed"]), "-o", str(out), "--p12",
                 str(pki.path("cq.p12")), "--pin-env", "PIN", "--so", "5",
                 "--ngay", "2018-01-03"]) == 1
    assert "tháng 12 năm 2017" in capsys.readouterr().err and not out.exists()


def test_four_digit_number_keeps_the_size_of_its_line(prepared, pki, tmp_path) -> None:  # noqa: ANN001
    """The draft's number slot is as wide as four digits: ``1234`` is printed at the size of
    ``Số:`` (not shrunk), right after it and before ``/``."""
    signed = tmp_path / "signed.pdf"
    sign_pdf(prepared["draft"], signed, _leader(pki), image=pki.path("gd.png"))
    sealed = tmp_path / "sealed.pdf"
    seal_pdf(signed, sealed, _office(pki), seal=pki.path("dau.png"), diameter_mm=SEAL_MM,
             number="1234", day="07")
    page = words(sealed, 1)
    so = [w for w in page if w[0] == "Số:"][0]
    number = [w for w in page if w[0].startswith("1234")][0]
    height = lambda w: w[4] - w[2]  # noqa: E731
    assert abs(height(number) - height(so)) < 0.1 * height(so), (number, so)
    assert number[1] > so[3] and abs(number[2] - so[2]) < 3

"""``vanban verify``: every signature of a PDF, and whether it is a validly signed ND30 file.

For each signature: the signer, the certificate's subject and issuer, the signing time,
whether the bytes it covers are intact, whether the file was changed after it and whether
that change was permitted (pyHanko's difference analysis), and the chain against the
trusted roots given (none ship with vanban). The verdict (spec §7, Điều 5, PL I II.8): a
main document needs the competent person's signature then the office's; an attachment in
its own file or an electronic copy needs the office's.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from ..paths import os_error_text
from ..problems import Text
from .errors import error
from .keys import VIETNAM
from .layout import FIELD_LEADER, FIELD_OFFICE


def load_roots(paths: Sequence[Path]) -> list[asn1_x509.Certificate]:
    roots = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            why = os_error_text(exc)
            raise error(f"Không đọc được chứng thư gốc {path}: {why.vi}.",
                        f"Cannot read the root certificate {path}: {why.en}.") from exc
        try:
            blocks = ([der for _, _, der in pem.unarmor(data, multiple=True)]
                      if pem.detect(data) else [data])
            roots += [asn1_x509.Certificate.load(der) for der in blocks]
            for cert in roots:
                cert.native  # noqa: B018 - parse now, fail here
        except (ValueError, TypeError) as exc:
            raise error(f"{path} không phải chứng thư số (PEM/DER).",
                        f"{path} is not a certificate (PEM/DER).") from exc
    return roots


@dataclass
class SignatureReport:
    field: str
    signer: str
    subject: str
    issuer: str
    time: dt.datetime | None
    intact: bool
    valid: bool
    trusted: bool
    changed_after: bool
    permitted: bool
    pages_added: int
    revoked: bool = False
    problems: list[Text] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (self.intact and self.valid and self.trusted and self.permitted
                and not self.revoked)


@dataclass
class VerifyReport:
    path: Path
    signatures: list[SignatureReport]
    kind: str  # "main" (leader + office) or "office" (attachment, copy)
    problems: list[Text] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and all(s.ok for s in self.signatures)


def _page_count(reader: PdfFileReader) -> int:
    return int(reader.root["/Pages"]["/Count"])


def verify_pdf(path: Path, trust: Sequence[Path] = (), *, online: bool = False) -> VerifyReport:
    """Check every signature of ``path``; raises SigningError(unreadable) for a bad file.

    ``online``: also ask the certificates' OCSP responders and CRLs whether they were
    revoked (otherwise only revocation data embedded in the file, B-LT, is used)."""
    try:
        data = path.read_bytes()
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
        form = reader.root["/AcroForm"] if "/AcroForm" in reader.root else {}  # noqa: SIM401 - .get does not resolve the reference
        fields = [str(f.get_object().get("/T")) for f in form.get("/Fields", [])]
        pages_now = _page_count(reader)
    except OSError as exc:
        why = os_error_text(exc)
        raise error(f"Không đọc được {path}: {why.vi}.", f"Cannot read {path}: {why.en}.",
                    unreadable=True) from exc
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise error(f"{path} không phải tệp PDF đọc được ({exc}).",
                    f"{path} is not a readable PDF ({exc}).", unreadable=True) from None
    roots = load_roots(trust)
    kind = "main" if FIELD_LEADER in fields else "office"
    report = VerifyReport(path, [], kind)
    for sig in signatures:
        report.signatures.append(_one(sig, roots, pages_now, online))
    report.problems += _verdict(report)
    return report


def _one(sig, roots: list[asn1_x509.Certificate], pages_now: int,  # noqa: ANN001
         online: bool) -> SignatureReport:
    cert = sig.signer_cert
    subject = cert.subject.human_friendly
    try:
        common = cert.subject.native.get("common_name", subject)
    except (ValueError, TypeError):
        common = subject
    context = ValidationContext(trust_roots=roots, allow_fetching=online,
                                revocation_mode="hard-fail" if online else "soft-fail")
    try:
        status = validate_pdf_signature(sig, context)
        intact, valid, trusted = status.intact, status.valid, status.trusted
        level = status.modification_level
        docmdp_ok = bool(status.docmdp_ok)
        when = status.signer_reported_dt
        revoked = status.revocation_details is not None
    except Exception:  # a broken CMS blob: not intact, not valid
        intact = valid = trusted = docmdp_ok = revoked = False
        level, when = None, None
    changed = sig.coverage is not None and sig.coverage.name != "ENTIRE_FILE"
    try:
        pages_then = _page_count(sig.reader.get_historical_resolver(
            sig.signed_revision))  # type: ignore[arg-type]
    except Exception:
        pages_then = pages_now
    added = max(0, pages_now - pages_then)
    permitted = docmdp_ok and level in (None, ModificationLevel.NONE,
                                        ModificationLevel.LTA_UPDATES,
                                        ModificationLevel.FORM_FILLING)
    out = SignatureReport(field=sig.field_name, signer=str(common), subject=subject,
                          issuer=cert.issuer.human_friendly, time=when, intact=intact,
                          valid=valid, trusted=trusted, changed_after=changed,
                          permitted=permitted or not changed, pages_added=added,
                          revoked=revoked)
    who = f"«{out.signer}» ({out.field})"
    if not intact:
        out.problems.append(Text(
            f"Chữ ký {who}: nội dung đã bị sửa sau khi ký (băm không khớp).",
            f"Signature {who}: the content was altered after signing (digest mismatch)."))
    elif not valid:
        out.problems.append(Text(f"Chữ ký {who} không hợp lệ về mật mã.",
                                 f"Signature {who} is cryptographically invalid."))
    if revoked:
        out.problems.append(Text(f"Chữ ký {who}: chứng thư số đã bị thu hồi.",
                                 f"Signature {who}: the certificate has been revoked."))
    elif not trusted:
        out.problems.append(Text(
            f"Chữ ký {who}: chứng thư không nối được tới chứng thư gốc tin cậy nào "
            "(cho --trust hoặc tin_cay trong office.yaml).",
            f"Signature {who}: the certificate does not chain to a trusted root (give "
            "--trust or tin_cay in office.yaml)."))
    if added:
        out.problems.append(Text(f"Sau chữ ký {who} tệp đã được thêm {added} trang.",
                                 f"{added} page(s) were added after the signature {who}."))
    if changed and not out.permitted:
        out.problems.append(Text(
            f"Sau chữ ký {who} tệp đã bị thay đổi theo cách không được phép.",
            f"After the signature {who} the file was changed in a way that is not "
            "permitted."))
    return out


def _verdict(report: VerifyReport) -> list[Text]:
    sigs = report.signatures
    if not sigs:
        return [Text("Tệp không có chữ ký số nào.", "The file has no digital signature.")]
    names = [s.field for s in sigs]
    if report.kind == "main":
        if FIELD_LEADER not in names:
            return [Text("Thiếu chữ ký số của người có thẩm quyền (ChuKyLanhDao).",
                         "The competent person's signature (ChuKyLanhDao) is missing.")]
        if FIELD_OFFICE not in names:
            return [Text("Thiếu chữ ký số của cơ quan, tổ chức (ChuKyCoQuan).",
                         "The office's signature (ChuKyCoQuan) is missing.")]
        if names.index(FIELD_LEADER) > names.index(FIELD_OFFICE):
            return [Text("Cơ quan ký trước người có thẩm quyền: sai thứ tự (Nghị định 30).",
                         "The office signed before the competent person: wrong order "
                         "(Decree 30).")]
    elif FIELD_OFFICE not in names:
        return [Text("Phụ lục, tệp kèm theo hoặc bản sao điện tử phải có chữ ký số của cơ "
                     "quan, tổ chức (ChuKyCoQuan).",
                     "An attachment or electronic copy needs the office's signature "
                     "(ChuKyCoQuan).")]
    return []


def render(report: VerifyReport, lang: str) -> str:
    vi = lang != "en"
    lines = [str(report.path)]
    for i, s in enumerate(report.signatures, 1):
        when = s.time.astimezone(VIETNAM).isoformat() if s.time else "?"
        yes, no = ("có", "không") if vi else ("yes", "no")
        if vi:
            lines += [f"  Chữ ký {i} ({s.field}): {s.signer}",
                      f"    Chủ thể: {s.subject}", f"    Cấp bởi: {s.issuer}",
                      f"    Thời gian ký: {when}",
                      f"    Toàn vẹn: {yes if s.intact else no}; tin cậy: "
                      f"{yes if s.trusted else no}; sửa đổi sau khi ký: "
                      f"{yes if s.changed_after else no}"
                      + (f" (được phép: {yes if s.permitted else no})" if s.changed_after
                         else "")]
        else:
            lines += [f"  Signature {i} ({s.field}): {s.signer}",
                      f"    Subject: {s.subject}", f"    Issuer: {s.issuer}",
                      f"    Signed at: {when}",
                      f"    Intact: {yes if s.intact else no}; trusted: "
                      f"{yes if s.trusted else no}; changed after signing: "
                      f"{yes if s.changed_after else no}"
                      + (f" (permitted: {yes if s.permitted else no})" if s.changed_after
                         else "")]
        lines += ["    " + p(lang) for p in s.problems]
    lines += ["  " + p(lang) for p in report.problems]
    kind = {"main": ("văn bản chính", "main document"),
            "office": ("phụ lục/tệp kèm theo/bản sao", "attachment/copy")}[report.kind]
    if report.ok:
        lines.append(f"  KẾT LUẬN: {kind[0]} được ký số hợp lệ theo Nghị định 30." if vi else
                     f"  VERDICT: a validly signed {kind[1]} under Decree 30.")
    else:
        lines.append(f"  KẾT LUẬN: {kind[0]} CHƯA được ký số hợp lệ theo Nghị định 30." if vi
                     else f"  VERDICT: NOT a validly signed {kind[1]} under Decree 30.")
    return "\n".join(lines)

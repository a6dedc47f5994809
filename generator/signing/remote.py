"""Remote signing in two steps (the SmartCA/MySign pattern): the hash goes out, the
signature comes back later.

``start_remote`` prepares the competent person's signature (field, image, signed
attributes) and asks the provider to sign the hash of the signed attributes; it writes a
pending folder (the PDF with room for the signature and a JSON state). ``finish_remote``
collects the signature from the provider and writes the signed PDF. A provider plug-in
implements :class:`RemoteProvider`; :class:`LocalKeyProvider` signs with a local PKCS#12
key, so the whole flow runs and is tested here.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import io
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign import signers
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko_certvalidator.registry import SimpleCertificateStore

from ..files import write_atomic
from .errors import error
from .keys import VIETNAM, check_certificate
from .layout import FIELD_LEADER
from .sign import LEADER, Level, _field_box, leader_meta, leader_style, now, open_writer, read_pdf

STATE = "state.json"
PENDING_PDF = "pending.pdf"


class RemoteProvider(Protocol):
    """What a remote signing service plug-in offers."""

    def certificates(self) -> list[bytes]:
        """The signer's certificate (DER) first, then its chain."""

    def request(self, digest: bytes, algorithm: str) -> str:
        """Send the hash out (``algorithm``: sha256); return the transaction id."""

    def fetch(self, transaction: str) -> bytes | None:
        """The raw signature value, or None while the signer has not approved yet."""


@dataclass
class LocalKeyProvider:
    """A provider that signs at once with a local PKCS#12 key (RSA PKCS#1 v1.5).

    ``store``: a folder where the signature waits between the two steps (so they can run in
    two processes, as with a real service); without it, in memory."""

    p12: Path
    pin: str | None = field(default=None, repr=False)
    store: Path | None = None
    _done: dict[str, bytes] = field(default_factory=dict, repr=False)

    def _load(self):  # noqa: ANN202
        try:
            return pkcs12.load_key_and_certificates(
                self.p12.read_bytes(), self.pin.encode() if self.pin is not None else None)
        except ValueError:
            raise error(f"Mã PIN sai hoặc tệp {self.p12} không phải tệp khóa PKCS#12.",
                        f"Wrong PIN, or {self.p12} is not a PKCS#12 key file.") from None

    def certificates(self) -> list[bytes]:
        _, cert, extra = self._load()
        assert cert is not None
        der = serialization.Encoding.DER
        return [cert.public_bytes(der), *(c.public_bytes(der) for c in extra)]

    def request(self, digest: bytes, algorithm: str) -> str:
        key, _, _ = self._load()
        assert algorithm == "sha256"
        transaction = uuid.uuid4().hex
        value = key.sign(digest, padding.PKCS1v15(),  # type: ignore[union-attr]
                         Prehashed(hashes.SHA256()))
        self._done[transaction] = value
        if self.store is not None:
            write_atomic(self.store / f"{transaction}.sig", value)
        return transaction

    def fetch(self, transaction: str) -> bytes | None:
        if transaction not in self._done and self.store is not None:
            path = self.store / f"{transaction}.sig"
            if path.is_file():
                self._done[transaction] = path.read_bytes()
        return self._done.get(transaction)


def _certs(provider: RemoteProvider) -> tuple[asn1_x509.Certificate, SimpleCertificateStore]:
    chain = [asn1_x509.Certificate.load(der) for der in provider.certificates()]
    return chain[0], SimpleCertificateStore.from_certs(chain[1:])


def start_remote(path: Path, pending: Path, provider: RemoteProvider, *,
                 image: Path | None = None, when: dt.datetime | None = None) -> str:
    """Step 1: prepare the signature and send its hash out. Returns the transaction id."""
    when = (when or now()).astimezone(VIETNAM)
    data = read_pdf(path)
    writer = open_writer(data, path)
    style = leader_style(path, image)(writer, _field_box(writer, FIELD_LEADER))
    cert, registry = _certs(provider)
    check_certificate(x509.load_der_x509_certificate(cert.dump()), when, LEADER)
    size = cert.public_key.byte_size
    external = signers.ExternalSigner(signing_cert=cert, cert_registry=registry,
                                      signature_value=bytes(size))
    pdf_signer = signers.PdfSigner(leader_meta(Level()), external,
                                   stamp_style=style)  # type: ignore[arg-type]

    async def prepare() -> tuple[PreparedByteRangeDigest, bytes, cms.CMSAttributes]:
        digest, _tbs, output = await pdf_signer.async_digest_doc_for_signing(writer)
        attrs = await external.signed_attrs(
            digest.document_digest, "sha256", use_pades=True,
            attr_settings=PdfCMSSignedAttributes(signing_time=when))
        return digest, output.getvalue(), attrs

    digest, pdf_bytes, attrs = asyncio.run(prepare())
    to_sign = hashes.Hash(hashes.SHA256())
    to_sign.update(attrs.dump())
    transaction = provider.request(to_sign.finalize(), "sha256")
    state = {
        "source": str(path), "transaction": transaction, "time": when.isoformat(),
        "document_digest": base64.b64encode(digest.document_digest).decode(),
        "reserved_region": [digest.reserved_region_start, digest.reserved_region_end],
        "signed_attrs": base64.b64encode(attrs.dump()).decode(),
    }
    write_atomic(pending / PENDING_PDF, pdf_bytes)
    write_atomic(pending / STATE, json.dumps(state, indent=1).encode())
    return transaction


def finish_remote(pending: Path, output: Path, provider: RemoteProvider) -> None:
    """Step 2: fetch the signature and embed it; raises if the signer has not approved."""
    try:
        state = json.loads((pending / STATE).read_text(encoding="utf-8"))
        pdf_bytes = (pending / PENDING_PDF).read_bytes()
    except (OSError, ValueError) as exc:
        raise error(f"Thư mục chờ ký {pending} không dùng được: {exc}",
                    f"The pending folder {pending} is unusable: {exc}") from None
    value = provider.fetch(state["transaction"])
    if value is None:
        raise error("Người ký chưa xác nhận trên dịch vụ ký số từ xa; thử lại sau.",
                    "The signer has not approved on the remote signing service yet; try "
                    "again later.")
    cert, registry = _certs(provider)
    external = signers.ExternalSigner(signing_cert=cert, cert_registry=registry,
                                      signature_value=value)
    attrs = cms.CMSAttributes.load(base64.b64decode(state["signed_attrs"]))
    start, end = state["reserved_region"]
    digest = PreparedByteRangeDigest(base64.b64decode(state["document_digest"]), start, end)

    async def finish() -> bytes:
        signed = await external.async_sign_prescribed_attributes("sha256", signed_attrs=attrs)
        out = io.BytesIO(pdf_bytes)
        await PdfTBSDocument.async_finish_signing(out, digest, signed)
        return out.getvalue()

    write_atomic(output, asyncio.run(finish()))

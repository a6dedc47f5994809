"""Signing keys: a PKCS#12 file or a PKCS#11 token (USB token, HSM), checked before use.

Checks made here, each with its own message: the file/PIN, the token and its library, the
certificate's validity at the signing time, its key usage (digital signature or
non-repudiation) and that the private key belongs to the certificate. PINs are passed in,
used and dropped; no message carries them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .errors import error

VIETNAM = dt.timezone(dt.timedelta(hours=7))


@dataclass(frozen=True)
class KeySpec:
    """Where the key is. ``pin`` is the secret itself (read from an environment variable by
    the command line); it never appears in ``repr``."""

    p12: Path | None = None
    pkcs11_module: Path | None = None
    token: str | None = None
    key_label: str | None = None
    pin: str | None = field(default=None, repr=False)

    def describe(self) -> str:
        if self.p12 is not None:
            return str(self.p12)
        return f"PKCS#11 {self.token or ''}/{self.key_label or ''}"


def pin_from_env(var: str | None) -> str | None:
    if not var:
        return None
    value = os.environ.get(var)
    if value is None:
        raise error(f"Biến môi trường {var} (mã PIN) chưa được đặt.",
                    f"The environment variable {var} (the PIN) is not set.")
    return value


def check_certificate(cert: x509.Certificate, when: dt.datetime, who: str) -> None:
    """Valid at ``when`` and allowed to sign documents."""
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    subject = cert.subject.rfc4514_string()
    if when < start:
        raise error(
            f"Chứng thư số của {who} ({subject}) chưa có hiệu lực: có hiệu lực từ "
            f"{start.astimezone(VIETNAM):%d/%m/%Y %H:%M:%S}.",
            f"The certificate of {who} ({subject}) is not yet valid: valid from "
            f"{start.isoformat()}.")
    if when > end:
        raise error(
            f"Chứng thư số của {who} ({subject}) đã hết hạn ngày "
            f"{end.astimezone(VIETNAM):%d/%m/%Y %H:%M:%S}.",
            f"The certificate of {who} ({subject}) expired on {end.isoformat()}.")
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.digital_signature or usage.content_commitment):
        raise error(
            f"Chứng thư số của {who} ({subject}) không được dùng để ký (thiếu mục đích "
            "digitalSignature/nonRepudiation).",
            f"The certificate of {who} ({subject}) may not be used for signing (no "
            "digitalSignature/nonRepudiation key usage).")


def _p12_signer(spec: KeySpec, when: dt.datetime, who: str) -> signers.Signer:
    assert spec.p12 is not None
    try:
        data = spec.p12.read_bytes()
    except OSError as exc:
        raise error(f"Không đọc được tệp khóa {spec.p12}: {exc.strerror}.",
                    f"Cannot read the key file {spec.p12}: {exc.strerror}.") from exc
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(
            data, spec.pin.encode() if spec.pin is not None else None)
    except ValueError:
        raise error(f"Mã PIN sai hoặc tệp {spec.p12} không phải tệp khóa PKCS#12.",
                    f"Wrong PIN, or {spec.p12} is not a PKCS#12 key file.") from None
    if key is None or (cert is None and not extra):
        raise error(f"Tệp {spec.p12} không chứa cả khóa bí mật và chứng thư số.",
                    f"{spec.p12} does not hold both a private key and a certificate.")
    pub = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    mine = key.public_key().public_bytes(der, pub)
    if cert is None:  # no certificate tied to the key: take the one that matches it
        cert = next((c for c in extra if c.public_key().public_bytes(der, pub) == mine), None)
    if cert is None or cert.public_key().public_bytes(der, pub) != mine:
        raise error(f"Khóa bí mật trong {spec.p12} không khớp với chứng thư số đi kèm.",
                    f"The private key in {spec.p12} does not match its certificate.")
    check_certificate(cert, when, who)
    key_der = key.private_bytes(der, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(c.public_bytes(der)) for c in extra]))


@contextmanager
def _pkcs11_signer(spec: KeySpec, when: dt.datetime, who: str) -> Iterator[signers.Signer]:
    import pkcs11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as hanko_pkcs11

    module = spec.pkcs11_module
    assert module is not None
    if not module.is_file():
        raise error(f"Không tìm thấy thư viện PKCS#11 {module}: thiết bị ký (USB token) chưa "
                    "cắm hoặc chưa cài phần mềm của nó.",
                    f"PKCS#11 library {module} not found: the token is not plugged in or its "
                    "software is not installed.")
    try:
        session = hanko_pkcs11.open_pkcs11_session(
            str(module), token_criteria=TokenCriteria(label=spec.token), user_pin=spec.pin)
    except pkcs11.exceptions.PinIncorrect:
        raise error(f"Mã PIN của thiết bị ký {spec.token} không đúng.",
                    f"Wrong PIN for the token {spec.token}.") from None
    except pkcs11.exceptions.PinLocked:
        raise error(f"Thiết bị ký {spec.token} đã bị khóa PIN.",
                    f"The token {spec.token} is PIN-locked.") from None
    except Exception as exc:  # the module's own errors: no token, no slot, library failure
        raise error(f"Không mở được thiết bị ký {spec.token} qua {module}: "
                    f"{type(exc).__name__}.",
                    f"Cannot open the token {spec.token} through {module}: "
                    f"{type(exc).__name__}.") from None
    try:
        try:
            signer = hanko_pkcs11.PKCS11Signer(session, cert_label=spec.key_label,
                                               key_label=spec.key_label)
            cert_asn1 = signer.signing_cert
        except Exception as exc:
            raise error(f"Không thấy khóa hoặc chứng thư «{spec.key_label}» trong thiết bị ký "
                        f"{spec.token} ({type(exc).__name__}).",
                        f"No key or certificate '{spec.key_label}' on the token {spec.token} "
                        f"({type(exc).__name__}).") from None
        cert = x509.load_der_x509_certificate(cert_asn1.dump())
        check_certificate(cert, when, who)
        _probe(signer, cert, f"{spec.token}/{spec.key_label}")
        yield signer
    finally:
        session.close()


def _probe(signer: signers.Signer, cert: x509.Certificate, where: str) -> None:
    """Sign a few bytes on the token and check them with the certificate: a token whose key
    and certificate do not belong together would otherwise make invalid signatures."""
    import asyncio

    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    probe = b"vanban: key and certificate belong together"
    try:
        value = asyncio.run(signer.async_sign_raw(probe, "sha256"))
    except Exception as exc:
        raise error(f"Thiết bị ký không ký được bằng khóa {where} ({type(exc).__name__}).",
                    f"The token could not sign with the key {where} "
                    f"({type(exc).__name__}).") from None
    public = cert.public_key()
    try:
        if isinstance(public, rsa.RSAPublicKey):
            public.verify(value, probe, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(value, probe, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise error(f"Khóa bí mật {where} trong thiết bị ký không khớp với chứng thư số.",
                    f"The private key {where} on the token does not match its "
                    "certificate.") from None


@contextmanager
def open_signer(spec: KeySpec, when: dt.datetime, who: str) -> Iterator[signers.Signer]:
    """The pyHanko signer for ``spec``, checked for signing at ``when``."""
    if spec.p12 is not None:
        yield _p12_signer(spec, when, who)
    elif spec.pkcs11_module is not None:
        with _pkcs11_signer(spec, when, who) as signer:
            yield signer
    else:
        raise error(f"Chưa có khóa ký của {who}: cho --p12 hoặc --pkcs11-module.",
                    f"No signing key for {who}: give --p12 or --pkcs11-module.")

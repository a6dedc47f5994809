"""TEST keys only: a throw-away CA, signer and office certificates, signature and seal images.

Used by the tests, the benchmark and ``make demo`` (which writes them under ``output/`` and
says they are test keys). Nothing here is trusted anywhere: the CA is made on the spot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ..files import write_atomic

UTC = dt.UTC


@dataclass(frozen=True)
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def _name(common: str, org: str = "vanban TEST") -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_ca(common: str = "vanban TEST Root CA", *, now: dt.datetime | None = None) -> Issued:
    now = now or dt.datetime.now(UTC)
    key = new_key()
    name = _name(common)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, hashes.SHA256()))
    return Issued(key, cert)


def issue(ca: Issued, common: str, *, org: str = "vanban TEST",
          not_before: dt.datetime | None = None, not_after: dt.datetime | None = None,
          signing: bool = True, timestamping: bool = False, key: rsa.RSAPrivateKey | None = None,
          ocsp_url: str | None = None, crl_url: str | None = None) -> Issued:
    """A leaf certificate; ``signing=False`` leaves out the digital-signature key usage."""
    now = dt.datetime.now(UTC)
    key = key or new_key()
    builder = (x509.CertificateBuilder().subject_name(_name(common, org))
               .issuer_name(ca.cert.subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(not_before or now - dt.timedelta(days=1))
               .not_valid_after(not_after or now + dt.timedelta(days=730))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=signing,
                                            content_commitment=signing,
                                            key_encipherment=not signing,
                                            data_encipherment=False, key_agreement=False,
                                            key_cert_sign=False, crl_sign=False,
                                            encipher_only=False, decipher_only=False),
                              critical=True)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   ca.key.public_key()), critical=False))
    if timestamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    if ocsp_url:
        builder = builder.add_extension(x509.AuthorityInformationAccess([
            x509.AccessDescription(x509.oid.AuthorityInformationAccessOID.OCSP,
                                   x509.UniformResourceIdentifier(ocsp_url))]), critical=False)
    if crl_url:
        builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            [x509.UniformResourceIdentifier(crl_url)], None, None, None)]), critical=False)
    return Issued(key, builder.sign(ca.key, hashes.SHA256()))


def write_p12(path: Path, leaf: Issued, chain: list[Issued], pin: str, *,
              mismatched: bool = False) -> None:
    """``mismatched``: the key with certificates none of which is its own (a fault test)."""
    data = pkcs12.serialize_key_and_certificates(
        leaf.cert.subject.rfc4514_string().encode(), leaf.key,
        None if mismatched else leaf.cert,
        ([leaf.cert] if mismatched else []) + [c.cert for c in chain],
        serialization.BestAvailableEncryption(pin.encode()))
    write_atomic(path, data)


def signature_png(path: Path, *, alpha: bool = True) -> None:
    """A blue handwritten-like stroke on a transparent background (600 × 240 px)."""
    from PIL import Image, ImageDraw

    mode = "RGBA" if alpha else "RGB"
    image = Image.new(mode, (600, 240), (0, 0, 0, 0) if alpha else (255, 255, 255))
    draw = ImageDraw.Draw(image)
    blue = (20, 40, 190, 255) if alpha else (20, 40, 190)
    points = [(40, 170), (110, 60), (150, 180), (230, 70), (280, 160), (360, 90), (430, 150),
              (520, 80), (570, 120)]
    draw.line(points, fill=blue, width=9, joint="curve")
    draw.line([(90, 200), (540, 190)], fill=blue, width=5)
    image.save(path, "PNG")


def seal_png(path: Path) -> None:
    """A red round seal (two rings and a star) on a transparent background (600 × 600 px)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (600, 600), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (210, 20, 30, 255)
    draw.ellipse((6, 6, 594, 594), outline=red, width=14)
    draw.ellipse((120, 120, 480, 480), outline=red, width=8)
    star = [(300, 170), (331, 262), (428, 262), (350, 318), (379, 410), (300, 354),
            (221, 410), (250, 318), (172, 262), (269, 262)]
    draw.polygon(star, fill=red)
    image.save(path, "PNG")


SOFTHSM_MODULES = ("/usr/lib/softhsm/libsofthsm2.so",
                   "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                   "/usr/local/lib/softhsm/libsofthsm2.so")


def softhsm_module() -> Path | None:
    return next((Path(p) for p in SOFTHSM_MODULES if Path(p).is_file()), None)


def softhsm_token(folder: Path, label: str, pin: str, leaf: Issued, key_label: str) -> Path:
    """A SoftHSM2 token in ``folder`` holding ``leaf``'s key and certificate (TEST only).

    Sets SOFTHSM2_CONF for this process (the module reads it when first loaded); returns the
    configuration file."""
    import os
    import subprocess

    import pkcs11
    from pkcs11.util.x509 import decode_x509_certificate

    module = softhsm_module()
    if module is None:
        raise FileNotFoundError("libsofthsm2.so")
    tokens = folder / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n"
                    "log.level = ERROR\nslots.removable = false\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", label,
                    "--so-pin", pin + "0", "--pin", pin], check=True, capture_output=True,
                   env={**os.environ, "SOFTHSM2_CONF": str(conf)})
    lib = pkcs11.lib(str(module))
    lib.reinitialize()
    token = lib.get_token(token_label=label)
    der = serialization.Encoding.DER
    numbers = leaf.key.private_numbers()
    public = numbers.public_numbers
    ident = b"\x01"
    with token.open(rw=True, user_pin=pin) as session:
        session.create_object({
            pkcs11.Attribute.CLASS: pkcs11.ObjectClass.PRIVATE_KEY,
            pkcs11.Attribute.KEY_TYPE: pkcs11.KeyType.RSA,
            pkcs11.Attribute.TOKEN: True, pkcs11.Attribute.PRIVATE: True,
            pkcs11.Attribute.SENSITIVE: True, pkcs11.Attribute.SIGN: True,
            pkcs11.Attribute.LABEL: key_label, pkcs11.Attribute.ID: ident,
            pkcs11.Attribute.MODULUS: public.n.to_bytes((public.n.bit_length() + 7) // 8, "big"),
            pkcs11.Attribute.PUBLIC_EXPONENT: public.e.to_bytes(3, "big"),
            pkcs11.Attribute.PRIVATE_EXPONENT: numbers.d.to_bytes(256, "big"),
            pkcs11.Attribute.PRIME_1: numbers.p.to_bytes(128, "big"),
            pkcs11.Attribute.PRIME_2: numbers.q.to_bytes(128, "big"),
            pkcs11.Attribute.EXPONENT_1: numbers.dmp1.to_bytes(128, "big"),
            pkcs11.Attribute.EXPONENT_2: numbers.dmq1.to_bytes(128, "big"),
            pkcs11.Attribute.COEFFICIENT: numbers.iqmp.to_bytes(128, "big"),
        })
        attrs = decode_x509_certificate(leaf.cert.public_bytes(der))
        attrs.update({pkcs11.Attribute.TOKEN: True, pkcs11.Attribute.LABEL: key_label,
                      pkcs11.Attribute.ID: ident})
        session.create_object(attrs)
    return conf


class Responders:
    """A timestamp authority, an OCSP responder and a CRL on 127.0.0.1 (TEST only).

    One HTTP server on a port chosen by the system, started in a thread; ``urls`` are what
    certificates issued by ``ca`` point to. ``revoked`` serials are reported revoked."""

    def __init__(self, ca: Issued) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        from asn1crypto import keys as asn1_keys
        from asn1crypto import tsp
        from asn1crypto import x509 as asn1_x509
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        self.ca = ca
        self.revoked: set[int] = set()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                return

            def _send(self, body: bytes, kind: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802
                if self.path == "/crl":
                    self._send(outer.crl(), "application/pkix-crl")
                else:
                    self.send_error(404)

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path == "/tsa":
                    req = tsp.TimeStampReq.load(body)
                    self._send(outer.stamper.request_tsa_response(req).dump(),
                               "application/timestamp-reply")
                elif self.path == "/ocsp":
                    self._send(outer.ocsp(body), "application/ocsp-response")
                else:
                    self.send_error(404)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.tsa_url, self.ocsp_url, self.crl_url = base + "/tsa", base + "/ocsp", base + "/crl"
        tsa = issue(ca, "vanban TEST TSA", timestamping=True, signing=True)
        der = serialization.Encoding.DER
        self.stamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(tsa.cert.public_bytes(der)),
            tsa_key=asn1_keys.PrivateKeyInfo.load(tsa.key.private_bytes(
                der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
            certs_to_embed=SimpleCertificateStore.from_certs(
                [asn1_x509.Certificate.load(ca.cert.public_bytes(der))]))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def issue(self, common: str, **kwargs: object) -> Issued:
        return issue(self.ca, common, ocsp_url=self.ocsp_url, crl_url=self.crl_url,
                     **kwargs)  # type: ignore[arg-type]

    def crl(self) -> bytes:
        now = dt.datetime.now(UTC)
        builder = (x509.CertificateRevocationListBuilder().issuer_name(self.ca.cert.subject)
                   .last_update(now - dt.timedelta(minutes=5))
                   .next_update(now + dt.timedelta(days=1)))
        for serial in self.revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial)
                .revocation_date(now - dt.timedelta(hours=1)).build())
        return builder.sign(self.ca.key, hashes.SHA256()).public_bytes(
            serialization.Encoding.DER)

    def ocsp(self, body: bytes) -> bytes:
        from cryptography.x509 import ocsp

        request = ocsp.load_der_ocsp_request(body)
        now = dt.datetime.now(UTC)
        revoked = request.serial_number in self.revoked
        builder = ocsp.OCSPResponseBuilder().add_response_by_hash(
            issuer_name_hash=request.issuer_name_hash, issuer_key_hash=request.issuer_key_hash,
            serial_number=request.serial_number, algorithm=request.hash_algorithm,
            cert_status=ocsp.OCSPCertStatus.REVOKED if revoked else ocsp.OCSPCertStatus.GOOD,
            this_update=now - dt.timedelta(minutes=5), next_update=now + dt.timedelta(hours=1),
            revocation_time=now - dt.timedelta(hours=1) if revoked else None,
            revocation_reason=None).responder_id(ocsp.OCSPResponderEncoding.HASH, self.ca.cert)
        return builder.sign(self.ca.key, hashes.SHA256()).public_bytes(
            serialization.Encoding.DER)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

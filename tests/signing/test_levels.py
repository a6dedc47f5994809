"""PAdES levels: B-B without a timestamp server, B-T with one, B-LT with revocation data —
against a timestamp authority and an OCSP/CRL responder started on loopback for the run."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from generator.cli import main
from generator.signing import testpki

from .conftest import PIN_LEADER, PIN_OFFICE


@pytest.fixture(scope="module")
def responders(tmp_path_factory) -> Iterator[tuple[testpki.Responders, dict]]:  # noqa: ANN001
    ca = testpki.make_ca("vanban TEST LT CA")
    servers = testpki.Responders(ca)
    folder = tmp_path_factory.mktemp("lt")
    (folder / "ca.pem").write_bytes(ca.pem())
    testpki.write_p12(folder / "gd.p12", servers.issue("Nguyễn Văn A"), [ca], PIN_LEADER)
    testpki.write_p12(folder / "cq.p12", servers.issue("Sở Nội vụ"), [ca], PIN_OFFICE)
    yield servers, {"ca": folder / "ca.pem", "gd": folder / "gd.p12", "cq": folder / "cq.p12"}
    servers.close()


def _sig_facts(pdf) -> list[tuple[bool, bool]]:  # noqa: ANN001
    """(has a signature timestamp, file has a DSS) per signature."""
    reader = PdfFileReader(io.BytesIO(pdf.read_bytes()))
    dss = "/DSS" in reader.root
    facts = []
    for sig in reader.embedded_signatures:
        unsigned = sig.signer_info["unsigned_attrs"]
        types = {a["type"].native for a in unsigned} if unsigned.native else set()
        facts.append(("signature_time_stamp_token" in types, dss))
    return facts


def test_b_b_b_t_b_lt(responders, prepared, tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    servers, files = responders
    monkeypatch.setenv("PIN_GD", PIN_LEADER)
    monkeypatch.setenv("PIN_CQ", PIN_OFFICE)
    bb, bt, blt = tmp_path / "bb.pdf", tmp_path / "bt.pdf", tmp_path / "blt.pdf"
    base = ["--p12", str(files["gd"]), "--pin-env", "PIN_GD"]
    assert main(["sign", str(prepared["letter"]), "-o", str(bb), *base]) == 0
    assert _sig_facts(bb) == [(False, False)]
    assert main(["sign", str(prepared["letter"]), "-o", str(bt), *base, "--tsa",
                 servers.tsa_url]) == 0
    assert _sig_facts(bt) == [(True, False)]
    assert main(["sign", str(prepared["letter"]), "-o", str(blt), *base, "--tsa",
                 servers.tsa_url, "--lt", "--trust", str(files["ca"])]) == 0
    assert _sig_facts(blt) == [(True, True)]
    dss = PdfFileReader(io.BytesIO(blt.read_bytes())).root["/DSS"]
    assert len(dss.get("/OCSPs", [])) + len(dss.get("/CRLs", [])) >= 1  # from our responder
    sealed = tmp_path / "sealed.pdf"
    assert main(["seal", str(blt), "-o", str(sealed), "--p12", str(files["cq"]), "--pin-env",
                 "PIN_CQ", "--tsa", servers.tsa_url]) == 0
    capsys.readouterr()
    assert main(["verify", str(sealed), "--trust", str(files["ca"])]) == 0
    assert "được ký số hợp lệ" in capsys.readouterr().out


def test_timestamp_server_down(responders, prepared, tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    _, files = responders
    monkeypatch.setenv("PIN_GD", PIN_LEADER)
    out = tmp_path / "x.pdf"
    assert main(["sign", str(prepared["letter"]), "-o", str(out), "--p12", str(files["gd"]),
                 "--pin-env", "PIN_GD", "--tsa", "http://127.0.0.1:9/tsa"]) == 1
    err = capsys.readouterr().err
    assert "dấu thời gian" in err and "Traceback" not in err
    assert not out.exists()
    # B-LT without the root to build the chain on
    assert main(["sign", str(prepared["letter"]), "-o", str(out), "--p12", str(files["gd"]),
                 "--pin-env", "PIN_GD", "--lt"]) == 1
    assert "mức B-LT" in capsys.readouterr().err and not out.exists()


def test_revoked_certificate_reported_online(responders, prepared, tmp_path, monkeypatch,
                                             capsys) -> None:  # noqa: ANN001
    servers, files = responders
    leaf = servers.issue("Bị Thu Hồi")
    testpki.write_p12(tmp_path / "rv.p12", leaf, [servers.ca], PIN_LEADER)
    monkeypatch.setenv("PIN_RV", PIN_LEADER)
    out = tmp_path / "rv.pdf"
    assert main(["sign", str(prepared["letter"]), "-o", str(out), "--p12",
                 str(tmp_path / "rv.p12"), "--pin-env", "PIN_RV"]) == 0
    capsys.readouterr()
    main(["verify", str(out), "--trust", str(files["ca"]), "--online"])
    assert "đã bị thu hồi" not in capsys.readouterr().out  # good while not revoked
    servers.revoked.add(leaf.cert.serial_number)
    try:
        assert main(["verify", str(out), "--trust", str(files["ca"]), "--online"]) == 1
        assert "chứng thư số đã bị thu hồi" in capsys.readouterr().out
    finally:
        servers.revoked.discard(leaf.cert.serial_number)

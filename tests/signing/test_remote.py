"""Remote signing, two steps (hash out, signature back), end to end with the local-key
provider — and a signature that is not the signer's is caught by verify."""

from __future__ import annotations

import json

import pytest

from generator.cli import main
from generator.signing.errors import SigningError
from generator.signing.keys import KeySpec
from generator.signing.remote import LocalKeyProvider, finish_remote, start_remote
from generator.signing.sign import seal_pdf

from .conftest import PIN_LEADER, PIN_OFFICE
from .test_signing import widget_images


class Slow(LocalKeyProvider):
    """Approves only on the second fetch (the signer confirms on the phone later)."""

    asked = 0

    def fetch(self, transaction: str) -> bytes | None:
        self.asked += 1
        return None if self.asked == 1 else super().fetch(transaction)


def test_two_step_remote_signing(prepared, pki, tmp_path, capsys) -> None:  # noqa: ANN001
    provider = Slow(pki.path("gd.p12"), PIN_LEADER)
    pending = tmp_path / "pending"
    transaction = start_remote(prepared["draft"], pending, provider, image=pki.path("gd.png"))
    state = json.loads((pending / "state.json").read_text())
    assert state["transaction"] == transaction and PIN_LEADER not in json.dumps(state)
    out = tmp_path / "signed.pdf"
    with pytest.raises(SigningError, match="chưa xác nhận"):
        finish_remote(pending, out, provider)
    assert not out.exists()
    finish_remote(pending, out, provider)
    assert len(widget_images(out, "ChuKyLanhDao")) == 1
    sealed = tmp_path / "sealed.pdf"
    seal_pdf(out, sealed, KeySpec(p12=pki.path("cq.p12"), pin=PIN_OFFICE),
             seal=pki.path("dau.png"), diameter_mm=36, number="12", day="03")
    assert main(["verify", str(sealed), "--trust", str(pki.path("ca.pem"))]) == 0


def test_wrong_signature_back_is_caught(prepared, pki, tmp_path, capsys) -> None:  # noqa: ANN001
    class Liar(LocalKeyProvider):
        def fetch(self, transaction: str) -> bytes | None:
            value = super().fetch(transaction)
            return bytes(len(value)) if value else None

    provider = Liar(pki.path("gd.p12"), PIN_LEADER)
    start_remote(prepared["letter"], tmp_path / "p", provider)
    finish_remote(tmp_path / "p", tmp_path / "bad.pdf", provider)
    assert main(["verify", str(tmp_path / "bad.pdf"), "--trust", str(pki.path("ca.pem"))]) == 1
    assert "không hợp lệ" in capsys.readouterr().out


def test_cli_two_steps_in_two_processes(prepared, pki, tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("PIN", PIN_LEADER)
    pending, out = tmp_path / "pending", tmp_path / "out.pdf"
    assert main(["sign-remote", "start", str(prepared["letter"]), "--pending", str(pending),
                 "--p12", str(pki.path("gd.p12")), "--pin-env", "PIN"]) == 0
    # a fresh provider object (another process): the signature comes back from the store
    assert main(["sign-remote", "finish", "--pending", str(pending), "-o", str(out),
                 "--p12", str(pki.path("gd.p12")), "--pin-env", "PIN"]) == 0
    capsys.readouterr()
    main(["verify", str(out), "--trust", str(pki.path("ca.pem"))])
    assert "Toàn vẹn: có; tin cậy: có" in capsys.readouterr().out

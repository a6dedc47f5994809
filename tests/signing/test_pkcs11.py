"""The PKCS#11 path against a real software token (SoftHSM2), not a mock."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.signing import testpki

PIN = "4321"


@pytest.fixture(scope="module")
def token(pki, tmp_path_factory) -> Path:  # noqa: ANN001
    module = testpki.softhsm_module()
    if module is None or shutil.which("softhsm2-util") is None:
        pytest.skip("SoftHSM2 not installed (scripts/install-system-deps.sh installs it)")
    folder = tmp_path_factory.mktemp("softhsm")
    leaf = testpki.issue(pki.ca, "Trần Thị Token")
    # a second token whose key is not the one of its certificate
    testpki.softhsm_token(folder, "vanban-lech", PIN,
                          testpki.Issued(testpki.new_key(), leaf.cert), "gd")
    testpki.softhsm_token(folder, "vanban-test", PIN, leaf, "gd")
    return module


def test_sign_with_softhsm_token(token, prepared, pki, tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("TOKEN_PIN", PIN)
    out = tmp_path / "signed.pdf"
    assert main(["sign", str(prepared["letter"]), "-o", str(out), "--pkcs11-module",
                 str(token), "--token", "vanban-test", "--key-label", "gd", "--pin-env",
                 "TOKEN_PIN", "--image", str(pki.path("gd.png"))]) == 0
    assert main(["verify", str(out), "--trust", str(pki.path("ca.pem"))]) == 1  # no office yet
    text = capsys.readouterr().out
    assert "Trần Thị Token" in text and "Toàn vẹn: có; tin cậy: có" in text


def test_wrong_pin_and_unplugged(token, prepared, tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("TOKEN_PIN", "9999")
    out = tmp_path / "signed.pdf"
    args = ["sign", str(prepared["letter"]), "-o", str(out), "--pkcs11-module", str(token),
            "--token", "vanban-test", "--key-label", "gd", "--pin-env", "TOKEN_PIN"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "Mã PIN của thiết bị ký vanban-test không đúng" in err and "9999" not in err
    # "Unplugged" is simulated by a module path that no longer exists (the token's library
    # is gone, as when the USB token's middleware is absent).
    args[args.index(str(token))] = str(tmp_path / "gone" / "libsofthsm2.so")
    assert main(args) == 1
    assert "chưa cắm" in capsys.readouterr().err
    # a token label that is not there
    monkeypatch.setenv("TOKEN_PIN", PIN)
    args[args.index(str(tmp_path / "gone" / "libsofthsm2.so"))] = str(token)
    args[args.index("vanban-test")] = "khong-co"
    assert main(args) == 1
    assert "Không mở được thiết bị ký khong-co" in capsys.readouterr().err
    assert not out.exists()


def test_token_key_not_matching_its_certificate(token, prepared, tmp_path, monkeypatch,
                                                capsys) -> None:  # noqa: ANN001
    monkeypatch.setenv("TOKEN_PIN", PIN)
    out = tmp_path / "signed.pdf"
    assert main(["sign", str(prepared["letter"]), "-o", str(out), "--pkcs11-module",
                 str(token), "--token", "vanban-lech", "--key-label", "gd", "--pin-env",
                 "TOKEN_PIN"]) == 1
    assert "không khớp với chứng thư" in capsys.readouterr().err
    assert not out.exists()

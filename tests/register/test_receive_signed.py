"""Điều 21.2.a: a signed incoming PDF is verified before it is registered, against the
office's trusted roots, and the verdict is recorded — real TEST keys from the signing demo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.register import Office
from generator.signing.demo import run as signing_demo

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "content" / "2017" / "4208-VP-NC.yaml"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("signed")
    assert signing_demo(folder, LETTER) == 0
    return folder


def test_a_signed_document_is_verified_when_received(demo: Path) -> None:
    with Office.open(demo / "office", user="test") as office:
        received = office.receive(demo / "4208-VP-NC-da-ky-so.pdf", date=dt.date(2017, 12, 8))
    assert received.signatures is not None
    assert received.signatures.startswith("chữ ký số hợp lệ (2:")


def test_a_changed_byte_is_recorded_as_invalid(demo: Path, tmp_path: Path) -> None:
    data = bytearray((demo / "4208-VP-NC-da-ky-so.pdf").read_bytes())
    data[len(data) // 3] ^= 0x01
    tampered = tmp_path / "4208-VP-NC-sua.pdf"
    tampered.write_bytes(bytes(data))
    with Office.open(demo / "office", user="test") as office:
        received = office.receive(tampered, date=dt.date(2017, 12, 8))
    assert received.signatures is not None and "KHÔNG hợp lệ" in received.signatures


def test_an_unsigned_pdf_is_recorded_as_such(demo: Path) -> None:
    with Office.open(demo / "office", user="test") as office:
        received = office.receive(demo / "4208-VP-NC-du-thao.pdf", date=dt.date(2017, 12, 8))
    assert received.signatures == "không có chữ ký số"

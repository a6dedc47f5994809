"""Fixtures for the signing tests: a throw-away PKI, images, and PDFs built by vanban itself."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from generator.signing import testpki

ROOT = Path(__file__).resolve().parents[2]
LETTER = ROOT / "content" / "2017" / "4208-VP-NC.yaml"
PIN_LEADER, PIN_OFFICE = "1234", "5678"


@dataclass
class Pki:
    folder: Path
    ca: testpki.Issued

    def path(self, name: str) -> Path:
        return self.folder / name


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    folder = tmp_path_factory.mktemp("pki")
    ca = testpki.make_ca()
    (folder / "ca.pem").write_bytes(ca.pem())
    other = testpki.make_ca("Other TEST CA")
    (folder / "other.pem").write_bytes(other.pem())
    now = dt.datetime.now(dt.UTC)
    leader = testpki.issue(ca, "Nguyễn Văn A")
    office = testpki.issue(ca, "Văn phòng UBND tỉnh Lạng Sơn")
    testpki.write_p12(folder / "gd.p12", leader, [ca], PIN_LEADER)
    testpki.write_p12(folder / "cq.p12", office, [ca], PIN_OFFICE)
    testpki.write_p12(folder / "expired.p12", testpki.issue(
        ca, "Hết Hạn", not_before=now - dt.timedelta(days=400),
        not_after=now - dt.timedelta(days=30)), [ca], PIN_LEADER)
    testpki.write_p12(folder / "future.p12", testpki.issue(
        ca, "Chưa Tới", not_before=now + dt.timedelta(days=30),
        not_after=now + dt.timedelta(days=400)), [ca], PIN_LEADER)
    testpki.write_p12(folder / "nosign.p12", testpki.issue(ca, "Không Ký", signing=False),
                      [ca], PIN_LEADER)
    # a key that does not belong to its certificate
    testpki.write_p12(folder / "mismatch.p12", testpki.Issued(testpki.new_key(), leader.cert),
                      [ca], PIN_LEADER, mismatched=True)
    testpki.signature_png(folder / "gd.png")
    testpki.signature_png(folder / "opaque.png", alpha=False)
    testpki.seal_png(folder / "dau.png")
    (folder / "fake.png").write_bytes(b"not an image at all")
    return Pki(folder, ca)


def _build(tmp: Path, source: Path, *, draft: bool) -> Path:
    text = source.read_text(encoding="utf-8")
    if draft:
        text = "\n".join("chua_cap_so: true" if line.startswith("so:") else line
                         for line in text.splitlines()) + "\n"
    content = tmp / ("draft.yaml" if draft else "letter.yaml")
    content.write_text(text, encoding="utf-8")
    assert main(["build", str(content), "-o", str(tmp / "out"), "--prepare-sign",
                 "--workers", "1"]) == 0
    return tmp / "out" / content.with_suffix(".pdf").name


@pytest.fixture(scope="session")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The 4208/VP-NC letter and a draft of it (no number, no day), built with fields."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed")
    tmp = tmp_path_factory.mktemp("prepared")
    return {"letter": _build(tmp, LETTER, draft=False), "draft": _build(tmp, LETTER, draft=True)}


def words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """pdftotext -bbox words: (text, x0, top, x1, bottom), top-left origin."""
    import re

    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf),
                          "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                         r'yMax="([\d.]+)">([^<]*)</word>', out):
        x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
        found.append((m.group(5), x0, y0, x1, y1))
    return found

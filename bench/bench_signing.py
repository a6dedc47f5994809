"""Signing speed: the leader's signature with a PKCS#12 key and with a SoftHSM2 token, the
office's seal, and verification — on the 4208/VP-NC letter built with signature fields.

    python bench/bench_signing.py [--quick] [--count N]

The PDF is built once through LibreOffice (not timed). The token is a real SoftHSM2 token
made in a temporary folder (skipped with a note when SoftHSM2 is not installed). Prints the
Markdown table that goes into the README.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.cli import main as vanban  # noqa: E402
from generator.signing import testpki  # noqa: E402
from generator.signing.keys import KeySpec  # noqa: E402
from generator.signing.sign import seal_pdf, sign_pdf  # noqa: E402
from generator.signing.verify import verify_pdf  # noqa: E402

LETTER = ROOT / "content" / "2017" / "4208-VP-NC.yaml"
PIN = "bench-pin"


def timed(fn: Callable[[int], None], count: int) -> list[float]:
    fn(-1)  # warm-up
    times = []
    for i in range(count):
        start = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="3 documents per row")
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args()
    count = 3 if args.quick else args.count
    for name in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    with tempfile.TemporaryDirectory(prefix="vanban-bench-sign-") as tmp:
        folder = Path(tmp)
        ca = testpki.make_ca()
        (folder / "ca.pem").write_bytes(ca.pem())
        leader = testpki.issue(ca, "Nguyễn Văn A")
        testpki.write_p12(folder / "gd.p12", leader, [ca], PIN)
        testpki.write_p12(folder / "cq.p12", testpki.issue(ca, "Văn phòng"), [ca], PIN)
        testpki.signature_png(folder / "gd.png")
        testpki.seal_png(folder / "dau.png")
        if vanban(["build", str(LETTER), "-o", str(folder), "--prepare-sign", "--workers",
                   "1"]) != 0:
            sys.exit("the letter could not be built (LibreOffice?)")
        pdf = folder / "4208-VP-NC.pdf"
        p12 = KeySpec(p12=folder / "gd.p12", pin=PIN)
        office = KeySpec(p12=folder / "cq.p12", pin=PIN)
        rows: list[tuple[str, list[float]]] = []
        rows.append(("leader signs, PKCS#12, with image", timed(
            lambda i: sign_pdf(pdf, folder / f"p12-{i}.pdf", p12, image=folder / "gd.png"),
            count)))
        module = testpki.softhsm_module()
        if module is not None:
            testpki.softhsm_token(folder / "hsm", "bench", PIN, leader, "gd")
            token = KeySpec(pkcs11_module=module, token="bench", key_label="gd", pin=PIN)
            rows.append(("leader signs, SoftHSM2 token, with image", timed(
                lambda i: sign_pdf(pdf, folder / f"hsm-{i}.pdf", token,
                                   image=folder / "gd.png"), count)))
        signed = folder / "p12-0.pdf"
        rows.append(("office seals (second signature, seal image)", timed(
            lambda i: seal_pdf(signed, folder / f"seal-{i}.pdf", office,
                               seal=folder / "dau.png", diameter_mm=36), count)))
        sealed = folder / "seal-0.pdf"
        rows.append(("verify two signatures (chain, diff analysis)", timed(
            lambda i: verify_pdf(sealed, [folder / "ca.pem"]), count)))
    print(f"Signing the 4208/VP-NC letter (2 pages), {count} runs each, one process, "
          f"{platform.machine()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores\n")
    print("| step | median ms | min ms | max ms |")
    print("|---|---:|---:|---:|")
    for name, times in rows:
        ms = [t * 1000 for t in times]
        print(f"| {name} | {statistics.median(ms):.0f} | {min(ms):.0f} | {max(ms):.0f} |")
    if module is None:
        print("\n(SoftHSM2 not installed: the token row is missing)")


if __name__ == "__main__":
    main()

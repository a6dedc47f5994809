"""``make demo``: a demo office with TEST keys, and one document signed, sealed and verified.

    python -m generator.signing.demo output/ky-so

Everything it writes is under the folder given (``output/`` is not tracked): a throw-away
CA, the leader's and the office's PKCS#12 files (PIN ``test``; TEST keys, trusted nowhere),
the signature and seal images, ``office.yaml``, and the 4208/VP-NC letter as a draft built
with signature fields, signed by the leader, numbered and sealed by the office.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..cli import main as vanban
from . import testpki

DEMO_PIN = "test"  # a TEST key's PIN, printed on purpose
OFFICE_YAML = """\
# DEMO office made by `make demo`. The keys under keys/ are TEST keys (PIN: test),
# issued by a throw-away CA (certs/root-ca.pem): never use them for real documents.
co_quan: {chu_quan: UBND TỈNH LẠNG SƠN, ten: VĂN PHÒNG, viet_tat: VP}
dia_danh: Lạng Sơn
so_van_ban:
  - {ma: hanh-chinh, ten: Văn bản hành chính, loai: "*"}
nguoi_ky:
  - {ma: cvp, chuc_vu: PHÓ CHÁNH VĂN PHÒNG, ho_ten: Nguyễn Văn A,
     anh_chu_ky: images/cvp.png, khoa: keys/cvp.p12}
dau: {anh: images/dau.png, duong_kinh_mm: 36, khoa: keys/co-quan.p12}
tin_cay: [certs/root-ca.pem]
"""


def make_office(folder: Path) -> Path:
    office = folder / "office"
    for sub in ("keys", "certs", "images"):
        (office / sub).mkdir(parents=True, exist_ok=True)
    ca = testpki.make_ca("vanban DEMO TEST Root CA")
    (office / "certs" / "root-ca.pem").write_bytes(ca.pem())
    testpki.write_p12(office / "keys" / "cvp.p12", testpki.issue(ca, "Nguyễn Văn A (TEST)"),
                      [ca], DEMO_PIN)
    testpki.write_p12(office / "keys" / "co-quan.p12",
                      testpki.issue(ca, "Văn phòng UBND tỉnh Lạng Sơn (TEST)"), [ca], DEMO_PIN)
    testpki.signature_png(office / "images" / "cvp.png")
    testpki.seal_png(office / "images" / "dau.png")
    (office / "office.yaml").write_text(OFFICE_YAML, encoding="utf-8")
    return office


def run(folder: Path, letter: Path) -> int:
    office = make_office(folder)
    draft = folder / "4208-VP-NC-du-thao.yaml"
    text = letter.read_text(encoding="utf-8")
    draft.write_text("\n".join("chua_cap_so: true" if line.startswith("so:") else line
                               for line in text.splitlines()) + "\n", encoding="utf-8")
    os.environ["VANBAN_DEMO_PIN"] = DEMO_PIN
    pdf = folder / "4208-VP-NC-du-thao.pdf"
    steps = [
        ["build", str(draft), "-o", str(folder), "--prepare-sign", "--workers", "1"],
        ["sign", str(pdf), "-o", str(folder / "4208-VP-NC-lanh-dao-ky.pdf"), "--office",
         str(office), "--signer", "cvp", "--pin-env", "VANBAN_DEMO_PIN"],
        ["seal", str(folder / "4208-VP-NC-lanh-dao-ky.pdf"), "-o",
         str(folder / "4208-VP-NC-da-ky-so.pdf"), "--office", str(office), "--so", "4208",
         "--ngay", "2017-12-07", "--pin-env", "VANBAN_DEMO_PIN"],
        ["verify", str(folder / "4208-VP-NC-da-ky-so.pdf"), "--office", str(office)],
    ]
    for step in steps:
        code = vanban(step)
        if code:
            return code
    print(f"KHÓA THỬ (TEST, PIN «{DEMO_PIN}»), không dùng cho văn bản thật: {office / 'keys'}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    root = Path(__file__).resolve().parents[2]
    sys.exit(run(Path(sys.argv[1] if len(sys.argv) > 1 else "output/ky-so"),
                 root / "content" / "2017" / "4208-VP-NC.yaml"))

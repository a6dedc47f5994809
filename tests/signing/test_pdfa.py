"""A PDF/A-2b file stays within what PDF/A-2b allows after both signatures — the proxies
we can check without a validator: the pdfaid mark, XMP and Info agreeing, every font of the
stamps embedded, widget annotations printable with appearances, no transparency groups."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.cli import main

from .conftest import LETTER, PIN_LEADER, PIN_OFFICE


@pytest.fixture(scope="module")
def sealed_pdfa(pki, tmp_path_factory) -> Path:  # noqa: ANN001
    tmp = tmp_path_factory.mktemp("pdfa")
    text = LETTER.read_text(encoding="utf-8")
    draft = tmp / "draft.yaml"
    draft.write_text("\n".join("chua_cap_so: true" if line.startswith("so:") else line
                               for line in text.splitlines()) + "\n", encoding="utf-8")
    assert main(["build", str(draft), "-o", str(tmp), "--pdfa", "--prepare-sign",
                 "--workers", "1"]) == 0
    pdf = tmp / "draft.pdf"
    import os

    os.environ["PIN_GD_PDFA"], os.environ["PIN_CQ_PDFA"] = PIN_LEADER, PIN_OFFICE
    assert main(["sign", str(pdf), "-o", str(tmp / "s.pdf"), "--p12", str(pki.path("gd.p12")),
                 "--pin-env", "PIN_GD_PDFA", "--image", str(pki.path("gd.png"))]) == 0
    assert main(["seal", str(tmp / "s.pdf"), "-o", str(tmp / "ss.pdf"), "--p12",
                 str(pki.path("cq.p12")), "--pin-env", "PIN_CQ_PDFA", "--seal",
                 str(pki.path("dau.png")), "--duong-kinh-mm", "36", "--so", "5",
                 "--ngay", "2017-12-07"]) == 0
    return tmp / "ss.pdf"


def _xmp(reader: PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def test_pdfaid_kept_and_xmp_agrees_with_info(sealed_pdfa) -> None:  # noqa: ANN001
    reader = PdfReader(sealed_pdfa)
    xmp = _xmp(reader)
    assert re.search(r"pdfaid:part(>|=\")2", xmp) and re.search(r"conformance(>|=\")B", xmp)
    info = reader.metadata
    producer = re.search(r"pdf:Producer(?:>|=\")([^<\"]*)", xmp)  # element or attribute
    assert producer and producer.group(1) == info["/Producer"]
    mod = re.search(r"xmp:ModifyDate(?:>|=\")([^<\"]*)", xmp)
    assert mod is not None
    info_mod = str(info["/ModDate"])  # D:YYYYMMDDHHmmSS+07'00'
    assert mod.group(1)[:19].replace("-", "").replace(":", "").replace("T", "") == \
        info_mod[2:16]


def test_every_font_embedded(sealed_pdfa) -> None:  # noqa: ANN001
    out = subprocess.run(["pdffonts", str(sealed_pdfa)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    assert out and all(re.search(r"\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$", line)
                       for line in out), out


def test_widgets_printable_with_appearance_and_no_transparency_group(sealed_pdfa) -> None:  # noqa: ANN001
    reader = PdfReader(sealed_pdfa)
    widgets = 0
    for page in reader.pages:
        assert "/Group" not in page or page["/Group"].get("/S") != "/Transparency"
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            assert annot["/Subtype"] == "/Widget"  # the only annotations we add
            assert int(annot.get("/F", 0)) & 4 and not int(annot.get("/F", 0)) & 0b100011
            assert "/N" in annot["/AP"]
            widgets += 1
            stack = [annot["/AP"]["/N"].get_object()]
            while stack:
                xobj = stack.pop()
                group = xobj.get("/Group")
                assert group is None or group.get("/S") != "/Transparency"
                for sub in xobj.get("/Resources", {}).get("/XObject", {}).values():
                    stack.append(sub.get_object())
    assert widgets == 4

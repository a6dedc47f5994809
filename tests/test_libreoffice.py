"""One real LibreOffice conversion of the letter: the DOCX opens and renders as written."""

from __future__ import annotations

import shutil
import subprocess

from pypdf import PdfReader


def test_letter_renders_in_libreoffice(letter_docx, tmp_path):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is installed by `make setup` (scripts/install-system-deps.sh)"
    profile = tmp_path / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(letter_docx)],
        check=True, capture_output=True, timeout=180,
    )
    reader = PdfReader(tmp_path / "4208-VP-NC.pdf")
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert len(reader.pages) == 2
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 4208/VP-NC",
                     "Lạng Sơn, ngày 07 tháng 12 năm 2017", "Kính gửi:", "Nơi nhận:",
                     "KT. CHÁNH VĂN PHÒNG", "Nguyễn Văn A", "thực hiện./."):
        assert expected in text, expected
    # the page number: none on page 1, "2" at the top of page 2
    assert reader.pages[1].extract_text().split()[0] == "2"
    assert reader.pages[0].extract_text().split()[0] == "UBND"

"""Class 2 for the commands the later issues added: `issue` (register), `register print` and
`merge` write through generator/paths.py's one rule — a folder of the office or of the batch
that is a symbolic link leading elsewhere, or a link or FIFO planted under a file's name, is
refused with a Vietnamese message (exit 1), nothing is written elsewhere, and once the folder
is repaired the command works."""

from __future__ import annotations

import os
from pathlib import Path

from tests.merge.conftest import TEMPLATE, unit_rows
from tests.register.conftest import DRAFT, OFFICE_YAML

from .conftest import run


def _office(tmp_path: Path) -> Path:
    office = tmp_path / "office"
    office.mkdir()
    (office / "office.yaml").write_text(OFFICE_YAML.replace("{database}", '"register.sqlite"'),
                                        encoding="utf-8")
    return office


def _draft(tmp_path: Path) -> Path:
    draft = tmp_path / "drafts" / "du-thao.yaml"
    draft.parent.mkdir()
    draft.write_text(DRAFT.replace("{trich_yeu}", "đôn đốc gửi Đề án"), encoding="utf-8")
    return draft


def test_issue_through_a_linked_folder_is_refused_then_resumes(tmp_path: Path) -> None:
    office, draft = _office(tmp_path), _draft(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (office / "issued").mkdir()
    (office / "issued" / "2025").symlink_to(elsewhere)
    args = ["issue", draft, "--office", office, "--date", "14/03/2025", "--format", "docx"]
    proc = run(args, tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "đường dẫn đi ra ngoài thư mục đầu ra" in proc.stderr, proc.stderr
    assert "Số vẫn được giữ cho bản thảo này" in proc.stderr
    assert not list(elsewhere.iterdir())
    (office / "issued" / "2025").unlink()
    proc = run(args, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Đã cấp số 01/SNV-TCBM ngày 14/03/2025" in proc.stdout  # the held number, once
    assert list((office / "issued" / "2025").glob("*.docx"))


def test_register_print_onto_a_fifo_is_refused(tmp_path: Path) -> None:
    office, draft = _office(tmp_path), _draft(tmp_path)
    assert run(["issue", draft, "--office", office, "--date", "14/03/2025", "--format",
                "docx"], tmp_path).returncode == 0
    out = tmp_path / "so"
    proc = run(["register", "print", "di", "--office", office, "--year", "2025", "-o", out,
                "--format", "xlsx"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    (xlsx,) = out.glob("*.xlsx")
    xlsx.unlink()
    os.mkfifo(xlsx)
    proc = run(["register", "print", "di", "--office", office, "--year", "2025", "-o", out,
                "--format", "xlsx"], tmp_path, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "thứ đang có ở đó là một đường ống (FIFO), không phải tệp" in proc.stderr
    assert xlsx.is_fifo()


def test_merge_into_a_linked_folder_is_refused_row_by_row(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from tests.merge.conftest import HEADINGS

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append(HEADINGS)
    for row in unit_rows(3):
        sheet.append(row)
    data = tmp_path / "data.xlsx"
    workbook.save(data)
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "van-ban").symlink_to(elsewhere)
    proc = run(["merge", TEMPLATE, data, "-o", out, "--format", "docx", "--name", "Đơn vị",
                "--column", "Đơn vị=thanh_phan"], tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.count("đường dẫn đi ra ngoài thư mục đầu ra") >= 3, proc.stderr
    assert not list(elsewhere.iterdir())

"""Issuing a draft: number, date, numbered YAML, DOCX (+ PDF), register row; crash safety."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import load_document
from generator.cli import main
from generator.problems import Problems
from generator.register import Office, RegisterError
from generator.register.office import KILL_ENV

from ..conftest import assert_conformant

D = dt.date


def test_issue_numbers_dates_and_records(office_folder: Path, write_draft) -> None:
    draft = write_draft()
    before = draft.read_bytes()
    with Office.open(office_folder, user="văn thư") as office:
        office.allocate("hanh-chinh", D(2025, 3, 1), "số trước")
        issued = office.issue(draft, date=D(2025, 3, 14), pdf=False)
        row = office.numbers()[0]
    assert draft.read_bytes() == before  # the draft is left as it was
    assert issued.number_and_code == "02/SNV-TCBM"
    assert issued.yaml == office_folder / "issued" / "2025" / "02-SNV-TCBM.yaml"
    text = issued.yaml.read_text(encoding="utf-8")
    assert "chua_cap_so" not in text
    assert "so: 2\n" in text and "ngay: 2025-03-14" in text
    assert "# Bản thảo công văn: cấp số khi phát hành" in text  # comments kept
    assert "ngày dự kiến" in text
    doc = load_document(issued.yaml)
    assert (doc.so, doc.ngay, doc.chua_cap_so) == (2, D(2025, 3, 14), False)
    assert_conformant(issued.docx)
    assert (row.so_ky_hieu, row.ngay, row.ten_loai, row.trich_yeu, row.nguoi_ky) == (
        "02/SNV-TCBM", D(2025, 3, 14), "Công văn", "đôn đốc gửi Đề án", "Trần Văn B")
    assert row.noi_nhan == "Sở Tài chính; Lãnh đạo Sở"
    assert (row.luu, row.so_ban, row.tep) == ("VT, TCBM", 3, "issued/2025/02-SNV-TCBM")


def test_issue_builds_the_pdf(make_office, write_draft) -> None:
    folder = make_office()
    with Office.open(folder) as office:
        issued = office.issue(write_draft(), date=D(2025, 3, 14))
    out = subprocess.run(["pdftotext", str(issued.pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert "Số: 01/SNV-TCBM" in out and "ngày 14 tháng 3 năm 2025" in out


def test_issue_refusals_change_nothing(office_folder: Path, write_draft) -> None:
    with Office.open(office_folder) as office:
        office.issue(write_draft(), date=D(2025, 3, 14), pdf=False)
        state = [(r.so, r.trang_thai) for r in office.numbers(status=None)]
        log = len(office.audit_log())
        with pytest.raises(RegisterError, match="already issued as 01/SNV-TCBM"):
            office.issue(write_draft(), date=D(2025, 3, 15), pdf=False)
        invalid = write_draft(name="bad.yaml", text=Path(write_draft()).read_text()
                              .replace("trich_yeu:", "trich_yue:"))
        with pytest.raises(Problems) as info:
            office.issue(invalid, date=D(2025, 3, 15), pdf=False)
        assert any(p.line == 11 and p.field == "trich_yue" for p in info.value.items)
        numbered = write_draft(name="numbered.yaml", text=Path(write_draft()).read_text()
                               .replace("chua_cap_so: true", "so: 7"))
        with pytest.raises(RegisterError, match="already has a number"):
            office.issue(numbered, pdf=False)
        with pytest.raises(RegisterError, match="earlier than"):
            office.issue(write_draft("khác"), date=D(2025, 3, 1), pdf=False)
        with pytest.raises(RegisterError, match="not for this document"):
            office.issue(write_draft("khác"), date=D(2025, 3, 20), book="mat", pdf=False)
        assert [(r.so, r.trang_thai) for r in office.numbers(status=None)] == state
        assert len(office.audit_log()) == log
    assert sorted(p.name for p in (office_folder / "issued" / "2025").iterdir()) == [
        "01-SNV-TCBM.docx", "01-SNV-TCBM.yaml"]


def test_secret_documents_take_their_own_book(office_folder: Path, write_draft) -> None:
    secret = write_draft(name="mat.yaml", text=Path(write_draft()).read_text()
                         .replace("don_vi_soan_thao", "do_mat: MẬT\ndon_vi_soan_thao"))
    with Office.open(office_folder) as office:
        office.allocate("hanh-chinh", D(2025, 1, 2), "x")
        issued = office.issue(secret, date=D(2025, 3, 14), pdf=False)
    assert (issued.allocation.book, issued.number_and_code) == ("mat", "01/SNV-TCBM")


def test_reserved_number_is_used_and_reuse_is_refused(office_folder: Path, write_draft) -> None:
    with Office.open(office_folder) as office:
        office.reserve("hanh-chinh", D(2025, 3, 10), "phòng TCBM")
        office.allocate("hanh-chinh", D(2025, 3, 12), "y")
        with pytest.raises(RegisterError, match="later than the date of the next number"):
            office.issue(write_draft(), date=D(2025, 3, 13), number=1, pdf=False)
        issued = office.issue(write_draft(), date=D(2025, 3, 11), number=1, pdf=False)
        assert issued.number_and_code == "01/SNV-TCBM"
        with pytest.raises(RegisterError) as info:
            office.issue(write_draft("khác"), date=D(2025, 3, 12), number=1, pdf=False)
        assert "đã cấp cho văn bản 01/SNV-TCBM" in info.value.message.vi
        with pytest.raises(RegisterError, match="has no number 05"):
            office.issue(write_draft("khác"), date=D(2025, 3, 13), number=5, pdf=False)


def test_cli_issue_and_list(office_folder: Path, write_draft, capsys) -> None:
    args = ["--office", str(office_folder), "--user", "vt"]
    assert main(["issue", str(write_draft()), *args, "--date", "14/03/2025",
                 "--format", "docx"]) == 0
    assert "Đã cấp số 01/SNV-TCBM ngày 14/03/2025" in capsys.readouterr().out
    assert main(["issue", str(write_draft()), *args]) == 1
    err = capsys.readouterr().err
    assert "không cấp số lần hai" in err and "Traceback" not in err
    assert main(["register", "list", *args, "--words", "ĐỀ ÁN"]) == 0
    assert "01/SNV-TCBM\t14/03/2025\tCông văn\tđôn đốc gửi Đề án" in capsys.readouterr().out


def _issue_killed_at(step: str, folder: Path, draft: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, KILL_ENV: step}
    return subprocess.run([sys.executable, "-m", "generator.cli", "issue", str(draft),
                           "--office", str(folder), "--date", "2025-03-14", "--format", "docx"],
                          env=env, capture_output=True, text=True)


@pytest.mark.parametrize("step", ["sau-cap-so", "sau-ghi-yaml", "truoc-ghi-so"])
def test_sigkill_midway_leaves_a_reservation_then_resumes(
        step: str, office_folder: Path, write_draft: Callable[..., Path]) -> None:
    draft = write_draft()
    result = _issue_killed_at(step, office_folder, draft)
    assert result.returncode == -9, result.stderr
    with Office.open(office_folder) as office:
        rows = office.numbers(status=None)
        assert [(r.so, r.trang_thai, r.nguoi_giu) for r in rows] == [(1, "giu", str(draft))]
        assert office.numbers() == []  # no issued row, so no document counts as issued
        resumed = office.issue(draft, date=D(2025, 3, 14), pdf=False)
        other = office.issue(write_draft("văn bản khác", name="b.yaml"), date=D(2025, 3, 14),
                             pdf=False)
        rows = office.numbers(status=None)
    assert resumed.resumed and resumed.number_and_code == "01/SNV-TCBM"
    assert other.number_and_code == "02/SNV-TCBM"
    assert [(r.so, r.trang_thai) for r in rows] == [(1, "cap"), (2, "cap")]
    files = sorted(p.name for p in (office_folder / "issued" / "2025").iterdir())
    assert files == ["01-SNV-TCBM.docx", "01-SNV-TCBM.yaml", "02-SNV-TCBM.docx",
                     "02-SNV-TCBM.yaml"]


def test_book_chosen_by_type_qppl_and_secrecy(make_office) -> None:
    """Each QPPL type its own book (read as ``getattr(doc, "qppl", False)``), secret
    documents theirs, everything else the administrative book."""
    from types import SimpleNamespace

    with Office.open(make_office()) as office:
        def book(loai: str, qppl: bool = False, do_mat: str | None = None) -> str:
            doc = SimpleNamespace(loai=loai, qppl=qppl, do_mat=do_mat)
            return office.book_for(doc).ma  # type: ignore[arg-type]

        assert book("quyet-dinh", qppl=True) == "qd-qppl"
        assert book("quyet-dinh") == "hanh-chinh"
        assert book("cong-van", do_mat="MẬT") == "mat"
        with pytest.raises(RegisterError, match="legal-normative"):
            book("nghi-quyet", qppl=True)
        with pytest.raises(RegisterError, match="not for this document"):
            office.book_for(SimpleNamespace(loai="cong-van", qppl=False, do_mat=None),
                            "qd-qppl")  # type: ignore[arg-type]


QPPL_DRAFT = """\
loai: quyet-dinh
qppl: true
co_quan:
  ten: ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN
  viet_tat: UBND
chua_cap_so: true
dia_danh: Lạng Sơn
ngay: 2025-01-01
trich_yeu: Quy định chức năng, nhiệm vụ của Sở Nội vụ
can_cu:
  - Căn cứ Luật Tổ chức chính quyền địa phương
theo_de_nghi: Theo đề nghị của Giám đốc Sở Nội vụ
ban_hanh: Ủy ban nhân dân tỉnh ban hành Quyết định quy định chức năng, nhiệm vụ của Sở Nội vụ.
noi_dung:
  - dieu: Sở Nội vụ là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh.
  - dieu: Quyết định này có hiệu lực từ ngày 01 tháng 4 năm 2025.
  - dieu: Giám đốc Sở Nội vụ và thủ trưởng các cơ quan có liên quan chịu trách nhiệm thi hành.
nguoi_ky:
  quyen_han: [TM., KT.]
  thu_truong: [ỦY BAN NHÂN DÂN, CHỦ TỊCH]
  chuc_vu: PHÓ CHỦ TỊCH
  ho_ten: Nguyễn Văn A
noi_nhan: [Như Điều 3, Bộ Nội vụ]
"""


def test_a_legal_normative_decision_takes_its_own_book_and_the_year(
        office_folder: Path, write_draft) -> None:
    """Each QPPL type has its own sequence, and its number carries the year (89/2025/QĐ-UBND)."""
    with Office.open(office_folder) as office:
        office.issue(write_draft(), date=D(2025, 3, 14), pdf=False)  # the administrative book
        issued = office.issue(write_draft(name="qd.yaml", text=QPPL_DRAFT),
                              date=D(2025, 3, 15), pdf=False)
        assert issued.number_and_code == "01/2025/QĐ-UBND"
        assert issued.allocation.book == "qd-qppl"
        assert_conformant(issued.docx)
        assert load_document(issued.yaml).number_and_code == "01/2025/QĐ-UBND"

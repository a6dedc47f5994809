"""Files no one here wrote: the decree itself, Phụ lục III, and LibreOffice's own DOCX."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from checkdoc import Doc, build

from generator.check import RULES, check_docx
from generator.check.layout import find_layout
from generator.check.resolve import load_docx

REF = Path(__file__).resolve().parents[1] / "fixtures" / "nd30-2020"
DECREE = REF / "30_2020_ND_CP.docx"
QD = dict(doc_type="quyet-dinh", so="Số: 12/QĐ-UBND",
          noi_nhan=("- Như Điều 3;", "- Lưu: VT, NC."),
          authority=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"))

def test_decree_is_a_legal_normative_document_with_zero_errors() -> None:
    """30/2020/NĐ-CP is a nghị định: the checker recognises it as a legal normative document
    by the year in its number and accepts its number (H5) and its type name (T1)."""
    report = check_docx(DECREE)
    assert report.errors == []
    assert report.status_of("H5") == report.status_of("T1") == "pass"
    section11 = [r for r in RULES if not r.startswith("U")]
    assert {r: report.status_of(r) for r in section11 if report.status_of(r) == "fail"} == {}
    must_pass = {"P1", "P3", "P4", "F1", "F2", "F3", "H1", "H2", "H3", "H5", "H6", "T1", "T2",
                 "B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "S1", "S2", "R2", "R3"}
    assert {r for r in section11 if report.status_of(r) == "pass"} >= must_pass


def test_decree_checked_as_an_administrative_type_fails_h5_and_t1() -> None:
    """Told it is a kế hoạch (never normative), the same file fails exactly on what makes it
    normative: the year in 30/2020/NĐ-CP and the type name NGHỊ ĐỊNH."""
    report = check_docx(DECREE, doc_type="ke-hoach")
    assert {r.rule_id for r in report.errors} == {"H5", "T1"}
    (h5,) = [r for r in report.errors if r.rule_id == "H5"]
    (t1,) = [r for r in report.errors if r.rule_id == "T1"]
    assert "30/2020/NĐ-CP" in h5.message["vi"] and "năm" in h5.message["vi"]
    assert "NGHỊ ĐỊNH" in t1.message["vi"]


def test_decree_real_unicode_defects_are_reported_as_warnings() -> None:
    """The decree file really holds one decomposed (NFD) paragraph and spells ủy/uỷ both
    ways; these are warnings outside §11, reported truthfully."""
    report = check_docx(DECREE)
    assert {r.rule_id for r in report.warnings} == {"U2", "U3"}
    (u2,) = [r for r in report.warnings if r.rule_id == "U2"]
    assert u2.location.startswith("«Lưu trữ cơ quan có trách nhiệm")
    (u3,) = [r for r in report.warnings if r.rule_id == "U3"]
    assert "ủy (13) / uỷ (1)" in u3.message["vi"]


def test_decree_components_found() -> None:
    lay = find_layout(load_docx(DECREE))
    assert [ln.text for ln in lay.issuer] == ["CHÍNH PHỦ"] and not lay.parent
    assert lay.so.text == "Số: 30/2020/NĐ-CP"
    assert lay.date.text == "Hà Nội, ngày 05 tháng 3 năm 2020"
    assert lay.type_name.text == "NGHỊ ĐỊNH" and lay.trich_yeu[0].text == "Về công tác văn thư"
    assert [ln.text for ln in lay.authority] == ["TM. CHÍNH PHỦ", "THỦ TƯỚNG"]
    assert lay.signer.text == "Nguyễn Xuân Phúc"
    assert lay.noi_nhan_items[-1].text == "- Lưu: VT, HC (2)."
    assert len(lay.dieu) == 38
    assert [(label.text, title.text) for label, title in lay.structure][:2] == [
        ("Chương I", "QUY ĐỊNH CHUNG"), ("Chương II", "SOẠN THẢO, KÝ BAN HÀNH VĂN BẢN HÀNH CHÍNH")]
    # all three lines are drawn with underscores in superscript runs
    assert {lay.tieu_ngu_rule.how, lay.issuer_rule.how, lay.trich_yeu_rule.how} == {"underscores"}


@pytest.mark.parametrize("name", ["Phuluc1.docx", "Phuluc2.docx", "Phuluc3.docx"])
def test_appendix_files_are_read_and_checked(name: str) -> None:
    """Collections of samples, not one document: they must be read and every rule run."""
    report = check_docx(REF / name)
    assert len({r.rule_id for r in report.results}) == 37
    assert report.status_of("P1") == "pass"


def test_phu_luc_3_calibri_comes_from_its_normal_style() -> None:
    """Phuluc3.docx (saved by LibreOffice) gives its Normal style Calibri; the sample captions
    that rely on it are caught, the samples themselves (direct Times New Roman) are not."""
    report = check_docx(REF / "Phuluc3.docx")
    f1 = [r for r in report.results if r.rule_id == "F1" and r.status == "fail"]
    assert f1 and all("Calibri" in r.message["en"] for r in f1)
    assert sum(r.location.startswith("«Mẫu ") for r in f1) >= len(f1) - 2


# --- LibreOffice: a DOCX written by another program ------------------------------------------
@pytest.fixture(scope="module")
def libreoffice_docx(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice not installed")
    work = tmp_path_factory.mktemp("lo")
    build(Doc(), work / "cong-van.docx")
    build(Doc(**QD), work / "quyet-dinh.docx")
    profile = f"-env:UserInstallation=file://{work / 'profile'}"
    run = [soffice, profile, "--headless", "--convert-to"]
    subprocess.run(run + ["odt", "--outdir", str(work / "odt"), str(work / "cong-van.docx"),
                          str(work / "quyet-dinh.docx")], check=True, capture_output=True,
                   timeout=180)
    subprocess.run(run + ["docx:MS Word 2007 XML", "--outdir", str(work / "lo"),
                          str(work / "odt" / "cong-van.odt"),
                          str(work / "odt" / "quyet-dinh.odt")],
                   check=True, capture_output=True, timeout=180)
    return {kind: work / "lo" / f"{kind}.docx" for kind in ("cong-van", "quyet-dinh")}


@pytest.mark.parametrize("kind", ["cong-van", "quyet-dinh"])
def test_libreoffice_docx_from_odt_passes_clean(libreoffice_docx, kind: str) -> None:
    path = libreoffice_docx[kind]
    doc = load_docx(path)
    assert "LibreOffice" in _app_name(path)
    report = check_docx(path)
    assert report.doc_type == kind
    assert not report.errors and not report.warnings, [
        (r.rule_id, r.message["en"]) for r in report.errors + report.warnings]
    qh = find_layout(doc).quoc_hieu
    assert (qh.runs[0].size_pt, qh.runs[0].bold, qh.runs[0].font) == (13, True, "Times New Roman")


def test_libreoffice_docx_still_catches_a_break(libreoffice_docx, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    bad = build(Doc(date="Lạng Sơn, ngày 7 tháng 12 năm 2017"), tmp_path / "bad.docx")
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run([soffice, profile, "--headless", "--convert-to", "odt", "--outdir",
                    str(tmp_path / "odt"), str(bad)], check=True, capture_output=True, timeout=180)
    subprocess.run([soffice, profile, "--headless", "--convert-to", "docx:MS Word 2007 XML",
                    "--outdir", str(tmp_path / "lo"), str(tmp_path / "odt" / "bad.odt")],
                   check=True, capture_output=True, timeout=180)
    assert check_docx(tmp_path / "lo" / "bad.docx").failed_rules == {"H6"}


def _app_name(path: Path) -> str:
    import zipfile
    with zipfile.ZipFile(path) as z:
        return z.read("docProps/app.xml").decode("utf-8", "replace")


# --- Word-style theme fonts --------------------------------------------------------------
def test_theme_font_times_new_roman_passes(tmp_path: Path) -> None:
    path = build(Doc(theme=("Times New Roman", "Times New Roman")), tmp_path / "theme.docx")
    body = next(p for p in load_docx(path).paragraphs() if p.text.startswith("Thực hiện"))
    assert body.runs[0].font == "Times New Roman" and body.runs[0].size_pt == 14
    assert not check_docx(path).failed_rules


def test_theme_font_calibri_fails_font_rule(tmp_path: Path) -> None:
    path = build(Doc(theme=("Calibri Light", "Calibri")), tmp_path / "theme.docx")
    report = check_docx(path)
    assert report.failed_rules == {"F1"}
    assert all("Calibri" in r.message["en"] for r in report.errors)

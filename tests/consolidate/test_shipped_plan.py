"""End to end on the shipped tinh giản biên chế plan, with the totals recomputed straight from
the unit files in plain Python (not through the aggregation code) and compared with the
narrative, the DOCX tables (once the writer renders tables) and the workbook."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from generator.consolidate.pdfs import soffice_available
from generator.consolidate.run import consolidate

from .conftest import TINH_GIAN

YEARS = ("giam_2018", "giam_2019", "giam_2020", "giam_2021")
SUMMED = ("phong_truoc", "phong_sau", "chi_cuc_truoc", "chi_cuc_sau", "dvsn_truoc",
          "dvsn_sau", "cong_chuc_2015", "cong_chuc_giao_2017", "cong_chuc_co_mat_2017",
          "su_nghiep_2017", "hop_dong_2017", *YEARS)


def _read_unit(path: Path) -> dict[str, Any] | None:
    if path.suffix == ".yaml":
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    if path.suffix == ".xlsx":
        sheet = load_workbook(path).active
        data = {}
        for row in sheet.iter_rows(min_row=1):
            code, value = row[0].value, row[2].value
            if isinstance(code, str) and value is not None:
                data[code] = value.date() if isinstance(value, dt.datetime) else value
        return data
    return None


def _acceptable(unit: dict[str, Any], roster: set[str]) -> bool:
    """The plan's rules, written out again by hand."""
    if unit.get("don_vi") not in roster:
        return False
    if any(not isinstance(unit.get(k), int) or unit[k] < 0 for k in SUMMED):
        return False
    return (sum(unit[y] for y in YEARS) <= unit["cong_chuc_giao_2017"]
            and unit["cong_chuc_co_mat_2017"] <= unit["cong_chuc_giao_2017"]
            and unit["phong_sau"] <= unit["phong_truoc"]
            and unit["chi_cuc_sau"] <= unit["chi_cuc_truoc"]
            and unit["dvsn_sau"] <= unit["dvsn_truoc"])


def expected_totals() -> dict[str, dict[str, Any]]:
    plan = yaml.safe_load((TINH_GIAN / "plan.yaml").read_text(encoding="utf-8"))
    group_of = {u["ma"]: u["nhom"] for u in plan["don_vi"]}
    latest: dict[str, dict[str, Any]] = {}
    for path in sorted((TINH_GIAN / "units").iterdir()):
        unit = _read_unit(path)
        if unit is None or not _acceptable(unit, set(group_of)):
            continue
        code = unit["don_vi"]
        if code not in latest or unit["ngay_nhan"] > latest[code]["ngay_nhan"]:
            latest[code] = unit
    totals: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    for code, unit in latest.items():
        for group in (group_of[code], "all"):
            for key in SUMMED:
                totals[group][key] += unit[key]
            merges = unit.get("sap_nhap") or []
            if isinstance(merges, str):  # a form cell: one item per line
                merges = merges.splitlines()
            totals[group]["sap_nhap"] += len(merges)
            totals[group]["agencies"] += 1
    for t in totals.values():
        reduced = t["cong_chuc_2015"] - t["cong_chuc_giao_2017"] + sum(t[y] for y in YEARS)
        t["giam_den_2021"] = reduced
        t["ty_le_giam"] = round(reduced / t["cong_chuc_2015"] * 100, 1)
    return totals


def vi_number(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("tinh-gian")
    return consolidate(TINH_GIAN, out, pdf=soffice_available()), out


def test_sample_has_every_situation(run):
    result, _ = run
    report = result.report
    states = {u.code: (u.state, u.days_late) for u in report.units}
    assert states["SNgV"] == ("chua_nop", 0) and states["DL"] == ("chua_nop", 0)
    assert states["BS"][0] == "khong_hop_le"
    assert sorted(c for c, (s, _d) in states.items() if s == "tre_han") == [
        "BDT", "HL", "STNMT", "SVHTTDL", "VLA"]
    assert states["HL"] == ("tre_han", 4)
    assert [s.file.name for s in report.of("SYT").replaced] == ["SYT.yaml"]
    assert report.of("STP").chosen.file.suffix == ".xlsx"
    assert result.exit_code == 1  # BS is invalid; everything else is still written
    units = TINH_GIAN / "units"
    errors = [p for p in result.problems if p.severity == "error" and p.file.parent == units]
    assert [(p.file.name, p.field) for p in errors] == [("BS.yaml", "giam_2021")]


def test_workbook_totals_match_a_plain_recount(run):
    result, out = run
    expected = expected_totals()
    sheet = load_workbook(out / "tong-hop.xlsx")["bien_che"]
    rows = {r[1].value: [c.value for c in r] for r in sheet.iter_rows(min_row=4)}
    columns = [sheet.cell(3, c).value for c in range(1, sheet.max_column + 1)]

    def cell(row_label: str, title: str) -> Any:
        return rows[row_label][columns.index(title)]

    for label, group in (("Cộng sở, ban, ngành", "so-ban-nganh"),
                         ("Cộng huyện, thành phố", "huyen-thanh-pho"), ("Tổng cộng", "all")):
        t = expected[group]
        assert cell(label, "BC giao 2015") == t["cong_chuc_2015"]
        assert cell(label, "Giảm 2021") == t["giam_2021"]
        assert cell(label, "Giảm đến 2021") == t["giam_den_2021"]
        assert cell(label, "Tỷ lệ giảm (%)") == t["ty_le_giam"]
    organisation = load_workbook(out / "tong-hop.xlsx")["to_chuc"]
    total = [c.value for c in list(organisation.iter_rows(min_row=4))[-1]]
    assert total[2] == expected["all"]["phong_truoc"]
    assert total[-1] == expected["all"]["sap_nhap"]


@pytest.mark.parametrize("group", ["so-ban-nganh", "huyen-thanh-pho"])
def test_narrative_quotes_the_same_figures(run, group):
    _, out = run
    t = expected_totals()[group]
    text = "\n".join(p.text for p in WordDocument(str(out / group / "de-an.docx")).paragraphs)
    assert f"năm 2015 được giao {vi_number(t['cong_chuc_2015'])} biên chế công chức" in text
    assert f"giảm {vi_number(t['giam_den_2021'])} biên chế, bằng " \
           f"{vi_number(t['ty_le_giam'], 1)}% so với" in text
    assert f"{vi_number(t['phong_truoc'])} phòng chuyên môn" in text


def _docx_tables(path: Path) -> list[list[list[str]]]:
    document = WordDocument(str(path))
    return [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]


@pytest.mark.parametrize("group", ["so-ban-nganh", "huyen-thanh-pho"])
def test_docx_tables_match_a_plain_recount(run, group):
    _, out = run
    tables = [t for t in _docx_tables(out / group / "de-an.docx")
              if t and "BC giao 2015" in t[0]]
    assert tables, "no staffing table in the đề án"
    t = expected_totals()[group]
    header, total = tables[0][0], tables[0][-1]
    assert "Tổng cộng" in total
    assert total[header.index("BC giao 2015")] == vi_number(t["cong_chuc_2015"])
    assert total[header.index("Giảm đến 2021")] == vi_number(t["giam_den_2021"])
    assert total[header.index("Tỷ lệ giảm (%)")].rstrip("%") == vi_number(t["ty_le_giam"], 1)


def test_reminder_lists_the_agencies_without_a_valid_submission(run):
    result, _ = run
    (reminder,) = [p.document for p in result.documents if p.role == "don_doc"]
    assert reminder.kinh_gui == ["Sở Ngoại vụ", "UBND huyện Bắc Sơn", "UBND huyện Đình Lập"]


@pytest.mark.skipif(not soffice_available(), reason="LibreOffice is not installed")
@pytest.mark.parametrize("group", ["so-ban-nganh", "huyen-thanh-pho"])
def test_dossier_per_consolidated_document(run, group):
    result, out = run
    reader = PdfReader(out / group / "dossier.pdf")
    scope = next(s for s in result.scopes if s.key == group)
    agencies = next(item for item in reader.outline if isinstance(item, list)
                    and item[0].title.split(" — ")[0] in {r.unit.ten for r in scope.rows})
    assert [a.title.split(" — ")[0] for a in agencies] == [r.unit.ten for r in scope.rows]
    labels = reader.page_labels
    assert labels[0] == "1"
    assert f"{scope.rows[0].unit.ma}-1" in labels
    # the dossier carries the same figures as the narrative
    t = expected_totals()[group]
    body = " ".join(" ".join(page.extract_text().split()) for page in reader.pages[:3])
    assert f"giảm {vi_number(t['giam_den_2021'])} biên chế, bằng " \
           f"{vi_number(t['ty_le_giam'], 1)}% so với" in body
    if group == "so-ban-nganh":  # Thanh tra tỉnh sent its own PDF: it is used as it is
        start = labels.index("TTr-1")
        assert "bản PDF do cơ quan tự lập" in " ".join(reader.pages[start].extract_text().split())


def test_every_document_passes_the_nd30_checker(run):
    """Promise: every document the project writes passes its own checker with no error."""
    from generator.check import check_docx

    result, _ = run
    failures = {}
    documents = [planned for planned in result.documents if planned.docx.is_file()]
    assert len(documents) >= 30  # the đề án per group, status, reminder, tờ trình, agencies
    for planned in documents:
        report = check_docx(planned.docx, planned.document.loai,
                            draft=planned.document.chua_cap_so)
        errors = [f"{e.rule_id}: {e.text('en')}" for e in report.errors]
        if errors:
            failures[planned.docx.name] = errors
    assert not failures


def test_second_plan_of_another_kind_is_built_by_the_same_code(tmp_path):
    from .conftest import DAO_TAO

    result = consolidate(DAO_TAO, tmp_path / "out", pdf=False)
    assert result.exit_code == 0
    assert [s.key for s in result.scopes] == ["chung"]
    (report,) = [p for p in result.documents if p.role == "tong_hop"]
    assert report.document.loai == "bao-cao" and report.docx == tmp_path / "out" / "bao-cao.docx"
    assert result.whole.totals["luot_nguoi"] == 240 + 95 + 610 + 180 + 160 + 260
    assert [r.unit.ma for r in result.whole.flagged] == ["STC", "CLO"]  # giải ngân < 80%
    (reminder,) = [p.document for p in result.documents if p.role == "don_doc"]
    assert reminder.kinh_gui == ["Sở Giáo dục và Đào tạo"]  # from the shipped template
    assert reminder.trich_yeu == "đôn đốc gửi báo cáo kết quả đào tạo, bồi dưỡng năm 2017"
    assert "trước ngày 06/12/2017" in reminder.noi_dung[1]
    assert not [p for p in result.documents if p.role == "to_trinh"]
    assert "Tình trạng" in load_workbook(tmp_path / "out" / "tong-hop.xlsx").sheetnames

"""Bad submissions: each reported with file, line and field, listed invalid; the others are
still consolidated."""

from __future__ import annotations

import pytest

from generator.consolidate.run import analyse
from generator.consolidate.status import INVALID, MISSING, ON_TIME

from .conftest import unit_yaml

BAD_CASES = {
    # name: (HL.yaml text, field, line, words in the Vietnamese message, words in English)
    "unparseable": ("don_vi: HL\nso_hieu: [1/ĐA-UBND\n", None, 3, "YAML không hợp lệ",
                    "Invalid YAML"),
    "wrong-type": (unit_yaml("HL", bien_che="một trăm"), "bien_che", 6, "Sai kiểu dữ liệu",
                   "Wrong type"),
    "negative": (unit_yaml("HL", giam=-3), "giam", 7, "không được là số âm", "negative"),
    "decimal": (unit_yaml("HL", giam="2,5"), "giam", 7, "số nguyên", "whole number"),
    "reduction-larger-than-staff": (unit_yaml("HL", bien_che=10, giam=11), "giam", 7,
                                    "Số giảm (11) lớn hơn biên chế (10)", "fails"),
    "not-on-roster": (unit_yaml("HL").replace("don_vi: HL", "don_vi: HLL"), "don_vi", 1,
                      "không có trong danh sách", "Did you mean 'HL'"),
    "missing-field": (unit_yaml("HL").replace("bien_che: 100\n", ""), "bien_che", 1,
                      "Thiếu trường bắt buộc 'bien_che'", "Required field"),
    "unknown-field": (unit_yaml("HL", extra="bien_chee: 3\n"), "bien_chee", 11,
                      "Có phải ý bạn là 'bien_che'", "not in the plan"),
    "bad-number-code": (unit_yaml("HL").replace("10/ĐA-UBND", "10 ĐA UBND"), "so_hieu", 2,
                        "không đúng dạng", "not well formed"),
    "impossible-date": (unit_yaml("HL", received="31/11/2017"), "ngay_nhan", 4,
                        "tháng 11 năm 2017 chỉ có 30 ngày", "has 30 days"),
    "received-before-issued": (unit_yaml("HL", received="2017-12-01"), "ngay_nhan", 4,
                               "Ngày nhận trước ngày ban hành", "before"),
    "list-expected": (unit_yaml("HL").replace("sap_nhap:\n  - Hợp nhất phòng A và phòng B",
                                              "sap_nhap: {a: 1}"), "sap_nhap", 8,
                      "danh sách", "a list"),
    "control-character": (unit_yaml("HL").replace("kien_nghi: Kiến nghị của HL.",
                                                  'kien_nghi: "Kiến\\a nghị"'),
                          "kien_nghi", 10, "ký tự điều khiển", "control"),
    "decimal-where-whole-number": (unit_yaml("HL", bien_che="12.5"), "bien_che", 6,
                                   '"1.200"', "quotes"),
}


@pytest.mark.parametrize("case", list(BAD_CASES), ids=list(BAD_CASES))
def test_bad_submission_is_located_and_listed(make_plan, standard_units, case):
    text, field, line, vi, en = BAD_CASES[case]
    folder = make_plan({**standard_units, "HL.yaml": text})
    result = analyse(folder)
    problems = [p for p in result.problems if p.file.name == "HL.yaml"]
    assert problems, [p.render() for p in result.problems]
    problem = problems[0]
    assert problem.field == field
    assert problem.line == line
    assert vi in problem.render("vi")
    assert en in problem.render("en")
    assert result.exit_code == 1
    # the invalid file is listed; the others are consolidated all the same
    invalid = [u for u in result.report.units if u.state == INVALID]
    assert [s.file.name for u in invalid for s in u.invalid] == ["HL.yaml"]
    assert sorted(r.unit.ma for s in result.scopes for r in s.rows) == ["CLO", "STC", "SYT"]


def test_not_on_roster_is_listed_under_its_own_name(make_plan, standard_units):
    folder = make_plan({**standard_units, "X.yaml": unit_yaml("SXD")})
    result = analyse(folder)
    extra = [u for u in result.report.units if u.unit is None]
    assert [u.code for u in extra] == ["SXD"]
    assert extra[0].state == INVALID
    assert "ngoài danh sách" in extra[0].label("vi")
    assert result.report.of("HL").state == MISSING


def test_valid_submissions_are_ok(make_plan, standard_units):
    result = analyse(make_plan(standard_units))
    assert result.exit_code == 0
    assert not result.problems
    assert result.report.of("STC").state == ON_TIME
    syt = next(r for s in result.scopes for r in s.rows if r.unit.ma == "SYT")
    assert syt.submission.values["sap_nhap"] == ["Hợp nhất phòng A và phòng B"]
    assert syt.numbers["sap_nhap"] == 1  # a list counts its items in the figures
    assert syt.numbers["ty_le"] == 15.0


def test_bom_crlf_and_clerk_forms_are_accepted(make_plan, standard_units):
    text = unit_yaml("HL", received="14/12/2017", bien_che='"1.200"').replace("\n", "\r\n")
    folder = make_plan(standard_units)
    (folder / "units" / "HL.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode())
    result = analyse(folder)
    assert not result.problems, [p.render() for p in result.problems]
    row = next(r for s in result.scopes for r in s.rows if r.unit.ma == "HL")
    assert row.submission.values["bien_che"] == 1200


@pytest.mark.parametrize("written", ["1.200", "1200", '"1.200"'])
def test_dot_grouped_thousands_read_as_clerks_mean_them(make_plan, standard_units, written):
    # YAML alone would read an unquoted 1.200 as 1.2; the loader keeps it as 1200
    folder = make_plan({**standard_units, "HL.yaml": unit_yaml("HL", bien_che=written)})
    result = analyse(folder)
    assert not result.problems, [p.render() for p in result.problems]
    row = next(r for s in result.scopes for r in s.rows if r.unit.ma == "HL")
    assert row.submission.values["bien_che"] == 1200


@pytest.mark.parametrize(("name", "content", "words"),
                         [("khong-co.pdf", None, "Không tìm thấy"),
                          ("../plan.yaml", None, "nằm trong thư mục units/"),
                          ("hong.pdf", b"%PDF-1.4 not really", "bị hỏng")],
                         ids=["missing", "outside-units", "damaged"])
def test_agencys_own_pdf_must_be_usable(make_plan, standard_units, name, content, words):
    folder = make_plan({**standard_units, "HL.yaml": unit_yaml("HL", extra=f"tep_pdf: {name}\n")})
    if content is not None:
        (folder / "units" / name).write_bytes(content)
    result = analyse(folder)
    (problem,) = result.problems
    assert problem.field == "tep_pdf" and problem.line == 11
    assert words in problem.render("vi")
    assert result.report.of("HL").state == INVALID

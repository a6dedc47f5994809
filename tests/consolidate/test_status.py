"""Who sent what, when: on time, late by N days, missing, invalid, replaced, conflicts."""

from __future__ import annotations

import pytest

from generator.consolidate.run import analyse
from generator.consolidate.status import INVALID, LATE, MISSING, ON_TIME

from .conftest import unit_yaml


def test_states_from_roster_and_deadline(make_plan, standard_units):
    report = analyse(make_plan(standard_units)).report
    assert [(u.code, u.state, u.days_late) for u in report.units] == [
        ("STC", ON_TIME, 0), ("SYT", LATE, 2), ("CLO", ON_TIME, 0), ("HL", MISSING, 0)]
    assert report.of("SYT").label("vi") == "Trễ hạn 2 ngày"
    assert report.of("SYT").label("en") == "Late by 2 days"
    assert report.of("HL").label("vi") == "Chưa nộp"


@pytest.mark.parametrize(("received", "state", "days"),
                         [("2017-12-15", ON_TIME, 0), ("2017-12-16", LATE, 1),
                          ("2018-01-04", LATE, 20)])
def test_deadline_day_counts_as_on_time(make_plan, standard_units, received, state, days):
    units = {**standard_units, "HL.yaml": unit_yaml("HL", received=received)}
    status = analyse(make_plan(units)).report.of("HL")
    assert (status.state, status.days_late) == (state, days)


def test_later_submission_replaces_the_earlier(make_plan, standard_units):
    units = {**standard_units,
             "STC-dinh-chinh.yaml": unit_yaml("STC", received="2017-12-18", giam=20, number=11)}
    result = analyse(make_plan(units))
    status = result.report.of("STC")
    assert status.chosen.file.name == "STC-dinh-chinh.yaml"
    assert [s.file.name for s in status.replaced] == ["STC.yaml"]
    assert "thay thế văn bản 10/ĐA-STC nhận ngày 14/12/2017 (STC.yaml)" in status.note("vi")
    assert "replaces 10/ĐA-STC" in status.note("en")
    # a correction after the deadline does not make an agency that sent on time late
    assert status.state == ON_TIME
    row = next(r for s in result.scopes for r in s.rows if r.unit.ma == "STC")
    assert row.numbers["giam"] == 20
    assert result.exit_code == 0


def test_same_date_conflict_is_an_error_naming_both_files(make_plan, standard_units):
    units = {**standard_units, "STC-2.yaml": unit_yaml("STC", giam=13, number=11)}
    result = analyse(make_plan(units))
    status = result.report.of("STC")
    assert status.state == INVALID and status.chosen is None
    errors = [p for p in result.problems if p.severity == "error"]
    assert len(errors) == 1
    assert (errors[0].line, errors[0].field) == (4, "ngay_nhan")
    text = errors[0].render("vi")
    assert "STC.yaml" in text and "STC-2.yaml" in text
    assert "STC.yaml" in errors[0].render("en") and "disagree" in errors[0].render("en")
    assert result.exit_code == 1
    assert "STC" not in [r.unit.ma for s in result.scopes for r in s.rows]


def test_same_date_identical_copies_are_not_a_conflict(make_plan, standard_units):
    units = {**standard_units, "STC-copy.yaml": standard_units["STC.yaml"]}
    result = analyse(make_plan(units))
    assert result.exit_code == 0
    assert result.report.of("STC").state == ON_TIME


def test_earlier_conflict_superseded_by_a_correction_is_a_warning(make_plan, standard_units):
    units = {**standard_units, "STC-2.yaml": unit_yaml("STC", giam=13, number=11),
             "STC-3.yaml": unit_yaml("STC", received="2017-12-16", giam=14, number=12)}
    result = analyse(make_plan(units))
    assert result.report.of("STC").chosen.file.name == "STC-3.yaml"
    assert [p.severity for p in result.problems] == ["warning"]
    assert result.exit_code == 0


def test_invalid_correction_keeps_the_valid_submission(make_plan, standard_units):
    units = {**standard_units,
             "STC-2.yaml": unit_yaml("STC", received="2017-12-18", giam=-1, number=11)}
    result = analyse(make_plan(units))
    status = result.report.of("STC")
    assert status.chosen.file.name == "STC.yaml"
    assert "tệp không hợp lệ STC-2.yaml" in status.note("vi")
    assert result.exit_code == 1


def test_no_units_folder_lists_everyone_missing(make_plan):
    folder = make_plan()
    (folder / "units").rmdir()
    result = analyse(folder)
    assert {u.state for u in result.report.units} == {MISSING}
    assert all(not s.rows for s in result.scopes)

"""Documents built by code from the plan's templates and the figures."""

from __future__ import annotations

import pytest

from generator.consolidate.pdfs import pool_available, soffice_available
from generator.consolidate.run import consolidate
from generator.model import Bang, Muc

from .conftest import TINY_PLAN


def _documents(result, role):
    return [p for p in result.documents if p.role == role]


def test_one_consolidated_document_per_group(make_plan, standard_units, tmp_path):
    result = consolidate(make_plan(standard_units), tmp_path / "out", pdf=False)
    planned = _documents(result, "tong_hop")
    assert [p.docx.relative_to(tmp_path / "out").as_posix() for p in planned] == [
        "so/de-an.docx", "huyen/de-an.docx"]
    so = planned[0].document
    assert so.loai == "de-an" and so.co_quan.viet_tat == "SNV"
    assert so.trich_yeu == "Đề án thử của khối sở, ngành"
    # the narrative quotes the figures computed once
    assert so.noi_dung[0] == "Tổng biên chế 300, giảm 42 (14,0%)."
    assert "Chưa đạt: UBND huyện Cao Lộc" in planned[1].document.noi_dung


def test_appendices_hold_the_tables(make_plan, standard_units, tmp_path):
    result = consolidate(make_plan(standard_units), tmp_path / "out", pdf=False)
    so = _documents(result, "tong_hop")[0].document
    assert [p.ten for p in so.phu_luc] == ["BẢNG BIÊN CHẾ", "TÌNH HÌNH GỬI"]
    table = so.phu_luc[0].noi_dung[0]
    assert isinstance(table, Bang)
    assert table.dong == [[1, "Sở Tài chính", 100, 12, 1, 12.0, None],
                          [2, "Sở Y tế", 200, 30, 1, 15.0, None]]
    status = so.phu_luc[1].noi_dung[0]
    assert [row[1] for row in status.dong] == ["Sở Tài chính", "Sở Y tế"]
    assert status.dong[1][4] == "Trễ hạn 2 ngày"


def test_proposals_grouped_by_agency(make_plan, standard_units, tmp_path):
    result = consolidate(make_plan(standard_units), tmp_path / "out", pdf=False)
    section = _documents(result, "tong_hop")[0].document.noi_dung[-1]
    assert isinstance(section, Muc) and section.tieu_de == "Kiến nghị"
    agencies = section.y
    assert [a.tieu_de for a in agencies] == ["Sở Tài chính", "Sở Y tế"]
    assert agencies[0].y[0].muc == "Kiến nghị: Kiến nghị của STC."
    assert agencies[0].y[1].y == ["Hợp nhất phòng A và phòng B"]


def test_reminder_goes_to_the_missing_agencies(make_plan, standard_units, tmp_path):
    result = consolidate(make_plan(standard_units), tmp_path / "out", pdf=False)
    (reminder,) = _documents(result, "don_doc")
    doc = reminder.document
    assert doc.loai == "cong-van" and doc.kinh_gui == ["UBND huyện Hữu Lũng"]
    assert doc.noi_dung == ["Đề nghị UBND huyện Hữu Lũng gửi đề án."]
    assert (tmp_path / "out" / "don-doc.docx").is_file()


def test_no_reminder_when_everyone_sent(make_plan, standard_units, tmp_path):
    from .conftest import unit_yaml

    units = {**standard_units, "HL.yaml": unit_yaml("HL")}
    result = consolidate(make_plan(units), tmp_path / "out", pdf=False)
    assert not _documents(result, "don_doc")
    assert not (tmp_path / "out" / "don-doc.docx").exists()


def test_each_submission_rendered_as_the_agencys_document(make_plan, standard_units, tmp_path):
    result = consolidate(make_plan(standard_units), tmp_path / "out", pdf=False)
    rendered = {p.row.unit.ma: p.document for p in _documents(result, "ho_so")}
    assert sorted(rendered) == ["CLO", "STC", "SYT"]
    clo = rendered["CLO"]
    assert clo.number_and_code == "10/ĐA-UBND"
    assert clo.nguoi_ky.title_lines() == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    items = [m.muc for m in clo.noi_dung[0].y]
    assert "Biên chế năm 2015: 80." in items and "Tỷ lệ giảm: 5,0." in items
    assert (tmp_path / "out" / "don-vi" / "CLO.docx").is_file()


def test_template_error_in_the_plan_is_located(make_plan, standard_units, tmp_path):
    plan = TINY_PLAN.replace("{{ tong.giam | so }}", "{{ tong.giamm | so }}")
    result = consolidate(make_plan(standard_units, plan=plan), tmp_path / "out", pdf=False)
    problems = [p for p in result.problems if p.file.name == "plan.yaml"]
    assert problems and problems[0].line == 45
    assert "giamm" in problems[0].render("vi")
    assert "Có phải ý bạn là 'giam'?" in problems[0].render("vi")
    assert "Did you mean 'giam'?" in problems[0].render("en")
    assert result.exit_code == 1
    assert not (tmp_path / "out" / "so" / "de-an.docx").exists()
    assert (tmp_path / "out" / "don-vi" / "STC.docx").is_file()  # the rest is still written


def test_invalid_document_from_the_plan_is_located(make_plan, standard_units, tmp_path):
    plan = TINY_PLAN.replace("  nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}\ndon_doc",
                             "don_doc")
    result = consolidate(make_plan(standard_units, plan=plan), tmp_path / "out", pdf=False)
    messages = [p.render("vi") for p in result.problems]
    assert any("tong_hop.nguoi_ky" in m and "plan.yaml" in m for m in messages), messages


def test_outputs_are_deterministic(make_plan, standard_units, tmp_path):
    folder = make_plan(standard_units)
    consolidate(folder, tmp_path / "a", pdf=False)
    consolidate(folder, tmp_path / "b", pdf=False)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert files
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_group_without_any_valid_submission_gets_no_document(make_plan, standard_units,
                                                             tmp_path):
    units = {k: v for k, v in standard_units.items() if k != "CLO.yaml"}
    result = consolidate(make_plan(units), tmp_path / "out", pdf=False)
    assert [p.scope.key for p in _documents(result, "tong_hop")] == ["so"]
    warnings = [p for p in result.problems if p.severity == "warning"]
    assert "huyện" in warnings[0].render("vi")
    assert result.exit_code == 0


def test_reminder_from_an_earlier_run_is_removed_when_nobody_is_missing(make_plan,
                                                                       standard_units,
                                                                       tmp_path):
    from .conftest import unit_yaml

    folder = make_plan(standard_units)
    consolidate(folder, tmp_path / "out", pdf=False)
    assert (tmp_path / "out" / "don-doc.docx").is_file()
    (folder / "units" / "HL.yaml").write_text(unit_yaml("HL"), encoding="utf-8")
    consolidate(folder, tmp_path / "out", pdf=False)
    assert not (tmp_path / "out" / "don-doc.docx").exists()


def test_no_temporary_files_are_left(make_plan, standard_units, tmp_path):
    out = tmp_path / "out"
    (out / "so").mkdir(parents=True)
    (out / "so" / "de-an.docx").write_bytes(b"old")
    consolidate(make_plan(standard_units), out, pdf=False)
    assert (out / "so" / "de-an.docx").read_bytes()[:2] == b"PK"  # replaced whole
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.skipif(not (soffice_available() and pool_available()),
                    reason="needs LibreOffice and the PDF pool (it fixes dates and ids)")
def test_pdfs_and_dossiers_are_deterministic(make_plan, standard_units, tmp_path):
    folder = make_plan(standard_units)
    first = consolidate(folder, tmp_path / "a")
    consolidate(folder, tmp_path / "b")
    dossiers = [p for p in first.outputs if p.name == "dossier.pdf"]
    assert [p.relative_to(tmp_path / "a").as_posix() for p in dossiers] == [
        "so/dossier.pdf", "huyen/dossier.pdf"]
    for path in dossiers:
        twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert path.read_bytes() == twin.read_bytes()


def test_pdf_failure_common_to_every_document_is_said_once(make_plan, standard_units,
                                                          tmp_path, monkeypatch):
    import generator.consolidate.run as run

    monkeypatch.setattr(run, "soffice_available", lambda: True)
    monkeypatch.setattr(run, "convert", lambda tasks, **_: {t.pdf: "không khởi động được"
                                                            for t in tasks})
    result = consolidate(make_plan(standard_units), tmp_path / "out")
    pdf_problems = [p for p in result.problems if "PDF" in p.render("vi")]
    assert len(pdf_problems) == 1 and "không khởi động được" in pdf_problems[0].render("vi")
    assert result.exit_code == 1
    assert not list((tmp_path / "out").rglob("dossier.pdf"))
    assert (tmp_path / "out" / "so" / "de-an.docx").is_file()


def test_one_field_opinions_list_the_items_under_each_agency(make_plan, standard_units,
                                                            tmp_path):
    plan = TINY_PLAN.replace("y_kien: [kien_nghi, sap_nhap]", "y_kien: [sap_nhap]")
    result = consolidate(make_plan(standard_units, plan=plan), tmp_path / "out", pdf=False)
    section = _documents(result, "tong_hop")[0].document.noi_dung[-1]
    assert [(a.tieu_de, a.y) for a in section.y] == [
        ("Sở Tài chính", ["Hợp nhất phòng A và phòng B"]),
        ("Sở Y tế", ["Hợp nhất phòng A và phòng B"])]


def test_every_document_written_passes_the_checker(make_plan, standard_units, tmp_path):
    from generator.check import check_docx

    result = consolidate(make_plan(standard_units), tmp_path / "out", pdf=False)
    written = [p for p in result.documents if p.docx in result.outputs]
    assert {p.role for p in written} == {"tong_hop", "ho_so", "don_doc"}
    for planned in written:
        report = check_docx(planned.docx, draft=planned.document.chua_cap_so)
        assert not report.errors, (planned.docx.name, [(r.rule_id, r.text("en"))
                                                       for r in report.errors])


def test_reminder_from_a_shipped_template(make_plan, standard_units, tmp_path):
    plan = TINY_PLAN.replace("""  trich_yeu: đôn đốc gửi đề án
  noi_dung:
    - Đề nghị {{ thieu | map(attribute='ten') | join(', ') }} gửi đề án.
""", """  mau: cong-van-don-doc
  bien:
    noi_dung_can_nop: đề án năm {{ bien.nam }}
    van_ban_yeu_cau: Kế hoạch số 1/KH-UBND
    han_nop: 2017-12-20
""")
    result = consolidate(make_plan(standard_units, plan=plan), tmp_path / "out", pdf=False)
    (reminder,) = _documents(result, "don_doc")
    assert reminder.document.kinh_gui == ["UBND huyện Hữu Lũng"]
    assert reminder.document.trich_yeu == "đôn đốc gửi đề án năm 2017"


def test_unknown_template_in_the_plan_is_located(make_plan, standard_units, tmp_path):
    plan = TINY_PLAN.replace("  trich_yeu: đôn đốc gửi đề án\n",
                             "  trich_yeu: đôn đốc gửi đề án\n  mau: khong-co-mau-nay\n")
    result = consolidate(make_plan(standard_units, plan=plan), tmp_path / "out", pdf=False)
    (problem,) = [p for p in result.problems if p.severity == "error"]
    assert problem.file.name == "plan.yaml" and problem.line is not None
    assert problem.field == "don_doc.mau"
    assert "khong-co-mau-nay" in problem.render("vi") and "cong-van-don-doc" in problem.render()

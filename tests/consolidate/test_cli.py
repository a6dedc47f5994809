"""``vanban consolidate`` and ``vanban form`` on the command line: outputs and exit codes."""

from __future__ import annotations

from generator.cli import main

from .conftest import unit_yaml


def test_everything_valid_exits_0(make_plan, standard_units, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["consolidate", str(make_plan(standard_units)), "-o", str(out),
                 "--format", "docx"])
    assert code == 0
    said = capsys.readouterr().out
    assert "Đúng hạn: 2, trễ hạn: 1, chưa nộp: 1, không hợp lệ: 0" in said
    assert "  Chưa nộp: UBND huyện Hữu Lũng." in said
    for name in ("so/de-an.docx", "huyen/de-an.docx", "don-doc.docx", "tong-hop.xlsx",
                 "don-vi/STC.docx"):
        assert (out / name).is_file(), name


def test_an_invalid_submission_exits_1_and_still_writes(make_plan, standard_units, tmp_path,
                                                        capsys):
    units = {**standard_units, "HL.yaml": unit_yaml("HL", giam=-1)}
    out = tmp_path / "out"
    code = main(["consolidate", str(make_plan(units)), "-o", str(out), "--format", "docx"])
    assert code == 1
    err = capsys.readouterr().err
    assert "HL.yaml, dòng 7, cột 7 (trường giam): Lỗi:" in err
    assert (out / "so" / "de-an.docx").is_file() and (out / "tong-hop.xlsx").is_file()


def test_english_messages(make_plan, standard_units, tmp_path, capsys):
    units = {**standard_units, "HL.yaml": unit_yaml("HL", giam=-1)}
    main(["consolidate", str(make_plan(units)), "-o", str(tmp_path / "o"), "--format", "docx",
          "--lang", "en"])
    captured = capsys.readouterr()
    assert "line 7, column 7 (field giam): Error: 'giam' must not be negative" in captured.err
    assert "On time: 2, late: 1, missing: 0, invalid: 1" in captured.out


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["consolidate", str(tmp_path / "nowhere"), "-o", str(tmp_path / "o")]) == 2
    assert "plan.yaml" in capsys.readouterr().err
    assert main(["consolidate"]) == 2
    assert main(["form", str(tmp_path)]) == 2


def test_broken_plan_exits_2_and_writes_nothing(make_plan, tmp_path, capsys):
    folder = make_plan()
    (folder / "plan.yaml").write_text("ten: [\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["consolidate", str(folder), "-o", str(out)]) == 2
    assert "YAML không hợp lệ" in capsys.readouterr().err
    assert not out.exists()

"""Class 6 (part): values no document can carry, refused where they were typed; one word
wider than its column is broken, and the rule under the issuer follows the wrapped text."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from generator import nd30
from generator.docx import geometry as g
from tests.conftest import assert_conformant

from .conftest import copy_plan, letter_text, run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def validate(tmp_path: Path, text: str, *extra: str) -> tuple[int, str]:
    path = tmp_path / "x.yaml"
    path.write_bytes(text.encode("utf-8"))
    proc = run(["validate", path, *extra], tmp_path)
    return proc.returncode, proc.stderr


def line_of(text: str, words: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if words in line)


CASES = {
    "12-digit số": (("so: 4208", "so: 123456789012"), "so", "dài 12 chữ số; siêu dữ liệu văn "
                    "bản (CodeNumber) chỉ cho phép 11"),
    "31-digit số": (("so: 4208", "so: " + "9" * 31), "so", "Số có 31 chữ số"),
    "5,000-digit số": (("so: 4208", "so: " + "9" * 5000), "so", "Số có 5.000 chữ số"),
    "long issuer": (("  ten: VĂN PHÒNG", "  ten: VĂN PHÒNG" + " RẤT DÀI" * 30), "co_quan.ten",
                    "Dài 249 ký tự; siêu dữ liệu văn bản (OrganName) chỉ cho phép 200"),
    "lowercase place": (("dia_danh: Lạng Sơn", "dia_danh: lạng Sơn"), "dia_danh",
                        "Địa danh «lạng Sơn» phải viết hoa chữ cái đầu"),
}


def test_a_trich_yeu_longer_than_subject_is_a_warning(tmp_path: Path) -> None:
    """Real documents have one (Nghị quyết 25/2026/NQ-CP: 565 characters): the document is
    written; the metadata export refuses it, naming the field."""
    text = letter_text().replace("trich_yeu: thực hiện",
                                 "trich_yeu: " + "rất dài " * 70 + "thực hiện", 1)
    status, err = validate(tmp_path, text)
    assert status == 0
    assert "(trường trich_yeu): Cảnh báo:" in err and "(Subject) chỉ cho phép 500" in err


@pytest.mark.parametrize("case", list(CASES))
def test_refused_where_typed(tmp_path: Path, case: str) -> None:
    (old, new), field, words = CASES[case]
    text = letter_text()
    assert old in text
    text = text.replace(old, new, 1)
    status, err = validate(tmp_path, text)
    assert status == 1
    assert f"x.yaml, dòng {line_of(text, new[:12])}, cột " in err
    assert f"(trường {field})" in err and words in err, err


def test_metadata_lengths_defined_once() -> None:
    assert (nd30.CODE_NUMBER_MAX, nd30.ORGAN_NAME_MAX, nd30.SUBJECT_MAX) == (11, 200, 500)


@pytest.mark.parametrize(("character", "where"), [
    ("\u202e", "trich_yeu: thực hiện"), ("\u2066", "  - Đoạn"), ("\u200f", "# yaml"),
    ("\0", "trich_yeu: thực hiện")], ids=["RLO", "LRI", "RLM-in-comment", "NUL"])
def test_characters_refused_with_line_and_column(tmp_path: Path, character: str,
                                                 where: str) -> None:
    text = letter_text()
    line = line_of(text, where) if where in text else 1
    lines = text.splitlines(keepends=True)
    column = len(lines[line - 1]) // 2
    lines[line - 1] = lines[line - 1][:column - 1] + character + lines[line - 1][column - 1:]
    status, err = validate(tmp_path, "".join(lines))
    assert status == 1
    assert f"x.yaml, dòng {line}, cột {column}: Lỗi: Ký tự điều khiển" in err, err
    assert "position" not in err  # not the YAML reader's byte offset
    status, err = validate(tmp_path, "".join(lines), "--lang", "en")
    assert f"line {line}, column {column}: Error: The " in err


def test_hostile_values_in_submissions(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path / "plan")
    units = plan / "units"
    yaml_unit = units / "SNV.yaml"
    text = yaml_unit.read_text(encoding="utf-8")
    number_line = next(line for line in text.splitlines() if line.split(":")[-1].strip()
                       .isdigit() and not line.startswith(("so_hieu", "ngay")))
    key = number_line.split(":")[0]
    yaml_unit.write_text(text.replace(number_line, f'{key}: "{"9" * 5000}"'), encoding="utf-8")
    assert run(["form", plan, "-o", tmp_path / "forms"], tmp_path).returncode == 0
    form = tmp_path / "forms" / "STC.xlsx"
    workbook = load_workbook(form)
    sheet = workbook["Biểu mẫu"]
    cell = next(row[2] for row in sheet.iter_rows(min_row=1) if len(row) > 2
                and row[0].value == "nguoi_ky")
    cell.value = "Nguyễn\u202eVăn A"
    (units / "STC.yaml").unlink()
    workbook.save(units / "STC.xlsx")
    proc = run(["consolidate", plan, "-o", tmp_path / "out", "--format", "docx"], tmp_path)
    assert proc.returncode == 1
    assert "SNV.yaml, dòng" in proc.stderr and "5.000 ký tự" in proc.stderr
    assert f"STC.xlsx, dòng {cell.row}, cột {cell.column} (trường nguoi_ky): Lỗi: Ký tự điều " \
        "khiển hướng chữ U+202E" in proc.stderr
    assert (tmp_path / "out" / "tong-hop.xlsx").is_file()


def test_word_wider_than_its_column(tmp_path: Path) -> None:
    name = "VĂNPHÒNGỦYBANNHÂNDÂNTỈNHLẠNGSƠNKHÔNGDẤUCÁCH"
    source = tmp_path / "x.yaml"
    source.write_text(letter_text().replace("  ten: VĂN PHÒNG", f"  ten: {name}", 1),
                      encoding="utf-8")
    proc = run(["build", source, "-o", tmp_path / "out", "--format", "docx"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    docx = tmp_path / "out" / "x.docx"
    assert_conformant(docx)  # H3 measures the line against the wrapped text
    lines = g.wrap(name, g.HEADER_LEFT, 13, bold=True)
    assert len(lines) == 3 and "".join(lines) == name
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    rule = next(p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None
                and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "VBDuongKe")
    ind = rule.find(f"{W}pPr/{W}ind")
    length = g.HEADER_LEFT - int(ind.get(f"{W}left")) - int(ind.get(f"{W}right"))
    assert 0 < length <= g.HEADER_LEFT * 0.5  # before: 75,105 pt, wider than the page

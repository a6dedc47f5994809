"""Every problem of a content file in one run: schema errors, the rules across fields of
the model and the cross-checks (tables, appendices, footnotes) together, so that a clerk
never fixes one only to be shown the next."""

from __future__ import annotations

import pytest

from generator.build import load_document
from generator.problems import Problems

MANY = """\
loai: cong-van
co_quan: {chu_quan: UBND TỈNH LẠNG SƠN, ten: SỞ NỘI VỤ, viet_tat: SNV}
so: 5
dia_danh: Lạng Sơn
ngay: 30/02/2018
noi_dung:
  - Xem Phụ lục II kèm theo[^a].
  - cot: [{ten: A}, {ten: B}]
    dong:
      - [1, 2, 3]
nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Trần Văn B, sai: 1}
chu_thich: {b: Chú thích thừa}
"""


def _problems(write_content, text: str) -> list:
    with pytest.raises(Problems) as info:
        load_document(write_content(text))
    return info.value.items


def test_schema_rules_across_fields_and_cross_checks_in_one_run(write_content) -> None:
    items = _problems(write_content, MANY)
    english = " | ".join(p.message.en for p in items)
    # schema: an impossible date, an unknown field
    assert any(p.field == "ngay" and p.line == 5 for p in items)
    assert any(p.field == "nguoi_ky.sai" for p in items)
    # the model's rules across fields (they ran on the raw data)
    for words in ("'don_vi_soan_thao'", "'trich_yeu'", "'kinh_gui'"):
        assert words in english, words
    # cross-checks: appendix cited, footnote without a note, a note never cited, a short row
    assert any(p.field == "noi_dung[0]" and "Phụ lục II" in p.message.en for p in items)
    assert any(p.field == "noi_dung[0]" and "[^a]" in p.message.en for p in items)
    assert any(p.field == "chu_thich.b" for p in items)
    assert any(p.field == "noi_dung[1].dong[0]" for p in items)
    assert len(items) == 9, english
    assert [p.line or 0 for p in items] == sorted(p.line or 0 for p in items)


def test_every_rule_across_fields_at_once(write_content) -> None:
    """A file whose fields are all valid breaks three of the model's rules: three messages."""
    text = MANY.replace("ngay: 30/02/2018", "ngay: 2018-02-28").replace(", sai: 1", "")
    text = text.replace("  - Xem Phụ lục II kèm theo[^a].\n", "").replace(
        "chu_thich: {b: Chú thích thừa}\n", "").replace("      - [1, 2, 3]", "      - [1, 2]")
    items = _problems(write_content, text)
    assert sorted(p.message.en for p in items) == sorted([
        "A công văn needs 'don_vi_soan_thao' (or 'ky_hieu') to build its code.",
        "A công văn or thư công needs 'trich_yeu' (the text after 'V/v').",
        "A công văn or thư công needs its addressees under 'kinh_gui'."])


def test_values_no_document_can_carry_are_reported_with_the_schema_errors(write_content) -> None:
    """A place name in lower case or too long for its line, a trích yếu longer than the
    metadata allows: reported in the same run as an unknown field, not after it is fixed."""
    text = MANY.replace("dia_danh: Lạng Sơn", "dia_danh: lạng Sơn").replace(
        "so: 5\n", "so: 5\ntrich_yeu: " + "x" * 501 + "\n")
    items = _problems(write_content, text)
    assert any(p.field == "nguoi_ky.sai" for p in items)
    assert [(p.line, p.severity) for p in items if p.field == "dia_danh"] == [(5, "error")]
    assert [p.severity for p in items if p.field == "trich_yeu"] == ["warning"]
    far = _problems(write_content, MANY.replace(
        "dia_danh: Lạng Sơn", "dia_danh: Xã Quảng Trực Đắk Glong Tuy Đức Lâm Đồng").replace(
        "ngay: 30/02/2018", "ngay: 28/11/2025"))
    assert [p.line for p in far if p.field == "dia_danh"] == [4]


def test_figures_and_fonts_are_reported_with_the_schema_errors(write_content,
                                                               tmp_path) -> None:
    """A missing picture and a character no font draws come in the same run as an unknown
    field (the picture's check needs no Document; the PDF's font check reads the content)."""
    import subprocess
    import sys

    text = MANY.replace("  - Xem Phụ lục II kèm theo[^a].\n",
                        "  - Xem Phụ lục II kèm theo[^a] \U0001F600.\n"
                        "  - hinh: khong-co.png\n    ten_hinh: Hình 1. Sơ đồ\n")
    items = _problems(write_content, text)
    assert any(p.field == "nguoi_ky.sai" for p in items)
    [figure] = [p for p in items if p.field == "noi_dung[1].hinh"]
    assert figure.line == 8 and "không tìm thấy" in figure.message.vi
    # the command a clerk runs: the emoji (a fallback font only) is said beside them
    source = write_content(text)
    done = subprocess.run([sys.executable, "-m", "generator.cli", "build", str(source), "-o",
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=120,
                          check=False)
    said = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in said
    assert "nguoi_ky.sai" in said and "khong-co.png" in said
    assert "dòng 7" in said and "😀" in said, said
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())

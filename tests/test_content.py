"""Bad input gets a clear message with file, line, column and field; nothing is half-built."""

from __future__ import annotations

import json
import unicodedata

import pytest
from docx import Document as WordDocument

from generator.build import Source, load_document, output_path
from generator.cli import main
from generator.problems import Problems
from generator.schema import SCHEMA_FILE, json_schema

from .conftest import LETTER, MINIMAL


def problems_of(path) -> list:
    with pytest.raises(Problems) as info:
        load_document(path)
    return info.value.items


def texts(docx_path) -> list[str]:
    return [p.text for p in WordDocument(str(docx_path)).paragraphs] + [
        p.text for t in WordDocument(str(docx_path)).tables
        for row in t.rows for cell in row.cells for p in cell.paragraphs]


def test_minimal_is_valid(write_content):
    doc = load_document(write_content(MINIMAL))
    assert doc.number_and_code == "05/SNV-TCBM"


def test_broken_yaml_names_line_and_column(write_content):
    path = write_content("loai: cong-van\nco_quan: [VP\nso: 1\n")
    (problem,) = problems_of(path)
    assert problem.file == path and problem.line == 3 and problem.column is not None
    assert "YAML không hợp lệ" in problem.render("vi")
    assert "Invalid YAML" in problem.render("en")


def test_unknown_field_did_you_mean(write_content):
    path = write_content(MINIMAL.replace("trich_yeu:", "trich_yue:"))
    items = problems_of(path)
    unknown = [p for p in items if p.field == "trich_yue"]
    assert unknown and unknown[0].line == 10
    assert "Có phải ý bạn là 'trich_yeu'?" in unknown[0].render("vi")
    assert "Did you mean 'trich_yeu'?" in unknown[0].render("en")


def test_every_problem_is_reported(write_content):
    text = (MINIMAL.replace("so: 5", "so: 0").replace("ngay: 2020-01-05", "ngay: 30/02/2018")
            .replace("ho_ten: Trần Văn B", "ho_ten: [1, 2]").replace("loai: cong-van",
                                                                      "loai: cong-vn"))
    items = problems_of(write_content(text))
    fields = {p.field for p in items}
    assert {"loai", "so", "ngay", "nguoi_ky.ho_ten"} <= fields
    lines = {p.field: p.line for p in items}
    assert lines["so"] == 6 and lines["ngay"] == 9 and lines["nguoi_ky.ho_ten"] == 17


@pytest.mark.parametrize("date", ["2017-02-30", "30/02/2018", "31/04/2019", "2019-13-01"])
def test_impossible_dates(write_content, date):
    items = problems_of(write_content(MINIMAL.replace("2020-01-05", date)))
    assert any(p.field == "ngay" and "không có thật" in p.render("vi") for p in items)


@pytest.mark.parametrize("number", ["0", "-3"])
def test_number_must_be_positive(write_content, number):
    items = problems_of(write_content(MINIMAL.replace("so: 5", f"so: {number}")))
    assert [p.field for p in items] == ["so"]
    assert "lớn hơn 0" in items[0].render("vi")


def test_wrong_type(write_content):
    items = problems_of(write_content(MINIMAL.replace("so: 5", "so: năm")))
    assert items[0].field == "so" and "số nguyên" in items[0].render("vi")


def test_missing_required_parts(write_content):
    text = "\n".join(line for line in MINIMAL.splitlines()
                     if not line.startswith(("dia_danh", "nguoi_ky", "  chuc_vu", "  ho_ten")))
    items = problems_of(write_content(text))
    assert {"dia_danh", "nguoi_ky"} <= {p.field for p in items}
    assert all("Thiếu trường bắt buộc" in p.render("vi") for p in items)


def test_missing_number_explains_draft(write_content):
    items = problems_of(write_content(MINIMAL.replace("so: 5\n", "")))
    assert "chua_cap_so: true" in items[0].render("vi")


def test_control_characters_refused(write_content):
    items = problems_of(write_content(MINIMAL.replace("đôn đốc", 'đôn "\\x07" đốc')
                                      .replace('trich_yeu: đôn "\\x07" đốc gửi Đề án',
                                               'trich_yeu: "đôn \\x07 đốc"')))
    assert items[0].field == "trich_yeu" and "U+0007" in items[0].render("vi")


def test_duplicate_key(write_content):
    items = problems_of(write_content(MINIMAL + "so: 6\n"))
    assert any(p.field == "so" and "hai lần" in p.render("vi") for p in items)


@pytest.mark.parametrize("code", ["VP/NC", "../../etc", "VP NC", "vp-nc", "VP-..-NC"])
def test_bad_code_refused(write_content, code):
    items = problems_of(write_content(MINIMAL + f"ky_hieu: {code}\n"))
    assert [p.field for p in items] == ["ky_hieu"]


def test_not_utf8(write_content):
    path = write_content("", raw=MINIMAL.encode("cp1258", errors="replace"))
    assert "UTF-8" in problems_of(path)[0].render("vi")


def test_bom_and_crlf_accepted(write_content):
    raw = b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode()
    assert load_document(write_content("", raw=raw)).so == 5


def test_nfd_is_normalised(build_docx):
    nfd = unicodedata.normalize("NFD", "đôn đốc gửi Đề án")
    path = build_docx(MINIMAL.replace("đôn đốc gửi Đề án", nfd))
    assert "V/v đôn đốc gửi Đề án" in texts(path)
    xml = WordDocument(str(path)).element.xml
    assert unicodedata.normalize("NFC", xml) == xml


def test_markup_and_emoji_are_text(build_docx):
    text = 'Tổng hợp A & B < C > D "trích" \'đơn\' 📄 𝔸 — xong'
    quoted = "'" + text.replace("'", "''") + "'"  # a YAML single-quoted scalar
    path = build_docx(MINIMAL.replace(
        "Sở Nội vụ đề nghị Sở Tài chính gửi Đề án trước ngày 15/12/2017", quoted))
    assert f"{text}./." in texts(path)


def test_draft_leaves_number_and_day_blank(build_docx):
    path = build_docx(MINIMAL.replace("so: 5", "chua_cap_so: true"))
    paragraphs = texts(path)
    blank = "\u00a0" * 5
    assert f"Số: {blank}\u00a0\u00a0\u00a0/SNV-TCBM" in paragraphs
    assert f"Lạng Sơn, ngày {blank} tháng 01 năm 2020" in paragraphs


@pytest.mark.parametrize(("date", "shown"), [
    ("2017-12-07", "ngày 07 tháng 12 năm 2017"), ("2020-01-05", "ngày 05 tháng 01 năm 2020"),
    ("2020-02-29", "ngày 29 tháng 02 năm 2020"), ("2020-03-05", "ngày 05 tháng 3 năm 2020"),
    ("15/11/2019", "ngày 15 tháng 11 năm 2019"), ("7/9/2019", "ngày 07 tháng 9 năm 2019"),
])
def test_date_forms(build_docx, date, shown):
    assert f"Lạng Sơn, {shown}" in texts(build_docx(MINIMAL.replace("2020-01-05", date)))


@pytest.mark.parametrize(("number", "shown"), [(1, "01"), (9, "09"), (10, "10"), (4208, "4208")])
def test_number_padding(build_docx, number, shown):
    assert f"Số: {shown}/SNV-TCBM" in texts(build_docx(MINIMAL.replace("so: 5", f"so: {number}")))


def test_single_recipient_on_one_line(build_docx):
    assert "Kính gửi: Sở Tài chính" in texts(build_docx(MINIMAL))


def test_output_cannot_escape(tmp_path):
    source = Source(tmp_path / "x.yaml", tmp_path.parent / "../../escape.yaml")
    with pytest.raises(Problems):
        output_path(tmp_path / "out", source, ".docx")


def test_failed_document_writes_nothing_and_keeps_old_output(tmp_path, capsys):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (content / "b.yaml").write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(content), "-o", str(out)]) == 0
    before = (out / "b.docx").read_bytes(), (out / "b.pdf").read_bytes()
    (content / "b.yaml").write_text(MINIMAL.replace("so: 5", "so: -1"), encoding="utf-8")
    (content / "a.yaml").write_text(MINIMAL.replace("so: 5", "so: 6"), encoding="utf-8")
    assert main(["build", str(content), "-o", str(out)]) == 1
    assert ((out / "b.docx").read_bytes(), (out / "b.pdf").read_bytes()) == before  # untouched
    assert "Số: 06/SNV-TCBM" in texts(out / "a.docx")  # the rest of the batch still built
    # no temporary files left; b's PDF from the first run is untouched too
    assert sorted(p.name for p in out.iterdir()) == ["a.docx", "a.pdf", "b.docx", "b.pdf"]
    err = capsys.readouterr().err
    assert "b.yaml, dòng 6, cột 5 (trường so)" in err


def test_outputs_mirror_inputs_and_skip_plans(tmp_path):
    content = tmp_path / "content"
    (content / "2017").mkdir(parents=True)
    (content / "plans" / "p1").mkdir(parents=True)
    (content / "2017" / "x.yaml").write_text(MINIMAL, encoding="utf-8")
    (content / "plans" / "p1" / "plan.yaml").write_text("not: a document", encoding="utf-8")
    assert main(["build", str(content), "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "2017" / "x.docx").is_file()
    assert not (tmp_path / "out" / "plans").exists()


def test_exit_codes_and_english(tmp_path, capsys, write_content):
    assert main(["build", str(tmp_path / "nothing-here"), "-o", str(tmp_path)]) == 2
    bad = write_content(MINIMAL.replace("so: 5", "so: x"))
    assert main(["validate", str(bad), "--lang", "en"]) == 1
    assert "Wrong type" in capsys.readouterr().err
    assert main(["validate", str(write_content(MINIMAL, "ok.yaml"))]) == 0
    assert main(["frobnicate"]) == 2


def test_validate_writes_nothing(tmp_path, write_content, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["validate", str(write_content(MINIMAL))]) == 0
    assert not (tmp_path / "output").exists()


def test_determinism(tmp_path):
    outs = []
    for run in ("one", "two"):
        assert main(["build", str(LETTER), "-o", str(tmp_path / run)]) == 0
        outs.append((tmp_path / run / "4208-VP-NC.docx").read_bytes())
    assert outs[0] == outs[1]


def test_schema_ships_and_matches_model(capsys):
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json_schema()
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert "co_quan" in printed["properties"] and "loai" in printed["required"]
    assert "$schema=" in LETTER.read_text(encoding="utf-8").splitlines()[0]


def test_dot_grouped_thousands_are_kept_as_written(write_content):
    from generator.content import load_content

    data = load_content(write_content("a: 1.200\nb: 1.5\nc: 12.345.678\nd: [1.000, 2]\n")).data
    assert data == {"a": "1.200", "b": 1.5, "c": "12.345.678", "d": ["1.000", 2]}


def test_circular_alias_is_refused(write_content):
    items = problems_of(write_content(MINIMAL + "chu_thich: &a [*a]\n"))
    assert any("Tham chiếu vòng" in p.render("vi") for p in items)


def test_alias_bomb_is_refused(write_content):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
        for i in range(8))
    items = problems_of(write_content(bomb))
    assert "quá nhiều giá trị" in items[0].render("vi")


@pytest.mark.parametrize("depth", [900, 5000])
def test_deep_nesting_is_refused(write_content, depth):
    items = problems_of(write_content("a: " + "[" * depth + "]" * depth + "\n"))
    assert "lồng quá nhiều cấp" in items[0].render("vi")

"""``vanban check`` glue: exit codes, text and JSON output, annotated copies."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from generator.check import check_docx
from generator.check.annotate import annotate
from generator.check.command import run_check

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_clean_file_exits_0(make_doc) -> None:
    out = io.StringIO()
    assert run_check([make_doc()], out=out) == 0
    assert "không có lỗi" in out.getvalue()


def test_errors_exit_1_and_text_names_rule_and_place(make_doc) -> None:
    out = io.StringIO()
    path = make_doc(date="Lạng Sơn, ngày 7 tháng 12 năm 2017")
    assert run_check([path], out=out) == 1
    text = out.getvalue()
    assert "H6 [E]" in text and "ngày 7" in text and "bảng 1, hàng 2, cột 2" in text
    out = io.StringIO()
    run_check([path], out=out, lang="en")
    assert "required" in out.getvalue() and "table 1, row 2, column 2" in out.getvalue()


def test_warnings_only_exit_0(make_doc) -> None:
    path = make_doc(body=("Văn phòng thông báo để các cơ quan biết.",))
    assert check_docx(path).failed_rules == {"B8"}
    assert run_check([path], out=io.StringIO()) == 0


def test_unreadable_exit_2_even_with_other_files(make_doc, tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_text("not a docx")
    out = io.StringIO()
    assert run_check([make_doc(), bad], out=out) == 2
    assert "bad.docx" in out.getvalue()


def test_json_output(make_doc, tmp_path: Path) -> None:
    out = io.StringIO()
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK")
    code = run_check([make_doc(so="Số: 5/VP-NC"), bad], as_json=True, out=out)
    assert code == 2
    data = json.loads(out.getvalue())
    assert data[0]["doc_type"] == "cong-van" and data[0]["errors"] == 1
    fails = [r for r in data[0]["results"] if r["status"] == "fail"]
    assert [r["rule"] for r in fails] == ["H5"]
    assert "01…09" in fails[0]["message"] and fails[0]["location"].startswith("«Số: 5/VP-NC»")
    assert "error" in data[1]
    out = io.StringIO()
    run_check([make_doc()], as_json=True, out=out, lang="en")
    (single,) = json.loads(out.getvalue())
    assert single["errors"] == 0 and {r["status"] for r in single["results"]} <= {"pass", "na"}


def test_type_and_draft_options(make_doc) -> None:
    path = make_doc(so="Số:      /VP-NC", date="Lạng Sơn, ngày      tháng 12 năm 2017")
    assert run_check([path], out=io.StringIO()) == 1
    assert run_check([path], draft=True, out=io.StringIO()) == 0
    assert run_check([path], doc_type="cong-van", draft=True, out=io.StringIO()) == 0


def _comments(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/comments.xml"))
        doc = etree.fromstring(z.read("word/document.xml"))
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert "comments+xml" in types and "/comments" in rels
    ids = [c.get(f"{W}id") for c in root.iter(f"{W}comment")]
    assert sorted(ids) == sorted(e.get(f"{W}id") for e in doc.iter(f"{W}commentRangeStart"))
    assert sorted(ids) == sorted(e.get(f"{W}id") for e in doc.iter(f"{W}commentReference"))
    return ["".join(c.itertext()) for c in root.iter(f"{W}comment")]


def test_annotate_writes_one_comment_per_problem(make_doc, tmp_path: Path) -> None:
    path = make_doc(date="Lạng Sơn, ngày 7 tháng 12 năm 2017", margins=(1134, 1134, 1417, 851),
                    noi_nhan=("- Như trên;", "- Chủ tịch UBND tỉnh", "- Lưu: VT, NC."))
    report = check_docx(path)
    out = tmp_path / "annotated.docx"
    assert annotate(report, out) == len(report.errors + report.warnings) == 3
    texts = _comments(out)
    assert sorted(t[:4] for t in texts) == ["[H6]", "[P3]", "[R3]"]
    # the copy opens in python-docx and is still checked the same way (comments are not text)
    assert len(docx.Document(str(out)).paragraphs) > 0
    assert check_docx(out).failed_rules == {"H6", "P3", "R3"}
    # the comments sit on the date and recipient paragraphs (P3 has none: first paragraph)
    with zipfile.ZipFile(out) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
    starts = {e.get(f"{W}id"): e.getparent() for e in doc.iter(f"{W}commentRangeStart")}
    anchored = {"".join(p.itertext()) for p in starts.values()}
    assert "Lạng Sơn, ngày 7 tháng 12 năm 2017" in anchored
    assert "- Chủ tịch UBND tỉnh" in anchored


def test_annotate_through_command_and_english(make_doc, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    code = run_check([make_doc(so="Số: 5/VP-NC")], annotate=out, lang="en",
                     out=io.StringIO())
    assert code == 1
    (text,) = _comments(out)
    assert text.startswith("[H5] Error:") and "leading zero" in text


def test_annotate_clean_file_has_no_comments(make_doc, tmp_path: Path) -> None:
    out = tmp_path / "clean.docx"
    assert annotate(check_docx(make_doc()), out) == 0
    assert _comments(out) == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_annotate_decree_keeps_existing_parts(tmp_path: Path, lang: str) -> None:
    decree = Path(__file__).resolve().parents[1] / "fixtures" / "nd30-2020" / "30_2020_ND_CP.docx"
    out = tmp_path / "decree.docx"
    assert annotate(check_docx(decree), out, lang=lang) == 2  # the U2 and U3 warnings
    with zipfile.ZipFile(decree) as a, zipfile.ZipFile(out) as b:
        assert set(a.namelist()) | {"word/comments.xml"} == set(b.namelist())
    assert len(_comments(out)) == 2


@pytest.mark.parametrize("kind", ["empty", "plain", "bare"])
def test_odd_but_readable_files_are_checked_not_crashed(tmp_path: Path, kind: str) -> None:
    from docxbuild import para, write_docx
    path = tmp_path / f"{kind}.docx"
    if kind == "empty":
        write_docx(path, "")
    elif kind == "plain":
        write_docx(path, para("Xin chào"), default_styles=False)
    else:  # only word/document.xml: no relationships, no content types, no styles
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("word/document.xml", f'<w:document xmlns:w="{W[1:-1]}"><w:body><w:p>'
                       "<w:r><w:t>hi</w:t></w:r></w:p></w:body></w:document>")
    report = check_docx(path)
    assert {"H1", "H2", "R2"} <= {r.rule_id for r in report.errors}  # nothing of a letter
    out = tmp_path / "annotated.docx"
    assert run_check([path], annotate=out, out=io.StringIO()) == 1
    assert len(_comments(out)) == len(report.errors + report.warnings)


def test_terminal_output_uses_rich(make_doc) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True
    out = Terminal()
    assert run_check([make_doc(so="Số: 5/VP-NC")], out=out) == 1
    text = out.getvalue()
    assert "\x1b[" in text and "H5" in text and "01…09" in text


def test_annotate_unwritable_destination_exit_2(make_doc, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = io.StringIO()
    assert run_check([make_doc()], annotate=blocker / "sub" / "a.docx", out=out) == 2
    assert "Không ghi được" in out.getvalue()

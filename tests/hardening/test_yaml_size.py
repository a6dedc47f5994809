"""Class 6 (part): a content file's text is bounded as the document would carry it — YAML
aliases repeating one long paragraph ("billion laughs" of text, not of values) and an
oversized file are refused quickly with the file (and the anchored text's line) named."""

from __future__ import annotations

import time
from pathlib import Path

from .conftest import letter_text, run


def _with_body(body: str) -> str:
    text = letter_text()
    start = text.index("noi_dung:\n")
    end = text.index("\nnguoi_ky:")
    return text[:start] + body + text[end:]


def test_aliases_repeating_a_long_paragraph_are_refused(tmp_path: Path) -> None:
    # a 270 KB file asking for 2 GB of text: 20,000 aliases to one 100 KB paragraph
    paragraph = "Nội dung dài " * 8000
    body = f'noi_dung:\n  - &p "{paragraph}"\n' + "  - *p\n" * 20000
    path = tmp_path / "bom.yaml"
    path.write_text(_with_body(body), encoding="utf-8")
    line = _with_body(body)[: _with_body(body).index("&p")].count("\n") + 1
    started = time.monotonic()
    proc = run(["build", path, "-o", tmp_path / "out", "--format", "docx"], tmp_path,
               timeout=60)
    assert time.monotonic() - started < 30
    assert proc.returncode == 1, proc.stderr
    assert f"bom.yaml, dòng {line}, cột 5: Lỗi: Văn bản trong tệp dài hơn 5.000.000 ký tự " \
           "(tính cả các lần lặp lại qua tham chiếu '*')" in proc.stderr, proc.stderr
    assert not (tmp_path / "out" / "bom.docx").exists()
    proc = run(["--lang", "en", "validate", path], tmp_path, timeout=60)
    assert proc.returncode == 1 and "longer than 5,000,000 characters" in proc.stderr


def test_an_oversized_content_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "lon.yaml"
    with path.open("w", encoding="utf-8") as out:
        out.write(letter_text() + "\nghi_chu: |\n")
        line = "  " + "x" * 200 + "\n"
        out.write(line * (21 * 1024 * 1024 // len(line)))
    proc = run(["validate", path], tmp_path, timeout=60)
    assert proc.returncode == 1
    assert "lon.yaml: Lỗi: Không đọc được tệp: tệp quá lớn (" in proc.stderr
    assert "tối đa 20.971.520)" in proc.stderr


def test_billion_laughs_refused_before_anything_is_built() -> None:
    """Counted on the node graph: refused in milliseconds (building a million values first took
    ~5 s — in the web desk, per upload)."""
    from generator.content import parse_yaml
    from generator.problems import Problems

    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi",
                                                                   strict=True))
    started = time.monotonic()
    try:
        parse_yaml(laughs, Path("bom.yaml"))
    except Problems as exc:
        assert "Tệp có quá nhiều giá trị (hơn 1.000.000)" in exc.items[0].message("vi")
    else:
        raise AssertionError("not refused")
    assert time.monotonic() - started < 1.5

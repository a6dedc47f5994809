"""Class 8: usage errors are usage errors (exit 2), in Vietnamese (English with --lang en,
wherever it is placed), naming what is wrong, without a library's bare English."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import letter_text, run


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    path = tmp_path / "a.yaml"
    path.write_text(letter_text(), encoding="utf-8")
    return path


def test_unknown_type_for_check(tmp_path: Path, letter: Path) -> None:
    assert run(["build", letter, "-o", tmp_path / "out", "--format", "docx"],
               tmp_path).returncode == 0
    proc = run(["check", "--type", "cong-vann", tmp_path / "out" / "a.docx"], tmp_path)
    assert proc.returncode == 2
    assert "Không có loại văn bản «cong-vann» (--type). Các loại: nghi-quyet" in proc.stderr
    proc = run(["--lang", "en", "check", "--type", "x", tmp_path / "out" / "a.docx"], tmp_path)
    assert proc.returncode == 2 and "No document type 'x' (--type)" in proc.stderr


def test_copy_usage(tmp_path: Path, letter: Path) -> None:
    cases = [
        (["copy", tmp_path / "khong-co.pdf", "-o", tmp_path / "c.pdf", "--by", "Sở Nội vụ"],
         "Không tìm thấy bản quét"),
        (["copy", tmp_path / "khong-co.pdf", "-o", tmp_path / "c.pdf", "--by", ""],
         "--by không được để trống"),
        (["copy", tmp_path, "-o", tmp_path / "c.pdf", "--by", "Sở Nội vụ"],
         "là một thư mục, không phải tệp"),
        (["copy", letter, "-o", tmp_path, "--by", "Sở Nội vụ"], "là một thư mục; hãy ghi tên"),
        (["copy", letter, "-o", tmp_path / "c.pdf", "--by", "   "], "--by không được để trống"),
    ]
    for args, words in cases:
        proc = run(args, tmp_path)
        assert proc.returncode == 2, (args, proc.stderr)
        assert words in proc.stderr, proc.stderr
    assert not (tmp_path / "c.pdf").exists()
    proc = run(["copy", "--lang", "en", tmp_path / "x.pdf", "-o", tmp_path / "c.pdf", "--by",
                "Sở"], tmp_path)
    assert proc.returncode == 2 and "Scan " in proc.stderr and "not found" in proc.stderr


def test_folder_without_content_is_named(tmp_path: Path) -> None:
    empty = tmp_path / "trong"
    empty.mkdir()
    (empty / "ghi-chu.txt").write_text("x")
    proc = run(["build", empty], tmp_path)
    assert proc.returncode == 2
    assert f"Không có tệp nội dung (.yaml) nào trong {empty}." in proc.stderr
    proc = run(["validate", "--lang", "en", empty], tmp_path)
    assert proc.returncode == 2 and f"No content file (.yaml) in {empty}." in proc.stderr


@pytest.mark.parametrize("place", ["before", "after"])
def test_lang_en_wherever_it_is_placed(tmp_path: Path, letter: Path, place: str) -> None:
    args: list[str | Path] = ["validate", letter]
    args = ["--lang", "en", *args] if place == "before" else [*args, "--lang", "en"]
    proc = run(args, tmp_path)
    assert proc.returncode == 0
    assert f"Valid: {letter}" in proc.stdout and "Hợp lệ" not in proc.stdout


def test_argument_errors_in_vietnamese(tmp_path: Path, letter: Path) -> None:
    cases = {
        ("build", "--format", "xyz", letter): "tham số --format: giá trị 'xyz' không hợp lệ "
                                              "(chọn một trong: 'docx', 'pdf', 'both')",
        ("copy",): "thiếu tham số bắt buộc: bản-quét, -o/--output, --by",
        ("build", "--workers", "hai", letter): "tham số --workers: 'hai': cần số nguyên "
                                               "dương (1, 2 …)",
        ("frob",): "giá trị 'frob' không hợp lệ",
        ("build", letter, "--khong-co"): "tham số không nhận ra: --khong-co",
    }
    for args, words in cases.items():
        proc = run(list(args), tmp_path)
        assert proc.returncode == 2, args
        assert words in proc.stderr, proc.stderr
        assert "error:" not in proc.stderr
    proc = run(["--lang", "en", "build", "--format", "xyz", letter], tmp_path)
    assert proc.returncode == 2 and "invalid choice: 'xyz'" in proc.stderr


def test_numbers_grouped_the_vietnamese_way(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    from generator import content
    from generator.problems import Problems

    monkeypatch.setattr(content, "MAX_VALUES", 1000)
    bomb = "a: &a [" + ", ".join(["x"] * 40) + "]\nb: [" + ", ".join(["*a"] * 40) + "]\n"
    with pytest.raises(Problems) as caught:
        content.parse_yaml(bomb, tmp_path / "bom.yaml")
    assert "hơn 1.000)" in caught.value.items[0].render("vi")
    assert "more than 1,000 values" in caught.value.items[0].render("en")


# argparse's own English: none of it may reach a Vietnamese user.
ARGPARSE_ENGLISH = ("usage:", "error:", "the following arguments are required",
                    "invalid choice", "unrecognized arguments", "show this help message",
                    "positional arguments", "options:", "expected one argument",
                    "show program's version", "invalid int value", "OUTPUT", "paths")


def _no_argparse_english(text: str) -> None:
    for words in ARGPARSE_ENGLISH:
        assert words not in text, (words, text)


@pytest.mark.parametrize("args, words", [
    (["build"], "thiếu tham số bắt buộc: nội-dung"),
    (["build", "a.yaml", "--khong-co"], "tham số không nhận ra: --khong-co"),
    (["build", "--format"], "tham số --format: cần một giá trị"),
    ([], "thiếu tham số bắt buộc: lệnh"),
    (["copy", "x.pdf", "-o"], "tham số -o/--output: cần một giá trị"),
    (["merge"], "thiếu tham số bắt buộc: mẫu, dữ-liệu"),
    (["issue"], "thiếu tham số bắt buộc: bản-thảo"),
    # no pool of 0 or -3 LibreOffice processes, no server on port 0 (it would name :0)
    (["build", "a.yaml", "--workers", "0"], "tham số --workers: '0': cần số nguyên dương"),
    (["merge", "a", "b", "--workers", "-3"], "tham số --workers: '-3': cần số nguyên dương"),
    (["consolidate", "a", "--workers", "hai"], "tham số --workers: 'hai': cần số nguyên"),
    (["serve", "--port", "0"], "tham số --port: '0': cần số cổng từ 1 đến 65535"),
    (["serve", "--port", "70000"], "tham số --port: '70000': cần số cổng từ 1 đến 65535"),
])
def test_argparse_speaks_vietnamese(args: list[str], words: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    assert main(args) == 2
    out, err = capsys.readouterr()
    assert err.startswith("cách dùng: vanban"), err
    assert f": lỗi: {words}" in err, err
    _no_argparse_english(err)
    assert out == "" and "Traceback" not in err
    assert main(["--lang", "en", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: vanban") and ": error: " in err
    assert "lỗi" not in err and "cách dùng" not in err


def test_argparse_in_a_real_process(tmp_path: Path) -> None:
    """As a user runs it: `vanban build` without its content, exit 2, Vietnamese."""
    proc = run(["build"], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("cách dùng: vanban build")
    assert "vanban build: lỗi: thiếu tham số bắt buộc: nội-dung" in proc.stderr
    _no_argparse_english(proc.stderr)


def test_every_help_is_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    """`--help` of vanban and of every command: argparse's headings and texts in Vietnamese
    (exit 0), in English with --lang en."""
    import argparse

    from generator.cli import build_parser, main

    commands = [name for action in build_parser()._actions
                if isinstance(action, argparse._SubParsersAction) for name in action.choices]
    assert {"build", "issue", "receive", "edxml", "sign", "verify", "merge", "serve"} \
        <= set(commands)
    for command in [[], *([c] for c in commands)]:
        assert main([*command, "--help"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("cách dùng: vanban"), out
        assert "tùy chọn:" in out and "in hướng dẫn này rồi thoát" in out
        _no_argparse_english(out)
    assert main(["--lang", "en", "build", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: vanban build") and "positional arguments:" in out
    assert "show this help message and exit" in out and "paths" in out
    import argparse as again

    assert again._("usage: ") == "usage: "  # nothing left translated after the command

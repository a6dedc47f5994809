"""office.yaml: the starter loads; faults are named with their line, in Vietnamese."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.problems import Problems
from generator.register import Office, load_office_config
from generator.register.starter import STARTER

from .conftest import OFFICE_YAML


def test_office_init_writes_a_starter_that_loads(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "office"
    assert main(["office", "init", str(folder)]) == 0
    config = load_office_config(folder)
    assert (folder / "office.yaml").read_text(encoding="utf-8") == STARTER
    assert [b.ma for b in config.so_van_ban] == ["hanh-chinh", "qd-qppl", "mat"]
    assert config.ma_dinh_danh == "H37.28"
    assert all((folder / name).is_dir() for name in ("issued", "incoming", "registers"))
    assert main(["office", "init", str(folder)]) == 1  # never overwritten silently
    assert "--force" in capsys.readouterr().err


def _problems(folder: Path) -> list[str]:
    with pytest.raises(Problems) as info:
        load_office_config(folder)
    return [p.render("vi") for p in info.value.items]


@pytest.mark.parametrize(("change", "expected"), [
    (("so_van_ban:", "so_van_bam:"), ["dòng 12", "so_van_bam", "Có phải ý bạn là 'so_van_ban'"]),
    (("ma_dinh_danh: H37.28", "ma_dinh_danh: h37 28"), ["dòng 8", "ma_dinh_danh"]),
    (("loai: [quyet-dinh]", "loai: [quyet-dinh, nghi-quyet]"),
     ["dòng 13", "đúng một loại"]),
    (("loai: [quyet-dinh]", "loai: [quyet-dinhh]"), ["dòng 13", "'quyet-dinh'"]),
    (("{ma: mat,", "{ma: hanh-chinh,"), ["dòng 14", "trùng"]),
    (("ho_ten: Trần Văn B}", "}"), ["dòng 16", "ho_ten"]),
])
def test_bad_office_yaml_is_named_by_line(make_office, change, expected) -> None:
    folder = make_office(text=OFFICE_YAML.replace(*change))
    text = "\n".join(_problems(folder))
    for part in expected:
        assert part in text, text


def test_missing_office_yaml_says_how_to_create_one(tmp_path: Path, capsys) -> None:
    assert main(["issue", __file__, "--office", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "Không thấy office.yaml" in err and "vanban office init" in err
    assert "Traceback" not in err


def test_office_from_the_environment(make_office, monkeypatch, capsys) -> None:
    folder = make_office()
    monkeypatch.setenv("VANBAN_OFFICE", str(folder))
    assert main(["office", "check"]) == 0
    assert "hanh-chinh, qd-qppl, mat" in capsys.readouterr().out
    with Office.open() as office:
        assert office.folder == folder
    monkeypatch.delenv("VANBAN_OFFICE")
    assert main(["office", "check"]) == 1
    assert "VANBAN_OFFICE" in capsys.readouterr().err


def test_database_outside_the_office_is_refused(make_office) -> None:
    folder = make_office("../elsewhere.sqlite")
    with pytest.raises(Exception, match="outside the office folder"):
        Office.open(folder)
    assert not (folder.parent / "elsewhere.sqlite").exists()

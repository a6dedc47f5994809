"""Nesting deeper than the decree's numbering has levels is refused where it stands
(issue 14, class 6): a level past the last would print as "+" again and hide the structure."""

from __future__ import annotations

import pytest

from generator.build import load
from generator.problems import Problems

from .conftest import MINIMAL


def _nested(levels: int, danh_so: str = "") -> str:
    item = "Ý cuối"
    for _ in range(levels - 1):
        item = {"muc": "Ý", "y": [item]}
    import yaml

    body = yaml.safe_dump({"noi_dung": ["Mở đầu", item]}, allow_unicode=True)
    text = MINIMAL.replace("noi_dung:\n  - Sở Nội vụ đề nghị Sở Tài chính gửi Đề án trước "
                           "ngày 15/12/2017\n", body)
    return text + danh_so


FIVE = 'danh_so: ["I.", "1.", "a)", "-", "+"]\n'


@pytest.mark.parametrize("levels", [1, 3, 5])
def test_the_ladders_own_levels_build(write_content, levels: int) -> None:
    load(write_content(_nested(levels, FIVE)))


def test_a_letters_ladder_has_three_levels_and_says_how_to_get_more(write_content) -> None:
    load(write_content(_nested(3)))
    with pytest.raises(Problems) as info:
        load(write_content(_nested(4)))
    (problem,) = [p for p in info.value.items if p.severity == "error"]
    assert "cấp thứ 4" in problem.render("vi") and "danh_so" in problem.render("vi")


def test_a_sixth_level_is_refused_at_its_line(write_content) -> None:
    with pytest.raises(Problems) as info:
        load(write_content(_nested(6, FIVE)))
    (problem,) = [p for p in info.value.items if p.severity == "error"]
    assert problem.field == "noi_dung[1].y[0].y[0].y[0].y[0].y[0]"
    assert problem.line is not None and "cấp thứ 6" in problem.render("vi")
    assert "level 6" in problem.render("en") and "Traceback" not in problem.render("vi")


def test_a_shorter_ladder_ends_sooner(write_content) -> None:
    with pytest.raises(Problems) as info:
        load(write_content(_nested(4, 'danh_so: ["1.", "-", "+"]\n')))
    assert any("cấp thứ 4" in p.render("vi") for p in info.value.items)
    load(write_content(_nested(3, 'danh_so: ["1.", "-", "+"]\n')))


def test_article_clauses_have_their_own_ladder(write_content) -> None:
    text = MINIMAL.replace("loai: cong-van", "loai: quy-che")
    text = text.replace("trich_yeu: đôn đốc gửi Đề án\nkinh_gui:\n  - Sở Tài chính\n",
                        "trich_yeu: Làm việc\n")
    deep = {"dieu": "Phạm vi", "y": [{"muc": "Khoản", "y": [{"muc": "Điểm", "y": [
        {"muc": "Ý", "y": [{"muc": "Ý con", "y": ["Quá sâu"]}]}]}]}]}
    import yaml

    body = yaml.safe_dump({"noi_dung": [deep]}, allow_unicode=True)
    text = text.replace("noi_dung:\n  - Sở Nội vụ đề nghị Sở Tài chính gửi Đề án trước "
                        "ngày 15/12/2017\n", body)
    with pytest.raises(Problems) as info:
        load(write_content(text))
    assert any("cấp thứ 5" in p.render("vi") for p in info.value.items)

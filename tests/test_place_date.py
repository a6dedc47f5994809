"""The place/date line (ô 4) stays on one line for every province-level name of Vietnam
(the 34 of Nghị quyết 202/2025/QH15 and the 63 before it) and the widest ward names:
14 pt, else 13 pt, else a wider right column (README "Layout choices")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

import generator
from generator import nd30
from generator.docx import geometry as g
from generator.docx.components import date_text
from generator.fonts import text_width_twips

NAMES = yaml.safe_load((Path(generator.__file__).parent / "place_names.yaml").read_text(
    encoding="utf-8"))
WIDEST_DAY = dt.date(2025, 11, 28)


def _places() -> list[str]:
    wards = NAMES["phuong_xa_dai_nhat"]
    short = [name.split(" ", 1)[1] for name in wards]  # the form without "Phường"
    return [*NAMES["tinh_2025"], *NAMES["tinh_truoc_2025"], *wards, *short]


def test_the_lists_are_complete() -> None:
    assert len(set(NAMES["tinh_2025"])) == 34
    assert len(set(NAMES["tinh_truoc_2025"])) == 63
    assert "Thành phố Hồ Chí Minh" in NAMES["tinh_2025"]


@pytest.mark.parametrize("blank_day", [False, True], ids=["dated", "draft"])
def test_every_place_fits_on_one_line(blank_day: bool) -> None:
    lo, hi = nd30.SIZE_RANGES["dia_danh"]
    for place in _places():
        text = date_text(place, WIDEST_DAY, blank_day=blank_day)
        size, column = g.date_fit(text)
        assert lo <= size <= hi, place
        assert text_width_twips(text, size, italic=True) + g.FIT_MARGIN <= column, place
        assert g.HEADER_RIGHT <= column <= g.HEADER_RIGHT_MAX, place
        if column > g.HEADER_RIGHT or size < hi:  # the decree's 14 pt only where it fits
            assert text_width_twips(text, hi, italic=True) + g.FIT_MARGIN > g.HEADER_RIGHT


def test_provinces_keep_the_standard_column() -> None:
    """No province-level name needs a wider column; only Thành phố Hồ Chí Minh steps down."""
    smaller = set()
    for place in {*NAMES["tinh_2025"], *NAMES["tinh_truoc_2025"]}:
        size, column = g.date_fit(date_text(place, WIDEST_DAY))
        assert column == g.HEADER_RIGHT, place
        if size < 14:
            smaller.add(place)
    assert smaller == {"Thành phố Hồ Chí Minh"}


@pytest.mark.parametrize("place", ["Thành phố Hồ Chí Minh", "Phường Trương Quang Trọng"])
def test_written_at_13_pt_in_the_12_13_13_pairing(build_docx, place: str) -> None:
    from generator.check.layout import find_layout
    from generator.check.resolve import load_docx

    path = build_docx(f"""\
        loai: cong-van
        co_quan: {{chu_quan: UBND THÀNH PHỐ HỒ CHÍ MINH, ten: SỞ NỘI VỤ, viet_tat: SNV}}
        so: 12
        don_vi_soan_thao: TCBM
        dia_danh: {place}
        ngay: 2025-11-28
        trich_yeu: sắp xếp tổ chức bộ máy
        kinh_gui: [Các sở, ban, ngành Thành phố]
        noi_dung: [Nội dung.]
        nguoi_ky: {{chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}}
        """)  # build_docx asserts zero checker errors (H6 measures the line in its cell)
    lay = find_layout(load_docx(path))
    assert lay.date is not None and lay.quoc_hieu is not None and lay.tieu_ngu is not None
    sizes = [max(r.size_pt for r in ln.ink_runs) for ln in (lay.quoc_hieu, lay.tieu_ngu,
                                                             lay.date)]
    assert tuple(sizes) == (12, 13, 13)


def test_a_place_too_long_for_any_column_is_refused_where_typed(write_content) -> None:
    """Wider than 122 mm even at 13 pt: the line would wrap (H6 would fail the document), so
    the file is refused at the dia_danh line rather than written broken."""
    from generator.build import load
    from generator.problems import Problems

    place = "Xã Quảng Trực Đắk Glong Tuy Đức Lâm Đồng"
    path = write_content(f"""\
        loai: cong-van
        co_quan: {{ten: SỞ NỘI VỤ, viet_tat: SNV}}
        so: 12
        don_vi_soan_thao: TCBM
        dia_danh: {place}
        ngay: 2025-11-28
        trich_yeu: sắp xếp tổ chức bộ máy
        kinh_gui: [Các sở]
        noi_dung: [Nội dung.]
        nguoi_ky: {{chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}}
        """)
    with pytest.raises(Problems) as info:
        load(path)
    (problem,) = info.value.items
    assert (problem.line, problem.column, problem.field) == (5, 11, "dia_danh")
    assert place in problem.message.vi and "122" in problem.message.vi
    assert "one line" in problem.message.en

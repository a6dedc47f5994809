"""Checker rules for layouts it used to misjudge: a wrapped place/date line (H6), a table
outside the text area (P5), căn cứ of every type (B5), and the Mẫu 1.6, 1.8, 1.9 layouts."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import maudoc
import pytest
from checkdoc import default_styles, sz

from generator.check import check_docx
from generator.check.layout import find_layout
from generator.check.resolve import load_docx

HCM = "Thành phố Hồ Chí Minh, ngày 28 tháng 11 năm 2025"


def _styles(**changes: tuple[str, str]) -> dict[str, tuple[str, str]]:
    s = default_styles()
    s.update(changes)
    return s


def test_place_and_date_wrapping_in_its_cell_fails_h6(make_doc) -> None:
    report = check_docx(make_doc(date=HCM))
    assert report.failed_rules == {"H6"}
    (h6,) = [r for r in report.errors if r.rule_id == "H6"]
    assert "hai dòng" in h6.text("vi") and "two lines" in h6.text("en")


def test_long_place_and_date_that_fits_passes_h6(make_doc) -> None:
    """A long place name that fits its cell passes H6 (13 pt: only the F3 warning)."""
    thirteen = _styles(DiaDanh=('<w:jc w:val="center"/>', sz(13) + "<w:i/>"))
    report = check_docx(make_doc(date="Bà Rịa - Vũng Tàu, ngày 28 tháng 11 năm 2025",
                                 styles=thirteen))
    assert "H6" not in report.failed_rules
    assert report.failed_rules == {"F3"}  # 13/14/13 is not one of the two pairings


def _rewrite(path: Path, part: str, change: Callable[[str], str]) -> Path:
    """A copy of the DOCX with one XML part changed."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts[part] = change(parts[part].decode()).encode()
    out = path.with_name("changed-" + path.name)
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out


def _with_table(path: Path, table_xml: str) -> Path:
    """The document with ``table_xml`` inserted before its signature table (the last one)."""
    def insert(xml: str) -> str:
        at = xml.rindex("<w:tbl>")
        return xml[:at] + table_xml + "<w:p/>" + xml[at:]
    return _rewrite(path, "word/document.xml", insert)


def _data_table(widths: list[int], *, jc: str = "", indent: int = 0,
                borders: bool = True) -> str:
    line = "single" if borders else "nil"
    edges = "".join(f'<w:{s} w:val="{line}" w:sz="4"/>' for s in
                    ("top", "left", "bottom", "right", "insideH", "insideV"))
    cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p><w:r>'
                    f"<w:t>Ô {i}</w:t></w:r></w:p></w:tc>" for i, w in enumerate(widths))
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>{jc}'
            f'<w:tblInd w:w="{indent}" w:type="dxa"/><w:tblBorders>{edges}</w:tblBorders>'
            "</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
            + f"</w:tblGrid><w:tr>{cells}</w:tr></w:tbl>")


TEXT_WIDTH = 11906 - 1701 - 851  # checkdoc's A4 with 30 / 15 mm side margins


@pytest.mark.parametrize(("table", "fails"), [
    (_data_table([3000, 3000, 3354]), False),  # exactly the text area
    (_data_table([3000, 3000, 3354], jc='<w:jc w:val="center"/>'), False),
    (_data_table([4000, 4000, 3000]), True),  # 19 mm wider: into the right margin
    (_data_table([3000, 3000, 3000], indent=-900), True),  # shifted into the left margin
    (_data_table([5000, 5000, 2000], jc='<w:jc w:val="center"/>'), True),  # both margins
    (_data_table([4000, 4000, 1800], borders=False), False),  # borderless, on the paper
    (_data_table([6000, 6000, 2000], borders=False), True),  # borderless, off the page
], ids=["fits", "fits-centred", "too-wide", "into-left-margin", "centred-too-wide",
        "borderless-in-margin", "borderless-off-page"])
def test_table_outside_the_text_area_fails_p5(make_doc, table: str, fails: bool) -> None:
    report = check_docx(_with_table(make_doc(), table))
    assert report.failed_rules == ({"P5"} if fails else set()), [
        (r.rule_id, r.text("en")) for r in report.errors + report.warnings]
    if fails:
        (p5,) = [r for r in report.errors if r.rule_id == "P5"]
        assert "vùng chữ" in p5.text("vi") and "table 2" in p5.where("en")


UY_QUYEN = """\
    loai: giay-uy-quyen
    co_quan: {chu_quan: UBND TỈNH LẠNG SƠN, ten: SỞ NỘI VỤ, viet_tat: SNV}
    dia_danh: Lạng Sơn
    so: 6
    ngay: 2017-12-14
    trich_yeu: Ủy quyền ký hợp đồng chỉnh lý tài liệu
    can_cu:
      - Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015
      - Căn cứ Quy chế làm việc của Sở Nội vụ
    noi_dung:
      - Giám đốc Sở Nội vụ ủy quyền cho ông Trần Văn B ký hợp đồng chỉnh lý tài liệu.
    nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
    noi_nhan: [Các bên có liên quan]
    """


def _upright_can_cu(styles: str) -> str:
    head, tail = styles.split('w:styleId="VBCanCu"', 1)
    return head + 'w:styleId="VBCanCu"' + tail.replace("<w:i/><w:iCs/>", '<w:i w:val="0"/>', 1)


def test_can_cu_of_a_giay_uy_quyen_is_checked(build_docx) -> None:
    """B5 applies to every type whose body opens with căn cứ lines, not only to a nghị
    quyết or quyết định: italic, ``;`` after each and ``.`` after the last."""
    good = build_docx(UY_QUYEN)  # the writer's lines: zero errors
    assert check_docx(good).status_of("B5") == "pass"
    upright = _rewrite(good, "word/styles.xml", _upright_can_cu)
    assert check_docx(upright).failed_rules == {"B5"}
    no_stop = _rewrite(good, "word/document.xml",
                       lambda x: x.replace("của Sở Nội vụ.", "của Sở Nội vụ"))
    assert check_docx(no_stop).failed_rules == {"B5"}


def test_a_sentence_opening_with_can_cu_is_body_text(build_docx) -> None:
    """"Căn cứ Kết luận …, Sở Nội vụ đề nghị:" in a công văn is an upright body paragraph."""
    path = build_docx("""\
        loai: cong-van
        co_quan: {chu_quan: UBND TỈNH LẠNG SƠN, ten: SỞ NỘI VỤ, viet_tat: SNV}
        so: 5
        don_vi_soan_thao: TCBM
        dia_danh: Lạng Sơn
        ngay: 2020-01-05
        trich_yeu: đôn đốc gửi Đề án
        kinh_gui: [Sở Tài chính]
        noi_dung:
          - "Căn cứ Kết luận số 325-KL/TU ngày 29/11/2017, Sở Nội vụ đề nghị:"
          - Sở Tài chính gửi Đề án trước ngày 15/12/2017.
        nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Trần Văn B}
        """)
    assert check_docx(path).status_of("B5") == "na"


MAU = [("cong-dien", maudoc.cong_dien, {}), ("cong-dien", maudoc.cong_dien, {"in_table": False}),
       ("giay-gioi-thieu", maudoc.giay_gioi_thieu, {}),
       ("giay-gioi-thieu", maudoc.giay_gioi_thieu, {"rows": True}),
       ("bien-ban", maudoc.bien_ban, {}), ("bien-ban", maudoc.bien_ban, {"compact": True}),
       ("bien-ban", maudoc.bien_ban, {"parties": True})]


@pytest.mark.parametrize(("kind", "make", "options"), MAU, ids=[
    "1.6-recipients-in-a-table", "1.6-recipients-as-paragraphs", "1.8",
    "1.8-signature-in-rows", "1.9", "1.9-body-date-near-the-number",
    "1.9-four-parties-two-by-two"])
def test_the_decree_layouts_of_mau_1_6_1_8_1_9_pass(tmp_path: Path, kind, make, options) -> None:
    """Recipient dash lines under "… điện:" and the centred "… trân trọng giới thiệu:" are
    not body paragraphs; a biên bản has no date in its header (its "Thời gian bắt đầu: …
    ngày … tháng … năm …" is body text); titles, notes and names in rows of their own."""
    path = make(tmp_path / "mau.docx", **options)
    report = check_docx(path)
    assert report.doc_type == kind
    assert not report.failed_rules, [(r.rule_id, r.text("en"), r.where("en"))
                                     for r in report.errors + report.warnings]
    lay = find_layout(load_docx(path))
    assert lay.signer is not None and lay.signer.norm == "Nguyễn Văn A"
    assert [ln.norm for ln in lay.authority] == ["CHỦ TỌA" if kind == "bien-ban" else "GIÁM ĐỐC"]
    assert lay.noi_nhan_items and lay.noi_nhan_items[-1].norm.startswith("- Lưu: VT")
    assert (lay.date is None) == (kind == "bien-ban")


def test_bien_ban_without_noi_nhan_finds_its_signer(tmp_path: Path) -> None:
    """A biên bản signed by several parties and printed without Nơi nhận (as offices often
    do): the checker reports the missing Nơi nhận (R2: Mẫu 1.9 has it) but still reads the
    right-most signature of the closing table as the signer, rather than "not found"."""
    path = maudoc.bien_ban(tmp_path / "bb.docx", parties=True, recipients=False)
    report = check_docx(path)
    assert report.failed_rules == {"R2"}, [(r.rule_id, r.text("en")) for r in report.errors]
    lay = find_layout(load_docx(path))
    assert [ln.norm for ln in lay.authority] == ["CHỦ TỌA"]
    assert lay.signer is not None and lay.signer.norm == "Nguyễn Văn A"

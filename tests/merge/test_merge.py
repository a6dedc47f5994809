"""vanban merge in process: one document per row, names, bad rows, selection, resume, the
combined PDF with its bookmarks, the summary workbook and the ZIP, re-read."""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.cli import main
from generator.merge.run import Merge, MergeOptions, merge
from generator.merge.state import Journal
from generator.pdf.fontcheck import docx_text
from tests.conftest import assert_conformant

from .conftest import ROOT, TEMPLATE, unit_rows

ROOT_TEMPLATES = ROOT / "templates"

MAP = ["--column", "Đơn vị=thanh_phan"]


def run(template: Path, data: Path, out: Path, *extra: str) -> int:
    return main(["merge", str(template), str(data), "-o", str(out), *MAP, *extra])


def summary_rows(out: Path) -> list[tuple]:
    workbook = load_workbook(out / "danh-sach.xlsx")
    return [tuple(r) + (None,) * (7 - len(r)) for r in workbook.active.iter_rows(
        values_only=True)]


def words(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_one_document_per_row_with_pdf_bookmarks_summary_and_zip(
        sheet, tmp_path: Path) -> None:
    rows = unit_rows(3)
    rows[1][2] = "15/12/2017"  # a date typed as text
    rows[2][1] = "Phòng số 1"  # the same name as row 2 → row number appended
    data = sheet(rows)
    out = tmp_path / "out"
    assert run(TEMPLATE, data, out, "--name", "Đơn vị", "--volume-mb", "0.05",
               "--workers", "1") == 0  # one LibreOffice: the tests share two cores

    names = sorted(p.name for p in (out / "van-ban").iterdir())
    assert names == ["phong-so-1-r4.docx", "phong-so-1-r4.pdf", "phong-so-1.docx",
                     "phong-so-1.pdf", "phong-so-2.docx", "phong-so-2.pdf"]
    for docx in (out / "van-ban").glob("*.docx"):
        assert_conformant(docx, draft=True)
    # a date's words are joined by no-break spaces (it never breaks across lines)
    text = docx_text(out / "van-ban" / "phong-so-2.docx").replace("\u00a0", " ")
    assert "Phòng số 2" in text and "ngày 15/12/2017" in text and "thứ Sáu" in text
    assert "Phòng họp 2" in text
    page = words(out / "van-ban" / "phong-so-1-r4.pdf")
    assert "kính mời: Phòng số 1" in page and "Phòng họp 3" in page
    assert "Số:" in page and "/GM-SNV" in page  # a blank draft: number to be written

    # the combined PDF: volumes of at most ~50 kB (one document each here), a bookmark per row
    import pikepdf

    volumes = sorted(out.glob("ban-in-*.pdf"))
    assert [v.name for v in volumes] == ["ban-in-01.pdf", "ban-in-02.pdf", "ban-in-03.pdf"]
    marks = []
    for volume in volumes:
        subprocess.run(["qpdf", "--check", str(volume)], check=True, capture_output=True)
        with pikepdf.open(volume) as pdf, pdf.open_outline() as outline:
            for item in outline.root:
                page = pikepdf.Page(item.destination[0]).index if not isinstance(
                    item.destination, int) else item.destination
                marks.append((volume.name, item.title, page))
    assert marks == [("ban-in-01.pdf", "2. phong-so-1", 0), ("ban-in-02.pdf", "3. phong-so-2", 0),
                     ("ban-in-03.pdf", "4. phong-so-1-r4", 0)]
    assert "Phòng số 2" in words(volumes[1])

    # one volume when the limit allows: the same pages in row order
    assert run(TEMPLATE, data, out, "--name", "Đơn vị") == 0
    assert [v.name for v in sorted(out.glob("ban-in-*.pdf"))] == ["ban-in-01.pdf"]
    combined = words(out / "ban-in-01.pdf")
    assert combined.index("Phòng họp 1") < combined.index("Phòng họp 2") \
        < combined.index("Phòng họp 3")

    assert summary_rows(out) == [
        ("Dòng", "Tệp DOCX", "Tệp PDF", "Số", "Trạng thái", "Ghi chú", "Số trang"),
        (2, "van-ban/phong-so-1.docx", "van-ban/phong-so-1.pdf", None, "đã tạo", None, 1),
        (3, "van-ban/phong-so-2.docx", "van-ban/phong-so-2.pdf", None, "đã tạo", None, 1),
        (4, "van-ban/phong-so-1-r4.docx", "van-ban/phong-so-1-r4.pdf", None, "đã tạo", None,
         1),
    ]
    with zipfile.ZipFile(out / "van-ban.zip") as archive:
        assert sorted(archive.namelist()) == sorted(
            ["danh-sach.xlsx"] + [f"van-ban/{n}" for n in names])
        assert archive.read("van-ban/phong-so-2.pdf") == \
            (out / "van-ban" / "phong-so-2.pdf").read_bytes()


def test_bad_rows_are_reported_with_sheet_row_column_and_skipped(
        sheet, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = unit_rows(5)
    rows[1][1] = None  # row 3: the unit (kinh_moi) is missing
    rows[2][2] = "30/02/2018"  # row 4: an impossible date
    rows[3][4] = "Phòng \U0010fffd"  # row 5: a character no font draws
    data = sheet(rows)
    out = tmp_path / "out"
    assert run(TEMPLATE, data, out, "--format", "docx", "--name", "Đơn vị") == 1
    err = capsys.readouterr().err
    assert f"{data}, trang tính Danh sách, dòng 3, cột B (Đơn vị): Lỗi: Thiếu giá trị" in err
    assert "dòng 4, cột C (Ngày họp): Lỗi: Ngày «30/02/2018» không có thật: tháng 2 năm " \
           "2018 chỉ có 28 ngày." in err
    assert "dòng 5, cột E (Địa điểm): Lỗi:" in err and "U+10FFFD" in err
    assert "Traceback" not in err
    built = sorted(p.name for p in (out / "van-ban").iterdir())
    assert built == ["phong-so-1.docx", "phong-so-5.docx"]
    statuses = {r[0]: (r[4], r[5]) for r in summary_rows(out)[1:]}
    assert statuses[2] == ("đã tạo", None) and statuses[6] == ("đã tạo", None)
    assert statuses[3][0] == statuses[4][0] == statuses[5][0] == "không hợp lệ"
    assert statuses[4][1].startswith("cột C: Ngày «30/02/2018»")
    assert main(["merge", "--lang", "en", str(TEMPLATE), str(data), "-o", str(out), *MAP,
                 "--format", "docx"]) == 1
    assert "sheet Danh sách, row 4, column C (Ngày họp): Error: Date '30/02/2018' does " \
           "not exist" in capsys.readouterr().err


def test_select_column_and_numbers_as_typed(sheet, tmp_path: Path) -> None:
    template = tmp_path / "mau.yaml"
    template.write_text(TEMPLATE.read_text(encoding="utf-8").replace(
        "  chu_tri: Đồng chí", "  luu_y: \"\"\n  chu_tri: Đồng chí"), encoding="utf-8")
    headings = ["Đơn vị", "Ngày họp", "Gửi", "Lưu ý", "Kinh phí"]
    rows = [["Sở A", "14/12/2017", "x", "Kinh phí", 1234567],
            ["Sở B", "14/12/2017", "", None, 5],
            ["Sở C", "14/12/2017", "có", None, 2500000]]
    data = sheet(rows, headings, formats={"E": "#,##0"})
    out = tmp_path / "out"
    assert run(template, data, out, "--format", "docx", "--select", "Gửi", "--name",
               "Đơn vị", "--column", "Lưu ý=luu_y_goc", "--no-zip") == 0
    assert sorted(p.name for p in (out / "van-ban").iterdir()) == ["so-a.docx", "so-c.docx"]
    assert not (out / "van-ban.zip").exists()
    assert [r[0] for r in summary_rows(out)[1:]] == [2, 4]
    assert run(template, data, tmp_path / "only-c", "--format", "docx", "--select",
               "Đơn vị=sở c") == 0
    assert [p.name for p in (tmp_path / "only-c" / "van-ban").iterdir()] == ["dong-00004.docx"]


def test_grouped_numbers_print_as_excel_shows_them(sheet, tmp_path: Path) -> None:
    """A template variable from a #,##0 cell prints 1.234.567; the so/tien filters agree."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "kinh-phi.yaml").write_text(
        (ROOT_TEMPLATES / "giay-moi-hop.yaml").read_text(encoding="utf-8").replace(
            "đúng giờ.", "đúng giờ. Kinh phí {{ kinh_phi }} ({{ kinh_phi | tien_chu }})."),
        encoding="utf-8")
    template = tmp_path / "mau.yaml"
    template.write_text(TEMPLATE.read_text(encoding="utf-8").replace(
        "mau: giay-moi-hop", "mau: kinh-phi"), encoding="utf-8")
    data = sheet([["Sở A", "14/12/2017", 1234567]], ["Đơn vị", "Ngày họp", "Kinh phí"],
                 formats={"C": "#,##0"})
    assert run(template, data, tmp_path / "out", "--format", "docx", "--templates",
               str(templates)) == 0
    text = docx_text(tmp_path / "out" / "van-ban" / "dong-00002.docx")
    assert "Kinh phí 1.234.567 (Một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi " \
           "bảy đồng)" in text


def test_whole_data_problems_exit_2(sheet, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    data = sheet(unit_rows(1))
    bare = tmp_path / "bare.yaml"  # no preview value for thanh_phan: a column must fill it
    bare.write_text(TEMPLATE.read_text(encoding="utf-8").replace(
        "  thanh_phan: Thủ trưởng các đơn vị thuộc Sở\n", ""), "utf-8")
    assert main(["merge", str(bare), str(data), "-o", str(tmp_path / "o")]) == 2
    assert "Biến thanh_phan của mẫu «giay-moi-hop.yaml» không có cột nào điền" \
        in capsys.readouterr().err
    assert run(TEMPLATE, data, tmp_path / "o", "--sheet", "Không có") == 2
    assert "không có trang tính «Không có»" in capsys.readouterr().err
    assert run(TEMPLATE, tmp_path / "missing.xlsx", tmp_path / "o") == 2
    twice = sheet([["a", "b"]], ["Đơn vị", "Đơn vị"], name="twice.xlsx")
    assert run(TEMPLATE, twice, tmp_path / "o") == 2
    assert "hai cột cùng tiêu đề «Đơn vị»" in capsys.readouterr().err


def test_csv_with_semicolons_and_bom(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("Đơn vị;Ngày họp;Giờ\nSở Y tế;14/12/2017;08 giờ 00\n", encoding="utf-8-sig")
    assert run(TEMPLATE, data, tmp_path / "out", "--format", "docx", "--name", "Đơn vị") == 0
    assert "trân trọng kính mời: Sở Y tế" in docx_text(tmp_path / "out" / "van-ban" /
                                                      "so-y-te.docx")


def test_resume_builds_only_what_an_interrupted_run_left(sheet, tmp_path: Path) -> None:
    data = sheet(unit_rows(6))
    out = tmp_path / "out"
    options = MergeOptions(TEMPLATE, data, out, columns=["Đơn vị=thanh_phan"],
                           name_column="Đơn vị", pdf=False, progress=False)
    # an interrupted run: planned, then the process died after building two rows
    runner = Merge(options)
    out.mkdir()
    journal = Journal(out)
    runner.plan(journal, _no_bar())
    runner.allocate(journal)
    jobs = runner.todo(journal, _no_bar())
    from generator.merge.run import _docx_only

    for job in (next(jobs), next(jobs)):
        runner.record(journal, _docx_only(job), job)
    journal.close()
    first = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in (out / "van-ban").iterdir()}
    assert sorted(first) == ["phong-so-1.docx", "phong-so-2.docx"]

    result = merge(options)
    assert (result.reused, result.built, result.ok) == (2, 4, True)
    for name, (mtime, _) in first.items():  # not rebuilt
        assert (out / "van-ban" / name).stat().st_mtime_ns == mtime
    # a fresh run elsewhere gives the same bytes: resuming is safe
    fresh = merge(MergeOptions(TEMPLATE, data, tmp_path / "fresh", columns=["Đơn vị=thanh_phan"],
                               name_column="Đơn vị", pdf=False, progress=False))
    assert fresh.built == 6
    for path in (out / "van-ban").iterdir():
        assert path.read_bytes() == (tmp_path / "fresh" / "van-ban" / path.name).read_bytes()
    for name in ("danh-sach.xlsx", "van-ban.zip"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()

    # an edited row is rebuilt, the others kept
    rows = unit_rows(6)
    rows[2][4] = "Hội trường lớn"
    again = merge(MergeOptions(TEMPLATE, sheet(rows), out, columns=["Đơn vị=thanh_phan"],
                               name_column="Đơn vị", pdf=False, progress=False))
    assert (again.reused, again.built) == (5, 1)
    assert "Hội trường lớn" in docx_text(out / "van-ban" / "phong-so-3.docx")


class _FakeBook:
    """Numbers as a register book gives them: the next number, recorded per holder."""

    book = "hanh-chinh"

    def __init__(self, start: int = 5) -> None:
        self.next = start
        self.calls: list[tuple[dt.date, str]] = []
        self.issued: list[tuple[int, str, str]] = []

    def allocate(self, date: dt.date, holder: str) -> int:
        self.calls.append((date, holder))
        self.next += 1
        return self.next - 1

    def issue(self, number: int, document, file: Path) -> None:  # noqa: ANN001
        self.issued.append((number, document.number_and_code, file.name))


def test_numbers_in_row_order_after_validation_and_reused_on_resume(
        sheet, tmp_path: Path) -> None:
    rows = unit_rows(4)
    rows[2][1] = None  # row 4 invalid: gets no number
    data = sheet(rows)
    book = _FakeBook()
    options = MergeOptions(TEMPLATE, data, tmp_path / "out", columns=["Đơn vị=thanh_phan"],
                           pdf=False, numbers=book, progress=False)
    result = merge(options)
    assert (result.built, result.invalid) == (3, 1)
    assert [holder.rsplit(" ", 1)[-1] for _, holder in book.calls] == ["2", "3", "5"]
    assert all(date == dt.date(2017, 12, 8) for date, _ in book.calls)
    summary = summary_rows(tmp_path / "out")
    assert [(r[0], r[3], r[4]) for r in summary[1:]] == [
        (2, 5, "đã tạo"), (3, 6, "đã tạo"), (4, None, "không hợp lệ"), (5, 7, "đã tạo")]
    docx = tmp_path / "out" / "van-ban" / "dong-00003.docx"
    assert "Số: 06/GM-SNV" in docx_text(docx).replace("\u00a0", " ")
    assert_conformant(docx)

    assert book.issued == [(5, "05/GM-SNV", "dong-00002.docx"),
                           (6, "06/GM-SNV", "dong-00003.docx"),
                           (7, "07/GM-SNV", "dong-00005.docx")]

    again = merge(options)  # resumed: the same numbers, nothing allocated, nothing rebuilt
    assert len(book.calls) == 3 and again.reused == 3
    assert summary_rows(tmp_path / "out") == summary


def _no_bar():
    from generator.merge.run import _Bar

    return _Bar(False)


def test_numbers_from_the_office_register(sheet, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """--office/--book: numbers from generator.register's book, in row order, reused on
    resume; without the register package, a clear message and nothing built."""
    data = sheet(unit_rows(3))
    office = tmp_path / "office"
    args = ["--format", "docx", "--office", str(office), "--book", "hanh-chinh"]
    try:
        import generator.register  # noqa: F401
    except ImportError:
        assert run(TEMPLATE, data, tmp_path / "out", *args) == 2
        assert "Chưa cài sổ đăng ký văn bản" in capsys.readouterr().err
        assert not (tmp_path / "out" / "van-ban").exists()
        return
    assert main(["office", "init", str(office)]) == 0
    assert run(TEMPLATE, data, tmp_path / "out", *args) == 0
    numbers = [r[3] for r in summary_rows(tmp_path / "out")[1:]]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3
    assert run(TEMPLATE, data, tmp_path / "out", *args) == 0
    assert [r[3] for r in summary_rows(tmp_path / "out")[1:]] == numbers
    # the merged documents are in the register as issued, with their fields and files
    from generator.register import Office

    with Office.open(office) as register:
        rows = register.numbers(book="hanh-chinh", year=2017)
        assert [r.so for r in rows] == numbers
        assert all(r.so_ky_hieu == f"{r.so:02d}/GM-SNV" and r.trich_yeu and r.nguoi_ky
                   for r in rows)
        assert [Path(r.tep).name for r in rows] == [
            f"dong-{row:05d}" for row in (2, 3, 4)]
        assert [e.hanh_dong for e in register.audit_log()].count("cap-so") == 3  # not twice
        register.close_year(2017)  # nothing is left reserved


def test_a_job_delivered_twice_gives_one_output_and_one_summary_row(
        sheet, tmp_path: Path) -> None:
    """At-least-once delivery: the same job run twice writes the same bytes to the same
    name, and the second result for a row is not recorded again."""
    from generator.merge.job import build_row

    out = tmp_path / "out"
    options = MergeOptions(TEMPLATE, sheet(unit_rows(2)), out, columns=["Đơn vị=thanh_phan"],
                           pdf=False, progress=False)
    runner = Merge(options)
    out.mkdir()
    journal = Journal(out)
    runner.plan(journal, _no_bar())
    runner.allocate(journal)
    job = next(runner.todo(journal, _no_bar()))
    first = build_row(job)
    data = (out / job.docx).read_bytes()
    second = build_row(job)
    assert (out / job.docx).read_bytes() == data
    runner.record(journal, first, job)
    runner.record(journal, second, job)
    assert runner.result.built == 1
    runner.finish(journal)
    journal.close()
    assert [(r[0], r[4]) for r in summary_rows(out)[1:]] == [(2, "đã tạo"), (3, "chưa tạo")]
    assert sorted(p.name for p in (out / "van-ban").iterdir()) == ["dong-00002.docx"]


FIGURE_TEMPLATE = """\
mo_ta: Thông báo kèm sơ đồ
van_ban:
  loai: thong-bao
  co_quan: {chu_quan: UBND TỈNH LẠNG SƠN, ten: SỞ NỘI VỤ, viet_tat: SNV}
  dia_danh: Lạng Sơn
  ngay: 2017-12-08
  chua_cap_so: true
  trich_yeu: "địa điểm họp của {{ thanh_phan }}"
  noi_dung:
    - "Sở Nội vụ thông báo địa điểm họp của {{ thanh_phan }} như sơ đồ sau:"
    - hinh: anh/so-do.png
      rong: 80
      ten_hinh: "Hình 1. Sơ đồ phòng họp"
  nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
  noi_nhan: ["{{ thanh_phan }}"]
  luu: [TCBC]
"""


def _png(path: Path, colour: str) -> bytes:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (400, 200), colour).save(path, format="PNG")
    return path.read_bytes()


def _media(docx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(docx) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("word/media/")}


def test_figures_come_from_the_template_folder_and_a_changed_picture_rebuilds(
        sheet, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pypdf

    template = tmp_path / "mau" / "thong-bao-so-do.yaml"
    template.parent.mkdir()
    template.write_text(FIGURE_TEMPLATE, encoding="utf-8")
    first = _png(tmp_path / "mau" / "anh" / "so-do.png", "navy")
    data = sheet(unit_rows(2))
    out = tmp_path / "out"
    assert run(template, data, out, "--name", "Đơn vị", "--workers", "1") == 0
    for name in ("phong-so-1", "phong-so-2"):
        docx = out / "van-ban" / f"{name}.docx"
        assert list(_media(docx).values()) == [first]  # the picture itself, in the DOCX
        assert_conformant(docx, draft=True)
        assert "Hình 1. Sơ đồ phòng họp" in docx_text(docx)
        page = pypdf.PdfReader(out / "van-ban" / f"{name}.pdf").pages[0]
        assert len(page.images) == 1
    # one copy in the batch folder, named by content (a queue worker reads it there)
    copies = list((out / "van-ban" / "hinh").iterdir())
    assert [c.read_bytes() for c in copies] == [first]

    # resumed (DOCX only from here, quicker): same picture, nothing rebuilt
    assert run(template, data, out, "--name", "Đơn vị", "--format", "docx") == 0
    capsys.readouterr()
    assert run(template, data, out, "--name", "Đơn vị", "--format", "docx") == 0
    assert "2 có sẵn từ lần chạy trước" in capsys.readouterr().out
    changed = _png(tmp_path / "mau" / "anh" / "so-do.png", "darkred")
    assert run(template, data, out, "--name", "Đơn vị", "--format", "docx") == 0
    assert "0 có sẵn từ lần chạy trước" in capsys.readouterr().out  # both rebuilt
    assert list(_media(out / "van-ban" / "phong-so-1.docx").values()) == [changed]


def test_a_missing_figure_is_each_row_s_error_in_vietnamese(
        sheet, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "thong-bao-so-do.yaml"
    template.write_text(FIGURE_TEMPLATE, encoding="utf-8")
    out = tmp_path / "out"
    assert run(template, sheet(unit_rows(2)), out, "--format", "docx") == 1
    said = capsys.readouterr()
    text = said.out + said.err
    assert text.count("Không dùng được hình «anh/so-do.png»: không tìm thấy") == 2, text
    assert "Cannot use" not in text and "Traceback" not in text
    assert f"(tệp mẫu {template}, trường noi_dung[1].hinh)" in text
    assert not (out / "van-ban").exists() or not any((out / "van-ban").glob("*.docx"))

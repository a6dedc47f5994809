"""End to end in a real headless Chromium against `vanban serve`: a clerk writes a công văn
from nothing and sees the preview change, fixes an error shown at its field and downloads
the DOCX (which the checker passes); an agency submits its XLSX form; Sở Nội vụ consolidates
and downloads the dossier."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.check import check_docx

from .browser import CHROMIUM, CHROMIUM_ARGS, Server, chromium_available
from .conftest import PASSWORD, PLAN, make_office

pytestmark = pytest.mark.skipif(not chromium_available(), reason="Chromium is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    office = make_office(tmp_path_factory.mktemp("desk-browser"))
    running = Server(office, today="2017-12-05")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            accept_downloads=True, bypass_csp=True, viewport={"width": 1400, "height": 1000})
        try:
            yield context
        finally:
            context.close()


def log_in(page, server: Server, username: str) -> None:
    page.goto(server.url + "/")
    assert page.url.endswith("/dang-nhap")
    page.fill('input[name="ten"]', username)
    page.fill('input[name="mat_khau"]', PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_load_state()


def log_out(page) -> None:
    page.click("form.logout button")
    page.wait_for_url(re.compile(r".*/dang-nhap$"))


def field(page, path: str):
    return page.locator(f'[data-path="{path}"]')


def test_clerk_writes_a_cong_van_from_nothing(server: Server, browser, tmp_path: Path) -> None:
    page = browser.new_page()
    log_in(page, server, "chuyenvien")
    page.click("text=Soạn văn bản")
    page.click('a[data-loai="cong-van"]')
    pages = page.locator("#pages img.page")
    pages.first.wait_for(timeout=60_000)  # the starter itself is a valid document
    first_version = page.locator("#pages").get_attribute("data-version")

    field(page, "co_quan.ten").fill("SỞ NỘI VỤ")
    field(page, "co_quan.chu_quan").fill("UBND TỈNH LẠNG SƠN")
    field(page, "trich_yeu").fill("đôn đốc gửi báo cáo tinh giản biên chế")
    page.wait_for_function(
        f"document.querySelector('#pages').dataset.version !== '{first_version}'",
        timeout=60_000)
    assert "đôn đốc gửi báo cáo" in page.locator("#yaml").text_content()

    # an impossible date: the message appears at the date's own field
    field(page, "ngay").fill("30/02/2017")
    problem = page.locator('[data-field="ngay"] .problem')
    problem.wait_for(state="visible", timeout=60_000)
    assert "không có thật" in problem.text_content()
    assert page.locator('[data-field="ngay"]').get_attribute("class").count("invalid")

    field(page, "ngay").fill("05/12/2017")
    page.wait_for_function("document.querySelectorAll('.field.invalid').length === 0",
                           timeout=60_000)

    with page.expect_download() as info:
        page.click('button.download[data-format="docx"]')
    docx = tmp_path / "cong-van.docx"
    info.value.save_as(docx)
    report = check_docx(docx)
    assert report.errors == [], [r.text("en") for r in report.errors]
    page.screenshot(path=str(tmp_path / "editor.png"))
    log_out(page)
    page.close()


def test_clerk_puts_a_chart_into_a_cong_van(server: Server, browser, tmp_path: Path) -> None:
    """A figure through the real form: add a "Hình" entry, choose the picture, the field gets
    the name the server kept it under and the preview shows the chart."""
    import io

    from PIL import Image
    from playwright.sync_api import expect

    from .test_desk_figures import chart_png

    page = browser.new_page()
    log_in(page, server, "chuyenvien")
    page.goto(server.url + "/soan/moi?loai=cong-van")
    page.locator("#pages img.page").first.wait_for(timeout=60_000)
    page.locator('[data-list="noi_dung"] > .adds button', has_text="Hình").click()
    figure = page.locator('[data-item="noi_dung.3"][data-kind="Hinh"]')
    figure.wait_for()
    field(page, "noi_dung.3.ten_hinh").fill("Hình 1. Số người làm việc theo năm")
    # a text file named .png: refused at the field, nothing in it
    fake = tmp_path / "khong-phai-anh.png"
    fake.write_text("không phải ảnh", encoding="utf-8")
    figure.locator("input.picture-file").set_input_files(str(fake))
    expect(figure.locator(".upload-problem")).to_contain_text(
        "không phải ảnh PNG hoặc JPEG", timeout=30_000)
    assert field(page, "noi_dung.3.hinh").input_value() == ""

    before = page.locator("#pages").get_attribute("data-version")
    chart = tmp_path / "bieu-do.png"
    chart.write_bytes(chart_png(480, 320))
    figure.locator("input.picture-file").set_input_files(str(chart))
    page.wait_for_function(
        "document.querySelector('[data-path=\"noi_dung.3.hinh\"]').value.startsWith('hinh/')",
        timeout=30_000)
    name = field(page, "noi_dung.3.hinh").input_value()
    assert re.fullmatch(r"hinh/[0-9a-f]{16}\.png", name)
    assert (server.log.parent / "web" / "nguoi-dung" / "chuyenvien" / name).read_bytes() == \
        chart.read_bytes()
    page.wait_for_function(
        f"document.querySelector('#pages').dataset.version !== '{before}'", timeout=60_000)
    assert page.locator(".field.invalid").count() == 0
    assert f"hinh: {name}" in page.locator("#yaml").text_content()
    link = figure.locator("a.picture-link")
    assert link.is_visible() and link.get_attribute("href") == "/soan/" + name
    # the refreshed page shows the chart: its bars' colour, which the starter has nowhere
    src = page.locator("#pages img.page").first.get_attribute("src")
    shown = Image.open(io.BytesIO(page.request.get(server.url + src).body())).convert("RGB")
    bars = sum(count for count, (r, g, b) in shown.getcolors(1 << 24)
               if abs(r - 30) < 25 and abs(g - 90) < 25 and abs(b - 160) < 25)
    assert bars > 200
    log_out(page)
    page.close()


def test_agency_submits_its_xlsx_form(server: Server, browser, tmp_path: Path) -> None:
    plan_dir = server.log.parent / "ke-hoach" / PLAN
    form = filled_form(plan_dir, "HL", tmp_path / "HL.xlsx")
    page = browser.new_page()
    log_in(page, server, "hl")
    assert f"/ke-hoach/{PLAN}/don-vi/HL" in page.url
    page.set_input_files('input[name="tep"]', str(form))
    page.click('form[action$="/nop"] button')
    page.wait_for_load_state()
    stored = plan_dir / "units" / "HL.xlsx"
    assert stored.is_file()
    # stored as the CLI reads it, received today (the desk's clock: 05/12/2017)
    from generator.consolidate.run import analyse

    status = analyse(plan_dir).report.of("HL")
    assert status.chosen is not None and status.chosen.file == stored
    assert str(status.chosen.ngay_nhan) == "2017-12-05"
    assert status.label("vi") in page.locator("#unit-state").text_content()
    # the agency sees nothing of another agency
    assert page.goto(server.url + f"/ke-hoach/{PLAN}/don-vi/CLO").status == 404
    log_out(page)
    page.close()


def filled_form(plan_dir: Path, unit: str, out: Path) -> Path:
    """The XLSX form `vanban form` writes for the agency, filled with its sample figures."""
    import io

    import yaml
    from openpyxl import load_workbook

    from generator.consolidate.forms import CODE_COL, SHEET, VALUE_COL, write_form
    from generator.consolidate.plan import load_plan

    plan = load_plan(plan_dir).plan
    values = yaml.safe_load((plan_dir / "units" / f"{unit}.yaml").read_text(encoding="utf-8"))
    book = load_workbook(io.BytesIO(write_form(plan, next(u for u in plan.don_vi
                                                           if u.ma == unit))))
    sheet = book[SHEET]
    for row in range(1, sheet.max_row + 1):
        code = sheet.cell(row, CODE_COL).value
        if code in values and code != "ngay_nhan":
            value = values[code]
            sheet.cell(row, VALUE_COL).value = ("\n".join(map(str, value))
                                                if isinstance(value, list) else value)
    book.save(out)
    return out


def test_so_noi_vu_consolidates_and_downloads_the_dossier(server: Server, browser,
                                                          tmp_path: Path) -> None:
    page = browser.new_page()
    log_in(page, server, "snv")
    page.click("text=Kế hoạch tổng hợp")
    page.click(f"text={PLAN}")
    assert page.locator("#roster tbody tr").count() >= 5
    page.click("#consolidate")
    link = page.locator('a[href$="dossier.pdf"]').first
    link.wait_for(timeout=240_000)
    with page.expect_download() as info:
        link.click()
    dossier = tmp_path / "dossier.pdf"
    info.value.save_as(dossier)
    reader = PdfReader(dossier)
    assert len(reader.pages) > 2 and reader.outline
    page.close()

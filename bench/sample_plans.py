"""Invented, clearly-sample submissions for the tinh giản biên chế plan.

``python bench/sample_plans.py`` rewrites ``content/plans/tinh-gian-bien-che-2017/units/``
(the shipped sample: some agencies on time, some late, two missing, one corrected, one
invalid, one filled XLSX form, one agency's own PDF). The benchmark uses
:func:`write_units` to make a 100-agency plan. Figures come from a seeded random generator:
they are sample data, not any agency's real figures.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLAN = ROOT / "content" / "plans" / "tinh-gian-bien-che-2017"
HEADER = ("# SỐ LIỆU MẪU do vanban tạo ra để minh họa (bench/sample_plans.py): không phải số "
          "liệu thật\n# của cơ quan. Họ tên người ký là tên mẫu.\n")

MERGES = [
    "Hợp nhất Phòng Kế hoạch - Tài chính và Văn phòng thành Văn phòng",
    "Sáp nhập Phòng Thanh tra vào Văn phòng",
    "Hợp nhất Phòng Tổ chức cán bộ và Phòng Hành chính thành Phòng Tổ chức - Hành chính",
    "Sáp nhập Trung tâm Thông tin vào Văn phòng",
    "Hợp nhất hai Ban quản lý dự án thành Ban Quản lý dự án đầu tư xây dựng",
    "Sáp nhập Chi cục Quản lý chất lượng vào Chi cục Phát triển nông thôn",
    "Hợp nhất Trung tâm Văn hóa và Đài Truyền thanh thành Trung tâm Văn hóa - Truyền thông",
]
AUTONOMY = ["Trung tâm Dịch vụ việc làm", "Trung tâm Kiểm định chất lượng công trình",
            "Trung tâm Quan trắc môi trường", "Trung tâm Phát triển quỹ đất",
            "Ban Quản lý chợ", "Trung tâm Đăng kiểm xe cơ giới"]
EQUITIZE = ["Đoạn Quản lý đường bộ", "Trung tâm Tư vấn xây dựng", "Xí nghiệp In",
            "Công ty Môi trường đô thị"]
DIFFICULTIES = [
    "Khối lượng công việc tăng nhưng biên chế giảm, khó bố trí người làm công tác chuyên môn.",
    "Một số đơn vị sự nghiệp chưa đủ điều kiện tự chủ tài chính do nguồn thu thấp.",
    "Chưa có hướng dẫn của Bộ, ngành Trung ương về vị trí việc làm.",
    "Chính sách đối với người dôi dư sau sắp xếp chưa đủ hấp dẫn.",
]
PROPOSALS = [
    "Đề nghị UBND tỉnh bố trí kinh phí thực hiện chính sách tinh giản biên chế.",
    "Đề nghị giữ ổn định số lượng phòng chuyên môn đến hết năm 2018.",
    "Đề nghị Sở Nội vụ sớm hướng dẫn xây dựng đề án vị trí việc làm.",
    "Đề nghị cho phép chuyển đổi đơn vị sự nghiệp theo lộ trình 2018–2020.",
]


def figures(rng: random.Random, district: bool, *, below_target: bool = False,
            too_much: bool = False) -> dict[str, Any]:
    """One agency's invented figures, consistent with the plan's checks unless asked."""
    phong = rng.randint(11, 13) if district else rng.randint(4, 9)
    chi_cuc = 0 if district else rng.choice([0, 0, 1, 2, 3])
    dvsn = rng.randint(4, 8) if district else rng.randint(0, 7)
    base = rng.randint(70, 110) if district else rng.randint(22, 95)
    giao = base - rng.randint(0, max(1, base // 20))
    target = base * (rng.uniform(0.05, 0.09) if below_target else rng.uniform(0.10, 0.14))
    remaining = max(0, round(target) - (base - giao))
    years = [remaining // 4 + (1 if i < remaining % 4 else 0) for i in range(4)]
    if too_much:
        years = [giao // 2, giao // 2, 3, 2]
    merges = rng.sample(MERGES, rng.randint(0, 2))
    return {
        "phong_truoc": phong, "phong_sau": phong - rng.randint(0, 2),
        "chi_cuc_truoc": chi_cuc, "chi_cuc_sau": max(0, chi_cuc - rng.randint(0, 1)),
        "dvsn_truoc": dvsn, "dvsn_sau": max(0, dvsn - rng.randint(0, 2)),
        "sap_nhap": merges,
        "cong_chuc_2015": base, "cong_chuc_giao_2017": giao,
        "cong_chuc_co_mat_2017": giao - rng.randint(0, 3),
        "su_nghiep_2017": rng.randint(40, 900) if district else rng.randint(0, 400),
        "hop_dong_2017": rng.randint(0, 15),
        "giam_2018": years[0], "giam_2019": years[1], "giam_2020": years[2],
        "giam_2021": years[3],
        "tu_chu": rng.sample(AUTONOMY, rng.randint(0, 2)),
        "co_phan": rng.sample(EQUITIZE, rng.choice([0, 0, 0, 1])),
        "kho_khan": rng.choice(DIFFICULTIES),
        "kien_nghi": rng.choice(PROPOSALS),
    }


def submission(unit: dict[str, Any], number: int, issued: dt.date, received: dt.date,
               values: dict[str, Any], signer: str) -> dict[str, Any]:
    code = unit.get("viet_tat") or unit["ma"]
    return {"don_vi": unit["ma"], "so_hieu": f"{number}/ĐA-{code}", "ngay": issued,
            "ngay_nhan": received, "nguoi_ky": signer, **values}


def dump(data: dict[str, Any]) -> str:
    return HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_units(units_dir: Path, roster: list[dict[str, Any]], seed: int = 2017,
                deadline: dt.date = dt.date(2017, 12, 15)) -> None:
    """Every roster agency on time, with invented figures (the benchmark's plan)."""
    rng = random.Random(seed)
    units_dir.mkdir(parents=True, exist_ok=True)
    for i, unit in enumerate(roster):
        district = unit["nhom"] != "so-ban-nganh"
        received = deadline - dt.timedelta(days=rng.randint(0, 4))
        data = submission(unit, 200 + i, received - dt.timedelta(days=1), received,
                          figures(rng, district, below_target=rng.random() < 0.2),
                          "Nguyễn Văn A")
        (units_dir / f"{unit['ma']}.yaml").write_text(dump(data), encoding="utf-8")


LATE = {"STNMT": 16, "SVHTTDL": 18, "BDT": 17, "HL": 19, "VLA": 16}
MISSING = {"SNgV", "DL"}
BELOW = {"SCT", "SXD", "VQ", "TD"}


def write_shipped_sample() -> None:
    """The sample units of the shipped plan (see the module docstring)."""
    plan = yaml.safe_load((PLAN / "plan.yaml").read_text(encoding="utf-8"))
    units = PLAN / "units"
    for old in units.glob("*"):
        old.unlink()
    rng = random.Random(39)
    for i, unit in enumerate(plan["don_vi"]):
        code = unit["ma"]
        if code in MISSING:
            continue
        district = unit["nhom"] != "so-ban-nganh"
        day = LATE.get(code, rng.randint(11, 15))
        received = dt.date(2017, 12, day)
        issued = received - dt.timedelta(days=rng.randint(1, 3))
        values = figures(rng, district, below_target=code in BELOW, too_much=code == "BS")
        data = submission(unit, 300 + 7 * i, issued, received, values,
                          rng.choice(["Nguyễn Văn A", "Trần Văn B", "Lê Thị C", "Hoàng Văn D"]))
        if code == "SYT":  # sent on time, then corrected after the deadline
            (units / "SYT.yaml").write_text(dump(data), encoding="utf-8")
            corrected = dict(data, so_hieu=f"{300 + 7 * i + 1}/ĐA-SYT",
                             ngay=dt.date(2017, 12, 17), ngay_nhan=dt.date(2017, 12, 18),
                             giam_2021=data["giam_2021"] + 2,
                             sap_nhap=[*data["sap_nhap"], MERGES[-1]])
            (units / "SYT-dinh-chinh.yaml").write_text(
                dump(corrected).replace("# SỐ LIỆU MẪU", "# BẢN ĐÍNH CHÍNH thay bản "
                                        "SYT.yaml.\n# SỐ LIỆU MẪU"), encoding="utf-8")
        elif code == "STP":  # filled in the XLSX form instead of writing YAML
            write_filled_form(units / "STP.xlsx", data)
        elif code == "TTr":  # sent its own PDF with the figures
            data["tep_pdf"] = "TTr-de-an.pdf"
            (units / "TTr.yaml").write_text(dump(data), encoding="utf-8")
            write_own_pdf(units / "TTr-de-an.pdf", unit["ten"])
        else:
            (units / f"{code}.yaml").write_text(dump(data), encoding="utf-8")


def write_filled_form(path: Path, data: dict[str, Any]) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    from generator.consolidate.forms import FIRST_ROW, SHEET, VALUE_COL, write_form
    from generator.consolidate.plan import load_plan
    from generator.consolidate.xlsx import save

    plan = load_plan(PLAN).plan
    unit = plan.unit(data["don_vi"])
    assert unit is not None
    book = load_workbook(BytesIO(write_form(plan, unit)))
    sheet = book[SHEET]
    for row in range(FIRST_ROW, sheet.max_row + 1):
        code = sheet.cell(row, 1).value
        if code in data and code != "don_vi":
            value = data[code]
            sheet.cell(row, VALUE_COL, "\n".join(value) if isinstance(value, list) else value)
    path.write_bytes(save(book, plan.han_nop))


def write_own_pdf(path: Path, name: str) -> None:
    """A one-page PDF standing for a document the agency made itself (LibreOffice)."""
    import shutil
    import subprocess
    import tempfile

    from docx import Document as WordDocument

    with tempfile.TemporaryDirectory() as tmp:
        word = WordDocument()
        word.add_heading(name.upper(), 1)
        word.add_paragraph("ĐỀ ÁN tinh giản biên chế, sắp xếp lại tổ chức bộ máy — bản PDF do "
                           "cơ quan tự lập và gửi kèm (MẪU).")
        source = Path(tmp) / "own.docx"
        word.save(str(source))
        subprocess.run([shutil.which("soffice") or "soffice",
                        f"-env:UserInstallation={(Path(tmp) / 'p').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, str(source)],
                       check=True, capture_output=True, timeout=120)
        path.write_bytes((Path(tmp) / "own.pdf").read_bytes())


if __name__ == "__main__":
    write_shipped_sample()
    print(f"Sample units written to {PLAN / 'units'}")

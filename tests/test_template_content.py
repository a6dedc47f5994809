"""Content files that name a template (``mau``) and give its variables (``bien``); the
user's ``--templates`` folder; ``vanban new``."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator import nd30
from generator.build import Source, build_one, load_document
from generator.check import check_docx
from generator.cli import main
from generator.problems import Problems
from generator.starter import starter_yaml
from generator.template_content import available_templates
from generator.templating import BUILTIN_TEMPLATES

from .conftest import assert_conformant
from .test_types import texts

HEAD = """\
co_quan: {ten: SỞ NỘI VỤ, viet_tat: SNV, ten_day_du: Sở Nội vụ}
so: 3
dia_danh: Lạng Sơn
ngay: 2017-12-20
nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
"""


def write_template(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(path: Path, templates=()) -> list:
    with pytest.raises(Problems) as info:
        load_document(path, templates)
    return info.value.items


def test_builtin_templates_ship_for_every_type_and_purpose():
    names = set(available_templates())
    assert set(nd30.DOC_TYPES) <= names
    assert {"thong-bao-y-kien-chi-dao", "giay-moi-hop", "quyet-dinh-ban-hanh-quy-che",
            "cong-van-don-doc"} <= names
    assert (BUILTIN_TEMPLATES / "giay-moi-hop.yaml").is_file()


def test_template_fills_fields_and_file_overrides(write_content):
    path = write_content(HEAD + """\
mau: giay-moi-hop
trich_yeu: Họp riêng của tệp
bien:
  ten_cuoc_hop: giao ban tháng 12
  thanh_phan: Trưởng các phòng
  ngay_hop: 2017-12-21
""")
    doc = load_document(path)
    assert doc.loai == "giay-moi" and doc.trich_yeu == "Họp riêng của tệp"
    assert doc.giay_moi.thoi_gian == "08 giờ 00, thứ Năm, ngày 21/12/2017."
    assert doc.giay_moi.dia_diem == "Phòng họp số 1."  # a default of the template
    assert doc.giay_moi.chu_tri is None  # an empty optional line is left out


def test_list_variable_becomes_a_list(write_content):
    path = write_content(HEAD + """\
mau: cong-van-don-doc
don_vi_soan_thao: TCBC
bien:
  don_vi_chua_nop: [Sở Xây dựng, Sở Công Thương]
  noi_dung_can_nop: báo cáo biên chế
  van_ban_yeu_cau: Công văn số 1/SNV-TCBC ngày 01/12/2017 của Sở Nội vụ
  han_nop: 22/12/2017
""")
    doc = load_document(path)
    assert doc.kinh_gui == ["Sở Xây dựng", "Sở Công Thương"]
    assert "của 2 cơ quan, đơn vị có tên trên" in doc.noi_dung[0]
    assert "trước ngày 22/12/2017." in doc.noi_dung[1]


def test_content_text_stays_literal(build_docx):
    docx = build_docx(HEAD + """\
loai: thong-bao
trich_yeu: "Về {{ x }}"
noi_dung:
  - "Chuỗi {{ 7 * 7 }} và {% if %} giữ nguyên."
""")
    lines = texts(docx)
    assert "Về {{ x }}" in lines and "Chuỗi {{ 7 * 7 }} và {% if %} giữ nguyên./." in lines


def test_missing_template_named_at_its_line(write_content):
    path = write_content(HEAD + "loai: thong-bao\nmau: khong-co\nnoi_dung: [x]\n")
    (problem,) = problems(path)
    assert problem.line == 7 and "khong-co" in problem.render("vi")
    assert "giay-moi-hop" in problem.render("vi")  # the hint lists what exists


def test_missing_variable_names_it_and_the_template_line(write_content):
    path = write_content(HEAD + "mau: giay-moi-hop\nbien:\n  thanh_phan: Các phòng\n")
    (problem,) = problems(path)
    text = problem.render("vi")
    assert "ten_cuoc_hop" in text
    assert "«giay-moi-hop.yaml», dòng 12" in text  # trich_yeu's line in the template
    assert problem.line == 8 and problem.field == "bien"  # the content file's variables


def test_user_folder_overrides_and_adds(write_content, tmp_path):
    folder = tmp_path / "my"
    write_template(folder, "giay-moi-hop", """\
        van_ban:
          loai: thong-bao
          trich_yeu: "Mẫu riêng {{ so_thu_tu }}"
          noi_dung: ["{{ cau }}"]
        """)
    path = write_content(HEAD + "mau: giay-moi-hop\nbien: {so_thu_tu: 2, cau: Một câu.}\n")
    doc = load_document(path, [folder])
    assert doc.loai == "thong-bao" and doc.trich_yeu == "Mẫu riêng 2"
    (shipped,) = problems(path)  # without the folder: the shipped one, which needs more
    assert "«giay-moi-hop.yaml»" in shipped.render("vi")


def test_block_scalar_lines_are_counted_from_the_text(write_content, tmp_path):
    folder = tmp_path / "my"
    write_template(folder, "dai", """\
        van_ban:
          loai: thong-bao
          trich_yeu: Ổn
          noi_dung:
            - |
              Dòng một.
              Dòng hai {{ thieu }}.
        """)
    path = write_content(HEAD + "mau: dai\n")
    (problem,) = problems(path, [folder])
    assert "«dai.yaml», dòng 7" in problem.render("vi") and "thieu" in problem.render("vi")


def test_sandbox_refuses_python_internals(write_content, tmp_path):
    folder = tmp_path / "my"
    write_template(folder, "xau", """\
        van_ban:
          loai: thong-bao
          trich_yeu: "{{ ''.__class__.__mro__[1].__subclasses__() }}"
          noi_dung: [x]
        """)
    (problem,) = problems(write_content(HEAD + "mau: xau\n"), [folder])
    assert "vùng an toàn" in problem.render("vi") and "«xau.yaml», dòng 3" in problem.render("vi")


def test_template_syntax_error(write_content, tmp_path):
    folder = tmp_path / "my"
    write_template(folder, "hong", """\
        van_ban:
          loai: thong-bao
          trich_yeu: Ổn
          noi_dung: ["{% if x %}chưa đóng"]
        """)
    (problem,) = problems(write_content(HEAD + "mau: hong\n"), [folder])
    assert "cú pháp" in problem.render("vi") and "«hong.yaml», dòng 4" in problem.render("vi")


def test_template_name_cannot_leave_the_folder(write_content):
    path = write_content(HEAD + "loai: thong-bao\nmau: ../../etc/passwd\nnoi_dung: [x]\n")
    (problem,) = problems(path)
    assert "Không tìm thấy mẫu" in problem.render("vi")


def test_cli_templates_option(write_content, tmp_path, capsys):
    folder = tmp_path / "my"
    write_template(folder, "rieng", """\
        van_ban:
          loai: thong-bao
          trich_yeu: Mẫu riêng
          noi_dung: [Một câu.]
        """)
    path = write_content(HEAD + "mau: rieng\n")
    out = tmp_path / "out"
    assert main(["build", str(path), "-o", str(out), "--format", "docx"]) == 1
    assert main(["build", str(path), "-o", str(out), "--templates", str(folder),
                 "--format", "docx"]) == 0
    assert (out / "doc.docx").is_file()
    assert main(["validate", str(path), "--templates", str(tmp_path / "none")]) == 2


@pytest.mark.parametrize("slug", list(nd30.DOC_TYPES))
def test_starter_builds_for_every_type(slug, tmp_path):
    path = tmp_path / f"{slug}.yaml"
    path.write_text(starter_yaml(slug), encoding="utf-8")
    outcome = build_one(Source(path, Path(path.name)), tmp_path / "out")
    assert outcome.ok, [p.render("en") for p in outcome.problems]
    assert_conformant(outcome.outputs[0])
    assert outcome.document.loai == slug
    assert_conformant(outcome.outputs[0])
    assert starter_yaml(slug).startswith("# ")  # commented for the clerk


def test_cli_new_stdout_and_file(tmp_path, capsys):
    assert main(["new", "giay-moi"]) == 0
    assert "loai: giay-moi" in capsys.readouterr().out
    target = tmp_path / "gm.yaml"
    assert main(["new", "to-trinh", "-o", str(target)]) == 0
    assert "loai: to-trinh" in target.read_text(encoding="utf-8")
    assert main(["new", "to-trinh", "-o", str(target)]) == 2  # no silent overwrite
    assert main(["new", "khong-co"]) == 2


def test_examples_using_templates_build():
    from .test_types import EXAMPLES

    used = {load_document(p).mau for p in EXAMPLES.glob("*.yaml")} - {None}
    assert {"giay-moi-hop", "thong-bao-y-kien-chi-dao", "quyet-dinh-ban-hanh-quy-che",
            "cong-van-don-doc"} <= used


_LISTS = {"noi_dung_chinh": ["Nội dung chính."],
          "can_cu": ["Căn cứ Luật Tổ chức chính quyền địa phương"],
          "cac_dieu": [{"dieu": "Nội dung điều."}], "y_kien": [{"muc": "Ý kiến."}],
          "cac_chuong": [{"chuong": "Quy định chung", "noi_dung": [{"dieu": "Phạm vi."}]}],
          "don_vi_chua_nop": ["Sở A"], "noi_gui": ["Sở A"], "noi_nhan_dien": ["Sở A"],
          "nguoi_nhan": ["Nhân dân các dân tộc tỉnh"],
          "yeu_cau": [{"muc": "Yêu cầu."}], "dien_bien": ["Diễn biến."], "ket_luan": ["Kết luận."]}
_DATES = {"ngay_hop", "han", "han_nop", "ngay_don", "tu_ngay", "den_ngay", "hieu_luc_den",
          "ngay_hieu_luc"}
_VALUES = {"so_ngay": 3, "xung_ho": "Ông", "thanh_phan": ["Các phòng"]}


@pytest.mark.parametrize("name", available_templates())
def test_every_shipped_template_builds(name, tmp_path):
    """Each shipped template, filled with sample values for the variables it uses."""
    import yaml
    from jinja2 import meta

    from generator.templating import make_environment

    spec = yaml.safe_load((BUILTIN_TEMPLATES / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(spec.get("mo_ta"), str) and isinstance(spec.get("van_ban"), dict)
    env = make_environment()
    names: set[str] = set()

    def collect(value):
        if isinstance(value, str):
            names.update(meta.find_undeclared_variables(env.parse(value)))
        elif isinstance(value, dict):
            for v in value.values():
                collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)

    collect(spec["van_ban"])
    variables = {}
    for var in sorted(names - {"co_quan", "ngay", "so"} - set(spec.get("bien_mac_dinh") or {})):
        if var in _LISTS:
            variables[var] = _LISTS[var]
        elif var in _DATES:
            variables[var] = "20/12/2017"
        else:
            variables[var] = _VALUES.get(var, f"giá trị {var}")
    if name == "giay-moi-hop":
        variables["thanh_phan"] = "Các phòng"
    path = tmp_path / "doc.yaml"
    path.write_text(HEAD + f"mau: {name}\ntrich_yeu: Trích yếu\ndon_vi_soan_thao: VP\n",
                    encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    import json

    path.write_text(text + "bien: " + json.dumps(variables, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    outcome = build_one(Source(path, Path(path.name)), tmp_path / "out")
    assert outcome.ok, [p.render("en") for p in outcome.problems]
    assert_conformant(outcome.outputs[0])


def test_invalid_value_from_a_template_is_reported_at_the_mau_line(write_content, tmp_path):
    folder = tmp_path / "my"
    write_template(folder, "ngay-sai", """\
        van_ban:
          loai: giay-gioi-thieu
          gioi_thieu:
            xung_ho: Ông
            ho_ten: Trần Văn B
            chuc_vu: Chuyên viên
            duoc_cu_den: Sở Tài chính
            ve_viec: Công tác
            co_gia_tri_den: "{{ han }}"
        """)
    path = write_content(HEAD + "mau: ngay-sai\nbien: {han: 31/02/2018}\n")
    (problem,) = problems(path, [folder])
    assert problem.line == 6 and "31/02/2018" in problem.render("vi")


def test_starters_that_show_appendices_show_attachments_sent_separately():
    """Issue 9.6: where a starter explains phu_luc it also shows gui_kem_rieng (an appendix
    sent as a separate file is cited without a fake phu_luc)."""
    missing = [slug for slug in nd30.DOC_TYPES
               if "phu_luc: [" in starter_yaml(slug)
               and "gui_kem_rieng" not in starter_yaml(slug)]
    assert missing == []


@pytest.mark.parametrize("slug", ["hop-dong", "giay-uy-quyen", "ke-hoach"])
def test_starters_of_texts_opening_with_legal_bases_show_can_cu(slug, tmp_path):
    """Issue 9 (B5): a hợp đồng, giấy ủy quyền or kế hoạch may open with căn cứ lines; its
    starter shows how, and uncommented they build and pass the checker."""
    text = starter_yaml(slug)
    assert "# can_cu:" in text
    path = tmp_path / f"{slug}.yaml"
    path.write_text("\n".join(line[2:] if line.startswith("# can_cu:") else line
                              for line in text.splitlines()), encoding="utf-8")
    outcome = build_one(Source(path, Path(path.name)), tmp_path / "out")
    assert outcome.ok, [p.render("en") for p in outcome.problems]
    assert_conformant(outcome.outputs[0])
    report = check_docx(outcome.outputs[0])
    assert report.status_of("B5") == "pass"

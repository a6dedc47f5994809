"""The plan file (``content/plans/<plan>/plan.yaml``): what a consolidation expects and makes.

A plan declares the roster of agencies and their groups, the deadline, the fields every
submission carries, derived figures and checks (sandboxed Jinja2 expressions over the
fields), the summary tables, and the documents to write. The documents are Document YAML
(the same fields as any content file) whose texts are Jinja2 templates with access to the
aggregates; a few extra blocks insert computed content (``bang_tong_hop``, ``y_kien``,
``bang_tinh_trang``, ``so_lieu``). A new consolidation is a new plan file, not new code.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..content import Content, load_content
from ..model import CoQuan, Date
from ..problems import Problem, Problems, Text
from ..validate import message_for as _validation_message

PLAN_FILE = "plan.yaml"
UNITS_DIR = "units"

# Keys of a submission that the engine itself reads; plan fields cannot reuse them.
SUBMISSION_KEYS = ("don_vi", "so_hieu", "ngay", "ngay_nhan", "nguoi_ky", "chuc_vu", "tep_pdf")
# Values a table column can show besides the plan's fields.
ROW_SOURCES = ("stt", "ten", "viet_tat", "so_hieu", "ngay", "ngay_nhan", "canh_bao", "nhom")

Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="Mã: chữ thường không "
                                                                      "dấu, số, dấu _.")]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
UnitCode = Annotated[str, Field(pattern=r"^[A-ZĐ][A-Za-zĐđ0-9]*$",
                                description="Mã cơ quan, ví dụ STC, SNV, UBNDCL.")]
Text1 = Annotated[str, Field(min_length=1, pattern=r"\S")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Nhom(_Model):
    """Một nhóm cơ quan, ví dụ: sở, ban, ngành / huyện, thành phố."""

    ma: Slug = Field(description="Mã nhóm (dùng làm tên thư mục đầu ra).")
    ten: Text1 = Field(description="Tên nhóm, chữ thường: sở, ban, ngành.")
    chu_quan: str | None = Field(None, description="Cơ quan chủ quản in trên tiêu đề văn bản "
                                                   "của các cơ quan trong nhóm.")
    chuc_vu_ky: Text1 = Field("GIÁM ĐỐC", description="Chức vụ người ký văn bản của cơ quan.")
    quyen_han: Literal["TM.", "KT."] | None = None
    thu_truong: str | None = None


class DonVi(_Model):
    """Một cơ quan trong danh sách phải nộp."""

    ma: UnitCode
    ten: Text1 = Field(description="Tên cơ quan: Sở Tài chính, UBND huyện Cao Lộc.")
    nhom: Slug
    viet_tat: str | None = Field(None, description="Viết tắt dùng trong ký hiệu văn bản "
                                                   "(mặc định: mã).")
    ten_co_quan: str | None = Field(None, description="Tên in ở tiêu đề văn bản (mặc định: "
                                                      "tên viết hoa).")
    chu_quan: str | None = None
    dia_danh: str | None = Field(None, description="Địa danh trên văn bản của cơ quan "
                                                   "(mặc định: của kế hoạch).")


class Truong(_Model):
    """Một trường số liệu của mỗi báo cáo/đề án gửi về."""

    ma: Code
    ten: Text1 = Field(description="Tên trường như in trong bảng và biểu mẫu.")
    kieu: Literal["so", "ngay", "chu", "danh_sach"] = "so"
    bat_buoc: bool | None = Field(None, description="Mặc định: bắt buộc với số và ngày.")
    goi_y: str | None = Field(None, description="Hướng dẫn điền (in trong biểu mẫu XLSX).")

    @property
    def required(self) -> bool:
        return self.bat_buoc if self.bat_buoc is not None else self.kieu in ("so", "ngay")


class CongThuc(_Model):
    """Một chỉ tiêu tính từ các trường (cả ở từng cơ quan lẫn ở dòng tổng)."""

    ma: Code
    ten: Text1
    bieu_thuc: Text1 = Field(description="Biểu thức Jinja2, ví dụ (a - b) / a * 100.")
    so_le: int = Field(0, ge=0, le=6)
    kieu: Literal["so", "phan_tram"] = "so"


class KiemTra(_Model):
    """Một điều kiện mỗi báo cáo phải thỏa; nếu không, báo cáo không hợp lệ."""

    dieu_kien: Text1 = Field(description="Biểu thức Jinja2 phải đúng, ví dụ a <= b.")
    truong: Code = Field(description="Trường được chỉ ra khi điều kiện sai.")
    thong_bao: Text1 = Field(description="Thông báo (mẫu Jinja2 với các trường).")
    thong_bao_en: str | None = None


class CanhBao(_Model):
    """Đánh dấu cơ quan chưa đạt chỉ tiêu (ví dụ tỷ lệ giảm dưới 10%)."""

    dieu_kien: Text1
    nhan: Text1 = Field(description="Nhãn in trong cột cảnh báo, ví dụ: Chưa đạt 10%.")


class CotBang(_Model):
    ten: Text1
    truong: str = Field(description="Trường, chỉ tiêu, hoặc stt/ten/viet_tat/so_hieu/ngay/"
                                    "ngay_nhan/canh_bao/nhom.")
    rong: float | None = Field(None, gt=0)
    liet_ke: bool = Field(False, description="Trường danh sách: in các mục thay vì số lượng.")


class BangTongHop(_Model):
    ma: Code
    ten: Text1
    cot: list[CotBang] = Field(min_length=1)
    ngang: bool = False
    ghi_chu: str | None = None


class Plan(_Model):
    """Một kế hoạch tổng hợp."""

    ten: Text1
    co_quan: CoQuan
    dia_danh: Text1
    han_nop: Date
    bien: dict[str, Any] = Field(default_factory=dict, description="Biến tự do cho các mẫu.")
    nhom: list[Nhom] = Field(min_length=1)
    don_vi: list[DonVi] = Field(min_length=1)
    truong: list[Truong] = Field(min_length=1)
    cong_thuc: list[CongThuc] = Field(default_factory=list)
    kiem_tra: list[KiemTra] = Field(default_factory=list)
    canh_bao: CanhBao | None = None
    bang: list[BangTongHop] = Field(default_factory=list)
    theo_nhom: bool = Field(True, description="Một văn bản tổng hợp cho mỗi nhóm (false: "
                                              "một văn bản chung).")
    tong_hop: dict[str, Any] = Field(description="Văn bản tổng hợp (đề án, báo cáo…).")
    tinh_trang: dict[str, Any] | None = Field(None, description="Báo cáo tình hình nộp.")
    don_doc: dict[str, Any] | None = Field(None, description="Công văn đôn đốc.")
    to_trinh: dict[str, Any] | None = Field(None, description="Tờ trình.")
    ho_so: dict[str, Any] = Field(description="Văn bản của cơ quan, dựng từ số liệu.")

    @model_validator(mode="after")
    def _references(self) -> Plan:
        groups = {g.ma for g in self.nhom}
        names = [f.ma for f in self.truong] + [c.ma for c in self.cong_thuc]
        for i, unit in enumerate(self.don_vi):
            if unit.nhom not in groups:
                raise _Ref(("don_vi", i, "nhom"), f"nhóm «{unit.nhom}» chưa khai báo",
                           f"group '{unit.nhom}' is not declared", sorted(groups))
        _unique(self.don_vi, "don_vi")
        _unique(self.nhom, "nhom")
        _unique(self.truong, "truong")
        _unique(self.cong_thuc, "cong_thuc", taken={f.ma for f in self.truong})
        for where, items in (("truong", self.truong), ("cong_thuc", self.cong_thuc)):
            for i, item in enumerate(items):
                if item.ma in SUBMISSION_KEYS or item.ma in ROW_SOURCES:
                    raise _Ref((where, i, "ma"), f"«{item.ma}» là tên dành riêng",
                               f"'{item.ma}' is a reserved name", [])
        for i, check in enumerate(self.kiem_tra):
            if check.truong not in names:
                raise _Ref(("kiem_tra", i, "truong"), f"trường «{check.truong}» chưa khai báo",
                           f"field '{check.truong}' is not declared", names)
        for t, table in enumerate(self.bang):
            for c, column in enumerate(table.cot):
                if column.truong not in names and column.truong not in ROW_SOURCES:
                    raise _Ref(("bang", t, "cot", c, "truong"),
                               f"trường «{column.truong}» chưa khai báo",
                               f"field '{column.truong}' is not declared",
                               names + list(ROW_SOURCES))
        return self

    # -- lookups

    def group(self, code: str) -> Nhom:
        return next(g for g in self.nhom if g.ma == code)

    def unit(self, code: str) -> DonVi | None:
        return next((u for u in self.don_vi if u.ma == code), None)

    def field(self, code: str) -> Truong | None:
        return next((f for f in self.truong if f.ma == code), None)

    def formula(self, code: str) -> CongThuc | None:
        return next((f for f in self.cong_thuc if f.ma == code), None)

    def table(self, code: str) -> BangTongHop | None:
        return next((t for t in self.bang if t.ma == code), None)

    @property
    def numeric_fields(self) -> list[str]:
        return [f.ma for f in self.truong if f.kieu in ("so", "danh_sach")]


class _Ref(ValueError):
    """A reference in the plan to something it does not declare (kept with its place)."""

    def __init__(self, path: tuple[str | int, ...], vi: str, en: str,
                 known: list[str]) -> None:
        super().__init__(en)
        self.path, self.vi, self.en, self.known = path, vi, en, known


def _unique(items: list[Any], where: str, taken: set[str] | None = None) -> None:
    """Codes are unique within ``items`` and not among ``taken`` (formulas vs fields)."""
    seen: set[str] = set(taken or ())
    for i, item in enumerate(items):
        if item.ma in seen:
            raise _Ref((where, i, "ma"), f"mã «{item.ma}» bị trùng", f"code '{item.ma}' is "
                       "used twice", [])
        seen.add(item.ma)


class LoadedPlan:
    """The validated plan with its folder and the loaded YAML (for positions in messages)."""

    def __init__(self, folder: Path, plan: Plan, content: Content) -> None:
        self.folder = folder
        self.plan = plan
        self.content = content

    @property
    def path(self) -> Path:
        return self.content.path

    @property
    def units_dir(self) -> Path:
        return self.folder / UNITS_DIR

    def problem(self, path: tuple[str | int, ...], message: Text,
                hint: Text | None = None) -> Problem:
        pos = self.content.position(path)
        from ..content import format_path

        return Problem(self.path, message, pos.line if pos else None,
                       pos.column if pos else None, format_path(path) or None, hint)


_ALL_FIELDS = sorted({name for m in (Plan, Nhom, DonVi, Truong, CongThuc, KiemTra, CanhBao,
                                     CotBang, BangTongHop, CoQuan) for name in m.model_fields})


_COMMA_HINT = Text(
    "Trong {…} dấu phẩy ngăn cách các trường: đặt giá trị có dấu phẩy trong ngoặc kép, "
    'ví dụ ten: "sở, ban, ngành".',
    "Inside {…} a comma separates fields: quote a value that contains a comma, e.g. "
    'ten: "sở, ban, ngành".')


def _problems(error: ValidationError, loaded: LoadedPlan) -> list[Problem]:
    out = []
    for item in error.errors():
        path = tuple(item["loc"])
        cause = item.get("ctx", {}).get("error")
        if isinstance(cause, _Ref):
            close = difflib.get_close_matches(str(_get(loaded.content.data, cause.path)),
                                              cause.known, n=1, cutoff=0.6)
            hint = Text(f"Có phải ý bạn là '{close[0]}'?", f"Did you mean '{close[0]}'?") \
                if close else None
            out.append(loaded.problem(cause.path, Text(f"Kế hoạch không hợp lệ: {cause.vi}.",
                                                       f"Invalid plan: {cause.en}."), hint))
            continue
        if item["type"] == "extra_forbidden":
            name = str(path[-1])
            close = difflib.get_close_matches(name, _ALL_FIELDS, n=1, cutoff=0.6)
            hint = Text(f"Có phải ý bạn là '{close[0]}'?", f"Did you mean '{close[0]}'?") \
                if close else None
            if not name.isascii() or " " in name:  # text cut at a comma inside {…}
                hint = _COMMA_HINT
            out.append(loaded.problem(path, Text(f"Trường '{name}' không có trong kế hoạch.",
                                                 f"Unknown field '{name}' in the plan."), hint))
            continue
        message, hint = _validation_message(item)
        out.append(loaded.problem(path, message, hint))
    return out


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def load_plan(folder: Path) -> LoadedPlan:
    """Read and validate ``folder/plan.yaml``; raise :class:`Problems` on any fault."""
    path = folder / PLAN_FILE
    if not path.is_file():
        raise Problems([Problem(folder, Text(
            f"Không có tệp kế hoạch {PLAN_FILE} trong thư mục này.",
            f"No {PLAN_FILE} in this folder."))])
    content = load_content(path)
    if not isinstance(content.data, dict):
        raise Problems([Problem(path, Text("Tệp kế hoạch phải là một nhóm trường.",
                                           "A plan file must be a group of fields."), 1, 1)])
    loaded = LoadedPlan(folder, None, content)  # type: ignore[arg-type]
    try:
        loaded.plan = Plan.model_validate(content.data)
    except ValidationError as exc:
        raise Problems(_problems(exc, loaded)) from None
    return loaded


def plan_schema() -> dict[str, Any]:
    """JSON Schema of ``plan.yaml`` for editors (``content/plans/plan.schema.json``)."""
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://vanban.local/schema/plan.schema.json"
    return schema

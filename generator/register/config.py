"""``office.yaml``: the office's names, OrganId, number books, signers, seal and keys.

Loaded like a content file (line and column of every value, NFC, duplicate keys) and
validated with pydantic; every fault becomes a Vietnamese message naming the line.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import nd30
from ..content import Content, FieldPath, format_path, load_content
from ..model import CoQuan, Line
from ..problems import Problem, Problems, Text
from ..validate import _content_path, message_for

OFFICE_ENV = "VANBAN_OFFICE"
OFFICE_FILE = "office.yaml"
DEFAULT_DATABASE = "register.sqlite"

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40,
                            description="Mã, chữ thường không dấu và '-', ví dụ hanh-chinh")]
# QĐ 20/2020/QĐ-TTg: H37.28, H37.DN.001, G01.01.99 …; Phụ lục VI: OrganId String 13.
OrganId = Annotated[str, Field(pattern=r"^[A-Z][0-9]{2}(\.[A-Z0-9]{1,3})*$", max_length=13,
                               description="Mã định danh (OrganId), ví dụ H37.28")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Book(_Model):
    """Một sổ đăng ký / hệ thống số (Điều 15; spec office.md §1)."""

    ma: Slug
    ten: Line = Field(description="Tên sổ, ví dụ: Văn bản hành chính")
    loai: Literal["*"] | list[str] = Field(
        "*", description="Các loại văn bản dùng chung dãy số: '*' (mọi loại văn bản hành "
                         "chính) hoặc danh sách, ví dụ [cong-van, thong-bao]")
    qppl: bool = Field(False, description="Sổ của một loại văn bản quy phạm pháp luật "
                                          "(mỗi loại một sổ; số có năm: 89/2025/QĐ-UBND)")
    mat: bool = Field(False, description="Sổ văn bản mật (hệ thống số riêng)")
    ghi_chu: Line | None = None

    def covers(self, slug: str) -> bool:
        return self.loai == "*" or slug in self.loai


class Pkcs11(BaseModel):
    """A key on a token (the signing package reads it; the PIN never goes in this file)."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)
    thu_vien: Line
    token: Line | None = None
    nhan_khoa: Line | None = None


class Signer(_Model):
    """Người ký: dòng chức vụ, họ tên (ô 7) và khóa ký số."""

    ma: Slug
    chuc_vu: Line
    ho_ten: Line
    quyen_han: Literal["TM.", "KT.", "TL.", "TUQ.", "Q."] | None = None
    thu_truong: Line | None = None
    anh_chu_ky: Line | None = Field(None, description="Ảnh chữ ký PNG, đường dẫn trong thư mục "
                                                      "cơ quan, ví dụ images/gd.png")
    khoa: Line | None = Field(None, description="Tệp PKCS#12, ví dụ keys/gd.p12")
    pkcs11: Pkcs11 | None = None


class Seal(_Model):
    anh: Line | None = Field(None, description="Ảnh con dấu PNG, ví dụ images/dau.png")
    duong_kinh_mm: float = Field(gt=10, lt=80, description="Đường kính thật của dấu (mm)")
    khoa: Line | None = None
    pkcs11: Pkcs11 | None = None


class Contact(_Model):
    """Phone, fax, e-mail, website of the office (envelope, Phụ lục IV II; edXML From)."""

    dien_thoai: Line | None = None
    fax: Line | None = None
    email: Line | None = None
    website: Line | None = None


class OfficeConfig(_Model):
    """Nội dung office.yaml."""

    co_quan: CoQuan
    dia_danh: Line
    ma_dinh_danh: OrganId | None = None
    lien_he: Contact = Field(default_factory=Contact)
    co_so_du_lieu: Line = Field(DEFAULT_DATABASE, description="Tệp SQLite trong thư mục cơ "
                                                             "quan, hoặc postgresql://…")
    so_van_ban: list[Book] = Field(min_length=1)
    nguoi_ky: list[Signer] = Field(default_factory=list)
    dau: Seal | None = None
    tin_cay: list[Line] = Field(default_factory=list)

    def book(self, code: str) -> Book | None:
        return next((b for b in self.so_van_ban if b.ma == code), None)


_MODEL_FOR_KEY: dict[str, type[BaseModel]] = {
    "co_quan": CoQuan, "so_van_ban": Book, "nguoi_ky": Signer, "dau": Seal,
    "lien_he": Contact, "pkcs11": Pkcs11,
}


def _model_at(path: FieldPath, root: type[BaseModel]) -> type[BaseModel]:
    for part in reversed(path):
        if isinstance(part, str) and part in _MODEL_FOR_KEY:
            return _MODEL_FOR_KEY[part]
    return root


def _problem(content: Content, path: FieldPath, message: Text, hint: Text | None) -> Problem:
    pos = content.position(path)
    return Problem(content.path, message, pos.line if pos else None,
                   pos.column if pos else None, format_path(path) or None, hint)


def problems_from(error: ValidationError, content: Content,
                  root: type[BaseModel] | None = None) -> list[Problem]:
    """Pydantic's errors on a small YAML file of the register → messages by line."""
    root = root or OfficeConfig
    out: dict[FieldPath, Problem] = {}
    for item in error.errors():
        path = _content_path(item["loc"], content.data)
        if path in out:
            continue
        if item["type"] == "extra_forbidden":
            name = str(path[-1])
            fields = list(_model_at(path[:-1], root).model_fields)
            close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
            hint = (Text(f"Có phải ý bạn là '{close[0]}'?", f"Did you mean '{close[0]}'?")
                    if close else Text("Các trường được dùng ở đây: " + ", ".join(fields) + ".",
                                       "Fields allowed here: " + ", ".join(fields) + "."))
            message = Text(f"Trường '{name}' không có trong {content.path.name}.",
                           f"Unknown field '{name}' in {content.path.name}.")
        else:
            message, hint = message_for(item, path)
        out[path] = _problem(content, path, message, hint)
    return sorted(out.values(), key=lambda p: (p.line or 0, p.column or 0))


def _cross_checks(config: OfficeConfig, content: Content) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    qppl_types: dict[str, str] = {}
    for i, book in enumerate(config.so_van_ban):
        at: FieldPath = ("so_van_ban", i)
        if book.ma in seen:
            problems.append(_problem(content, at + ("ma",), Text(
                f"Mã sổ '{book.ma}' trùng với sổ thứ {seen[book.ma] + 1}.",
                f"Book code '{book.ma}' repeats book {seen[book.ma] + 1}."), None))
        seen.setdefault(book.ma, i)
        types = [] if book.loai == "*" else book.loai
        for j, slug in enumerate(types):
            if slug not in nd30.DOC_TYPES:
                close = difflib.get_close_matches(slug, list(nd30.DOC_TYPES), n=1)
                problems.append(_problem(content, at + ("loai", j), Text(
                    f"Không có loại văn bản '{slug}'.", f"No document type '{slug}'."),
                    Text(f"Có phải ý bạn là '{close[0]}'?", f"Did you mean '{close[0]}'?")
                    if close else None))
        if book.qppl:
            if len(types) != 1:
                problems.append(_problem(content, at + ("loai",), Text(
                    "Sổ văn bản quy phạm pháp luật ghi đúng một loại văn bản (mỗi loại QPPL "
                    "một hệ thống số riêng).", "A legal-normative book names exactly one "
                    "type (each such type has its own sequence)."),
                    Text("Ví dụ: loai: [quyet-dinh]", "E.g. loai: [quyet-dinh]")))
            elif types[0] in qppl_types:
                problems.append(_problem(content, at + ("loai",), Text(
                    f"Loại '{types[0]}' đã có sổ QPPL '{qppl_types[types[0]]}'.",
                    f"Type '{types[0]}' already has the legal-normative book "
                    f"'{qppl_types[types[0]]}'."), None))
            else:
                qppl_types[types[0]] = book.ma
    signers: set[str] = set()
    for i, signer in enumerate(config.nguoi_ky):
        if signer.ma in signers:
            problems.append(_problem(content, ("nguoi_ky", i, "ma"), Text(
                f"Mã người ký '{signer.ma}' bị trùng.", f"Signer code '{signer.ma}' repeats."),
                None))
        signers.add(signer.ma)
    return problems


def office_file(folder: Path) -> Path:
    return folder / OFFICE_FILE


def load_office_config(folder: Path) -> OfficeConfig:
    """Read and validate ``folder/office.yaml``; raise :class:`Problems` listing every fault."""
    path = office_file(folder)
    if not path.is_file():
        raise Problems([Problem(path, Text(
            "Không thấy office.yaml: thư mục này chưa phải thư mục cơ quan.",
            "No office.yaml: this folder is not an office folder yet."),
            hint=Text(f"Tạo bằng: vanban office init {folder}",
                      f"Create one with: vanban office init {folder}"))])
    content = load_content(path)
    if not isinstance(content.data, dict):
        raise Problems([Problem(path, Text("office.yaml phải là một nhóm trường (co_quan:, …).",
                                           "office.yaml must be a group of fields."), 1, 1)])
    try:
        config = OfficeConfig.model_validate(content.data)
    except ValidationError as exc:
        raise Problems(problems_from(exc, content)) from None
    problems = _cross_checks(config, content)
    if problems:
        raise Problems(problems)
    return config


def resolve_folder(given: Path | None) -> Path | None:
    """``--office`` or, without it, ``$VANBAN_OFFICE``."""
    if given is not None:
        return given
    env = os.environ.get(OFFICE_ENV)
    return Path(env) if env else None

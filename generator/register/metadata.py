"""Metadata of an issued document (Phụ lục VI Phần II, I) as XML and JSON, and the edXML
package (QCVN 102:2016/BTTTT, amended 2022) for a provincial document exchange.

Choices (the standard's schema was not found; spec office.md §4): dates are ISO 8601
``yyyy-mm-dd`` everywhere (10 characters, as the decree's "Date 10", and ``xs:date`` in the
schema); the package is validated against our own ``edxml.xsd`` (namespace below), which
holds the hub's limits. Priority: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc (4, hỏa tốc hẹn
giờ, is not a field of our documents). DocumentType/Type: 1 văn bản hành chính, 2 văn bản
quy phạm pháp luật.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from .. import nd30
from ..model import recipient_names
from ..problems import Text
from .errors import RegisterError

EDXML_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
XSD = Path(__file__).resolve().parent / "edxml.xsd"
PRIORITY = {None: 0, "KHẨN": 1, "THƯỢNG KHẨN": 2, "HỎA TỐC": 3}


@dataclass(frozen=True)
class MetaField:
    number: str  # STT in Phụ lục VI Phần II, I
    name: str
    kind: str  # String, Number, Date
    length: int | None
    label: str


# Phụ lục VI Phần II, I: thông tin đầu vào của dữ liệu quản lý văn bản đi.
OUTGOING_FIELDS: tuple[MetaField, ...] = (
    MetaField("1", "FileCode", "", None, "Mã hồ sơ"),
    MetaField("1.1", "OrganId", "String", 13,
              "Mã định danh của cơ quan, tổ chức lập danh mục hồ sơ"),
    MetaField("1.2", "FileCatalog", "Number", 4, "Năm hình thành hồ sơ"),
    MetaField("1.3", "FileNotation", "String", 20, "Số và ký hiệu hồ sơ"),
    MetaField("2", "DocOrdinal", "Number", 3, "Số thứ tự văn bản trong hồ sơ"),
    MetaField("3", "TypeName", "String", 100, "Tên loại văn bản"),
    MetaField("4", "CodeNumber", "String", nd30.CODE_NUMBER_MAX, "Số của văn bản"),
    MetaField("5", "CodeNotation", "String", 30, "Ký hiệu của văn bản"),
    MetaField("6", "IssuedDate", "Date", 10, "Ngày, tháng, năm văn bản"),
    MetaField("7", "OrganName", "String", nd30.ORGAN_NAME_MAX,
              "Tên cơ quan, tổ chức ban hành văn bản"),
    MetaField("8", "Subject", "String", nd30.SUBJECT_MAX, "Trích yếu nội dung"),
    MetaField("9", "Language", "String", 30, "Ngôn ngữ"),
    MetaField("10", "PageAmount", "Number", 3, "Số trang của văn bản"),
    MetaField("11", "Description", "String", 500, "Ghi chú"),
    MetaField("12", "SignerInfo", "", None, "Chức vụ, họ tên người ký"),
    MetaField("12.1", "Position", "String", nd30.SIGNER_POSITION_MAX,
              "Chức vụ của người ký văn bản"),
    MetaField("12.2", "FullName", "String", nd30.SIGNER_NAME_MAX,
              "Họ và tên người ký văn bản"),
    MetaField("13", "To", "", None, "Nơi nhận"),
    MetaField("13.1", "OrganId", "String", 13, "Mã định danh của cơ quan, tổ chức nhận văn bản"),
    MetaField("13.2", "OrganName", "String", 200, "Tên cơ quan, tổ chức nhận văn bản"),
    MetaField("14", "Priority", "Number", 1, "Mức độ khẩn, độ mật"),
    MetaField("15", "IssuedAmount", "Number", 3, "Số lượng bản phát hành"),
    MetaField("16", "DueDate", "Date", 10, "Hạn trả lời văn bản"),
)
_BY_PATH = {("FileCode", "OrganId"): OUTGOING_FIELDS[1], ("To", "OrganId"): OUTGOING_FIELDS[18],
            ("To", "OrganName"): OUTGOING_FIELDS[19]}
_BY_NAME = {f.name: f for f in OUTGOING_FIELDS if f.number.count(".") == 0 or
            f.name in ("FileCatalog", "FileNotation", "Position", "FullName")}


def _field(path: tuple[str, ...]) -> MetaField:
    return _BY_PATH.get(path[-2:], _BY_NAME.get(path[-1], OUTGOING_FIELDS[0]))


def check_lengths(data: dict[str, Any], path: tuple[str, ...] = ()) -> None:
    """Every value within its maximum length; the message names the field (Phụ lục VI)."""
    for key, value in data.items():
        here = path + (key,)
        if isinstance(value, dict):
            check_lengths(value, here)
        elif isinstance(value, list):
            for item in value:
                check_lengths(item, here)
        elif value is not None:
            field = _field(here)
            length = len(str(value))
            if field.length is not None and length > field.length:
                raise RegisterError(Text(
                    f"Trường {'/'.join(here)} ({field.label}, mục {field.number} Phụ lục VI) "
                    f"dài {length} ký tự, tối đa {field.length}: «{str(value)[:60]}…».",
                    f"Field {'/'.join(here)} ({field.number} of Phụ lục VI) is {length} "
                    f"characters long, at most {field.length}."),
                    Text("Rút gọn nội dung này trong tệp văn bản hoặc office.yaml.",
                         "Shorten it in the document file or office.yaml."))


def outgoing_metadata(row: Any, doc: Any, config: Any, *, pages: int | None = None,
                      file_notation: str | None = None, description: str | None = None,
                      due: dt.date | None = None) -> dict[str, Any]:
    """The metadata of one issued document, in the decree's order and names."""
    number, _, notation = row.so_ky_hieu.partition("/")
    recipients = [*doc.kinh_gui, *recipient_names(doc.noi_nhan)]
    data: dict[str, Any] = {
        "FileCode": {"OrganId": config.ma_dinh_danh or "", "FileCatalog": row.nam,
                     "FileNotation": file_notation or ""},
        "TypeName": row.ten_loai,
        "CodeNumber": number,
        "CodeNotation": notation,
        "IssuedDate": row.ngay.isoformat(),
        "OrganName": config.co_quan.author,
        "Subject": doc.trich_yeu or row.ten_loai,
        "Language": "Tiếng Việt",
        "PageAmount": pages,
        "Description": description,
        "SignerInfo": {"Position": doc.nguoi_ky.chuc_vu, "FullName": doc.nguoi_ky.ho_ten},
        "To": [{"OrganId": "", "OrganName": name} for name in recipients],
        "Priority": PRIORITY.get(doc.muc_do_khan, 0),
        "IssuedAmount": doc.so_ban,
        "DueDate": due.isoformat() if due else None,
    }
    check_lengths(data)
    return data


def metadata_json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _xml(parent: etree._Element, name: str, value: Any, ns: str | None = None) -> None:
    tag = f"{{{ns}}}{name}" if ns else name
    if isinstance(value, list):
        for item in value:
            _xml(parent, name, item, ns)
        return
    if value is None:
        return
    element = etree.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, inner in value.items():
            _xml(element, key, inner, ns)
    else:
        element.text = str(value)


def metadata_xml(data: dict[str, Any]) -> bytes:
    root = etree.Element("OutgoingDocument")
    for key, value in data.items():
        _xml(root, key, value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# ------------------------------------------------------------------------------ edXML

HUB_LIMITS = {"CodeNumber": 11, "CodeNotation": 30, "Subject": 500, "Place": 50,
              "OrganName": 200, "OrganAdd": 250, "TypeName": 100, "FullName": 50}


def edxml_package(data: dict[str, Any], doc: Any, config: Any, to: list[tuple[str, str]],
                  attachments: list[Path], *, qppl: bool = False) -> bytes:
    """The edXML message: header (From, To, Code, PromulgationInfo, DocumentType, Subject,
    SignerInfo, OtherInfo …), manifest, and each attachment base64-encoded."""
    if not to:
        raise RegisterError(Text("Gói edXML cần ít nhất một nơi nhận (--to MÃ_ĐỊNH_DANH).",
                                 "An edXML package needs at least one recipient (--to ID)."))
    contact = config.lien_he
    header: dict[str, Any] = {
        "From": {"OrganId": config.ma_dinh_danh or "", "OrganizationInCharge":
                 config.co_quan.chu_quan or "", "OrganName": data["OrganName"],
                 "OrganAdd": config.co_quan.dia_chi or "", "Email": contact.email or "",
                 "Telephone": contact.dien_thoai or "", "Fax": contact.fax or "",
                 "Website": contact.website or ""},
        "To": [{"OrganId": organ_id, "OrganName": name} for organ_id, name in to],
        "Code": {"CodeNumber": data["CodeNumber"], "CodeNotation": data["CodeNotation"]},
        "PromulgationInfo": {"Place": doc.dia_danh, "PromulgationDate": data["IssuedDate"]},
        "DocumentType": {"Type": 2 if qppl else 1, "TypeName": data["TypeName"]},
        "Subject": data["Subject"],
        "SignerInfo": {"Competence": " ".join(doc.nguoi_ky.title_lines()[:-1]) or "",
                       "Position": doc.nguoi_ky.chuc_vu, "FullName": doc.nguoi_ky.ho_ten},
        "DueDate": data.get("DueDate"),
        "ToPlaces": {"Place": [item["OrganName"] for item in data["To"]]} if data["To"]
        else None,
        "OtherInfo": {"Priority": data["Priority"], "SphereOfPromulgation": "",
                      "TyperNotation": doc.nguoi_soan or "",
                      "PromulgationAmount": data.get("IssuedAmount") or 1,
                      "PageAmount": data.get("PageAmount") or 1,
                      "Appendixes": len(doc.phu_luc)},
    }
    for key, limit in HUB_LIMITS.items():
        _hub_check(header, key, limit)
    root = etree.Element(f"{{{EDXML_NS}}}edXML", nsmap={"edXML": EDXML_NS})
    envelope = etree.SubElement(root, f"{{{EDXML_NS}}}edXMLEnvelope")
    head = etree.SubElement(envelope, f"{{{EDXML_NS}}}edXMLHeader")
    message = etree.SubElement(head, f"{{{EDXML_NS}}}MessageHeader")
    for key, value in header.items():
        _xml(message, key, value, EDXML_NS)
    body = etree.SubElement(envelope, f"{{{EDXML_NS}}}edXMLBody")
    manifest = etree.SubElement(body, f"{{{EDXML_NS}}}edXMLManifest")
    encoded = etree.SubElement(root, f"{{{EDXML_NS}}}AttachmentEncoded")
    for index, path in enumerate(attachments, 1):
        content_id = f"cid:{index}"
        kind = {".pdf": "application/pdf", ".docx": "application/vnd.openxmlformats-"
                "officedocument.wordprocessingml.document"}.get(path.suffix, "application/"
                                                                           "octet-stream")
        _xml(manifest, "Reference", {"ContentId": content_id, "ContentType": kind,
                                     "AttachmentName": path.name}, EDXML_NS)
        _xml(encoded, "Attachment", {"ContentId": content_id, "ContentTransferEncoded":
                                     base64.b64encode(path.read_bytes()).decode()}, EDXML_NS)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _hub_check(data: Any, key: str, limit: int, path: str = "") -> None:
    if isinstance(data, dict):
        for name, value in data.items():
            where = f"{path}/{name}" if path else name
            if name == key and isinstance(value, str | int) and len(str(value)) > limit:
                raise RegisterError(Text(
                    f"edXML: trường {where} dài {len(str(value))} ký tự, tối đa {limit}.",
                    f"edXML: field {where} is {len(str(value))} characters, at most {limit}."))
            _hub_check(value, key, limit, where)
    elif isinstance(data, list):
        for item in data:
            _hub_check(item, key, limit, path)


def validate_edxml(package: bytes) -> list[str]:
    """Errors of ``package`` against our schema (empty when valid)."""
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(package)
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]

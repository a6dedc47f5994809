"""Metadata (Phụ lục VI Phần II) and the edXML package, validated against our schema."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from pathlib import Path

import docx
import pytest
from lxml import etree

from generator.cli import main
from generator.register import Office, RegisterError
from generator.register.metadata import EDXML_NS, OUTGOING_FIELDS, validate_edxml

from ..conftest import DECREE_DIR

NS = {"e": EDXML_NS}


def test_fields_are_the_decrees() -> None:
    table = next(t for t in docx.Document(str(DECREE_DIR / "Phuluc6.docx")).tables
                 if "CodeNumber" in "".join(c.text for c in t._cells))
    rows = [[re.sub(r"\s+", " ", c.text).strip() for c in r.cells] for r in table.rows[1:]]
    decree = [(n, name.replace("Organld", "OrganId").replace("Signerlnfo", "SignerInfo"),
               kind, int(length) if length else None) for n, _, name, kind, length in rows]
    assert decree == [(f.number, f.name, f.kind, f.length) for f in OUTGOING_FIELDS]


@pytest.fixture
def issued(office_folder: Path, write_draft) -> Path:
    with Office.open(office_folder) as office:
        return office.issue(write_draft(), date=dt.date(2025, 3, 14), pdf=False).yaml


def test_metadata_xml_and_json(issued: Path, office_folder: Path) -> None:
    assert main(["metadata", str(issued), "--office", str(office_folder), "--ho-so",
                 "01.TCBM"]) == 0
    data = json.loads(issued.with_suffix(".metadata.json").read_text("utf-8"))
    assert data["FileCode"] == {"OrganId": "H37.28", "FileCatalog": 2025,
                                "FileNotation": "01.TCBM"}
    assert (data["CodeNumber"], data["CodeNotation"], data["IssuedDate"]) == (
        "01", "SNV-TCBM", "2025-03-14")
    assert data["To"] == [{"OrganId": "", "OrganName": "Sở Tài chính"},
                          {"OrganId": "", "OrganName": "Lãnh đạo Sở"}]
    assert (data["IssuedAmount"], data["Priority"]) == (3, 0)
    xml = etree.parse(str(issued.with_suffix(".metadata.xml"))).getroot()
    assert xml.findtext("Subject") == "đôn đốc gửi Đề án"
    assert xml.findtext("SignerInfo/FullName") == "Trần Văn B"


def test_too_long_field_is_named(office_folder: Path, write_draft) -> None:
    with Office.open(office_folder) as office:
        long = office.issue(write_draft("x" * 501), date=dt.date(2025, 3, 14), pdf=False)
        with pytest.raises(RegisterError) as info:
            office.metadata(long.yaml)
    assert "Subject" in info.value.message.vi and "tối đa 500" in info.value.message.vi


def test_edxml_package_is_valid_and_carries_the_file(issued: Path, office_folder: Path
                                                     ) -> None:
    assert main(["edxml", str(issued), "--office", str(office_folder), "--to",
                 "H37.01=UBND tỉnh Lạng Sơn"]) == 0
    package = issued.with_suffix(".edxml").read_bytes()
    assert validate_edxml(package) == []
    root = etree.fromstring(package)
    header = root.find("e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader", NS)
    assert header.findtext("e:Code/e:CodeNumber", namespaces=NS) == "01"
    assert header.findtext("e:To/e:OrganId", namespaces=NS) == "H37.01"
    assert header.findtext("e:PromulgationInfo/e:PromulgationDate", namespaces=NS) == \
        "2025-03-14"
    attached = root.findtext("e:AttachmentEncoded/e:Attachment/e:ContentTransferEncoded",
                             namespaces=NS)
    assert base64.b64decode(attached) == issued.with_suffix(".docx").read_bytes()


@pytest.mark.parametrize(("path", "value"), [
    ("e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader/e:OtherInfo/e:Priority", "5"),
    ("e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader/e:Code/e:CodeNotation", "X" * 31),
    ("e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader/e:PromulgationInfo/e:PromulgationDate",
     "14/03/2025"),
    ("e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader/e:To", None),
])
def test_schema_refuses_what_the_hub_refuses(issued: Path, office_folder: Path, path: str,
                                             value: str | None) -> None:
    with Office.open(office_folder) as office:
        package = office.edxml(issued, [("H37.01", "UBND tỉnh Lạng Sơn")])
    root = etree.fromstring(package)
    element = root.find(path, NS)
    if value is None:
        element.getparent().remove(element)
    else:
        element.text = value
    assert validate_edxml(etree.tostring(root)) != []


def test_edxml_needs_a_recipient(issued: Path, office_folder: Path) -> None:
    with Office.open(office_folder) as office, pytest.raises(RegisterError, match="recipient"):
        office.edxml(issued, [])

"""Small openpyxl helpers shared by the workbook and the forms: fixed timestamps (the same
input gives the same bytes) and the house style of a header row."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FONT = Font(name="Times New Roman", bold=True, size=12)
BODY_FONT = Font(name="Times New Roman", size=12)
BOLD_FONT = Font(name="Times New Roman", size=12, bold=True)
TITLE_FONT = Font(name="Times New Roman", bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FLAG_FILL = PatternFill("solid", fgColor="FCE4D6")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
NUMBER_FORMAT = "#,##0"
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def decimal_format(decimals: int | None) -> str:
    return NUMBER_FORMAT + ("." + "0" * decimals if decimals else "")


def save(workbook: Workbook, moment: dt.date) -> bytes:
    """The workbook's bytes with ``moment`` as creation time and zip entry times."""
    stamp = dt.datetime.combine(moment, dt.time())
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.creator = "vanban"
    workbook.properties.lastModifiedBy = "vanban"
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    raw = BytesIO()
    workbook.save(raw)
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(raw.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with now
                data = _MODIFIED.sub(rb"\g<1>" + iso.encode() + rb"\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, data)
    return out.getvalue()

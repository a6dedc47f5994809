"""Build small DOCX files from raw WordprocessingML, for checker and resolver tests.

Raw XML (not python-docx) so that every construct the checker must understand — style chains,
theme fonts, borders, nested tables, text boxes, fields — can be written exactly.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
)
REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

DEFAULT_STYLES = """
<w:docDefaults><w:rPrDefault><w:rPr>
  <w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"
            w:eastAsia="Times New Roman"/>
  <w:sz w:val="28"/></w:rPr></w:rPrDefault>
  <w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
"""

THEME = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office">
<a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/>
</a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="1F497D"/>
</a:dk2><a:lt2><a:srgbClr val="EEECE1"/></a:lt2><a:accent1><a:srgbClr val="4F81BD"/></a:accent1>
</a:clrScheme><a:fontScheme name="Office"><a:majorFont><a:latin typeface="{major}"/>
<a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="{minor}"/>
<a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>
<a:fmtScheme name="Office"/></a:themeElements></a:theme>"""


def run(text: str, rpr: str = "") -> str:
    return (f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>')


def para(text: str = "", ppr: str = "", rpr: str = "", style: str | None = None,
         runs: str | None = None) -> str:
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    inner = runs if runs is not None else (run(text, rpr) if text else "")
    return f"<w:p><w:pPr>{style_xml}{ppr}</w:pPr>{inner}</w:p>"


def cell(content: str, width: int) -> str:
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f"{content or '<w:p/>'}</w:tc>")


def table(rows: list[list[str]], widths: list[int], style: str | None = None) -> str:
    grid = "".join(f'<w:gridCol w:w="{wd}"/>' for wd in widths)
    style_xml = f'<w:tblStyle w:val="{style}"/>' if style else ""
    borders = ("<w:tblBorders>" + "".join(
        f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>")
    body = "".join("<w:tr>" + "".join(cell(c, wd) for c, wd in zip(r, widths, strict=True))
                   + "</w:tr>" for r in rows)
    return (f'<w:tbl><w:tblPr>{style_xml}<w:tblW w:w="{sum(widths)}" w:type="dxa"/>{borders}'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>")


def sect(width: int = 11906, height: int = 16838, top: int = 1134, bottom: int = 1134,
         left: int = 1701, right: int = 851, title_pg: bool = True,
         headers: dict[str, str] | None = None, footers: dict[str, str] | None = None,
         orient: str | None = None) -> str:
    refs = "".join(f'<w:headerReference w:type="{k}" r:id="{v}"/>'
                   for k, v in (headers or {}).items())
    refs += "".join(f'<w:footerReference w:type="{k}" r:id="{v}"/>'
                    for k, v in (footers or {}).items())
    o = f' w:orient="{orient}"' if orient else ""
    return (f'<w:sectPr>{refs}<w:pgSz w:w="{width}" w:h="{height}"{o}/>'
            f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" '
            f'w:header="567" w:footer="567" w:gutter="0"/>'
            f'{"<w:titlePg/>" if title_pg else ""}</w:sectPr>')


def write_docx(path: Path, body: str, *, sect_xml: str | None = None, styles: str = "",
               parts: dict[str, str] | None = None, theme: tuple[str, str] | None = None,
               default_styles: bool = True) -> Path:
    """Write a DOCX. ``parts`` maps a header/footer part name ("header1.xml") to the XML
    inside ``<w:hdr>``/``<w:ftr>``; relationship ids are ``rId`` + the part name stem."""
    parts = parts or {}
    rels = [f'<Relationship Id="rIdStyles" Type="{REL_BASE}/styles" Target="styles.xml"/>']
    overrides = [
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/>',
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.styles+xml"/>',
    ]
    files: dict[str, str] = {}
    for name, xml in parts.items():
        kind = "header" if name.startswith("header") else "footer"
        tag = "hdr" if kind == "header" else "ftr"
        files[f"word/{name}"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                 f"<w:{tag} {NS}>{xml}</w:{tag}>")
        rels.append(f'<Relationship Id="rId{name[:-4]}" Type="{REL_BASE}/{kind}" '
                    f'Target="{name}"/>')
        overrides.append(f'<Override PartName="/word/{name}" ContentType="application/'
                         f'vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"/>')
    if theme:
        files["word/theme/theme1.xml"] = THEME.format(major=theme[0], minor=theme[1])
        rels.append(f'<Relationship Id="rIdTheme" Type="{REL_BASE}/theme" '
                    f'Target="theme/theme1.xml"/>')
        overrides.append('<Override PartName="/word/theme/theme1.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.theme+xml"/>')
    if sect_xml is None:
        sect_xml = sect()
    files["word/document.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                  f"<w:document {NS}><w:body>{body}{sect_xml}</w:body>"
                                  "</w:document>")
    files["word/styles.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                f"<w:styles {NS}>{DEFAULT_STYLES if default_styles else ''}"
                                f"{styles}</w:styles>")
    files["word/_rels/document.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
        f'schemas.openxmlformats.org/package/2006/relationships">{"".join(rels)}</Relationships>')
    files["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{REL_BASE}/officeDocument" Target="word/document.xml"/></Relationships>')
    files["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
        '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        f'ContentType="application/xml"/>{"".join(overrides)}</Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            z.writestr(name, files[name])
    return path

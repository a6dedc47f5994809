"""Write a copy of the DOCX with one Word comment per problem, on the paragraph concerned.

Comments need four things in the package: ``word/comments.xml``, its content type, a
relationship from the document, and commentRangeStart/End + a commentReference run in the
paragraph. Word does not allow comments in headers and footers, so problems found there (or
with no paragraph, like margins) are attached to the first paragraph of the body.
"""

from __future__ import annotations

import os
import posixpath
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from generator.archives import ArchiveError, read_xml
from generator.check.report import Report, RuleResult
from generator.check.resolve import PKG_REL, DocxReadError, W, load_docx

COMMENTS_TYPE = ("application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml")
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
AUTHOR = "vanban check"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _comment_text(r: RuleResult, lang: str) -> str:
    sev = {"E": "Lỗi" if lang == "vi" else "Error", "W": "Cảnh báo" if lang == "vi"
           else "Warning"}[r.severity]
    text = f"[{r.rule_id}] {sev}: {r.text(lang)}"
    where = r.where(lang)
    if where and (r.target is None or r.target.where.part != "document"):
        text += f" ({where})"
    return text


def annotate(report: Report, out: Path, lang: str = "vi") -> int:
    """Write ``out``: the checked file with a comment per failed result. Returns the count."""
    src = report.path
    doc = load_docx(src)  # fresh trees: the report's paragraphs belong to an earlier read
    body_paras = doc.paragraphs()
    by_key = {(p.where.part, p.where.index): p for p in body_paras}
    anchor_default = next((p for p in body_paras if p.text.strip()), body_paras[0] if body_paras
                          else None)
    failed = [r for r in report.results if r.status == "fail"]

    with zipfile.ZipFile(src) as z:
        names = z.namelist()
        main = doc.main_part
        rels_name = posixpath.join(posixpath.dirname(main), "_rels",
                                   posixpath.basename(main) + ".rels")
        rels = _xml(z, rels_name) if rels_name in names else etree.Element(
            f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})
        if "[Content_Types].xml" in names:
            ctypes = _xml(z, "[Content_Types].xml")
        else:  # a bare package Word would refuse; give it the minimum
            ctypes = etree.Element(f"{{{CT_NS}}}Types", nsmap={None: CT_NS})
            for ext, ctype in (("rels", "application/vnd.openxmlformats-package.relationships"
                                "+xml"), ("xml", "application/xml")):
                etree.SubElement(ctypes, f"{{{CT_NS}}}Default", Extension=ext,
                                 ContentType=ctype)
            etree.SubElement(ctypes, f"{{{CT_NS}}}Override", PartName="/" + main,
                             ContentType="application/vnd.openxmlformats-officedocument."
                             "wordprocessingml.document.main+xml")
        existing = next((posixpath.normpath(posixpath.join(posixpath.dirname(main),
                                                           r.get("Target", "")))
                         for r in rels if r.get("Type") == COMMENTS_REL), None)
        if existing and existing in names:
            comments = _xml(z, existing)
        else:
            existing = posixpath.join(posixpath.dirname(main), "comments.xml")
            comments = etree.Element(_w("comments"), nsmap={"w": W})
        next_id = 1 + max((_id(c) for c in comments.iterfind(_w("comment"))), default=-1)
        next_id = max(next_id, 1 + max((_id(e) for e in
                                        doc.document_root.iter(_w("commentRangeStart"))),
                                       default=-1))
        count = 0
        for r in failed:
            target = r.target
            p = by_key.get((target.where.part, target.where.index)) if target is not None \
                else None
            if p is None:
                p = anchor_default
            element = p.element if p is not None else None
            if element is None:  # an empty body: give the comments a paragraph to sit on
                body = doc.document_root.find(_w("body"))
                element = body.find(_w("p"))
                if element is None:
                    element = etree.Element(_w("p"))
                    body.insert(0, element)
            cid = str(next_id)
            next_id += 1
            c = etree.SubElement(comments, _w("comment"))
            c.set(_w("id"), cid)
            c.set(_w("author"), AUTHOR)
            c.set(_w("initials"), "VB")
            cp = etree.SubElement(c, _w("p"))
            cr = etree.SubElement(cp, _w("r"))
            t = etree.SubElement(cr, _w("t"))
            t.text = _comment_text(r, lang)
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            _mark(element, cid)
            count += 1

        if not any(r.get("Type") == COMMENTS_REL for r in rels):
            ids = {r.get("Id") for r in rels}
            n = 1
            while f"rIdVanbanComments{n}" in ids:
                n += 1
            rel = etree.SubElement(rels, f"{{{PKG_REL}}}Relationship")
            rel.set("Id", f"rIdVanbanComments{n}")
            rel.set("Type", COMMENTS_REL)
            rel.set("Target", posixpath.relpath(existing, posixpath.dirname(main)))
        part_name = "/" + existing
        if not any(o.get("PartName") == part_name for o in ctypes.iterfind(f"{{{CT_NS}}}Override")):
            o = etree.SubElement(ctypes, f"{{{CT_NS}}}Override")
            o.set("PartName", part_name)
            o.set("ContentType", COMMENTS_TYPE)

        replaced = {
            main: etree.tostring(doc.document_root, xml_declaration=True, encoding="UTF-8",
                                 standalone=True),
            rels_name: etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                      standalone=True),
            "[Content_Types].xml": etree.tostring(ctypes, xml_declaration=True,
                                                  encoding="UTF-8", standalone=True),
            existing: etree.tostring(comments, xml_declaration=True, encoding="UTF-8",
                                     standalone=True),
        }
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".docx.tmp")
        os.close(fd)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        try:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zo:
                for info in z.infolist():
                    if info.filename in replaced:
                        continue
                    zo.writestr(info, z.read(info.filename))
                for name in sorted(replaced):
                    zo.writestr(name, replaced[name])
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return count


def _xml(z: zipfile.ZipFile, name: str) -> etree._Element:
    try:  # the same rules as the checker's reading: no DTD, no entities
        return read_xml(z, name)
    except ArchiveError as exc:
        raise DocxReadError.refused(name, exc) from None


def _id(element: etree._Element) -> int:
    value = element.get(_w("id"), "0")
    return int(value) if value.isdigit() and len(value) < 10 else 0


def _mark(p: etree._Element, cid: str) -> None:
    """Wrap the paragraph's content in a comment range and add the reference run."""
    start = etree.Element(_w("commentRangeStart"))
    start.set(_w("id"), cid)
    ppr = p.find(_w("pPr"))
    p.insert(0 if ppr is None else list(p).index(ppr) + 1, start)
    end = etree.SubElement(p, _w("commentRangeEnd"))
    end.set(_w("id"), cid)
    r = etree.SubElement(p, _w("r"))
    ref = etree.SubElement(r, _w("commentReference"))
    ref.set(_w("id"), cid)

"""PDFs from outside (scans to ``copy``, agencies' own PDFs in a plan): opened with limits,
and cleared of active content before anything of them reaches a PDF vanban writes.

:func:`open_pdf` reads a regular file only, opens a PDF encrypted with an empty user password
(AES needs the ``cryptography`` package) and refuses one that needs a password, refuses
self-referencing page trees, more than :data:`MAX_PAGES` pages and page boxes that are not
finite positive sizes. :func:`active_content` lists JavaScript, launch/open actions, automatic
actions, embedded files and media wherever they are (every object reachable from the catalog
is walked: bookmarks, form fields and associated files /AF hide them as well as pages do);
:func:`strip_active` removes them from a writer. A signed PDF
that carries them is refused (:func:`refuse_signed_active`): removing them would break the
signature, and an official dossier must not carry scripts.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from .paths import read_input
from .problems import Problems, Text
from .vietnamese import group

MAX_PAGES = 3000  # a thick dossier; beyond this a "scan" is more likely an attack
MAX_BOX_POINTS = 14_400  # PDF's own limit: 200 inches
_DANGEROUS_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/ResetForm",
                      "/GoToE", "/Rendition", "/RichMediaExecute", "/SetOCGState", "/Hide",
                      "/Sound", "/Movie", "/URI", "/GoToR"}


class PdfInputError(Exception):
    """A PDF that cannot be used; ``text`` says why in both languages."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


@dataclass(frozen=True)
class Found:
    """One piece of active content: what it is (both languages)."""

    text: Text


def open_pdf(path: Path) -> PdfReader:
    """A checked reader for ``path`` (raises :class:`PdfInputError`)."""
    try:
        data = read_input(path)
    except Problems as exc:
        message = exc.items[0].message
        raise PdfInputError(message) from None
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:  # pypdf raises many kinds for a damaged file
        raise PdfInputError(_damaged(exc)) from None
    if reader.is_encrypted:
        _decrypt(reader)
    try:
        count = len(reader.pages)
    except RecursionError:
        raise PdfInputError(Text("cây trang của PDF tự tham chiếu chính nó.",
                                 "the PDF's page tree refers to itself.")) from None
    except Exception as exc:
        raise PdfInputError(_damaged(exc)) from None
    if count == 0:
        raise PdfInputError(Text("PDF không có trang nào.", "the PDF has no pages."))
    if count > MAX_PAGES:
        raise PdfInputError(Text(f"PDF có {group(count)} trang, quá {group(MAX_PAGES)} trang.",
                                 f"the PDF has {count:,} pages, over {MAX_PAGES:,}."))
    for number in range(count):
        check_box(reader, number)
    check_nesting(reader)
    return reader


MAX_NESTING = 100  # arrays and dictionaries inside one object (real PDFs: a dozen)


def check_nesting(reader: PdfReader) -> None:
    """Refuse a PDF one of whose objects nests arrays or dictionaries deeper than
    :data:`MAX_NESTING` (``<< /A << /A …`` 20,000 deep in an annotation passed every other
    check, then pypdf's recursive copy of the document ended in a RecursionError), or so deep
    that pypdf cannot even parse it."""
    try:
        for _, depth in _walk(_root(reader), strict=True):
            if depth > MAX_NESTING:
                raise RecursionError
    except RecursionError:
        raise PdfInputError(Text(
            f"cấu trúc PDF lồng quá sâu (quá {MAX_NESTING} cấp), không đọc được.",
            f"the PDF's structure nests too deeply (over {MAX_NESTING} levels) to be read.")
            ) from None


def _decrypt(reader: PdfReader) -> None:
    try:
        opened = reader.decrypt("")
    except Exception as exc:  # DependencyError (no cryptography), unknown handler …
        name = type(exc).__name__
        hint = ("; cài gói Python 'cryptography'", "; install the Python package "
                "'cryptography'") if "cryptography" in str(exc).lower() else ("", "")
        raise PdfInputError(Text(f"không giải mã được PDF ({name}){hint[0]}.",
                                 f"cannot decrypt the PDF ({name}){hint[1]}.")) from None
    if not opened:
        raise PdfInputError(Text(
            "PDF được bảo vệ bằng mật khẩu; hãy gửi bản không đặt mật khẩu mở tệp.",
            "the PDF is password-protected; send it without an opening password."))


def check_box(reader: PdfReader, number: int) -> None:
    """Refuse a page whose MediaBox/CropBox is not a finite positive size within PDF's own
    limit (a malformed box would make the stamp and the dossier pages nonsense)."""
    try:
        page = reader.pages[number]
        boxes = [page.mediabox, page.cropbox]
        sizes = [(float(b.width), float(b.height)) for b in boxes]
    except RecursionError:
        raise PdfInputError(Text(f"trang {number + 1} tự tham chiếu chính nó.",
                                 f"page {number + 1} refers to itself.")) from None
    except Exception as exc:
        raise PdfInputError(Text(f"khổ trang {number + 1} hỏng ({type(exc).__name__}).",
                                 f"page {number + 1} has a broken page box "
                                 f"({type(exc).__name__}).")) from None
    for width, height in sizes:
        if not all(math.isfinite(v) and 0 < abs(v) <= MAX_BOX_POINTS for v in (width, height)):
            raise PdfInputError(Text(
                f"khổ trang {number + 1} không hợp lệ ({width:g} × {height:g} pt).",
                f"page {number + 1} has an invalid size ({width:g} × {height:g} pt)."))


def _damaged(exc: BaseException) -> Text:
    name = type(exc).__name__
    if any(word in str(exc).lower() for word in ("cyclic", "loop", "recursion")):
        return Text(f"cấu trúc PDF tự tham chiếu chính nó ({name}).",
                    f"the PDF's structure refers to itself ({name}).")
    return Text(f"tệp PDF bị hỏng, không đọc được ({name}).",
                f"the PDF is damaged and cannot be read ({name}).")


# --------------------------------------------------------------------------- active content


def _resolve(value: Any, strict: bool = False) -> Any:
    try:
        return value.get_object() if hasattr(value, "get_object") else value
    except RecursionError:
        if strict:
            raise
        return None
    except Exception:
        return None


def _action_kinds(action: Any, seen: set[int] | None = None) -> set[str]:
    """The /S of an action and of the actions chained after it (/Next)."""
    seen = set() if seen is None else seen
    action = _resolve(action)
    if not isinstance(action, DictionaryObject) or id(action) in seen or len(seen) > 100:
        return set()
    seen.add(id(action))
    kinds = {str(action.get("/S"))} if action.get("/S") is not None else set()
    following = _resolve(action.get("/Next"))
    for item in following if isinstance(following, ArrayObject) else [following]:
        kinds |= _action_kinds(item, seen)
    return kinds


_MEDIA_ANNOTATIONS = {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}
_ACTION_KEYS = ("/A", "/OpenAction", "/Next")  # an action, or a chain of them, under these
MAX_OBJECTS = 2_000_000  # objects walked in one PDF (a 3,000-page scan has ~20,000)


def _walk(root: Any, strict: bool = False) -> Iterator[tuple[Any, int]]:
    """Every dictionary (and stream) and array reachable from ``root``, each indirect object
    once, with how deep it sits inside its object (0: the object itself). ``strict``: a
    RecursionError of pypdf's parser is raised, not taken for a missing object."""
    todo: list[tuple[Any, int]] = [(root, 0)]
    seen: set[tuple[int, int]] = set()
    walked = 0
    while todo and walked < MAX_OBJECTS:
        item, depth = todo.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item, depth = _resolve(item, strict), 0
        if isinstance(item, DictionaryObject):
            walked += 1
            yield item, depth
            todo.extend((value, depth + 1) for name, value in item.items() if name != "/Parent")
        elif isinstance(item, ArrayObject):
            walked += 1
            yield item, depth
            todo.extend((value, depth + 1) for value in item)


def _objects(root: Any) -> Iterator[DictionaryObject]:
    """Every dictionary (and stream) reachable from ``root``, each once: bookmarks, named
    trees, form fields, associated files (/AF) … — wherever active content can hide."""
    return (item for item, _ in _walk(root) if isinstance(item, DictionaryObject))


def _root(document: PdfReader | PdfWriter) -> DictionaryObject:
    return _resolve(document.trailer["/Root"]) if isinstance(document, PdfReader) \
        else document._root_object


def _dangerous(action: Any) -> set[str]:
    """The dangerous kinds of an action chain (a web link, /URI, stays: it runs nothing)."""
    return _action_kinds(action) & (_DANGEROUS_ACTIONS - {"/URI"})


def active_content(reader: PdfReader | PdfWriter) -> list[Text]:
    """What active content the document carries (empty: none), wherever it is: the catalog,
    pages, annotations, bookmarks, form fields, associated files."""
    root = _root(reader)
    found: list[Text] = []

    def note(vi: str, en: str) -> None:
        text = Text(vi, en)
        if text not in found:
            found.append(text)

    if root.get("/OpenAction") is not None and _dangerous(root.get("/OpenAction")):
        note("hành động tự chạy khi mở tệp (OpenAction)", "an action run on opening "
             "(OpenAction)")
    names = _resolve(root.get("/Names"))
    if isinstance(names, DictionaryObject) and names.get("/JavaScript") is not None:
        note("mã JavaScript", "JavaScript")
    for obj in _objects(root):
        if obj is not root and obj.get("/AA") is not None:
            note("hành động tự động (AA)", "automatic actions (AA)")
        elif obj is root and obj.get("/AA") is not None:
            note("hành động tự động của tài liệu (AA)", "document automatic actions (AA)")
        kinds = set()
        for key in ("/A", "/Next") if obj is not root else ("/A",):
            kinds |= _dangerous(obj.get(key))
        if obj.get("/S") is not None:
            kinds |= _dangerous(obj)
        if "/JavaScript" in kinds or obj.get("/JS") is not None:
            note("mã JavaScript", "JavaScript")
        if "/Launch" in kinds:
            note("lệnh chạy chương trình (Launch)", "a launch action")
        others = ", ".join(sorted(k[1:] for k in kinds - {"/JavaScript", "/Launch"}))
        if others:
            note(f"hành động nguy hiểm ({others})", f"dangerous actions ({others})")
        if obj.get("/EF") is not None or obj.get("/Type") == "/EmbeddedFile" \
                or obj.get("/AF") is not None or obj.get("/Subtype") == "/FileAttachment" \
                or obj.get("/EmbeddedFiles") is not None:
            note("tệp đính kèm nhúng", "embedded files")
        if obj.get("/Subtype") in _MEDIA_ANNOTATIONS - {"/FileAttachment"} \
                or obj.get("/RichMediaContent") is not None:
            note("nội dung đa phương tiện nhúng (RichMedia, Screen …)",
                 "embedded media (RichMedia, Screen …)")
        if obj.get("/XFA") is not None:
            note("biểu mẫu XFA", "an XFA form")
    return found


def strip_active(writer: PdfWriter) -> None:
    """Remove every piece of active content :func:`active_content` finds from ``writer``."""
    root = writer._root_object
    for obj in list(_objects(root)):
        for key in _ACTION_KEYS:
            if key in obj and _dangerous(obj.get(key)):
                del obj[NameObject(key)]
        for key in ("/AA", "/JS", "/EF", "/AF", "/RichMediaContent", "/XFA", "/JavaScript",
                    "/EmbeddedFiles"):
            if key in obj:
                del obj[NameObject(key)]
        annots = _resolve(obj.get("/Annots"))
        if isinstance(annots, ArrayObject):
            kept = ArrayObject(ref for ref in annots
                               if isinstance(_resolve(ref), DictionaryObject)
                               and _resolve(ref).get("/Subtype") not in _MEDIA_ANNOTATIONS)
            obj[NameObject("/Annots")] = kept
    _drop_unreferenced(writer)


def _drop_unreferenced(writer: PdfWriter) -> None:
    """Objects no longer reachable (the removed scripts and files) are not written."""
    try:
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    except TypeError:  # pypdf before 5.1 names the arguments differently
        writer.compress_identical_objects(remove_identicals=False, remove_orphans=True)


def is_signed(reader: PdfReader) -> bool:
    """Whether the document carries a digital signature (a signed /Sig field or /Perms)."""
    root = _resolve(reader.trailer["/Root"])
    if root.get("/Perms") is not None:
        return True
    acroform = _resolve(root.get("/AcroForm"))
    if not isinstance(acroform, DictionaryObject):
        return False
    todo = list(_resolve(acroform.get("/Fields")) or [])
    seen = 0
    while todo and seen < 10_000:
        seen += 1
        field = _resolve(todo.pop())
        if not isinstance(field, DictionaryObject):
            continue
        if field.get("/FT") == "/Sig" and field.get("/V") is not None:
            return True
        todo.extend(_resolve(field.get("/Kids")) or [])
    return False


def refuse_signed_active(reader: PdfReader) -> list[Text]:
    """The active content of ``reader`` (to remove), or :class:`PdfInputError` when the PDF is
    signed and carries some (removing it would break the signature)."""
    found = active_content(reader)
    if found and is_signed(reader):
        vi = ", ".join(t.vi for t in found)
        en = ", ".join(t.en for t in found)
        raise PdfInputError(Text(
            f"PDF đã ký số nhưng chứa nội dung chủ động ({vi}); không thể gỡ bỏ mà không làm "
            "hỏng chữ ký, và hồ sơ chính thức không được chứa mã lệnh. Đề nghị gửi lại bản "
            "không có các nội dung này.",
            f"the PDF is digitally signed but carries active content ({en}); it cannot be "
            "removed without breaking the signature, and an official dossier must not carry "
            "scripts. Ask for a copy without it."))
    return found


def removed_warning(found: list[Text]) -> Text | None:
    if not found:
        return None
    return Text("Đã gỡ bỏ nội dung chủ động khỏi PDF: " + ", ".join(t.vi for t in found) + ".",
                "Removed active content from the PDF: " + ", ".join(t.en for t in found) + ".")

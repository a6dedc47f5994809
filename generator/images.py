"""Figures in the body (``{hinh: so-do.png, rong: 120, chu_thich: …}``): each picture is
read from the content file's folder and checked before anything is written.

Only PNG and JPEG, told by their bytes (not the name); the path stays inside the content
file's folder (generator.paths' one rule: no ``..``, no symbolic link leading out, no FIFO or
device); a file and pixel budget (generator.limits), Pillow's decompression-bomb guard on; the
whole picture is decoded once, so a truncated or broken file is refused here, never in Word.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .content import Content, FieldPath, format_path
from .limits import MAX_FIGURE_BYTES, MAX_FIGURE_PIXELS
from .model import Chuong, Dieu, Document, Hinh, Muc, MucLon, Phan
from .paths import InputError, read_beside
from .problems import Problem, Text
from .vietnamese import group

DEFAULT_DPI = 96.0  # what Word and LibreOffice assume for a picture that names none
_KINDS = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}
CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}
EXTENSIONS = {"png": "png", "jpeg": "jpeg"}


@dataclass(frozen=True)
class Picture:
    """A checked picture: its bytes, kind (``png``/``jpeg``), size in pixels and dots per
    inch (the resolution it names, or 96)."""

    data: bytes
    kind: str
    width_px: int
    height_px: int
    dpi_x: float
    dpi_y: float

    @property
    def digest(self) -> str:
        """The content hash that names the media part: same picture, same name."""
        return hashlib.sha256(self.data).hexdigest()[:16]

    @property
    def part_name(self) -> str:
        return f"media/hinh-{self.digest}.{EXTENSIONS[self.kind]}"

    @property
    def natural_mm(self) -> tuple[float, float]:
        """The printed size at its own resolution (width, height) in millimetres."""
        return (self.width_px / self.dpi_x * 25.4, self.height_px / self.dpi_y * 25.4)


class PictureError(Exception):
    def __init__(self, why: Text) -> None:
        super().__init__(why.en)
        self.why = why


def _dpi(info: dict[str, Any]) -> tuple[float, float]:
    value = info.get("dpi")
    try:
        x, y = (float(value[0]), float(value[1])) if value else (0.0, 0.0)
    except (TypeError, ValueError, IndexError):
        x = y = 0.0
    # a missing, zero or absurd resolution (some JPEGs say 1 dpi): the renderers' default
    good = [v if 20 <= v <= 4800 else DEFAULT_DPI for v in (x, y)]
    return good[0], good[1]


def read_picture(data: bytes) -> Picture:
    """Check ``data`` as a PNG or JPEG picture (raises :class:`PictureError`)."""
    kind = next((k for magic, k in _KINDS.items() if data.startswith(magic)), None)
    if kind is None:
        raise PictureError(Text("tệp không phải ảnh PNG hoặc JPEG (xét theo nội dung tệp, "
                                "không theo tên)", "the file is not a PNG or JPEG picture "
                                "(judged by its content, not its name)"))
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind.upper()])
            width, height = image.size
            if width * height > MAX_FIGURE_PIXELS:
                raise PictureError(_too_many(width, height))
            image.load()  # decode it all: a truncated or corrupt picture fails here
            dpi = _dpi(image.info)
            if image.getexif().get(_ORIENTATION, 1) != 1:  # a phone's photo, turned
                data, image = _upright(image, kind, dpi)
                width, height = image.size
    except PictureError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureError(Text(f"ảnh quá lớn (tối đa {group(MAX_FIGURE_PIXELS)} điểm ảnh)",
                                f"the picture is too large (at most "
                                f"{MAX_FIGURE_PIXELS:,} pixels)")) from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        raise PictureError(Text(f"ảnh {kind.upper()} hỏng hoặc bị cắt cụt ({_short(exc)})",
                                f"the {kind.upper()} picture is broken or truncated "
                                f"({_short(exc)})")) from None
    if width < 1 or height < 1:
        raise PictureError(Text("ảnh không có điểm ảnh nào", "the picture has no pixels"))
    return Picture(data, kind, width, height, *dpi)


_ORIENTATION = 0x0112  # the EXIF tag that says how a camera held the picture


def _upright(image: Any, kind: str, dpi: tuple[float, float]) -> tuple[bytes, Any]:
    """The picture turned as its EXIF orientation says, saved without that tag: Word
    ignores the tag, LibreOffice follows it; stored upright, both show the same."""
    from PIL import ImageOps

    turned = ImageOps.exif_transpose(image)
    if turned.size != image.size:  # turned by a quarter: the resolutions swap too
        dpi = (dpi[1], dpi[0])
    out = io.BytesIO()
    if kind == "jpeg":
        turned.convert("RGB" if turned.mode not in ("L", "RGB", "CMYK") else turned.mode).save(
            out, format="JPEG", quality=95, dpi=dpi)
    else:
        turned.save(out, format="PNG", dpi=dpi)
    return out.getvalue(), turned


def _too_many(width: int, height: int) -> Text:
    return Text(f"ảnh {group(width)} × {group(height)} điểm ảnh, quá lớn (tối đa "
                f"{group(MAX_FIGURE_PIXELS)} điểm ảnh)", f"the picture is {width:,} × "
                f"{height:,} pixels, too large (at most {MAX_FIGURE_PIXELS:,})")


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "…"


def figures(document: Document) -> Iterator[tuple[FieldPath, Hinh]]:
    """Every figure of ``document`` with its path in the content file, in reading order."""
    def walk(blocks: list[Any], path: FieldPath) -> Iterator[tuple[FieldPath, Hinh]]:
        for i, block in enumerate(blocks):
            here = (*path, i)
            if isinstance(block, Hinh):
                yield here, block
            elif isinstance(block, Phan | Chuong | MucLon):
                yield from walk(block.noi_dung, (*here, "noi_dung"))
            elif isinstance(block, Muc | Dieu):
                yield from walk(block.y, (*here, "y"))

    yield from walk(document.noi_dung, ("noi_dung",))
    if document.van_ban_kem_theo is not None:
        yield from walk(document.van_ban_kem_theo.noi_dung, ("van_ban_kem_theo", "noi_dung"))
    for k, appendix in enumerate(document.phu_luc):
        yield from walk(appendix.noi_dung, ("phu_luc", k, "noi_dung"))


NOT_HERE = Text("ở đây không có thư mục để đọc ảnh; tải ảnh lên ở trường Hình của bàn soạn "
                "thảo, hoặc đặt ảnh cạnh tệp YAML và dựng bằng lệnh vanban build",
                "there is no folder to read pictures from here; upload the picture at the "
                "figure's field of the web desk, or put it beside the YAML file and run "
                "vanban build")


def load_figures(document: Document, content: Content, *,
                 readable: bool = True) -> list[Problem]:
    """Read and check every figure's picture from the content file's folder, attaching it
    to its :class:`Hinh`; the problems of those that cannot be, at their ``hinh:`` line.
    Not ``readable``: there is no such folder, every figure is a problem."""
    found = list(figures(document))
    pictures: dict[str, Picture] = {}
    problems = _figure_problems([(path, f.hinh) for path, f in found], content, readable,
                                pictures)
    for _, figure in found:
        figure._image = pictures.get(figure.hinh)
    return problems


def raw_figure_problems(content: Content, *, readable: bool = True) -> list[Problem]:
    """The figures of a file whose fields have errors (so it has no Document), checked all
    the same from its raw data: every problem of a file comes in one run."""
    def walk(node: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
        if isinstance(node, dict):
            if isinstance(node.get("hinh"), str):
                yield path, node["hinh"]
            for key, value in node.items():
                yield from walk(value, (*path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(value, (*path, i))

    return _figure_problems(list(walk(content.data, ())), content, readable, {})


def _figure_problems(sources: list[tuple[FieldPath, str]], content: Content, readable: bool,
                     pictures: dict[str, Picture]) -> list[Problem]:
    """Read each ``hinh`` (once per name) into ``pictures``; the problems of the others."""
    problems = []
    folder = content.path.parent
    seen: dict[str, Picture | Text] = {}
    for path, name in sources:
        found = seen.get(name) if readable else NOT_HERE
        if found is None:
            try:
                found = read_picture(read_beside(folder, name, MAX_FIGURE_BYTES))
            except (InputError, PictureError) as exc:
                found = exc.why
            seen[name] = found
        if isinstance(found, Picture):
            pictures[name] = found
            continue
        where = (*path, "hinh")
        pos = content.position(where)
        problems.append(Problem(content.path, Text(
            f"Không dùng được hình «{name}»: {found.vi}.",
            f"Cannot use the figure '{name}': {found.en}."),
            pos.line if pos else None, pos.column if pos else None, format_path(where),
            Text(f"Hình phải là tệp PNG hoặc JPEG trong thư mục của tệp nội dung, tối đa "
                 f"{group(MAX_FIGURE_BYTES // (1024 * 1024))} MB và "
                 f"{group(MAX_FIGURE_PIXELS // 1_000_000)} triệu điểm ảnh.",
                 f"A figure must be a PNG or JPEG file in the content file's folder, at most "
                 f"{MAX_FIGURE_BYTES // (1024 * 1024)} MB and "
                 f"{MAX_FIGURE_PIXELS // 1_000_000} million pixels.")))
    return problems

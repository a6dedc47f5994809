"""Templates: a sandboxed Jinja2 environment with Vietnamese filters.

Jinja2 runs only inside templates; the values from a content file are passed in as
variables and never rendered themselves (a ``{{`` written by a clerk stays literal).

The environment is Jinja2's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment`: a
template cannot reach Python internals (``__class__``, ``__globals__`` …) nor change the
data it is given; an unsafe attribute is refused at once (also through ``map(attribute=…)``
and the other filters taking an attribute), and ``map(attribute=…)`` neither yields methods
nor silently prints ``Undefined``. ``*``, ``**`` and ``+`` refuse results that would exhaust
memory, and every rendering runs under :data:`MAX_RENDER_SECONDS` of time,
:data:`MAX_OUTPUT_CHARS` of output and :data:`MAX_MEMORY_GROWTH` of memory (nested loops,
huge ``range``, ``lipsum``, recursive macros): a watchdog thread stops a rendering past its
budget by raising in it, so the message names the template line it had reached.
A missing variable is an error (``StrictUndefined``), autoescaping is off (the output is
plain text that the DOCX writer escapes) and block tags take their line with them
(``trim_blocks``/``lstrip_blocks``), so ``{% if %}`` lines leave no blank lines.

Filters (all accept what YAML gives: dates or ``07/12/2017`` text, numbers or
``1.234.567`` text):

=============  ===============================================  =============================
filter         example                                          result
=============  ===============================================  =============================
``ngay``       ``{{ ngay_ky | ngay }}``                         ``ngày 07 tháng 12 năm 2017``
``ngay_ngan``  ``{{ han | ngay_ngan }}``                        ``15/12/2017``
``ten_thu``    ``{{ ngay_hop | ten_thu }}``                     ``thứ Năm``
``so``         ``{{ 1234567 | so }}``, ``{{ x | so(2) }}``      ``1.234.567``, ``12,50``
``tien``       ``{{ 1234567 | tien }}``                         ``1.234.567 đồng``
``tien_chu``   ``{{ 1200000 | tien_chu }}``                     ``Một triệu hai trăm nghìn đồng``
``so_chu``     ``{{ 105 | so_chu }}``                           ``một trăm linh năm``
``thu_tu``     ``{{ 4 | thu_tu }}``                             ``thứ tư``
``la_ma``      ``{{ loop.index | la_ma }}``                     ``I``, ``II`` …
``chu_cai``    ``{{ loop.index | chu_cai }}``                   ``a``, ``b`` … ``đ`` (from 1)
``hoa_dau``    ``{{ ten | hoa_dau }}``                          first letter upper, rest kept
=============  ===============================================  =============================

``so_chu``, ``tien_chu`` and ``thu_tu`` take ``dialect="nam"`` for the southern forms.
Problems come out as :class:`TemplateProblem`, naming the template and its line.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import re
import string
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
    Undefined,
    UndefinedError,
    pass_context,
)
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS as DEFAULT_FILTERS
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator.number_words import ValueProblem, money_in_words, number_to_words
from generator.vietnamese import (
    capitalize_first,
    diem_letter,
    format_money,
    format_number,
    full_date,
    group,
    ordinal,
    parse_date,
    parse_number,
    roman,
    short_date,
    weekday_name,
)


def _builtin_templates() -> Path:
    """The templates shipped with vanban: the repository's top-level ``templates/``, which
    an installed package carries as ``generator/templates`` (pyproject's package-dir)."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


BUILTIN_TEMPLATES = _builtin_templates()

MAX_SEQUENCE_LENGTH = 1_000_000  # longest string or list ``*`` or ``+`` may build
MAX_POWER_BITS = 4096  # largest integer ``**`` may build
MAX_RENDER_SECONDS = 5.0  # one rendering; a real template takes milliseconds
MAX_OUTPUT_CHARS = 2_000_000  # one rendering's text (a 300-page body is ~1 million)
MAX_MEMORY_GROWTH = 512 * 1024 * 1024  # bytes the process may grow by during one rendering


class TemplateProblem(Exception):
    """A template that could not be found, compiled or rendered.

    ``message_vi`` / ``message_en`` describe the problem; ``template_name`` and ``line``
    locate it (``None`` when unknown); ``str()`` gives the located Vietnamese message.
    ``kind`` is one of ``not_found``, ``undefined``, ``syntax``, ``sandbox``, ``value``,
    ``error``; ``variable`` names the missing variable for ``undefined``.
    """

    def __init__(
        self,
        message_vi: str,
        message_en: str,
        template_name: str | None = None,
        line: int | None = None,
        *,
        kind: str = "error",
        variable: str | None = None,
    ) -> None:
        self.message_vi = message_vi
        self.message_en = message_en
        self.template_name = template_name
        self.line = line
        self.kind = kind
        self.variable = variable
        super().__init__(self.describe("vi"))

    def describe(self, lang: str = "vi") -> str:
        """The message with its place: ``Mẫu «x», dòng 3: …`` (``lang`` ``vi`` or ``en``)."""
        english = lang == "en"
        message = self.message_en if english else self.message_vi
        if self.template_name is None:
            return message
        where = f"Template '{self.template_name}'" if english else f"Mẫu «{self.template_name}»"
        if self.line is not None:
            where += f", line {self.line}" if english else f", dòng {self.line}"
        return f"{where}: {message}"


@dataclass(frozen=True)
class TemplateSource:
    """Template text that does not come from a templates folder, e.g. a field of a template
    YAML file: ``name`` is shown in messages and ``first_line`` is the line of that file
    where the text starts, so reported lines are the file's lines."""

    text: str
    name: str = "<mẫu>"
    first_line: int = 1


class VanbanEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, plus limits on ``*``, ``**``, ``+`` and ``%`` (a template must not eat
    the memory), on every method or formatting that pads or repeats text (``ljust``,
    ``center``, ``zfill``, ``expandtabs``, ``replace``, ``join``, widths in ``format`` and
    ``%``: one such call builds its whole result in C, where neither the time limit nor the
    memory watchdog can stop it), and unsafe attributes refused at once rather than returned
    as undefined."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        raise SecurityError(
            f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe.")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if (operator == "+" and isinstance(left, str | list | tuple)
                and isinstance(right, str | list | tuple)
                and len(left) + len(right) > MAX_SEQUENCE_LENGTH):
            raise SecurityError(f"joining values of {group(len(left) + len(right))} items is too "
                                "large.")
        if operator == "**" and _is_int(left) and _is_int(right) and abs(left) > 1 and (
            right * abs(left).bit_length() > MAX_POWER_BITS
        ):
            raise SecurityError(f"{left} ** {right} is too large for a template.")
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if (isinstance(sequence, str | list | tuple) and _is_int(count)
                        and len(sequence) * count > MAX_SEQUENCE_LENGTH):
                    raise SecurityError(
                        f"repeating a {type(sequence).__name__} {count} times is too large."
                    )
        if operator == "%" and isinstance(left, str):
            _check_percent(left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _check_text_method(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)


def _too_long(size: int, what: str) -> None:
    if size > MAX_SEQUENCE_LENGTH:
        raise SecurityError(f"{what} would make {group(size)} characters, too large for a "
                            "template.")


def _width(value: Any) -> int:
    return value if _is_int(value) else 0


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_FORMAT_NUMBERS = re.compile(r"\d+")


def _check_percent(text: str, values: Any) -> None:
    """``'%0999999999d' % 1``: a width or precision (also ``*``, taken from the values)."""
    items = values if isinstance(values, tuple) else (values,)
    for match in _PERCENT_SPEC.finditer(text):
        for part in match.groups():
            if part == "*":
                _too_long(max([_width(v) for v in items] or [0]), "a % width")
            elif part:
                _too_long(int(part), "a % width")


def _check_format(text: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """``'{:>999999999}'.format(1)``: widths in the spec; a nested ``{:{}}`` width comes from
    the arguments."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format says what is wrong
    for _, _, spec, _ in fields:
        if not spec:
            continue
        for number in _FORMAT_NUMBERS.findall(spec):
            _too_long(int(number), "a format width")
        if "{" in spec:
            _too_long(max([_width(v) for v in (*args, *kwargs.values())] or [0]),
                      "a format width")


def _joined_size(separator: str, items: Any) -> int:
    if not isinstance(items, list | tuple):
        return 0  # an iterator: the output limit stops it, step by step
    return len(separator) * max(0, len(items) - 1) + sum(
        len(item) if isinstance(item, str) else 20 for item in items)


def _check_text_method(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """The size of what a ``str`` method would build, before it is built."""
    name = getattr(method, "__name__", "")
    # str.format reaches here wrapped by the sandbox (its formatter): the method inside
    text = getattr(getattr(method, "__wrapped__", method), "__self__", None)
    if not isinstance(text, str):
        return
    if name in ("format", "format_map"):
        mapping = args[0] if name == "format_map" and args and isinstance(args[0], dict) \
            else kwargs
        _check_format(text, args if name == "format" else (), mapping)
    elif name in ("ljust", "rjust", "center", "zfill"):
        _too_long(_width(args[0] if args else kwargs.get("width")), f"str.{name}")
    elif name == "expandtabs":
        tab = args[0] if args else kwargs.get("tabsize", 8)
        _too_long(len(text) + text.count("\t") * _width(tab), "str.expandtabs")
    elif name == "replace" and len(args) >= 2:
        _check_replace(text, *args[:3], **kwargs)
    elif name == "join" and args:
        _too_long(_joined_size(text, args[0]), "str.join")


def _check_replace(text: str, old: Any, new: Any, count: Any = -1) -> None:
    if not isinstance(old, str) or not isinstance(new, str):
        return
    times = len(text) + 1 if old == "" else text.count(old)
    if _is_int(count) and count >= 0:
        times = min(times, count)
    _too_long(len(text) + times * len(new), "replace")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- filters ------------------------------------------------------------------------------------


def _defined(value: Any) -> Any:
    """Raise Jinja's own error for an undefined value (``str()`` of a StrictUndefined raises)."""
    if isinstance(value, StrictUndefined):
        str(value)
    return value


def _integer(value: Any) -> int:
    number = parse_number(_defined(value))
    if not isinstance(number, int):
        raise ValueProblem(
            f"Cần một số nguyên, không phải «{value}».", f"An integer is needed, not {value!r}."
        )
    return number


def _ngay(value: Any, blank_day: bool = False) -> str:
    return full_date(parse_date(_defined(value)), blank_day=blank_day)


def _ngay_ngan(value: Any) -> str:
    return short_date(parse_date(_defined(value)))


def _ten_thu(value: Any) -> str:
    return weekday_name(parse_date(_defined(value)))


def _so(value: Any, decimals: int | None = None) -> str:
    return format_number(parse_number(_defined(value)), decimals)


def _tien(value: Any) -> str:
    return format_money(parse_number(_defined(value)))


def _tien_chu(value: Any, dialect: str = "bac") -> str:
    return money_in_words(parse_number(_defined(value)), dialect=dialect)  # type: ignore[arg-type]


def _so_chu(value: Any, dialect: str = "bac") -> str:
    return number_to_words(_integer(value), dialect=dialect)  # type: ignore[arg-type]


def _thu_tu(value: Any, dialect: str = "bac") -> str:
    return ordinal(_integer(value), dialect=dialect)  # type: ignore[arg-type]


def _la_ma(value: Any) -> str:
    return roman(_integer(value))


def _chu_cai(value: Any) -> str:
    return diem_letter(_integer(value))


def _hoa_dau(value: Any) -> str:
    return capitalize_first(str(_defined(value)))


@pass_context
def _map(context: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
    """Jinja's ``map``; with ``attribute=`` only data: no methods, no silent ``Undefined``."""
    mapped = _JINJA_MAP(context, value, *args, **kwargs)
    if "attribute" not in kwargs:
        return mapped
    attribute = kwargs["attribute"]

    def checked() -> Any:
        for item in mapped:
            if isinstance(item, Undefined):
                item._fail_with_undefined_error()
            if callable(item):
                raise SecurityError(f"map(attribute={attribute!r}) reaches a method, not a "
                                    "value.")
            yield item
    return checked()


def _guarded(name: str, check: Callable[..., None]) -> Callable[..., Any]:
    """Jinja's filter ``name``, after ``check`` of its arguments (the size it would build)."""
    original = DEFAULT_FILTERS[name]
    # pass_context / pass_environment / pass_eval_ctx: Jinja hands that object first
    passes = getattr(original, "jinja_pass_arg", None)

    def guarded(*args: Any, **kwargs: Any) -> Any:
        check(*(args[1:] if passes is not None else args), **kwargs)
        return original(*args, **kwargs)

    if passes is not None:
        guarded.jinja_pass_arg = passes  # type: ignore[attr-defined]
    return guarded


def _center_check(value: Any, width: Any = 80) -> None:
    _too_long(_width(width), "center")


def _indent_check(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> None:
    pad = len(width) if isinstance(width, str) else _width(width)
    _too_long(len(str(value)) + (str(value).count("\n") + 1) * pad, "indent")


def _fill_check(value: Any, count: Any, fill_with: Any = None, **kwargs: Any) -> None:
    if kwargs.get("fill_with", fill_with) is not None:
        _too_long(_width(count), "a fill")


def _slice_check(value: Any, slices: Any, fill_with: Any = None) -> None:
    _too_long(_width(slices), "slice")


def _format_check(value: Any, *args: Any, **kwargs: Any) -> None:
    _check_percent(str(value), kwargs or args)


def _replace_check(value: Any, old: Any, new: Any, count: Any = None) -> None:
    _check_replace(str(value), old, new, -1 if count is None else count)


def _join_check(value: Any, d: Any = "", attribute: Any = None) -> None:
    if attribute is None:
        _too_long(_joined_size(str(d), value), "join")


def _tojson_check(value: Any, indent: Any = None) -> None:
    if _width(indent) > 16:
        raise SecurityError(f"tojson(indent={indent}) is too wide for a template.")


_JINJA_MAP = DEFAULT_FILTERS["map"]
FILTERS: dict[str, Callable[..., Any]] = {
    "ngay": _ngay,
    "ngay_ngan": _ngay_ngan,
    "ten_thu": _ten_thu,
    "so": _so,
    "tien": _tien,
    "tien_chu": _tien_chu,
    "so_chu": _so_chu,
    "thu_tu": _thu_tu,
    "la_ma": _la_ma,
    "chu_cai": _chu_cai,
    "hoa_dau": _hoa_dau,
}
OVERRIDDEN_FILTERS: dict[str, Callable[..., Any]] = {
    "map": _map,
    "center": _guarded("center", _center_check),
    "indent": _guarded("indent", _indent_check),
    "batch": _guarded("batch", _fill_check),
    "slice": _guarded("slice", _slice_check),
    "format": _guarded("format", _format_check),
    "replace": _guarded("replace", _replace_check),
    "join": _guarded("join", _join_check),
    "tojson": _guarded("tojson", _tojson_check),
}


# --- environment and rendering ------------------------------------------------------------------


class _RegularFileLoader(FileSystemLoader):
    """Templates are regular files: a FIFO or device named like a template is not opened
    (opening a FIFO blocks, where no time limit can reach)."""

    def get_source(self, environment: Environment, template: str) -> Any:
        for folder in self.searchpath:
            candidate = Path(folder, *split_template_path(template))
            if os.path.lexists(candidate) and not candidate.is_file():
                raise TemplateNotFound(template)
        return super().get_source(environment, template)


def make_environment(
    search_paths: Sequence[Path | str] = (), *, builtin: Path | None = BUILTIN_TEMPLATES
) -> Environment:
    """The sandboxed environment: templates are looked up in ``search_paths`` in order (the
    user's ``--templates`` folders), then in ``builtin``, so a user's template of the same
    name overrides the shipped one and new names add templates."""
    folders = [Path(p) for p in search_paths]
    for folder in folders:
        if not folder.is_dir():
            raise TemplateProblem(
                f"Không tìm thấy thư mục mẫu «{folder}».",
                f"Templates folder '{folder}' not found.",
                kind="not_found",
            )
    if builtin is not None and builtin.is_dir():
        folders.append(builtin)
    env = VanbanEnvironment(
        loader=_RegularFileLoader(folders),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    env.filters.update(OVERRIDDEN_FILTERS)
    return env


def render_text(
    env: Environment, source_or_name: str | TemplateSource, variables: Mapping[str, Any]
) -> str:
    """Render a template, by name from the templates folders (a ``str``) or from text (a
    :class:`TemplateSource`), and return NFC text. Every failure is a :class:`TemplateProblem`.
    """
    source = source_or_name if isinstance(source_or_name, TemplateSource) else None
    try:
        template = _load(env, source_or_name)
        text = _render_limited(template, dict(variables))
    except TemplateProblem:
        raise
    except RenderLimit as exc:  # raised in the rendering by the watchdog, or by the size check
        raise _limit_problem(env, source, exc) from None
    except RecursionError as exc:
        raise _limit_problem(env, source, RenderLimit(exc.__traceback__, "recursion")) from None
    except Exception as exc:  # any error raised while rendering becomes a located message
        raise _problem(env, source_or_name, source, exc) from exc
    return unicodedata.normalize("NFC", text)


_COMPILED: dict[tuple[type, str, str], Any] = {}  # (environment class, text, name) → code
_COMPILED_MAX = 1024


# --- limits -------------------------------------------------------------------------------------


class RenderLimit(Exception):  # noqa: N818 (raised into the rendering thread by its type)
    """A rendering stopped by a limit; ``kind``: time, output, memory or recursion."""

    kind = "time"

    def __init__(self, traceback: TracebackType | None = None, kind: str | None = None) -> None:
        super().__init__()
        self.where = traceback
        if kind:
            self.kind = kind


class _TimeLimit(RenderLimit):
    kind = "time"


class _MemoryLimit(RenderLimit):
    kind = "memory"


def _render_limited(template: Template, variables: dict[str, Any]) -> str:
    chunks: list[str] = []
    size = 0
    token = WATCHDOG.arm(MAX_RENDER_SECONDS, MAX_MEMORY_GROWTH)
    try:
        generator = template.generate(variables)
        for chunk in generator:
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:  # thrown in at the template's yield: its line
                generator.throw(RenderLimit(None, "output"))
            chunks.append(chunk)
    finally:
        WATCHDOG.disarm(token)
    return "".join(chunks)


def _rss() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class _Watchdog:
    """One daemon thread stopping renderings past their time or memory budget.

    ``arm`` registers the calling thread; past its deadline (or memory growth) the watchdog
    raises :class:`RenderLimit` in that thread (``PyThreadState_SetAsyncExc``: delivered at the
    next bytecode, so pure-Python loops stop too). ``disarm`` unregisters under the same lock
    and clears an exception that was raised but not yet delivered.
    """

    POLL = 0.05  # seconds between memory checks while a rendering runs

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active: dict[int, tuple[int, float, int, int]] = {}  # token → thread, …
        self._fired: set[int] = set()
        self._tokens = itertools.count(1)
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float, memory: int) -> int:
        with self._cond:
            token = next(self._tokens)
            self._active[token] = (threading.get_ident(), time.monotonic() + seconds,
                                   _rss() + memory, memory)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name="vanban-template-watchdog")
                self._thread.start()
            self._cond.notify()
            return token

    def disarm(self, token: int) -> None:
        with self._cond:
            thread = self._active.pop(token, (None,))[0]
            if token in self._fired:
                self._fired.discard(token)
                _raise_in(threading.get_ident() if thread is None else thread, None)

    def _run(self) -> None:
        with self._cond:
            while True:
                if not self._active:
                    self._cond.wait()
                    continue
                self._cond.wait(self.POLL)
                now, rss = time.monotonic(), None
                for token, (thread, deadline, ceiling, _) in list(self._active.items()):
                    limit: type[RenderLimit] | None = _TimeLimit if now > deadline else None
                    if limit is None:
                        rss = _rss() if rss is None else rss
                        limit = _MemoryLimit if rss > ceiling else None
                    if limit is not None:
                        del self._active[token]
                        self._fired.add(token)
                        _raise_in(thread, limit)


def _raise_in(thread: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread),
                                               ctypes.py_object(exc) if exc else None)


WATCHDOG = _Watchdog()


def _load(env: Environment, source_or_name: str | TemplateSource) -> Template:
    if isinstance(source_or_name, TemplateSource):
        # Every environment of one class is made alike (make_environment), so the compiled
        # code of a text can be shared: a mail merge renders the same strings per row.
        key = (type(env), source_or_name.text, source_or_name.name)
        code = _COMPILED.get(key)
        if code is None:
            code = env.compile(source_or_name.text, name=source_or_name.name,
                               filename=source_or_name.name)
            if len(_COMPILED) >= _COMPILED_MAX:
                _COMPILED.clear()
            _COMPILED[key] = code
        return env.template_class.from_code(env, code, env.make_globals(None), None)
    return env.get_template(source_or_name)


# --- turning Jinja's errors into messages ------------------------------------------------------


def _searched(env: Environment) -> list[str]:
    loader = env.loader
    return [str(p) for p in loader.searchpath] if isinstance(loader, FileSystemLoader) else []


def _display_name(env: Environment, filename: str) -> str:
    """A template file's name as it is looked up (``thong-bao.j2``), else its path."""
    for folder in _searched(env):
        try:
            return Path(filename).relative_to(folder).as_posix()
        except ValueError:
            continue
    return filename


def _template_frames(
    env: Environment, tb: TracebackType | None, source: TemplateSource | None
) -> list[tuple[str, int]]:
    """(template, line) of each template frame, outermost first.

    Jinja rewrites a rendering traceback so that each template frame is a fake frame whose
    file name and line are the template's; those frames carry ``__jinja_exception__``.
    """
    frames = []
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            frames.append(_locate(env, tb.tb_frame.f_code.co_filename, tb.tb_lineno, source))
        tb = tb.tb_next
    return frames


def _locate(
    env: Environment, filename: str | None, line: int | None, source: TemplateSource | None
) -> tuple[str, int]:
    if source is not None and filename == source.name:
        return source.name, (line or 1) + source.first_line - 1
    return _display_name(env, filename or "<mẫu>"), line or 0


def _called_from(frames: list[tuple[str, int]]) -> tuple[str, str]:
    if len(frames) < 2:
        return "", ""
    name, line = frames[-2]
    return f" (gọi từ mẫu «{name}», dòng {line})", f" (included from '{name}', line {line})"


_UNDEFINED_NAME = re.compile(r"^'(?P<name>[^']+)' is undefined")
_MISSING_ATTRIBUTE = re.compile(r"has no (?:attribute|element) '?(?P<name>[^']+)'?$")
_NO_FILTER = re.compile(r"No (?P<what>filter|test) named '(?P<name>[^']+)'")


def _problem(
    env: Environment,
    requested: str | TemplateSource,
    source: TemplateSource | None,
    exc: Exception,
) -> TemplateProblem:
    if isinstance(exc, TemplateSyntaxError):
        return _syntax_problem(env, source, exc)
    frames = _template_frames(env, exc.__traceback__, source)
    name, line = frames[-1] if frames else (None, None)
    via_vi, via_en = _called_from(frames)
    detail = str(exc).rstrip(".")
    if isinstance(exc, TemplateNotFound):
        missing = exc.name if isinstance(exc.name, str) else str(requested)
        places = ", ".join(_searched(env)) or "(không có thư mục mẫu nào)"
        if name is None:  # the requested template itself
            return TemplateProblem(
                f"không tìm thấy mẫu này; đã tìm trong: {places}.",
                f"template not found; searched: {places}.",
                missing, None, kind="not_found",
            )
        return TemplateProblem(
            f"không tìm thấy mẫu «{missing}»{via_vi}; đã tìm trong: {places}.",
            f"template '{missing}' not found{via_en}; searched: {places}.",
            name, line, kind="not_found",
        )
    no_filter = _NO_FILTER.search(detail)
    if no_filter:  # an unknown filter in a branch not taken is only found when rendering
        return _unknown_filter(no_filter, name, line)
    if isinstance(exc, SecurityError) or (
        isinstance(exc, OverflowError) and "MAX_RANGE" in detail
    ):
        return TemplateProblem(
            f"mẫu bị chặn vì tìm cách vượt ra ngoài vùng an toàn ({detail}){via_vi}. Mẫu "
            "chỉ được dùng các biến của văn bản và các bộ lọc tiếng Việt, không được truy cập "
            "phần bên trong của Python hay tạo dữ liệu quá lớn.",
            f"refused by the sandbox ({detail}){via_en}. Templates may use the document's "
            "variables and the Vietnamese filters, not Python internals or huge values.",
            name, line, kind="sandbox",
        )
    if isinstance(exc, UndefinedError):
        return _undefined_problem(detail, name, line, via_vi, via_en)
    if isinstance(exc, ValueProblem):
        return TemplateProblem(
            exc.message_vi + via_vi, exc.message_en + via_en, name, line, kind="value"
        )
    return TemplateProblem(
        f"lỗi khi điền mẫu: {type(exc).__name__}: {detail}{via_vi}.",
        f"error while filling in the template: {type(exc).__name__}: {detail}{via_en}.",
        name, line, kind="error",
    )


_LIMITS = {
    "time": (f"mẫu chạy quá {MAX_RENDER_SECONDS:g} giây (vòng lặp lồng nhau, range quá lớn, "
             "macro gọi chính nó?) nên đã bị dừng",
             f"the template ran for more than {MAX_RENDER_SECONDS:g} s (nested loops, a huge "
             "range, a recursive macro?) and was stopped"),
    "output": (f"mẫu tạo ra quá {group(MAX_OUTPUT_CHARS)} ký tự nên đã bị dừng",
               f"the template produced more than {MAX_OUTPUT_CHARS:,} characters and was "
               "stopped"),
    "memory": (f"mẫu dùng quá {group(MAX_MEMORY_GROWTH // 2**20)} MB bộ nhớ nên đã bị dừng",
               f"the template used more than {MAX_MEMORY_GROWTH // 2**20:,} MB of memory and "
               "was stopped"),
    "recursion": ("mẫu gọi lồng nhau quá sâu (macro gọi chính nó?) nên đã bị dừng",
                  "the template nests calls too deeply (a macro calling itself?) and was "
                  "stopped"),
}


def _limit_problem(env: Environment, source: TemplateSource | None,
                   exc: RenderLimit) -> TemplateProblem:
    frames = _template_frames(env, exc.where or exc.__traceback__, source)
    name, line = frames[-1] if frames else (source.name if source else None, None)
    vi, en = _LIMITS[exc.kind]
    return TemplateProblem(vi + ".", en + ".", name, line, kind="limit")


def _undefined_problem(
    detail: str, name: str | None, line: int | None, via_vi: str, via_en: str
) -> TemplateProblem:
    variable_match = _UNDEFINED_NAME.search(detail)
    field_match = _MISSING_ATTRIBUTE.search(detail)
    if variable_match:
        variable = variable_match["name"]
        vi = f"mẫu cần biến «{variable}» nhưng nội dung không có{via_vi}"
        en = f"the template needs variable '{variable}' but the content lacks it{via_en}"
    elif field_match:
        variable = field_match["name"]
        vi = f"mẫu cần trường «{variable}» nhưng dữ liệu không có ({detail}){via_vi}"
        en = f"the template needs field '{variable}' but the data lacks it ({detail}){via_en}"
    else:
        return TemplateProblem(
            f"mẫu dùng một giá trị không có trong nội dung ({detail}){via_vi}.",
            f"the template uses a value the content lacks ({detail}){via_en}.",
            name, line, kind="undefined",
        )
    return TemplateProblem(
        f"{vi}; hãy thêm trường «{variable}» vào tệp nội dung.",
        f"{en}; add a '{variable}' field to the content file.",
        name, line, kind="undefined", variable=variable,
    )


def _unknown_filter(match: re.Match[str], name: str | None, line: int | None) -> TemplateProblem:
    if match["what"] == "test":
        return TemplateProblem(
            f"không có phép kiểm tra «{match['name']}».", f"no test named '{match['name']}'.",
            name, line, kind="syntax",
        )
    known = ", ".join(sorted(FILTERS))
    return TemplateProblem(
        f"không có bộ lọc «{match['name']}» (bộ lọc tiếng Việt: {known}).",
        f"no filter named '{match['name']}' (Vietnamese filters: {known}).",
        name, line, kind="syntax",
    )


def _syntax_problem(
    env: Environment, source: TemplateSource | None, exc: TemplateSyntaxError
) -> TemplateProblem:
    name, line = _locate(env, exc.filename or exc.name, exc.lineno, source)
    detail = (exc.message or "").rstrip(".")
    match = _NO_FILTER.search(detail)
    if match:
        return _unknown_filter(match, name, line)
    return TemplateProblem(
        f"lỗi cú pháp Jinja2: {detail}.", f"Jinja2 syntax error: {detail}.",
        name, line, kind="syntax",
    )

"""DOCX generation speed: vanban against docxtpl and plain python-docx, in one run.

All three produce the 4208/VP-NC letter (header table, V/v, Kính gửi, numbered body,
signature table) on one core. Prints the Markdown table that goes into the README.

    python bench/bench_docx.py [--seconds 3] [--quick]
"""

from __future__ import annotations

import argparse
import io
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from docx import Document as WordDocument
from docx.shared import Pt
from docxtpl import DocxTemplate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import load_document  # noqa: E402
from generator.docx.body import body_paragraphs  # noqa: E402
from generator.docx.components import recipients  # noqa: E402
from generator.docx.writer import render_docx  # noqa: E402
from generator.vietnamese import full_date  # noqa: E402

LETTER = ROOT / "content" / "2017" / "4208-VP-NC.yaml"


def letter_context() -> dict:
    doc = load_document(LETTER)
    return {
        "parent": doc.co_quan.chu_quan, "issuer": doc.co_quan.ten,
        "number": f"Số: {doc.number_and_code}", "vv": f"V/v {doc.trich_yeu}",
        "date": f"{doc.dia_danh}, {full_date(doc.ngay)}",
        "recipients": [f"- {r};" for r in doc.kinh_gui],
        "paragraphs": ["".join(r.text for r in p.runs) for p in body_paragraphs(doc)],
        "titles": doc.nguoi_ky.title_lines(), "name": doc.nguoi_ky.ho_ten,
        "noi_nhan": recipients(doc),
    }


def make_docxtpl_template(folder: Path) -> Path:
    """An equivalent Word template with Jinja tags, made with python-docx."""
    word = WordDocument()
    word.styles["Normal"].font.name = "Times New Roman"
    word.styles["Normal"].font.size = Pt(14)
    header = word.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "{{ parent }}"
    header.cell(0, 0).add_paragraph("{{ issuer }}")
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    header.cell(1, 0).text = "{{ number }}"
    header.cell(1, 0).add_paragraph("{{ vv }}")
    header.cell(1, 1).text = "{{ date }}"
    word.add_paragraph("Kính gửi:")
    word.add_paragraph("{%p for r in recipients %}")
    word.add_paragraph("{{ r }}")
    word.add_paragraph("{%p endfor %}")
    word.add_paragraph("{%p for p in paragraphs %}")
    word.add_paragraph("{{ p }}")
    word.add_paragraph("{%p endfor %}")
    sign = word.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "Nơi nhận:"
    sign.cell(0, 0).add_paragraph("{%p for n in noi_nhan %}")
    sign.cell(0, 0).add_paragraph("{{ n }}")
    sign.cell(0, 0).add_paragraph("{%p endfor %}")
    sign.cell(0, 1).text = "{{ titles[0] }}"
    sign.cell(0, 1).add_paragraph("{{ titles[1] }}")
    sign.cell(0, 1).add_paragraph("{{ name }}")
    path = folder / "template.docx"
    word.save(str(path))
    return path


def python_docx_letter(ctx: dict) -> bytes:
    word = WordDocument()
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text = ctx["parent"]
    table.cell(0, 0).add_paragraph(ctx["issuer"])
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    table.cell(1, 0).text = ctx["number"]
    table.cell(1, 1).text = ctx["date"]
    for line in ["Kính gửi:", *ctx["recipients"], *ctx["paragraphs"]]:
        word.add_paragraph(line)
    sign = word.add_table(rows=1, cols=2)
    for line in ["Nơi nhận:", *ctx["noi_nhan"]]:
        sign.cell(0, 0).add_paragraph(line)
    for line in [*ctx["titles"], ctx["name"]]:
        sign.cell(0, 1).add_paragraph(line)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def measure(fn: Callable[[], bytes], seconds: float) -> tuple[float, int]:
    """Documents per second over at least ``seconds``, and the size of one output."""
    size = len(fn())  # warm-up
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        fn()
        count += 1
    return count / elapsed, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--quick", action="store_true",
                        help="a fraction of a second per method: proves the bench still runs")
    args = parser.parse_args()
    if args.quick:
        args.seconds = 0.2
    ctx = letter_context()
    doc = load_document(LETTER)
    with tempfile.TemporaryDirectory() as folder:
        template = make_docxtpl_template(Path(folder))

        def docxtpl_letter() -> bytes:
            tpl = DocxTemplate(str(template))
            tpl.render(ctx)
            out = io.BytesIO()
            tpl.save(out)
            return out.getvalue()

        rows = [
            ("vanban render (model → DOCX)", lambda: render_docx(doc)),
            ("vanban end to end (YAML → validate → DOCX)",
             lambda: render_docx(load_document(LETTER))),
            ("docxtpl (equivalent template)", docxtpl_letter),
            ("python-docx, default template", lambda: python_docx_letter(ctx)),
        ]
        results = [(name, *measure(fn, args.seconds)) for name, fn in rows]
    baseline = results[2][1]
    print(f"DOCX generation of the 4208/VP-NC letter, one core, {platform.machine()}, "
          f"Python {platform.python_version()}\n")
    print("| method | documents/s | ms/document | × docxtpl | DOCX size |")
    print("|---|---:|---:|---:|---:|")
    for name, rate, size in results:
        print(f"| {name} | {rate:,.0f} | {1000 / rate:.2f} | {rate / baseline:.1f}× | "
              f"{size / 1024:.1f} KB |")


if __name__ == "__main__":
    main()

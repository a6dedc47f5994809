"""``python -m generator.pdf FILE.docx... [-o DIR] [--pdfa]``: convert DOCX files to PDF.

A thin command over :class:`PdfConverter`, for trying the pool by hand and as a model for
``vanban build``'s flags. Exit status: 0 all converted, 1 some failed, 2 LibreOffice missing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.pdf import LibreOfficeMissing, PdfConverter, PdfJob


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.pdf",
                                     description="DOCX → PDF (LibreOffice worker pool)")
    parser.add_argument("docx", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, help="folder for the PDFs "
                        "(default: beside each DOCX)")
    parser.add_argument("--pdfa", action="store_true", help="PDF/A-2b")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    args = parser.parse_args(argv)
    jobs = [PdfJob(d, (args.output or d.parent) / (d.stem + ".pdf")) for d in args.docx]
    try:
        with PdfConverter(workers=args.workers, pdfa=args.pdfa, lang=args.lang) as conv:
            results = conv.convert(jobs)
    except LibreOfficeMissing as exc:
        print(exc.message_en if args.lang == "en" else exc.message_vi, file=sys.stderr)
        return 2
    for result in results:
        warnings = result.warnings_en if args.lang == "en" else result.warnings
        for warning in warnings:
            print(warning, file=sys.stderr)
        if result.ok:
            print(result.job.pdf)
        else:
            print(result.error, file=sys.stderr)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

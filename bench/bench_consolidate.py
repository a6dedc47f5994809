"""Benchmark: 100 agencies → consolidated đề án (DOCX + PDF), 100 rendered submissions (DOCX +
PDF), the dossiers and the workbook, with the shipped tinh giản biên chế plan.

    python bench/bench_consolidate.py [--agencies 100] [--workers N]

Prints the wall-clock time of the whole ``consolidate`` run (the README figure) and of its
steps. Target: under 30 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_plans import PLAN, write_units  # noqa: E402

from generator.consolidate.pdfs import pool_available, soffice_available  # noqa: E402
from generator.consolidate.run import consolidate  # noqa: E402


def make_plan(folder: Path, agencies: int) -> Path:
    """The shipped plan with a roster of ``agencies`` (60% departments, 40% districts)."""
    plan = yaml.safe_load((PLAN / "plan.yaml").read_text(encoding="utf-8"))
    departments = round(agencies * 0.6)
    roster = []
    for i in range(agencies):
        if i < departments:
            roster.append({"ma": f"S{i + 1:03d}", "ten": f"Sở mẫu số {i + 1}",
                           "nhom": "so-ban-nganh"})
        else:
            n = i - departments + 1
            roster.append({"ma": f"H{n:03d}", "viet_tat": "UBND",
                           "ten": f"UBND huyện mẫu số {n}",
                           "ten_co_quan": f"ỦY BAN NHÂN DÂN\nHUYỆN MẪU SỐ {n}",
                           "nhom": "huyen-thanh-pho"})
    plan["don_vi"] = roster
    target = folder / "plan"
    target.mkdir()
    (target / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")
    write_units(target / "units", roster)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=100)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--quick", action="store_true",
                        help="5 agencies: proves the bench still runs")
    args = parser.parse_args()
    if args.quick:
        args.agencies = 5
    pdf = soffice_available()
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        plan = make_plan(Path(tmp), args.agencies)
        out = Path(tmp) / "out"
        start = time.perf_counter()
        result = consolidate(plan, out, pdf=pdf, workers=args.workers)
        total = time.perf_counter() - start
        pdfs = sum(1 for p in result.outputs if p.suffix == ".pdf")
        docx = sum(1 for p in result.outputs if p.suffix == ".docx")
        errors = [p for p in result.problems if p.severity == "error"]
        for problem in errors[:5]:
            print(problem.render("en"), file=sys.stderr)
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.seconds.items())
    converter = ("LibreOffice pool" if pool_available() else "soffice batch") if pdf \
        else "no PDF (LibreOffice missing)"
    print(f"consolidate: {args.agencies} agencies → {docx} DOCX, {pdfs} PDF (incl. dossiers), "
          f"1 XLSX in {total:.1f} s on {os.cpu_count()} CPU(s) [{converter}; {steps}]")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

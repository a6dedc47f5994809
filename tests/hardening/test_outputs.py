"""Class 1: output targets that cannot be written.

`-o` naming a file is a usage error (exit 2); a read-only folder and a disk that fills up
during a DOCX, PDF or XLSX write fail that document only (exit 1), the others are written,
an earlier output of the same name stays as it was and no temporary file is left. As root,
chmod does not stop writes: the tests mount a small or read-only tmpfs in a private mount
namespace (unshare -m), so nothing outside the test sees it.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import assert_conformant

from .conftest import command_line, copy_plan, letter_text, on_tmpfs, run

OLD = b"an earlier good output\n"
PAGE = 4096


def pages(size: int) -> int:
    return -(-size // PAGE) * PAGE


def big_letter() -> str:
    """The real letter with 250 long paragraphs of varied words: a DOCX of ~90 KB."""
    rng = random.Random(14)
    words = ["cơ quan", "đơn vị", "tỉnh", "huyện", "xã", "nhân dân", "ủy ban", "kế hoạch"]
    data = yaml.safe_load(letter_text())
    data["noi_dung"] = [" ".join(f"{rng.choice(words)} {rng.randint(0, 99999)}"
                                 for _ in range(60)) + "." for _ in range(250)]
    return yaml.safe_dump(data, allow_unicode=True)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.yaml").write_text(letter_text(), encoding="utf-8")
    (folder / "big.yaml").write_text(big_letter(), encoding="utf-8")
    (folder / "c.yaml").write_text(letter_text(), encoding="utf-8")
    return folder


def reference(sources: Path, tmp_path: Path, fmt: str) -> dict[str, int]:
    out = tmp_path / "reference"
    proc = run(["build", sources, "-o", out, "--format", fmt, "--workers", "1"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    return {p.name: p.stat().st_size for p in out.iterdir()}


def full_disk_build(sources: Path, tmp_path: Path, size: int, fmt: str,
                    old: str) -> tuple[int, str, Path]:
    """Build into a tmpfs of ``size`` bytes holding an earlier ``old`` output; return the exit
    status, stderr and a copy of what the folder held afterwards."""
    mount, seen = tmp_path / "disk", tmp_path / "seen"
    seen.mkdir()
    script = (f"printf '{OLD.decode().strip()}\\n' > disk/{old} && "
              + command_line(["build", sources, "-o", "disk", "--format", fmt,
                              "--workers", "1"])
              + " > stdout 2> stderr; echo $? > rc; cp -a disk/. seen/")
    proc = on_tmpfs(mount, f"size={size}", script, tmp_path)
    assert proc.returncode == 0, proc.stderr
    stderr = (tmp_path / "stderr").read_text()
    assert "Traceback" not in stderr
    return int((tmp_path / "rc").read_text()), stderr, seen


def test_output_naming_a_file_is_a_usage_error(tmp_path: Path, sources: Path) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(OLD)
    for args in (["build", sources / "a.yaml", "-o", target, "--format", "docx"],
                 ["consolidate", copy_plan(tmp_path / "plan"), "-o", target, "--format", "docx"],
                 ["form", tmp_path / "plan", "-o", target]):
        proc = run(args, tmp_path)
        assert proc.returncode == 2, (args, proc.stderr)
        assert "là một tệp đã có, không phải thư mục" in proc.stderr
        assert target.read_bytes() == OLD
    proc = run(["--lang", "en", "build", sources, "-o", target], tmp_path)
    assert proc.returncode == 2 and "is an existing file, not a folder" in proc.stderr


def test_read_only_folder(tmp_path: Path, sources: Path) -> None:
    seen = tmp_path / "seen"
    seen.mkdir()
    script = (command_line(["build", sources, "-o", "disk/out", "--format", "docx"])
              + " > stdout 2> stderr; echo $? > rc; cp -a disk/. seen/")
    proc = on_tmpfs(tmp_path / "disk", "ro,size=64k", script, tmp_path)
    assert proc.returncode == 0, proc.stderr
    stderr = (tmp_path / "stderr").read_text()
    assert int((tmp_path / "rc").read_text()) == 1
    assert "Traceback" not in stderr
    for name in ("a", "big", "c"):
        assert f"Không ghi được disk/out/{name}.docx: ổ đĩa chỉ cho phép đọc." in stderr
    assert "Đã dựng 0/3 văn bản." in stderr
    assert not any(seen.iterdir())


def test_disk_full_during_docx(tmp_path: Path, sources: Path) -> None:
    sizes = reference(sources, tmp_path, "docx")
    budget = pages(sizes["a.docx"]) + pages(sizes["c.docx"]) + 3 * PAGE
    assert budget < sizes["big.docx"]  # the big one cannot fit, the small ones can
    status, stderr, seen = full_disk_build(sources, tmp_path, budget, "docx", "big.docx")
    assert status == 1
    assert "Không ghi được disk/big.docx: đĩa đã đầy." in stderr
    assert "Đã dựng 2/3 văn bản." in stderr
    assert sorted(p.name for p in seen.iterdir()) == ["a.docx", "big.docx", "c.docx"]
    assert (seen / "big.docx").read_bytes() == OLD  # the earlier output is intact
    for name in ("a.docx", "c.docx"):
        assert_conformant(seen / name)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_disk_full_during_pdf(tmp_path: Path, sources: Path) -> None:
    (sources / "c.yaml").unlink()
    sizes = reference(sources, tmp_path, "both")
    held = pages(sizes["a.docx"]) + pages(sizes["big.docx"]) + PAGE + pages(sizes["a.pdf"])
    budget = held + 2 * PAGE
    assert budget - held < sizes["big.pdf"]
    status, stderr, seen = full_disk_build(sources, tmp_path, budget, "both", "big.pdf")
    assert status == 1
    assert "disk/big.pdf: không ghi được tệp PDF (đĩa đã đầy)" in stderr
    assert "Đã dựng 1/2 văn bản." in stderr
    names = sorted(p.name for p in seen.iterdir())
    assert names == ["a.docx", "a.pdf", "big.docx", "big.pdf"], names
    assert (seen / "big.pdf").read_bytes() == OLD
    assert (seen / "a.pdf").read_bytes().startswith(b"%PDF")


def test_disk_full_during_xlsx(tmp_path: Path) -> None:
    plan = copy_plan(tmp_path / "plan")
    ref = tmp_path / "reference"
    assert run(["consolidate", plan, "-o", ref, "--format", "docx"], tmp_path).returncode == 0
    docx = [p for p in ref.rglob("*.docx")]
    xlsx = (ref / "tong-hop.xlsx").stat().st_size
    budget = sum(pages(p.stat().st_size) for p in docx) + 2 * PAGE  # + the don-vi folder
    assert xlsx > PAGE
    mount, seen = tmp_path / "disk", tmp_path / "seen"
    seen.mkdir()
    script = (command_line(["consolidate", plan, "-o", "disk", "--format", "docx"])
              + " > stdout 2> stderr; echo $? > rc; cp -a disk/. seen/")
    proc = on_tmpfs(mount, f"size={budget}", script, tmp_path)
    assert proc.returncode == 0, proc.stderr
    stderr = (tmp_path / "stderr").read_text()
    assert int((tmp_path / "rc").read_text()) == 1
    assert "Traceback" not in stderr
    assert "Không ghi được disk/tong-hop.xlsx: đĩa đã đầy." in stderr
    assert not (seen / "tong-hop.xlsx").exists()
    assert sorted(p.relative_to(seen) for p in seen.rglob("*.docx")) == \
        sorted(p.relative_to(ref) for p in docx)
    assert not list(seen.rglob("*.tmp"))

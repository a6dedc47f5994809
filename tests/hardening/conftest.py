"""Helpers for the hardening tests: run ``vanban`` as a user would, in a subprocess, and
(where a test needs a small or read-only disk) inside a private mount namespace."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import LETTER, ROOT

VANBAN = [sys.executable, "-m", "generator.cli"]
PLAN = ROOT / "content" / "plans" / "dao-tao-boi-duong-2017"


def run(args: list[str | Path], cwd: Path, *, timeout: float = 120,
        input: bytes | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``vanban ARGS`` in ``cwd`` (``env``: the whole environment); never a Python traceback
    on stderr."""
    env = dict(env or os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([*VANBAN, *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=env, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout
    return proc


def command_line(args: list[str | Path]) -> str:
    return shlex.join([*VANBAN, *map(str, args)])


def need_mount_namespace() -> None:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare(1) for a private tmpfs")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"unshare -m refused: {probe.stderr.decode(errors='replace')}")


def on_tmpfs(mount: Path, options: str, script: str, cwd: Path,
             timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run the shell ``script`` with a fresh tmpfs (``options``, e.g. ``size=64k``) mounted on
    ``mount``, in a private mount namespace: the host never sees it; it is gone afterwards,
    so the script records what it wants to assert in files outside ``mount``."""
    need_mount_namespace()
    mount.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    full = f"mount -t tmpfs -o {shlex.quote(options)} tmpfs {shlex.quote(str(mount))} && " \
           + script
    return subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", full],
                          cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env,
                          check=False)


def letter_text() -> str:
    return LETTER.read_text(encoding="utf-8")


def copy_plan(target: Path) -> Path:
    shutil.copytree(PLAN, target)
    return target

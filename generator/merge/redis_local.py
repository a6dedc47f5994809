"""A private Redis for tests, benchmarks and trying the queue on one machine: started on a
free port, persistence off, its own data folder; never the system's daemon on 6379."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path


class RedisUnavailable(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def private_redis(folder: Path, timeout: float = 20.0) -> Iterator[str]:
    """Run ``redis-server`` for the duration of the block; yields its ``redis://`` URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RedisUnavailable("redis-server is not installed (scripts/install-system-deps.sh)")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(folder), "--daemonize", "no",
         "--logfile", str(folder / "redis.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        from redis import Redis

        deadline = time.monotonic() + timeout
        while True:
            try:
                Redis.from_url(url).ping()
                break
            except Exception:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = (folder / "redis.log")
                    tail = log.read_text(errors="replace")[-500:] if log.exists() else ""
                    raise RedisUnavailable(f"redis-server did not start: {tail}") from None
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

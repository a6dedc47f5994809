"""A throwaway PostgreSQL server for the tests and the benchmark (never for an office).

``initdb`` and ``postgres`` run as the ``postgres`` user when we are root (PostgreSQL
refuses root), on a data folder that user owns, listening only on a Unix socket in a
private folder under a port number chosen at run time; stopped and removed afterwards.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


class PostgresUnavailable(RuntimeError):
    pass


def _tool(name: str) -> str:
    for folder in _BIN_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise PostgresUnavailable(f"{name} not found: install the Debian package postgresql "
                                  "(scripts/install-system-deps.sh)")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class PostgresServer:
    root: Path
    socket_dir: Path
    port: int
    process: subprocess.Popen[bytes]

    def url(self, database: str = "postgres") -> str:
        return (f"postgresql://postgres@/{database}?host={self.socket_dir}&port={self.port}")

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), port=self.port, user="postgres",
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _as_postgres(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return [shutil.which("runuser") or "/usr/sbin/runuser", "-u", "postgres", "--", *argv]


@contextlib.contextmanager
def postgres_server(timeout: float = 60.0) -> Iterator[PostgresServer]:
    """Start a private server; yield it; stop it and delete its files."""
    initdb, postgres = _tool("initdb"), _tool("postgres")
    root = Path(tempfile.mkdtemp(prefix="vanban-pg-"))
    data, sockets = root / "data", root / "socket"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    process: subprocess.Popen[bytes] | None = None
    try:
        result = subprocess.run(
            _as_postgres([initdb, "-D", str(data), "-U", "postgres", "-A", "trust",
                          "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
            capture_output=True, cwd=root, timeout=timeout)
        if result.returncode != 0:
            raise PostgresUnavailable("initdb failed: " + result.stderr.decode()[-2000:])
        port = _free_port()
        log = open(root / "server.log", "wb")  # noqa: SIM115 - closed with the server
        process = subprocess.Popen(
            _as_postgres([postgres, "-D", str(data), "-k", str(sockets), "-p", str(port),
                          "-c", "listen_addresses=", "-c", "fsync=off",
                          "-c", "max_connections=60"]),
            stdout=log, stderr=subprocess.STDOUT, cwd=root, start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while not (sockets / f".s.PGSQL.{port}").exists():
            if process.poll() is not None or time.monotonic() > deadline:
                raise PostgresUnavailable("postgres did not start: "
                                          + (root / "server.log").read_text()[-2000:])
            time.sleep(0.1)
        server = PostgresServer(root, sockets, port, process)
        _wait_ready(server, deadline)
        yield server
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)  # fast shutdown
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        shutil.rmtree(root, ignore_errors=True)


def _wait_ready(server: PostgresServer, deadline: float) -> None:
    import psycopg

    while True:
        try:
            with psycopg.connect(host=str(server.socket_dir), port=server.port,
                                 user="postgres", dbname="postgres"):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)

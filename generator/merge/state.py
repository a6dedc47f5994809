"""The batch's journal, a SQLite file in the output folder (``.vanban/merge.sqlite``).

It is what makes a batch resumable and its memory flat: rows are planned into it, built
from it in row order, and the combined PDF, ZIP and summary are written from it.

* ``done``: outputs already built, by the content hash of their input (kept across runs);
* ``numbers``: numbers allocated to rows of a data file (kept across runs: a resumed batch
  reuses them);
* ``rows``: this run's plan, one row per selected data row (rebuilt by every run).
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STATE_DIR = ".vanban"
STATE_FILE = "merge.sqlite"

PENDING, BUILT, INVALID, FAILED = "pending", "built", "invalid", "failed"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS done (key TEXT NOT NULL, docx TEXT NOT NULL, pdf TEXT,
    pages INTEGER, PRIMARY KEY (key, docx));
CREATE TABLE IF NOT EXISTS numbers (source TEXT NOT NULL, row INTEGER NOT NULL,
    number INTEGER NOT NULL, book TEXT, PRIMARY KEY (source, row));
CREATE TABLE IF NOT EXISTS rows (row INTEGER PRIMARY KEY, name TEXT UNIQUE, key TEXT,
    status TEXT NOT NULL, number INTEGER, title TEXT, message_vi TEXT, message_en TEXT,
    data BLOB, pages INTEGER, attempts INTEGER DEFAULT 0);
"""


@dataclass
class RowRecord:
    row: int
    name: str | None
    key: str | None
    status: str
    number: int | None
    title: str | None
    message_vi: str | None
    message_en: str | None
    data: dict[str, Any] | None
    pages: int | None


class Journal:
    def __init__(self, out_dir: Path) -> None:
        folder = out_dir / STATE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / STATE_FILE
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    # -- plan

    def start_plan(self) -> None:
        self.db.execute("DELETE FROM rows")
        self.db.execute("BEGIN")

    def end_plan(self) -> None:
        self.db.execute("COMMIT")

    def name_taken(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM rows WHERE name = ?", (name,)).fetchone() \
            is not None

    def add_row(self, row: int, name: str | None, status: str, *, title: str | None = None,
                data: dict[str, Any] | None = None, message: tuple[str, str] | None = None,
                ) -> None:
        self.db.execute(
            "INSERT INTO rows (row, name, status, title, data, message_vi, message_en) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (row, name, status, title,
             pickle.dumps(data, protocol=5) if data is not None else None,
             *(message or (None, None))))

    def set_key(self, row: int, key: str, data: dict[str, Any], number: int | None) -> None:
        self.db.execute("UPDATE rows SET key = ?, data = ?, number = ? WHERE row = ?",
                        (key, pickle.dumps(data, protocol=5), number, row))

    # -- numbers

    def number_of(self, source: str, row: int) -> int | None:
        found = self.db.execute("SELECT number FROM numbers WHERE source = ? AND row = ?",
                                (source, row)).fetchone()
        return found[0] if found else None

    def keep_number(self, source: str, row: int, number: int, book: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO numbers VALUES (?, ?, ?, ?)",
                        (source, row, number, book))

    # -- build

    def records(self, status: str | None = None, batch: int = 500) -> Iterator[RowRecord]:
        """Rows in row order, read a batch at a time (the table may change meanwhile)."""
        last = -1
        while True:
            query = ("SELECT row, name, key, status, number, title, message_vi, message_en, "
                     "data, pages FROM rows WHERE row > ?"
                     + (" AND status = ?" if status else "") + " ORDER BY row LIMIT ?")
            args: tuple[Any, ...] = (last, status, batch) if status else (last, batch)
            chunk = self.db.execute(query, args).fetchall()
            if not chunk:
                return
            for values in chunk:
                data = pickle.loads(values[8]) if values[8] is not None else None  # noqa: S301
                yield RowRecord(*values[:8], data, values[9])
            last = chunk[-1][0]

    def is_done(self, key: str, docx: str, pdf: str | None, out_dir: Path) -> int | None:
        """Pages of an output already built from this input (None: build it)."""
        found = self.db.execute("SELECT pdf, pages FROM done WHERE key = ? AND docx = ?",
                                (key, docx)).fetchone()
        if found is None or found[0] != pdf or not (out_dir / docx).is_file():
            return None
        if pdf is not None and not (out_dir / pdf).is_file():
            return None
        return found[1] or 0

    def mark_built(self, row: int, key: str, docx: str, pdf: str | None, pages: int) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO done VALUES (?, ?, ?, ?)",
                            (key, docx, pdf, pages))
            self.db.execute("UPDATE rows SET status = ?, pages = ? WHERE row = ?",
                            (BUILT, pages, row))

    def mark_failed(self, row: int, message: tuple[str, str]) -> None:
        self.db.execute("UPDATE rows SET status = ?, message_vi = ?, message_en = ? "
                        "WHERE row = ?", (FAILED, *message, row))

    def status_of(self, row: int) -> str | None:
        found = self.db.execute("SELECT status FROM rows WHERE row = ?", (row,)).fetchone()
        return found[0] if found else None

    def count(self, status: str) -> int:
        return self.db.execute("SELECT COUNT(*) FROM rows WHERE status = ?",
                               (status,)).fetchone()[0]

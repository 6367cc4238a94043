"""SQLite storage for the sandbox: one table of JSON rows per model, sequences, one transaction per call.

Each RPC call runs inside ``BEGIN ... COMMIT`` (or ``ROLLBACK`` on error), which is Odoo's
one-transaction-per-call rule. Records are kept as JSON documents keyed by (model, id) so that the
schema lives in Python model classes, not in DDL; a per-model in-memory copy makes reads cheap and
is thrown away on rollback so it can never disagree with what SQLite committed.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS record (model TEXT NOT NULL, id INTEGER NOT NULL, data TEXT NOT NULL,
                                   PRIMARY KEY (model, id));
CREATE TABLE IF NOT EXISTS id_seq (model TEXT PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sequence (code TEXT PRIMARY KEY, next INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class Storage:
    """A SQLite database (file or ``:memory:``) holding every sandbox record."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.executescript(_SCHEMA)
        self.lock = threading.RLock()
        self._cache: dict[str, dict[int, dict[str, Any]]] = {}
        self._index: dict[tuple[str, str], dict[Any, set[int]]] = {}
        self._in_tx = False

    # -- transactions -------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit of work; nested use joins the outer transaction."""
        with self.lock:
            if self._in_tx:
                yield
                return
            self.conn.execute("BEGIN")
            self._in_tx = True
            try:
                yield
            except BaseException:
                self.conn.execute("ROLLBACK")
                self._cache.clear()
                self._index.clear()
                raise
            else:
                self.conn.execute("COMMIT")
            finally:
                self._in_tx = False

    # -- records ----------------------------------------------------------------------
    def table(self, model: str) -> dict[int, dict[str, Any]]:
        """All records of a model as ``{id: values}`` (the live cache: do not mutate directly)."""
        rows = self._cache.get(model)
        if rows is None:
            rows = {
                rid: json.loads(data)
                for rid, data in self.conn.execute(
                    "SELECT id, data FROM record WHERE model = ? ORDER BY id", (model,)
                )
            }
            self._cache[model] = rows
        return rows

    def children(self, model: str, field: str, value: Any) -> list[int]:
        """Ids of ``model`` records whose ``field`` equals ``value`` (an index kept up to date)."""
        idx = self._index.get((model, field))
        if idx is None:
            idx = {}
            for rid, rec in self.table(model).items():
                idx.setdefault(rec.get(field), set()).add(rid)
            self._index[(model, field)] = idx
        return sorted(idx.get(value, ()))

    def _reindex(self, model: str, rid: int, old: dict[str, Any] | None, new: dict[str, Any] | None) -> None:
        for (m, field), idx in self._index.items():
            if m != model:
                continue
            if old is not None:
                idx.get(old.get(field), set()).discard(rid)
            if new is not None:
                idx.setdefault(new.get(field), set()).add(rid)

    def get(self, model: str, rid: int) -> dict[str, Any] | None:
        """One record's stored values, or None."""
        return self.table(model).get(rid)

    def next_id(self, model: str) -> int:
        """Allocate the next id of a model (ids are never reused, like PostgreSQL serials)."""
        row = self.conn.execute("SELECT last FROM id_seq WHERE model = ?", (model,)).fetchone()
        nxt = (row[0] if row else 0) + 1
        self.conn.execute(
            "INSERT INTO id_seq (model, last) VALUES (?, ?) ON CONFLICT(model) DO UPDATE SET last = ?",
            (model, nxt, nxt),
        )
        return nxt

    def bump_ids(self, model: str, at_least: int) -> None:
        """Make sure later ids of ``model`` are above ``at_least`` (used when seeding fixed ids)."""
        row = self.conn.execute("SELECT last FROM id_seq WHERE model = ?", (model,)).fetchone()
        if row is None or row[0] < at_least:
            self.conn.execute(
                "INSERT INTO id_seq (model, last) VALUES (?, ?) ON CONFLICT(model) DO UPDATE SET last = ?",
                (model, at_least, at_least),
            )

    def insert(self, model: str, rid: int, values: dict[str, Any]) -> None:
        """Store a new record."""
        self.conn.execute(
            "INSERT INTO record (model, id, data) VALUES (?, ?, ?)", (model, rid, json.dumps(values))
        )
        table = self.table(model)
        self._reindex(model, rid, None, values)
        table[rid] = values

    def update(self, model: str, rid: int, values: dict[str, Any]) -> None:
        """Replace a record's stored values."""
        self.conn.execute(
            "UPDATE record SET data = ? WHERE model = ? AND id = ?", (json.dumps(values), model, rid)
        )
        table = self.table(model)
        self._reindex(model, rid, table.get(rid), values)
        table[rid] = values

    def delete(self, model: str, rid: int) -> None:
        """Remove a record."""
        self.conn.execute("DELETE FROM record WHERE model = ? AND id = ?", (model, rid))
        self._reindex(model, rid, self.table(model).get(rid), None)
        self.table(model).pop(rid, None)

    # -- sequences and metadata ---------------------------------------------------------
    def next_sequence(self, code: str, start: int = 1) -> int:
        """Next number of a named sequence (like ``ir.sequence``)."""
        row = self.conn.execute("SELECT next FROM sequence WHERE code = ?", (code,)).fetchone()
        value = row[0] if row else start
        self.conn.execute(
            "INSERT INTO sequence (code, next) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET next = ?",
            (code, value + 1, value + 1),
        )
        return value

    def get_meta(self, key: str) -> str | None:
        """A stored setting (e.g. whether demo data was loaded)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting."""
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = ?",
            (key, value, value),
        )

    def close(self) -> None:
        """Close the database."""
        self.conn.close()

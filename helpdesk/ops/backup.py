"""Backup and restore of the whole database as portable, gzipped JSON lines.

The format does not depend on the database: a backup taken from SQLite restores into
PostgreSQL and back. Restore goes only into an empty, migrated database of the same
schema revision; rows are inserted parent tables first, in one transaction.
"""

from __future__ import annotations

import base64
import gzip
import json
import logging
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.engine import Connection

from helpdesk.extensions import db
from helpdesk.logs import event

FORMAT = "helpdesk-backup/1"
CHUNK = 1000

log = logging.getLogger(__name__)


class RestoreRefused(RuntimeError):
    pass


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$b64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        (key, raw), = value.items()
        if key == "$b64":
            return base64.b64decode(raw)
        if key == "$dt":
            return datetime.fromisoformat(raw)
        if key == "$d":
            return date.fromisoformat(raw)
        if key == "$dec":
            return Decimal(raw)
    return value


def tables() -> list[Table]:
    return list(db.metadata.sorted_tables)


def _revision(connection: Connection) -> str | None:
    try:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # no alembic table: not a migrated database
        return None


def backup(path: Path, *, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write every row of every table; returns the row count per table."""
    started = time.perf_counter()
    counts: dict[str, int] = {}
    # One read transaction: the backup is a consistent snapshot.
    with (db.engine.connect() as connection, connection.begin(),
          gzip.open(path, "wt", encoding="utf-8") as out):
        header = {"format": FORMAT, "revision": _revision(connection),
                  "tables": [t.name for t in tables()]}
        out.write(json.dumps(header) + "\n")
        for table in tables():
            counts[table.name] = 0
            order = list(table.primary_key.columns) or list(table.columns)
            for row in connection.execute(select(table).order_by(*order)):
                record = {"t": table.name,
                          "r": {k: _encode(v) for k, v in row._mapping.items()}}
                out.write(json.dumps(record) + "\n")
                counts[table.name] += 1
            if progress is not None:
                progress(1)
    _log_done("backup.written", path, counts, started)
    return counts


def _log_done(name: str, path: Path, counts: dict[str, int], started: float) -> None:
    event(log, name, file=str(path), file_bytes=path.stat().st_size, tables=len(counts),
          rows=sum(counts.values()),
          duration_ms=round((time.perf_counter() - started) * 1000, 1))


def _records(stream: IO[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    for line in stream:
        record = json.loads(line)
        yield record["t"], {k: _decode(v) for k, v in record["r"].items()}


def restore(path: Path) -> dict[str, int]:
    """Load a backup into this (empty, migrated) database; returns rows per table."""
    started = time.perf_counter()
    by_name = {t.name: t for t in tables()}
    counts = dict.fromkeys(by_name, 0)
    with gzip.open(path, "rt", encoding="utf-8") as stream, db.engine.begin() as connection:
        header = json.loads(stream.readline() or "{}")
        if header.get("format") != FORMAT:
            raise RestoreRefused(f"{path} is not a helpdesk backup")
        if header.get("revision") != _revision(connection):
            raise RestoreRefused(
                f"the backup is of schema revision {header.get('revision')}, this database is "
                f"at {_revision(connection)}: run `helpdesk init-db` on a matching version")
        for table in by_name.values():
            if connection.execute(select(func.count()).select_from(table)).scalar():
                raise RestoreRefused(f"the database is not empty (table {table.name} has "
                                     "rows); restore only into a new database")
        batch: list[dict[str, Any]] = []
        current: str | None = None
        for name, row in _records(stream):
            if name not in by_name:
                raise RestoreRefused(f"the backup has a table this schema lacks: {name}")
            if name != current and batch:
                connection.execute(insert(by_name[current]), batch)  # type: ignore[index]
                batch = []
            current = name
            batch.append(row)
            counts[name] += 1
            if len(batch) >= CHUNK:
                connection.execute(insert(by_name[name]), batch)
                batch = []
        if batch and current is not None:
            connection.execute(insert(by_name[current]), batch)
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection, by_name.values())
    _log_done("backup.restored", path, counts, started)
    return counts


def _reset_sequences(connection: Connection, tables: Any) -> None:
    """Explicit ids were inserted: move each serial sequence past the highest one."""
    for table in tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True or (
                    column.autoincrement == "auto" and column.type.python_type is int):
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                    f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                    f" WHERE pg_get_serial_sequence('{table.name}', '{column.name}') IS NOT NULL"))

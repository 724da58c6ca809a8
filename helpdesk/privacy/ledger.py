"""Which people were erased, kept beside the backups rather than in the database.

Seed 000, Deel 4 art. 7: when a restore is needed within 90 days of a deletion, the data is
deleted again after the restore. A restored database has forgotten the erasure, so the
ledger lives in the backup folder (it names only kinds and row ids, no personal data), and
a scheduler taking the lead (at start) and the daily retention run erase again whoever it
lists but the database shows unerased.
Each line also names when the row was created, so a row id reused after a restore by
someone new is never mistaken for the erased person.
Lines older than the 90-day backup window are dropped: no backup that old remains."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

FILENAME = "erasures.jsonl"
WINDOW = timedelta(days=90)


@dataclass(frozen=True)
class Erasure:
    kind: str  # contact or staff
    id: int
    created_at: datetime  # of the person's row
    at: datetime  # of the erasure

    def line(self) -> str:
        return json.dumps({"kind": self.kind, "id": self.id,
                           "created_at": self.created_at.isoformat(),
                           "at": self.at.isoformat()}) + "\n"


def remember(folder: Path, erasure: Erasure) -> None:
    """Append one erasure; call it after the erasure was committed."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / FILENAME).open("a", encoding="utf-8") as ledger:
        ledger.write(erasure.line())


def remembered(folder: Path, now: datetime) -> list[Erasure]:
    """The erasures of the last 90 days (unreadable lines are skipped, not fatal)."""
    path = folder / FILENAME
    if not path.is_file():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            item = json.loads(line)
            entry = Erasure(str(item["kind"]), int(item["id"]),
                            datetime.fromisoformat(item["created_at"]),
                            datetime.fromisoformat(item["at"]))
        except (ValueError, KeyError, TypeError):
            continue
        if now - entry.at <= WINDOW:
            found.append(entry)
    return found


def prune(folder: Path, now: datetime) -> None:
    """Keep only the lines still inside the backup window."""
    path = folder / FILENAME
    if not path.is_file():
        return
    path.write_text("".join(e.line() for e in remembered(folder, now)), encoding="utf-8")


def of(person: object, at: datetime) -> Erasure:
    return Erasure(person.kind, person.id, person.created_at, at)  # type: ignore[attr-defined]


def remember_in_app(person: object, at: datetime) -> None:
    """After a committed erasure from a page or the CLI: note it in the configured backup
    folder. A full disk must not undo an erasure that stands, so failure is only logged."""
    from flask import current_app

    from helpdesk.privacy.retention import backup_folder

    try:
        remember(backup_folder(current_app.config, current_app.instance_path), of(person, at))
    except OSError:
        logging.getLogger(__name__).exception("could not note the erasure in the ledger")

"""Store a mailbox's new messages in inbound_mail, then move or flag them on the server.

The order is what makes it safe: a batch of messages is fetched with BODY.PEEK[] (which
leaves \\Seen alone), inserted into inbound_mail in ONE transaction together with the
mailbox's new `last_uid`, and only after that commit moved to the processed folder or
flagged \\Seen. So:

- a crash or a dropped connection before the commit stores nothing and moves nothing: the
  next session fetches the same UIDs again;
- a crash after the commit leaves stored messages unmoved: `settle` (at the start of every
  session) moves or flags what is stored but still waiting, and nothing is stored twice,
  because the UIDs are at or below `last_uid`;
- two readers (a second machine that believes it leads) cannot both store a batch: the
  `last_uid` update is conditional on the value the reader started from, so the second
  commit matches no row and rolls back with its inserts;
- a new UIDVALIDITY (the folder was rebuilt, UIDs renumbered) starts the folder over from
  UID 1 (with "seen" chosen, the messages already there only if unread: `start`); what was
  stored already is recognised at processing by its Message-ID, or by its
  content hash on the day the server received it (INTERNALDATE, which survives the
  renumbering), so it never becomes a second ticket (intake/mail.py's dedupe).

Turning stored mail into tickets is the SMTP intake's path (intake/mail.py), unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from imapclient import IMAPClient
from sqlalchemy import insert, update

from helpdesk.extensions import db
from helpdesk.imap.connect import Selected
from helpdesk.intake.group_commit import _synced
from helpdesk.intake.store import dedup_key_for
from helpdesk.logs import event
from helpdesk.models import InboundMail, Mailbox

log = logging.getLogger(__name__)

BATCH = 200  # messages per fetch and per storage transaction
BATCH_BYTES = 32 * 1024 * 1024  # and at most this much mail in memory at once (but one)


class Superseded(Exception):
    """Another reader stored this mailbox's messages meanwhile: this one stops reading."""


@dataclass
class Position:
    """How far the mailbox is stored, as this reader last committed it."""

    mailbox_id: int
    uidvalidity: int
    last_uid: int
    unseen_only_below: int = 0


def start(mailbox_id: int, selected: Selected, *, now: datetime,
          after_storing: str = "move") -> Position:
    """The position to read from. On a new UIDVALIDITY (or the first read) the folder starts
    over: all of it where stored mail is moved away (what is left is unprocessed), and with
    "seen" chosen the messages there already only if unread."""
    box = db.session.get(Mailbox, mailbox_id, populate_existing=True)
    if box is None:
        raise Superseded("the mailbox was deleted")
    if box.uidvalidity != selected.uidvalidity:
        previous = box.uidvalidity
        below = selected.uidnext if after_storing == "seen" else 0
        changed = db.session.execute(
            update(Mailbox).where(Mailbox.id == mailbox_id,
                                  Mailbox.uidvalidity.is_(None) if previous is None
                                  else Mailbox.uidvalidity == previous)
            .values(uidvalidity=selected.uidvalidity, last_uid=0, unseen_only_below=below,
                    last_checked_at=now)).rowcount
        db.session.commit()
        if not changed:
            raise Superseded("another reader reset the UIDVALIDITY")
        if previous is not None:
            log.warning("mailbox %s: UIDVALIDITY changed from %s to %s; reading the folder "
                        "again (stored mail is recognised and not processed twice)",
                        mailbox_id, previous, selected.uidvalidity)
        return Position(mailbox_id, selected.uidvalidity, 0, below)
    db.session.commit()
    return Position(mailbox_id, selected.uidvalidity, box.last_uid, box.unseen_only_below)


def new_uids(client: IMAPClient, position: Position) -> list[int]:
    """The UIDs above the position, but below `unseen_only_below` only the unread ones."""
    after = position.last_uid + 1
    uids: list[int] = []
    if after < position.unseen_only_below:
        uids += client.search(["UNSEEN", "UID", f"{after}:{position.unseen_only_below - 1}"])
        after = position.unseen_only_below
    # "n:*" always names the last message, even one below n
    uids += [uid for uid in client.search(["UID", f"{after}:*"]) if uid >= after]
    return sorted(set(uid for uid in uids if uid > position.last_uid))


def drain(client: IMAPClient, position: Position, *, now: Callable[[], datetime],
          after_storing: str, processed_folder: str, recipient: str,
          batch: int = BATCH, on_stored: Callable[[int], None] | None = None) -> int:
    """Store every message above the position, a batch at a time; returns how many."""
    uids = new_uids(client, position)
    if not uids:
        return 0
    sizes = {uid: int(item.get(b"RFC822.SIZE", 0))  # type: ignore[call-overload]
             for uid, item in client.fetch(uids, ["RFC822.SIZE"]).items()}
    stored = 0
    for chunk in batches(sorted(uids), sizes, count=batch, size=BATCH_BYTES):
        fetched = client.fetch(chunk, ["BODY.PEEK[]", "INTERNALDATE"])
        stored += store(position, chunk, fetched, now=now(), recipient=recipient)
        if on_stored is not None:  # processing needs the commit only, not the move
            on_stored(len(fetched))
        finish(client, chunk, after_storing=after_storing, processed_folder=processed_folder)
    return stored


def store(position: Position, chunk: list[int], fetched: dict[int, dict[bytes, object]], *,
          now: datetime, recipient: str) -> int:
    """One transaction: the fetched messages and the new position, or neither. A UID of the
    chunk missing from the fetch was expunged meanwhile: there is nothing left to store."""
    rows = []
    for uid in chunk:
        item = fetched.get(uid)
        if item is None:
            continue
        raw = bytes(item[b"BODY[]"])  # type: ignore[arg-type]
        arrived = item.get(b"INTERNALDATE")
        day = (arrived.astimezone(UTC) if isinstance(arrived, datetime) else now).date()
        rows.append({
            "received_at": now, "peer": f"imap:{position.mailbox_id}:{position.uidvalidity}:{uid}",
            "envelope_from": "", "envelope_to": recipient[:320], "raw": raw, "size": len(raw),
            "dedup_key": dedup_key_for(raw, day=day.isoformat()), "state": "received"})
    last = max(chunk)
    with db.engine.connect() as connection, _synced(connection):
        if rows:
            connection.execute(insert(InboundMail), rows)
        moved = connection.execute(
            update(Mailbox).where(Mailbox.id == position.mailbox_id,
                                  Mailbox.uidvalidity == position.uidvalidity,
                                  Mailbox.last_uid == position.last_uid)
            .values(last_uid=last, last_checked_at=now, last_error=None)).rowcount
        if not moved:
            connection.rollback()
            raise Superseded("another reader stored these messages")
        connection.commit()
    position.last_uid = last
    event(log, "imap.stored", mailbox_id=position.mailbox_id, count=len(rows), last_uid=last)
    return len(rows)


def settle(client: IMAPClient, position: Position, *, after_storing: str,
           processed_folder: str) -> int:
    """Move or flag what is stored but still waiting in the folder (a crash or a dropped
    connection between the storage commit and the move); returns how many."""
    if not position.last_uid:
        return 0
    criteria = ["UID", f"1:{position.last_uid}"]
    if after_storing == "seen":
        criteria = ["UNSEEN", *criteria]
    waiting = [uid for uid in client.search(criteria) if uid <= position.last_uid]
    for chunk in _chunks(sorted(waiting), BATCH):
        finish(client, chunk, after_storing=after_storing, processed_folder=processed_folder)
    return len(waiting)


def finish(client: IMAPClient, uids: list[int], *, after_storing: str,
           processed_folder: str) -> None:
    """What the mailbox's administrator chose for stored mail: moved, or flagged \\Seen."""
    if not uids:
        return
    if after_storing != "move":
        client.add_flags(uids, [b"\\Seen"], silent=True)
        return
    if client.has_capability("MOVE"):
        client.move(uids, processed_folder)
        return
    client.copy(uids, processed_folder)
    client.add_flags(uids, [b"\\Deleted"], silent=True)
    if client.has_capability("UIDPLUS"):
        client.uid_expunge(uids)
    else:
        client.expunge()


def batches(uids: list[int], sizes: dict[int, int], *, count: int,
            size: int) -> Iterator[list[int]]:
    """UIDs in order, at most `count` a batch and at most `size` bytes (a larger message
    makes a batch of its own): a mailbox of large attachments is read in bounded memory."""
    chunk: list[int] = []
    total = 0
    for uid in uids:
        grows = sizes.get(uid, 0)
        if chunk and (len(chunk) >= count or total + grows > size):
            yield chunk
            chunk, total = [], 0
        chunk.append(uid)
        total += grows
    if chunk:
        yield chunk


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start_at in range(0, len(items), size):
        yield items[start_at:start_at + size]

"""Turn stored inbound mail into tickets, customer messages or held mail.

Runs after the SMTP listener has committed the raw message (so nothing is lost): in the
listener's writer thread between storage commits, and on start-up for what is left. Mail
is processed in small batches, one transaction each: the batch is claimed with a
conditional update, and every message gets a savepoint of its own, so a message that fails
is marked failed (its raw bytes kept) without taking the rest of the batch down. A
message's identity (Message-ID, else content hash per day) is recorded in a unique row
first: a retried delivery never becomes a second ticket or message.

Where a message goes is decided in `routing.route`, the same for one message or many.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from helpdesk.extensions import db
from helpdesk.intake.attachments import MAX_ATTACHMENT_BYTES
from helpdesk.intake.lookups import Lookups
from helpdesk.intake.opening import PlannedTicket
from helpdesk.intake.routing import Incoming, Outcome, open_planned, plan, route
from helpdesk.logs import event
from helpdesk.mail import authresults, normalise_address, parse_message
from helpdesk.models import InboundMail, ProcessedMailKey

log = logging.getLogger(__name__)

# Messages per transaction: enough to share the commit, few enough that the write lock
# is short and the listener's next storage commit never waits long.
BATCH_SIZE = 20

DUPLICATE = Outcome("duplicate", note="same message delivered again; ignored")
FAILED = Outcome("failed", note="processing failed; raw message kept")

_CLAIM = (
    update(InboundMail)
    .where(InboundMail.id.in_(bindparam("ids", expanding=True)),
           InboundMail.state == "received")
    .values(state="processing")
    .returning(InboundMail.id)
)
_REMEMBER = insert(ProcessedMailKey)
_RECORD = update(InboundMail).where(InboundMail.id == bindparam("mail_id"))


@dataclass(frozen=True)
class Stored:
    id: int
    received_at: datetime
    dedup_key: str
    envelope_from: str
    raw: bytes


def process_pending(now: datetime, *, limit: int = 200, batch: int = BATCH_SIZE,
                    guard: AbstractContextManager[object] | None = None,
                    share: tuple[int, int] | None = None) -> int:
    """Process stored messages oldest first; returns how many were handled.

    `guard` is held around each batch's write transaction (the intake workers' write token,
    worker.py), so that the listener's storage commits never queue behind SQLite's lock.
    `share` (i, n) takes only the messages whose id is i modulo n: one of n workers'."""
    handled = 0
    while handled < limit:
        outcomes = process_batch(_stored(limit=min(batch, limit - handled), share=share),
                                 now, guard=guard)
        if not outcomes:
            break
        handled += len(outcomes)
    return handled


def process_one(mail_id: int, now: datetime) -> Outcome | None:
    return process_batch(_stored(ids=[mail_id]), now).get(mail_id)


def process_batch(batch: list[Stored], now: datetime, *,
                  guard: AbstractContextManager[object] | None = None) -> dict[int, Outcome]:
    """One transaction: claim the batch, then route each message.

    Parsing, the lookups and working out the new tickets only read, so they happen before
    the write transaction (and outside `guard`): the write lock is held for the writing."""
    if not batch:
        return {}
    # Processing never comes before receipt: mail stored after the caller read the clock
    # would otherwise be folded as not yet submitted (no priority, no deadline, no wake).
    now = max([now, *(mail.received_at for mail in batch)])
    incoming = [_parsed(mail) for mail in batch]
    lookups = Lookups(now, [mail.sender for mail in incoming if mail.sender])
    plans = {}
    for mail in incoming:
        try:
            plans[mail.id] = plan(mail, lookups, now)
        except Exception:  # routed again inside the transaction, where a failure is kept
            plans[mail.id] = None
    with guard or nullcontext():
        return _write_batch(incoming, lookups, plans, now)


def _write_batch(incoming: list[Incoming], lookups: Lookups,
                 plans: dict[int, PlannedTicket | None], now: datetime) -> dict[int, Outcome]:
    """Route the batch in one go; should anything fail, route it again message by message,
    each in a savepoint, so that only the failing message is marked failed."""
    for careful in (False, True):
        try:
            outcomes = _route_batch(incoming, lookups, {} if careful else plans, now,
                                    careful=careful)
            db.session.commit()
            _log_outcomes(incoming, outcomes)
            return outcomes
        except OperationalError:  # the database is busy: the batch stays queued, try later
            db.session.rollback()
            log.warning("inbound mail: database busy, %d messages will be retried",
                        len(incoming))
            return {}
        except Exception:
            db.session.rollback()
            if careful:
                raise
            log.info("inbound mail: a batch of %d is routed again message by message",
                     len(incoming))
    raise AssertionError("unreachable")


def _log_outcomes(incoming: list[Incoming], outcomes: dict[int, Outcome]) -> None:
    """One line per message once its outcome is committed; the sender's address, the
    subject and the text are personal data and stay out of the log."""
    for mail in incoming:
        outcome = outcomes.get(mail.id)
        if outcome is None:  # claimed by another process
            continue
        event(log, f"mail.{outcome.state}",
              level=logging.ERROR if outcome.state == "failed" else logging.INFO,
              mail_id=mail.id, ticket_id=outcome.ticket_id, ticket=outcome.reference,
              reason=outcome.held_reason, parse_warnings=len(mail.parsed.warnings),
              attachments=len(mail.parsed.attachments))


def _route_batch(incoming: list[Incoming], lookups: Lookups,
                 plans: dict[int, PlannedTicket | None], now: datetime, *,
                 careful: bool) -> dict[int, Outcome]:
    connection = db.session.connection()
    claimed = set(connection.execute(
        _CLAIM, {"ids": [mail.id for mail in incoming]}).scalars())
    mine = [mail for mail in incoming if mail.id in claimed]  # others: someone has them
    if careful:
        return {mail.id: _process(mail, lookups, now) for mail in mine}
    # The fast path: identities checked up front (a delivery seen before is a duplicate),
    # remembered in one statement, and every message's record written in one more.
    seen = _seen([mail.dedup_key for mail in mine])
    new = []
    for mail in mine:
        if mail.dedup_key not in seen:
            seen.add(mail.dedup_key)
            new.append(mail)
    if new:
        connection.execute(_REMEMBER, [
            {"dedup_key": mail.dedup_key, "inbound_mail_id": mail.id} for mail in new])
    fresh = {mail.id for mail in new}
    planned = [(mail, plans[mail.id]) for mail in new if plans.get(mail.id) is not None]
    outcomes = open_planned(planned, lookups, now)  # type: ignore[arg-type]
    for mail in mine:
        if mail.id not in outcomes:
            outcomes[mail.id] = route(mail, lookups, now) if mail.id in fresh else DUPLICATE
    if mine:
        connection.execute(_RECORD, [_record_values(mail, outcomes[mail.id], now)
                                     for mail in mine])
    return outcomes


def _stored(*, limit: int = BATCH_SIZE, ids: list[int] | None = None,
            share: tuple[int, int] | None = None) -> list[Stored]:
    query = select(InboundMail.id, InboundMail.received_at, InboundMail.dedup_key,
                   InboundMail.envelope_from, InboundMail.raw
                   ).where(InboundMail.state == "received")
    if share is not None and share[1] > 1:
        query = query.where(InboundMail.id % share[1] == share[0])
    if ids is not None:
        query = query.where(InboundMail.id.in_(ids))
    else:
        query = query.order_by(InboundMail.id).limit(limit)
    return [Stored(*row) for row in db.session.connection().execute(query)]


def _parsed(mail: Stored) -> Incoming:
    parsed = parse_message(mail.raw, max_attachment_bytes=MAX_ATTACHMENT_BYTES)
    # parse_message has normalised the From address already.
    sender = parsed.from_address or normalise_address(mail.envelope_from)
    authentication = authresults.verdicts(parsed.authentication_results,
                                          current_app.config["HELPDESK_AUTHSERV_ID"])
    return Incoming(mail.id, mail.received_at, mail.dedup_key, sender, parsed, authentication)


def _process(mail: Incoming, lookups: Lookups, now: datetime) -> Outcome:
    try:
        with db.session.begin_nested():
            # The identity first: a delivery seen before fails here, before anything else.
            db.session.connection().execute(
                _REMEMBER, {"dedup_key": mail.dedup_key, "inbound_mail_id": mail.id})
            outcome = route(mail, lookups, now)
            _record(_record_values(mail, outcome, now))
            return outcome
    except OperationalError:
        raise  # the whole batch waits for a better moment
    except Exception as problem:  # the savepoint is rolled back: nothing of it remains
        if isinstance(problem, IntegrityError) and _seen([mail.dedup_key]):
            _record(_record_values(mail, DUPLICATE, now))
            return DUPLICATE
        log.exception("inbound mail %s could not be processed", mail.id)
        _record({"mail_id": mail.id, "state": FAILED.state, "note": FAILED.note})
        return FAILED


def _seen(dedup_keys: list[str]) -> set[str]:
    """The identities recorded already: by an earlier delivery, in this batch or before."""
    return set(db.session.connection().execute(
        select(ProcessedMailKey.dedup_key).where(ProcessedMailKey.dedup_key.in_(dedup_keys))
    ).scalars()) if dedup_keys else set()


def _record_values(mail: Incoming, outcome: Outcome, now: datetime) -> dict[str, Any]:
    return {"mail_id": mail.id, "state": outcome.state, "ticket_id": outcome.ticket_id,
            "processed_at": now, "note": outcome.note, "held_reason": outcome.held_reason,
            "sender": mail.sender, "subject": mail.parsed.subject[:400],
            "warnings": "\n".join(mail.parsed.warnings) or None}


def _record(values: dict[str, Any]) -> None:
    db.session.connection().execute(_RECORD, values)

"""The SMTP listener (aiosmtpd): store each message durably, then answer 250.

The handler only stores (through the group committer); turning stored mail into tickets
happens afterwards through `helpdesk.intake.mail.process_pending`, so a crash between the
two is finished on restart: in production in the intake worker, a process of its own
(worker.py), and otherwise in the committer's thread between storage commits.
"""

from __future__ import annotations

import asyncio
import logging
import time
from email._header_value_parser import get_addr_spec, get_angle_addr
from email.errors import HeaderParseError
from functools import lru_cache
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from flask import Flask

from helpdesk.clock import utcnow
from helpdesk.intake.group_commit import GroupCommitter
from helpdesk.intake.mail import process_pending
from helpdesk.intake.worker import IntakeWorker
from helpdesk.logs import event

log = logging.getLogger(__name__)


class IntakeHandler:
    def __init__(self, committer: GroupCommitter) -> None:
        self.committer = committer

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        started = time.perf_counter()
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        peer = session.peer[0] if isinstance(session.peer, tuple) else str(session.peer)
        stored = self.committer.submit(raw, peer=peer, envelope_from=envelope.mail_from or "",
                                       envelope_to=list(envelope.rcpt_tos))
        try:
            mail_id = await asyncio.wrap_future(stored)
        except Exception:  # the sender keeps the message and retries; nothing is lost
            log.exception("could not store an inbound message",
                          extra={"event": "mail.refused", "peer": peer, "size": len(raw)})
            return "451 Requested action aborted: local error in processing, try again later"
        # Accepted means stored durably: the 250 below follows the commit.
        event(log, "mail.accepted", mail_id=mail_id, size=len(raw), peer=peer,
              recipients=len(envelope.rcpt_tos),
              store_ms=round((time.perf_counter() - started) * 1000, 1))
        return f"250 OK: stored as {mail_id}"


class IntakeController(Controller):
    def __init__(self, app: Flask, *, host: str, port: int, max_bytes: int,
                 process: bool = True, worker: bool = False) -> None:
        """`process`: turn stored mail into tickets; `worker`: do so in the intake worker
        process rather than in the committer's thread."""
        self.max_bytes = max_bytes
        self.worker = IntakeWorker(app) if process and worker else None
        if self.worker is not None:
            self.committer = GroupCommitter(app, write_guard=self.worker.token,
                                            after_store=self.worker.notify)
        else:
            self.committer = GroupCommitter(app, process_stored_mail if process else None)
        super().__init__(IntakeHandler(self.committer), hostname=host, port=port)

    def start(self) -> None:
        if self.worker is not None:
            self.worker.start()
        self.committer.start()
        super().start()

    def stop(self, no_assert: bool = False) -> None:
        super().stop(no_assert=no_assert)
        self.committer.stop()
        if self.worker is not None:
            self.worker.stop()

    def factory(self) -> SMTP:
        # data_size_limit makes aiosmtpd advertise SIZE and refuse larger mail with 552.
        return IntakeSMTP(
            self.handler, data_size_limit=self.max_bytes, enable_SMTPUTF8=True,
            decode_data=False, hostname=self.hostname,
        )


class IntakeSMTP(SMTP):
    """aiosmtpd's SMTP with a cheaper parse of the MAIL FROM and RCPT TO addresses."""

    def _getaddr(self, arg: str) -> tuple[str | None, str | None]:
        # aiosmtpd's own defines a typing.Protocol class on every call, about a tenth of
        # the listener's time; this is its parse, remembered per argument (senders repeat).
        return _address(arg, self.local_part_limit)


@lru_cache(maxsize=4096)
def _address(arg: str, local_part_limit: int) -> tuple[str | None, str | None]:
    """(address, rest of the argument), ('', '') for none, (None, None) when malformed."""
    if not arg:
        return "", ""
    try:
        parse = get_angle_addr if arg.lstrip().startswith("<") else get_addr_spec
        address, rest = parse(arg)
    except HeaderParseError:
        return None, None
    addr = address.addr_spec
    local_part = addr.rpartition("@")[0]
    if local_part_limit and len(local_part) > local_part_limit:
        return None, None
    return addr, rest


def process_stored_mail(limit: int) -> int:
    """Up to `limit` stored messages, oldest first."""
    return process_pending(utcnow(), limit=limit)


def start_smtp_listener(app: Flask, *, host: str = "127.0.0.1") -> Any:
    controller = IntakeController(
        app,
        host=host,
        port=app.config["HELPDESK_SMTP_PORT"],
        max_bytes=app.config["HELPDESK_SMTP_MAX_MESSAGE_BYTES"],
        worker=True,
    )
    controller.start()
    return controller

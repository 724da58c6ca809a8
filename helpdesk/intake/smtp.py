"""The SMTP listener (aiosmtpd): store each message durably, then answer 250.

The handler only stores; turning a stored message into a ticket happens afterwards in
`helpdesk.intake.mail.process_pending`, so a crash between the two is finished on restart.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from flask import Flask

from helpdesk.intake.store import store_raw_message

log = logging.getLogger(__name__)


class IntakeHandler:
    def __init__(self, app: Flask, on_stored: Callable[[], None] | None = None) -> None:
        self.app = app
        self.on_stored = on_stored

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        loop = asyncio.get_running_loop()
        try:
            mail_id = await loop.run_in_executor(None, self._store, session, envelope, raw)
        except Exception:  # the sender keeps the message and retries; nothing is lost
            log.exception("could not store an inbound message")
            return "451 Requested action aborted: local error in processing, try again later"
        if self.on_stored is not None:
            self.on_stored()
        return f"250 OK: stored as {mail_id}"

    def _store(self, session: Session, envelope: Envelope, raw: bytes) -> int:
        with self.app.app_context():
            peer = session.peer[0] if isinstance(session.peer, tuple) else str(session.peer)
            return store_raw_message(
                raw,
                peer=peer,
                envelope_from=envelope.mail_from or "",
                envelope_to=list(envelope.rcpt_tos),
            )


class IntakeController(Controller):
    def __init__(self, app: Flask, *, host: str, port: int, max_bytes: int,
                 on_stored: Callable[[], None] | None = None) -> None:
        self.max_bytes = max_bytes
        super().__init__(IntakeHandler(app, on_stored), hostname=host, port=port)

    def factory(self) -> SMTP:
        # data_size_limit makes aiosmtpd advertise SIZE and refuse larger mail with 552.
        return SMTP(
            self.handler, data_size_limit=self.max_bytes, enable_SMTPUTF8=True,
            decode_data=False, hostname=self.hostname,
        )


def start_smtp_listener(app: Flask, *, host: str = "127.0.0.1",
                        on_stored: Callable[[], None] | None = None) -> Any:
    controller = IntakeController(
        app,
        host=host,
        port=app.config["HELPDESK_SMTP_PORT"],
        max_bytes=app.config["HELPDESK_SMTP_MAX_MESSAGE_BYTES"],
        on_stored=on_stored,
    )
    controller.start()
    return controller

"""The IMAP intake of one process: a reader per enabled mailbox, kept in step with the
administration pages (a mailbox added, changed, disabled or deleted is picked up within
REFRESH_SECONDS, without a restart), started and stopped with the application."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from flask import Flask
from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.imap.reader import MailboxReader
from helpdesk.models import Mailbox

log = logging.getLogger(__name__)

REFRESH_SECONDS = 5.0
PROCESS_LIMIT = 10_000


def _fingerprint(box: Mailbox) -> tuple[object, ...]:
    """What a reader was started with: a change means a new session."""
    # A refresh token the provider rotated is no reason for a new session.
    secret = "" if box.auth_method == "oauth2" else box.secret_sealed
    return (box.host, box.port, box.security, box.username, box.auth_method, secret,
            box.oauth_token_url, box.oauth_client_id, box.oauth_client_secret_sealed,
            box.oauth_scope, box.folder, box.after_storing, box.processed_folder)


class ImapIntake:
    def __init__(self, app: Flask, *, on_stored: Callable[[int], None] | None = None,
                 process: bool = False, refresh_seconds: float = REFRESH_SECONDS) -> None:
        """`on_stored(count)` is told of every storage commit (the SMTP intake's workers are
        woken through it); with `process`, the reader itself turns stored mail into tickets
        (intake/mail.py) right after storing, for a process without those workers."""
        self.app = app
        self.refresh_seconds = refresh_seconds
        self._notify = on_stored
        self._process = process
        self._stopping = threading.Event()
        self.readers: dict[int, tuple[tuple[object, ...], MailboxReader]] = {}
        self._thread = threading.Thread(target=self._loop, name="imap-intake", daemon=True)

    def start(self) -> ImapIntake:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._thread.join(timeout)
        for _, reader in self.readers.values():
            reader.stopping.set()
        for _, reader in self.readers.values():
            reader.stop(timeout)
        self.readers.clear()

    def _stored(self, count: int) -> None:
        if self._notify is not None:
            self._notify(count)
        if self._process:
            from helpdesk.intake.mail import process_pending

            # Everything waiting, oldest first: also what a killed process left unprocessed.
            process_pending(utcnow(), limit=PROCESS_LIMIT)

    def _loop(self) -> None:
        with self.app.app_context():
            while not self._stopping.is_set():
                try:
                    self.refresh()
                except Exception:  # the database away for a moment: look again later
                    log.exception("could not read the IMAP mailboxes")
                    db.session.rollback()
                self._stopping.wait(self.refresh_seconds)
            db.session.remove()

    def refresh(self) -> None:
        wanted = {box.id: _fingerprint(box) for box in db.session.scalars(
            select(Mailbox).where(Mailbox.enabled.is_(True)))}
        db.session.commit()
        for mailbox_id, (fingerprint, reader) in list(self.readers.items()):
            if wanted.get(mailbox_id) != fingerprint or not reader.is_alive():
                reader.stop()
                del self.readers[mailbox_id]
        for mailbox_id, fingerprint in wanted.items():
            if mailbox_id not in self.readers and not self._stopping.is_set():
                reader = MailboxReader(self.app, mailbox_id, on_stored=self._stored)
                reader.start()
                self.readers[mailbox_id] = (fingerprint, reader)


def start_imap_intake(app: Flask, *, on_stored: Callable[[int], None] | None = None,
                      process: bool = False) -> ImapIntake | None:
    if not app.config["HELPDESK_IMAP_ENABLED"]:
        return None
    return ImapIntake(app, on_stored=on_stored, process=process).start()

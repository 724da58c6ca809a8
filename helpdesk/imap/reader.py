"""One reader thread per mailbox: lead it, keep a session open, store what arrives.

Of all the processes (machines) running the helpdesk, one reads each mailbox: the reader
holds a lease per mailbox, the scheduler's leader lock (jobs/leader.py) under a key of the
mailbox's own (a PostgreSQL session advisory lock; on SQLite a flock beside the database).
A crashed reader's lease ends with its process; a follower takes over within
HELPDESK_LEADER_RETRY_SECONDS. The lease is the economy; sync.py's conditional position
update is the guarantee that two readers never store a message twice.

While leading, the reader waits in IMAP IDLE, so a new message is fetched the moment the
server announces it, and drains the folder at least every HELPDESK_IMAP_POLL_SECONDS
(servers without IDLE are polled; some servers' IDLE misses events). A failure (network,
password, TLS) is recorded on the mailbox for its page and retried with back-off.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from imapclient import IMAPClient
from sqlalchemy import update
from sqlalchemy.engine import make_url

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.imap import connect as imap
from helpdesk.imap import oauth, sync
from helpdesk.imap.accounts import account_of
from helpdesk.jobs.leader import LOCK_KEY, FileLock, Leadership, Lock, PostgresLock
from helpdesk.models import Mailbox

log = logging.getLogger(__name__)

IDLE_STEP_SECONDS = 0.5  # how soon a stop is noticed during IDLE
LEASE_CHECK_SECONDS = 2.0  # how often a leader proves its lease alive during IDLE
IDLE_RENEW_SECONDS = 25 * 60  # RFC 2177: re-issue IDLE before the server's 29 minutes
MAILBOX_KEY_BASE = int.from_bytes(b"IMAP", "big") << 32


def lease_for(database_uri: str, instance_path: str, mailbox_id: int) -> Lock:
    """The scheduler's kind of lock, one per mailbox (never the scheduler's own key)."""
    url = make_url(database_uri)
    if url.get_backend_name() == "postgresql":
        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        key = MAILBOX_KEY_BASE | mailbox_id
        assert key != LOCK_KEY
        return PostgresLock(conninfo, key=key)
    database = url.database or ""
    if database and database != ":memory:":
        path = Path(database)
        return FileLock(path.with_name(f"{path.name}.imap-{mailbox_id}-lock"))
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return FileLock(Path(instance_path) / f"imap-{mailbox_id}.lock")


class MailboxReader(threading.Thread):
    def __init__(self, app: Flask, mailbox_id: int, *,
                 on_stored: Callable[[int], None] | None = None) -> None:
        super().__init__(name=f"imap-mailbox-{mailbox_id}", daemon=True)
        self.app = app
        self.mailbox_id = mailbox_id
        self.on_stored = on_stored
        self.stopping = threading.Event()
        config = app.config
        self.poll_seconds = float(config["HELPDESK_IMAP_POLL_SECONDS"])
        self.batch = int(config["HELPDESK_IMAP_FETCH_BATCH"])
        self.backoff_max = float(config["HELPDESK_IMAP_RECONNECT_MAX_SECONDS"])
        self.leadership = Leadership(
            lease_for(config["SQLALCHEMY_DATABASE_URI"], app.instance_path, mailbox_id),
            retry_seconds=config["HELPDESK_LEADER_RETRY_SECONDS"])
        self.sessions = 0  # sessions opened, for the tests and the log
        self._lease_checked = 0.0

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        if self.is_alive():
            self.join(timeout)

    def run(self) -> None:
        backoff = 1.0
        with self.app.app_context():
            try:
                while not self.stopping.is_set():
                    if not self.leadership.check():
                        self.stopping.wait(min(self.leadership.retry_seconds, 1.0))
                        continue
                    try:
                        self._session()
                        backoff = 1.0
                    except sync.Superseded as why:
                        log.warning("mailbox %s: %s; reading again", self.mailbox_id, why)
                        db.session.rollback()
                    except imap.ImapProblem as problem:
                        if problem.kind == imap.AUTH:
                            oauth.forget_all()  # a revoked access token is not reused
                        self._failed(str(problem))
                        self.stopping.wait(backoff)
                        backoff = min(backoff * 2, self.backoff_max)
                    except Exception as problem:  # a dropped connection, the database away
                        log.exception("mailbox %s: reading failed", self.mailbox_id)
                        db.session.rollback()
                        self._failed(f"{type(problem).__name__}: {problem}"[:500])
                        self.stopping.wait(backoff)
                        backoff = min(backoff * 2, self.backoff_max)
            finally:
                self.leadership.resign()
                db.session.remove()

    def _session(self) -> None:
        box = db.session.get(Mailbox, self.mailbox_id, populate_existing=True)
        if box is None or not box.enabled:
            db.session.commit()
            self.stopping.wait(self.poll_seconds)
            return
        cafile = self.app.config["HELPDESK_IMAP_CA_FILE"]
        account = account_of(box, self.app.config["SECRET_KEY"], cafile=cafile)
        db.session.commit()  # with a rotated OAuth2 refresh token, if one came
        client = imap.connect(account, cafile=cafile)
        self.sessions += 1
        try:
            selected = imap.select(client, account.folder)
            position = sync.start(self.mailbox_id, selected, now=utcnow(),
                                  after_storing=account.after_storing)
            if self.on_stored is not None:
                self.on_stored(0)  # what an earlier session stored but left unprocessed
            sync.settle(client, position, after_storing=account.after_storing,
                        processed_folder=account.processed_folder)
            idle = client.has_capability("IDLE")
            while not self.stopping.is_set():
                sync.drain(client, position, now=utcnow, after_storing=account.after_storing,
                           processed_folder=account.processed_folder,
                           recipient=account.username, batch=self.batch,
                           on_stored=self.on_stored)
                self._checked()
                if not (self._idle(client) if idle else self._poll(client)):
                    return  # stopping, or the lease is lost
        finally:
            with contextlib.suppress(Exception):
                client.logout()

    def _idle(self, client: IMAPClient) -> bool:
        """Wait in IDLE for new mail (or the poll interval); False to end the session."""
        client.idle()
        ended = time.monotonic() + min(self.poll_seconds, IDLE_RENEW_SECONDS)
        try:
            while time.monotonic() < ended:
                if self.stopping.is_set() or not self._still_leading():
                    return False
                responses = client.idle_check(timeout=IDLE_STEP_SECONDS)
                if any(len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses):
                    return True
            return True
        finally:
            client.idle_done()

    def _poll(self, client: IMAPClient) -> bool:
        ended = time.monotonic() + self.poll_seconds
        while time.monotonic() < ended:
            if self.stopping.wait(IDLE_STEP_SECONDS) or not self._still_leading():
                return False
        client.noop()
        return True

    def _still_leading(self) -> bool:
        now = time.monotonic()
        if now - self._lease_checked < LEASE_CHECK_SECONDS:
            return True
        self._lease_checked = now
        return self.leadership.check()

    def _checked(self) -> None:
        """The folder was read to its end: the page shows when, and no error any more."""
        db.session.execute(update(Mailbox).where(Mailbox.id == self.mailbox_id)
                           .values(last_error=None, last_checked_at=utcnow()))
        db.session.commit()

    def _failed(self, why: str) -> None:
        log.warning("mailbox %s: %s", self.mailbox_id, why)
        try:
            db.session.execute(update(Mailbox).where(Mailbox.id == self.mailbox_id)
                               .values(last_error=why[:1000], last_checked_at=utcnow()))
            db.session.commit()
        except Exception:
            db.session.rollback()

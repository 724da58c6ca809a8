"""`helpdesk run` starts the IMAP intake with the web server, scheduler and SMTP listener,
and Ctrl+C stops it cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import InboundMail, Mailbox
from tests.imap.conftest import make_mailbox, message
from tests.imap.dovecot import free_port
from tests.imap.helpers import tickets, wait_for


def test_helpdesk_run_reads_the_mailboxes_and_stops_cleanly(app, dovecot, contact, tmp_path):
    box = make_mailbox(app, dovecot.port)
    env = dict(os.environ, HELPDESK_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
               HELPDESK_SECRET_KEY=app.config["SECRET_KEY"],
               HELPDESK_WEB_PORT=str(free_port()), HELPDESK_SMTP_PORT=str(free_port()),
               HELPDESK_INSTANCE_PATH=str(tmp_path), HELPDESK_LOG_LEVEL="WARNING")
    process = subprocess.Popen([sys.executable, "-m", "helpdesk.cli", "run"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: db.session.get(Mailbox, box.id).last_checked_at is not None,
                        timeout=60), "the IMAP intake did not start"
        dovecot.append([message(1)])
        assert wait_for(lambda: tickets() == 1, timeout=30)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err[-2000:]
    assert "IMAP intake:" in out
    assert db.session.scalars(select(InboundMail.state)).all() == ["processed"]
    assert dovecot.uids("INBOX") == []

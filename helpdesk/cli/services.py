"""Run one part alone: `helpdesk scheduler` or `helpdesk smtpd` (e.g. one per machine)."""

from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from helpdesk.cli.database import migrate_to_head


def _wait_for_signal() -> None:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()


@click.command("scheduler")
@with_appcontext
def scheduler() -> None:
    """Run the scheduler alone: deadlines, escalations, warnings, reminders, outbox."""
    from helpdesk.jobs.scheduler import start_scheduler

    migrate_to_head()
    running = start_scheduler(current_app._get_current_object())  # type: ignore[attr-defined]
    # One scheduler per database leads; the others stand by (helpdesk.jobs.leader).
    click.echo(f"Scheduler running as {running.leadership.role}; Ctrl+C to stop.", err=True)
    try:
        _wait_for_signal()
    finally:
        running.shutdown()


@click.command("smtpd")
@click.option("--host", default="127.0.0.1", show_default=True)
@with_appcontext
def smtpd(host: str) -> None:
    """Run the SMTP listener alone (with the worker that turns mail into tickets)."""
    from helpdesk.intake.smtp import start_smtp_listener

    migrate_to_head()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    listener = start_smtp_listener(app, host=host)
    click.echo(f"SMTP intake on {host}:{app.config['HELPDESK_SMTP_PORT']}; Ctrl+C to stop.",
               err=True)
    try:
        _wait_for_signal()
    finally:
        listener.stop()


@click.command("imap-intake")
@with_appcontext
def imap_intake() -> None:
    """Read the IMAP mailboxes alone, turning their mail into tickets (helpdesk/imap/)."""
    from helpdesk.imap.intake import ImapIntake

    migrate_to_head()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    intake = ImapIntake(app, process=True).start()
    click.echo("IMAP intake running; Ctrl+C to stop.", err=True)
    try:
        _wait_for_signal()
    finally:
        intake.stop()

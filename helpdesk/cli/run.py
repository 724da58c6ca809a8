"""`helpdesk run`: web server, scheduler, SMTP listener and IMAP intake in one process group."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from helpdesk.cli.database import migrate_to_head


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--threads", default=8, show_default=True)
@with_appcontext
def run(host: str, threads: int) -> None:
    """Start the whole application and print where to log in."""
    import waitress

    from helpdesk.cli.demo import DEMO_LOGINS
    from helpdesk.imap.intake import start_imap_intake
    from helpdesk.intake.smtp import start_smtp_listener
    from helpdesk.jobs.scheduler import start_scheduler

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    migrate_to_head()
    web_port = app.config["HELPDESK_WEB_PORT"]
    smtp_port = app.config["HELPDESK_SMTP_PORT"]
    scheduler = start_scheduler(app)
    listener = start_smtp_listener(app, host=host)
    # Mail read from the IMAP mailboxes is stored like SMTP mail and turned into tickets by
    # the listener's intake workers, woken at each storage commit.
    worker = listener.worker
    mailboxes = start_imap_intake(
        app, on_stored=None if worker is None else lambda _count: worker.notify(),
        process=worker is None)
    base = f"http://{host}:{web_port}"
    click.echo(f"Helpdesk is running.\n  Staff dashboard:  {base}/staff/login")
    click.echo(f"  Customer portal:  {base}/portal/login")
    click.echo(f"  SMTP intake:      {host}:{smtp_port}")
    if mailboxes is not None:
        click.echo("  IMAP intake:      the mailboxes under Administration → Mailboxes")
    if DEMO_LOGINS:
        click.echo("  Demo log-ins (password for all: " + DEMO_LOGINS[0][2] + "):")
        for role, email, _ in DEMO_LOGINS:
            click.echo(f"    {role:<28} {email}")
    click.echo("Press Ctrl+C to stop.")
    try:
        waitress.serve(app, host=host, port=web_port, threads=threads, _quiet=True)
    finally:
        if mailboxes is not None:
            mailboxes.stop()
        listener.stop()
        scheduler.shutdown(wait=False)

"""`helpdesk privacy retention|export|erase`: personal data from the shell (seeds 000, 003)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from helpdesk.cli.people import person_named


@click.group("privacy")
def privacy() -> None:
    """Personal data: retention, export and erasure."""


@privacy.command("retention")
@click.option("--dry-run", is_flag=True, help="only print what would be done")
@click.option("--backup-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="the backup folder (default: HELPDESK_BACKUP_DIR, else instance/backups)")
@with_appcontext
def retention(dry_run: bool, backup_dir: Path | None) -> None:
    """Erase ended customers' accounts, redact old ticket data, purge old backups and audit."""
    from helpdesk.clock import utcnow
    from helpdesk.privacy import retention as rules

    folder = backup_dir or rules.backup_folder(current_app.config, current_app.instance_path)
    report = rules.run(utcnow(), backup_dir=folder, dry_run=dry_run)
    prefix = "would " if dry_run else ""
    for action in report.actions:
        click.echo(prefix + action)
    if not report.actions:
        click.echo("Nothing is due.")


@privacy.command("export")
@click.option("--contact", default=None, help="the contact person's e-mail address")
@click.option("--staff", default=None, help="the staff member's e-mail address")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write to this file instead of standard output")
@with_appcontext
def export_command(contact: str | None, staff: str | None, output: Path | None) -> None:
    """All personal data about one person as JSON (the export is audited)."""
    from helpdesk.clock import utcnow
    from helpdesk.extensions import db
    from helpdesk.privacy.export import export

    document = export(person_named(contact, staff), by=None, now=utcnow())
    db.session.commit()
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"Wrote {output}.")
    else:
        click.echo(text)


@privacy.command("erase")
@click.option("--contact", default=None, help="the contact person's e-mail address")
@click.option("--staff", default=None, help="the staff member's e-mail address")
@click.option("--reason", required=True, help="why (kept in the audit log)")
@with_appcontext
def erase_command(contact: str | None, staff: str | None, reason: str) -> None:
    """Anonymise one person; the ticket history, clocks and credits stay as they were."""
    from helpdesk.clock import utcnow
    from helpdesk.extensions import db
    from helpdesk.privacy import ledger
    from helpdesk.privacy.erasure import ErasureRefused, erase

    person = person_named(contact, staff)
    try:
        done = erase(person, by=None, reason=reason, now=utcnow())
    except ErasureRefused as problem:
        raise click.ClickException(str(problem)) from None
    db.session.commit()
    ledger.remember_in_app(person, person.erased_at)
    click.echo(f"Erased {person.kind} {person.id}: {done}.")


@privacy.command("confirm-addresses")
@click.option("--contact", default=None, help="only this contact person's address")
@click.option("--dry-run", is_flag=True, help="only list who would get a link")
@with_appcontext
def confirm_addresses(contact: str | None, dry_run: bool) -> None:
    """Mail a confirmation link to unconfirmed contacts (R23): until they confirm, they get
    no mail about tickets. After upgrading, run it once for the contacts made before."""
    from sqlalchemy import select

    from helpdesk.auth import confirmation
    from helpdesk.extensions import db
    from helpdesk.models import ContactPerson

    if contact:
        people = [person_named(contact, None)]
    else:
        people = list(db.session.scalars(select(ContactPerson).where(
            ContactPerson.active.is_(True), ContactPerson.erased_at.is_(None),
            ContactPerson.email_confirmed.is_(False)).order_by(ContactPerson.id)))
    waiting = [p for p in people if p.active and p.erased_at is None and not p.email_confirmed]
    for person in waiting:
        if not dry_run:
            confirmation.send_link(person)
        click.echo(f"{'would mail' if dry_run else 'mailed'} a confirmation link to "
                   f"{person.email}")
    db.session.commit()
    if not waiting:
        click.echo("Every active contact's address is confirmed.")

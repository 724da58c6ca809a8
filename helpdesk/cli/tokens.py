"""`helpdesk token create --staff EMAIL | --contact EMAIL --name NAME [--days N] [--scope S]` and
`helpdesk token revoke ID`: API tokens from the command line (audited as the system)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from helpdesk.cli.people import person_named


@click.group("token")
def token() -> None:
    """Create and revoke API tokens."""


@token.command("create")
@click.option("--staff", "staff_email", help="e-mail address of the staff member")
@click.option("--contact", "contact_email", help="e-mail address of the contact person")
@click.option("--name", required=True, help="what the token is for")
@click.option("--days", type=click.IntRange(1, 3650), default=None,
              help="valid for this many days (default: until revoked)")
@click.option("--scope", "scopes", multiple=True,
              help="limit the token: 'read' and/or actions such as 'acknowledge' (repeat; "
                   "default: all of the account's rights)")
@with_appcontext
def create(staff_email: str | None, contact_email: str | None, name: str,
           days: int | None, scopes: tuple[str, ...]) -> None:
    """Print a new token's secret: it is shown only this once."""
    from helpdesk.auth import api_tokens
    from helpdesk.clock import utcnow
    from helpdesk.extensions import db

    holder = person_named(contact_email, staff_email)
    try:
        issued = api_tokens.issue(holder, name=name, days=days, now=utcnow(),
                                  scopes=list(scopes) or None)
    except api_tokens.TokenRefused as refusal:
        raise click.ClickException(str(refusal)) from None
    db.session.commit()
    click.echo(f"token {issued.token.id} for {holder.name} <{holder.email}>"
               + (f", expires {issued.token.expires_at:%Y-%m-%d %H:%M}Z" if days else "")
               + f", may: {issued.token.scopes or 'all of the account rights'}",
               err=True)
    click.echo(issued.secret)


@token.command("revoke")
@click.argument("token_id", type=int)
@with_appcontext
def revoke(token_id: int) -> None:
    """Revoke a token by its id (as listed in the staff area or printed by create)."""
    from helpdesk.auth import api_tokens
    from helpdesk.clock import utcnow
    from helpdesk.extensions import db
    from helpdesk.models import ApiToken

    found = db.session.get(ApiToken, token_id)
    if found is None:
        raise click.ClickException(f"no token {token_id}")
    already = found.revoked_at is not None
    api_tokens.revoke(found, now=utcnow())
    db.session.commit()
    click.echo(f"token {token_id} ({found.prefix}…) "
               + ("was already revoked" if already else "revoked"))

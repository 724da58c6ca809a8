"""`helpdesk token create` and `helpdesk token revoke`."""

from __future__ import annotations

from sqlalchemy import select

from helpdesk.cli.tokens import token
from helpdesk.extensions import db
from helpdesk.models import ApiToken, AuditEntry


def _run(app, *args):
    return app.test_cli_runner().invoke(token, list(args))


def test_create_prints_a_working_secret_for_staff_and_contacts(app, client, world):
    result = _run(app, "create", "--staff", world.agent.email.upper(), "--name", "Nightly",
                  "--days", "7")
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).get_json()
    assert me["id"] == world.agent.id and me["token"]["expires_at"] is not None
    result = _run(app, "create", "--contact", world.contact_b.email, "--name", "Monitoring")
    listed = client.get("/api/v1/tickets", headers={
        "Authorization": f"Bearer {result.stdout.strip()}"}).get_json()
    assert [t["reference"] for t in listed["items"]] == [world.ticket_b.reference]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.detail.contains("Nightly")))
    assert entry.action == "token_created" and entry.actor_kind == "system"


def test_revoke_by_id(app, client, world):
    found = db.session.scalar(select(ApiToken).where(ApiToken.staff_id == world.agent.id))
    result = _run(app, "revoke", str(found.id))
    assert result.exit_code == 0 and "revoked" in result.stdout
    assert client.get("/api/v1/me", headers=world.headers("agent")).status_code == 401
    assert "already" in _run(app, "revoke", str(found.id)).stdout
    assert _run(app, "revoke", "99999").exit_code != 0


def test_create_needs_exactly_one_known_holder(app, world):
    assert _run(app, "create", "--name", "x").exit_code != 0
    both = _run(app, "create", "--staff", world.agent.email, "--contact",
                world.contact_a.email, "--name", "x")
    assert both.exit_code != 0
    unknown = _run(app, "create", "--staff", "nobody@example.com", "--name", "x")
    assert unknown.exit_code != 0 and "no staff member" in unknown.stderr

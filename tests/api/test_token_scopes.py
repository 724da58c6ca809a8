"""Tokens with scopes (#18, item 7): a token may be read-only or limited to named actions;
a token without scopes keeps every right of its account, as before."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from helpdesk.auth import api_scopes
from helpdesk.auth.api_tokens import TokenRefused
from helpdesk.cli.tokens import token as token_cli
from helpdesk.extensions import db
from helpdesk.models import ApiToken, AuditEntry
from tests.api.conftest import issue_token, problem
from tests.factories import login


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_a_read_only_token_reads_and_changes_nothing(client, world):
    secret = issue_token(world.contact_a, scopes=["read"])
    db.session.commit()
    reference = world.ticket_a.reference
    assert client.get("/api/v1/tickets", headers=bearer(secret)).status_code == 200
    assert client.get(f"/api/v1/tickets/{reference}/clocks",
                      headers=bearer(secret)).status_code == 200
    refused = client.post(f"/api/v1/tickets/{reference}/messages", json={"text": "hello"},
                          headers=bearer(secret))
    assert "do not include 'post_message'" in problem(refused, 403)["detail"]
    refused = client.post("/api/v1/tickets", headers=bearer(secret), json={
        "title": "x", "description": "y", "urgency": "blocking", "impact": "all"})
    assert "'create_ticket'" in problem(refused, 403)["detail"]


def test_a_token_for_one_action_does_that_and_reads_nothing(client, world):
    secret = issue_token(world.agent, scopes=["acknowledge"])
    db.session.commit()
    reference = world.ticket_a.reference
    assert client.post(f"/api/v1/tickets/{reference}/acknowledge", json={},
                       headers=bearer(secret)).status_code == 201
    assert "'read'" in problem(client.get(f"/api/v1/tickets/{reference}",
                                          headers=bearer(secret)), 403)["detail"]
    assert "'assign'" in problem(client.post(
        f"/api/v1/tickets/{reference}/assign", json={"staff_id": world.agent.id},
        headers=bearer(secret)), 403)["detail"]
    me = client.get("/api/v1/me", headers=bearer(secret)).get_json()  # any token may ask
    assert me["token"]["scopes"] == ["acknowledge"]


def test_scopes_only_narrow_the_accounts_rights(client, world):
    secret = issue_token(world.contact_a, scopes=["read", "acknowledge"])
    db.session.commit()
    refused = client.post(f"/api/v1/tickets/{world.ticket_a.reference}/acknowledge", json={},
                          headers=bearer(secret))
    assert refused.status_code == 403  # a contact person never acknowledges


def test_a_token_without_scopes_keeps_all_of_its_accounts_rights(client, world):
    assert db.session.scalar(select(ApiToken.scopes).where(
        ApiToken.staff_id == world.agent.id)) is None
    reference = world.ticket_a.reference
    assert client.post(f"/api/v1/tickets/{reference}/notes", json={"text": "n"},
                       headers=world.headers("agent")).status_code == 201
    assert client.get(f"/api/v1/tickets/{reference}",
                      headers=world.headers("agent")).status_code == 200
    me = client.get("/api/v1/me", headers=world.headers("agent")).get_json()
    assert me["token"]["scopes"] is None


def test_every_changing_api_operation_has_a_named_scope(app):
    posts = {rule.endpoint.rpartition(".")[2] for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("api.") and "POST" in (rule.methods or set())}
    assert posts == set(api_scopes.ACTIONS)


def test_the_openapi_document_names_each_operations_scope(client):
    document = client.get("/api/v1/openapi.json").get_json()
    scopes = {(method, path): operation.get("x-required-scope")
              for path, operations in document["paths"].items()
              for method, operation in operations.items()}
    assert scopes[("get", "/tickets")] == "read"
    assert scopes[("post", "/tickets/{reference}/resolve")] == "resolve"
    assert scopes[("post", "/tickets/{reference}/time-entries")] == "log_time"
    assert scopes[("get", "/me")] is None and scopes[("get", "/openapi.json")] is None
    assert all(scope for (method, _), scope in scopes.items() if method == "post")
    assert "`read`" in document["components"]["securitySchemes"]["bearerAuth"]["description"]


def test_an_unknown_scope_is_refused(world):
    with pytest.raises(TokenRefused, match="unknown scope"):
        issue_token(world.agent, scopes=["read", "delete_everything"])


def test_staff_choose_scopes_on_the_token_page(client, world):
    login(client, world.agent)
    page = client.post("/staff/tokens", data={"name": "Dashboard", "scopes": ["read"]})
    secret = re.search(r'token-secret">(hd_[^<]+)<', page.get_data(as_text=True)).group(1)
    stored = db.session.scalar(select(ApiToken).where(ApiToken.name == "Dashboard"))
    assert stored.scopes == "read"
    listing = client.get("/staff/tokens").get_data(as_text=True)
    assert "everything the account may do" in listing  # the world's own token
    assert client.post(f"/api/v1/tickets/{world.ticket_a.reference}/notes", json={"text": "n"},
                       headers=bearer(secret)).status_code == 403
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.detail.contains("Dashboard")))
    assert entry.detail.endswith(", read")


def test_the_cli_takes_scopes(app, client, world):
    result = app.test_cli_runner().invoke(token_cli, [
        "create", "--staff", world.agent.email, "--name", "Monitor", "--scope", "read"])
    assert result.exit_code == 0, result.output
    assert "may: read" in result.stderr
    secret = result.stdout.strip()
    assert client.get("/api/v1/tickets", headers=bearer(secret)).status_code == 200
    bad = app.test_cli_runner().invoke(token_cli, [
        "create", "--staff", world.agent.email, "--name", "x", "--scope", "root"])
    assert bad.exit_code != 0 and "unknown scope" in bad.output

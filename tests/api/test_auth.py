"""Bearer tokens: only a valid token of an active account opens the API; cookies never do."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import select

from helpdesk.auth import api_tokens
from helpdesk.extensions import db
from helpdesk.models import ApiToken, AuditEntry
from tests.api.conftest import issue_token, problem
from tests.factories import login
from tests.factories import now as utc_now


def test_a_call_without_a_token_is_401_problem_json_naming_the_bearer_scheme(client, world):
    response = client.get("/api/v1/tickets")
    body = problem(response, 401)
    assert "Bearer" in body["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_or_malformed_token_is_401(client, world):
    for header in ("Bearer hd_not-a-real-token", "Bearer " + world.tokens["agent"] + "x",
                   "Basic " + world.tokens["agent"], "Bearer", world.tokens["agent"]):
        problem(client.get("/api/v1/tickets", headers={"Authorization": header}), 401)


def test_a_valid_token_acts_as_its_account(client, world):
    me = client.get("/api/v1/me", headers=world.headers("contact_a")).get_json()
    assert me["kind"] == "contact" and me["id"] == world.contact_a.id
    assert me["customer"] == {"id": world.customer_a.id, "name": "Customer A"}
    assert me["role"] == "editor" and me["token"]["prefix"].startswith("hd_")
    staff = client.get("/api/v1/me", headers=world.headers("manager")).get_json()
    assert staff["kind"] == "staff" and staff["role"] == "escalation_manager"
    assert staff["customer"] is None


def test_a_revoked_token_is_401(client, world):
    token = db.session.scalar(select(ApiToken).where(ApiToken.staff_id == world.agent.id))
    api_tokens.revoke(token, now=utc_now())
    db.session.commit()
    problem(client.get("/api/v1/tickets", headers=world.headers("agent")), 401)


def test_an_expired_token_is_401_and_works_until_it_expires(client, world):
    secret = issue_token(world.agent, days=1)
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/tickets", headers=headers).status_code == 200
    token = db.session.scalar(select(ApiToken).where(
        ApiToken.secret_sha256 == api_tokens.digest(secret)))
    token.expires_at = utc_now() - timedelta(seconds=1)
    db.session.commit()
    problem(client.get("/api/v1/tickets", headers=headers), 401)


def test_tokens_of_deactivated_or_erased_accounts_are_401(client, world):
    world.agent.active = False
    world.contact_a.erased_at = utc_now()
    db.session.commit()
    problem(client.get("/api/v1/tickets", headers=world.headers("agent")), 401)
    problem(client.get("/api/v1/tickets", headers=world.headers("contact_a")), 401)
    assert client.get("/api/v1/tickets", headers=world.headers("manager")).status_code == 200


def test_a_session_cookie_does_not_authenticate_the_api(client, world):
    assert login(client, world.manager).status_code == 302
    assert client.get("/staff/").status_code == 200  # the cookie works for the pages
    problem(client.get("/api/v1/tickets"), 401)
    problem(client.post("/api/v1/tickets/" + world.ticket_a.reference + "/acknowledge"), 401)


def test_with_a_cookie_and_a_token_the_token_alone_decides(client, world):
    login(client, world.manager)
    listed = client.get("/api/v1/tickets", headers=world.headers("contact_b")).get_json()
    assert [t["reference"] for t in listed["items"]] == [world.ticket_b.reference]


def test_only_the_sha256_of_the_secret_is_stored_and_last_use_is_recorded(client, world):
    secret = world.tokens["contact_a"]
    token = db.session.scalar(select(ApiToken).where(ApiToken.contact_id == world.contact_a.id))
    assert token.secret_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in (token.prefix, token.name) and secret.startswith(token.prefix)
    assert token.last_used_at is None
    client.get("/api/v1/me", headers=world.headers("contact_a"))
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).last_used_at is not None


def test_issuing_and_revoking_are_audited(world):
    issued = api_tokens.issue(world.contact_a, name="Monitoring", now=utc_now(),
                              created_by=world.manager)
    api_tokens.revoke(issued.token, now=utc_now(), by=world.manager)
    db.session.commit()
    entries = db.session.scalars(select(AuditEntry).where(
        AuditEntry.subject_id == world.contact_a.id, AuditEntry.subject_kind == "contact",
        AuditEntry.actor_id == world.manager.id).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["token_created", "token_revoked"]
    assert all("Monitoring" in e.detail and issued.secret not in e.detail for e in entries)


def test_tokens_are_refused_for_inactive_accounts_and_odd_lifetimes(world):
    import pytest

    world.reader_a.active = False
    with pytest.raises(api_tokens.TokenRefused):
        api_tokens.issue(world.reader_a, name="x", now=utc_now())
    for days in (0, 3651):
        with pytest.raises(api_tokens.TokenRefused):
            api_tokens.issue(world.agent, name="x", days=days, now=utc_now())
    with pytest.raises(api_tokens.TokenRefused):
        api_tokens.issue(world.agent, name="  ", now=utc_now())

"""Token management for people: staff manage their own, administrators issue integration
tokens for a contact person; the secret is shown once and then works as a bearer token."""

from __future__ import annotations

import re

from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import ApiToken, AuditEntry
from tests.factories import login, make_staff


def _secret(page: str) -> str:
    found = re.search(r'<pre class="body token-secret">(hd_[^<]+)</pre>', page)
    assert found, "the new secret is shown on the page"
    return found.group(1)


def test_staff_create_a_token_see_the_secret_once_and_it_works(client, world):
    login(client, world.agent)
    response = client.post("/staff/tokens", data={"name": "My script", "days": "30"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    secret = _secret(page)
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).get_json()
    assert me["id"] == world.agent.id and me["token"]["name"] == "My script"
    assert me["token"]["expires_at"] is not None
    listing = client.get("/staff/tokens").get_data(as_text=True)
    assert "My script" in listing and secret[:11] in listing
    assert secret not in listing  # shown once only
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "token_created",
                                                       AuditEntry.actor_id == world.agent.id))
    assert entry is not None and entry.subject_id == world.agent.id


def test_staff_see_and_revoke_only_their_own_tokens(client, world):
    login(client, world.agent)
    page = client.get("/staff/tokens").get_data(as_text=True)
    own = db.session.scalar(select(ApiToken).where(ApiToken.staff_id == world.agent.id))
    other = db.session.scalar(select(ApiToken).where(ApiToken.staff_id == world.manager.id))
    assert own.prefix in page and other.prefix not in page
    assert client.post(f"/staff/tokens/{other.id}/revoke").status_code == 404
    assert client.post(f"/staff/tokens/{own.id}/revoke").status_code == 302
    db.session.expire_all()
    assert db.session.get(ApiToken, own.id).revoked_at is not None
    assert db.session.get(ApiToken, other.id).revoked_at is None
    assert client.get("/api/v1/me", headers=world.headers("agent")).status_code == 401
    assert "revoked" in client.get("/staff/tokens").get_data(as_text=True)


def test_a_token_form_without_a_name_or_with_bad_days_is_refused(client, world):
    login(client, world.agent)
    assert client.post("/staff/tokens", data={"name": ""}).status_code == 400
    assert client.post("/staff/tokens", data={"name": "x", "days": "0"}).status_code == 400
    assert client.post("/staff/tokens", data={"name": "x", "days": "abc"}).status_code == 400


def test_administrators_issue_an_integration_token_for_a_contact_person(client, world):
    admin = make_staff(role="administrator")
    db.session.commit()
    login(client, admin)
    contact_page = client.get(f"/admin/contacts/{world.contact_a.id}").get_data(as_text=True)
    assert f"/admin/contacts/{world.contact_a.id}/tokens" in contact_page
    response = client.post(f"/admin/contacts/{world.contact_a.id}/tokens",
                           data={"name": "Monitoring of Customer A"})
    assert response.status_code == 200
    headers = {"Authorization": f"Bearer {_secret(response.get_data(as_text=True))}"}
    listed = client.get("/api/v1/tickets", headers=headers).get_json()
    assert [t["reference"] for t in listed["items"]] == [world.ticket_a.reference]
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "Monitoring of Customer A"))
    assert token.contact_id == world.contact_a.id and token.created_by_id == admin.id
    # A token id of another contact is 404 under this contact's URL.
    foreign = db.session.scalar(select(ApiToken).where(ApiToken.contact_id == world.contact_b.id))
    url = f"/admin/contacts/{world.contact_a.id}/tokens/{foreign.id}/revoke"
    assert client.post(url).status_code == 404
    url = f"/admin/contacts/{world.contact_a.id}/tokens/{token.id}/revoke"
    assert client.post(url).status_code == 302
    assert client.get("/api/v1/tickets", headers=headers).status_code == 401
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.subject_kind == "contact", AuditEntry.actor_id == admin.id,
        AuditEntry.action.like("token_%")).order_by(AuditEntry.id)).all()
    assert actions == ["token_created", "token_revoked"]

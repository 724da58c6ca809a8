"""The export (seed 003): everything about one person, nothing about anyone else."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import AuditEntry
from helpdesk.privacy.export import export
from tests.privacy.helpers import JAN, PIA, history

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def test_the_export_holds_everything_listed_about_the_person():
    h = history()
    doc = export(h.jan, by=h.staff, now=NOW)
    db.session.commit()
    assert doc["person"]["email"] == JAN and doc["person"]["phone"] == "+32 470 11 22 33"
    assert doc["person"]["customer"]["name"] == h.customer.name
    assert {t["title"] for t in doc["tickets_reported"]} == {"Mail server down", "VPN broken"}
    texts = [e["text"] for e in doc["events_authored"]]
    assert "Jan here: call me on +32 470 11 22 33" in texts
    assert any("the VPN is broken" in (t or "") for t in texts)
    (mail,) = doc["mails_sent"]
    assert mail["subject"] == "VPN broken"
    assert b"Jan writes" in base64.b64decode(mail["raw_base64"])
    assert {m["kind"] for m in doc["mails_received"]} >= {"reply", "receipt"}
    assert any("Dear Jan" in m["text"] for m in doc["mails_received"])
    files = {a["filename"]: base64.b64decode(a["data_base64"]) for a in doc["attachments_sent"]}
    assert files["jan-screenshot.png"] == b"\x89PNG" and "jan-log.txt" in files
    (token,) = doc["api_tokens"]
    assert token["name"] == "Jan's script" and "secret_sha256" not in token
    actions = [e["action"] for e in doc["audit_entries"]]
    assert actions == ["viewed", "exported"]
    json.dumps(doc)  # plain JSON throughout


def test_the_export_holds_nothing_of_other_people():
    h = history()
    text = json.dumps(export(h.jan, by=h.staff, now=NOW))
    # (The staff member's signature is inside mails Jan received: those are Jan's mails.)
    for other in ("Pia", PIA, "printer", h.staff.email, "a" * 64):
        assert other not in text, other
    assert all(e["actor_kind"] in ("staff", "contact", "system")
               for e in json.loads(text)["audit_entries"])


def test_every_export_is_audited_with_its_actor():
    h = history()
    export(h.pia, by=h.pia, now=NOW)
    db.session.commit()
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "exported")).one()
    assert (entry.actor_kind, entry.actor_id, entry.subject_kind, entry.subject_id) == (
        "contact", h.pia.id, "contact", h.pia.id)


def test_a_staff_members_export_lists_the_events_they_wrote():
    h = history()
    doc = export(h.staff, by=None, now=NOW)
    assert doc["person"]["kind"] == "staff" and doc["person"]["role"] == "agent"
    types = {e["type"] for e in doc["events_authored"]}
    assert {"acknowledged", "staff_reply", "resolved"} <= types
    assert doc["tickets_reported"] == [] and doc["mails_sent"] == []

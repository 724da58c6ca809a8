"""Audit entries name their actor: the logged-in user, a named person, or the system."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import AuditEntry
from helpdesk.privacy.audit import record
from tests.integration.test_web_helpers import world


@pytest.fixture(autouse=True)
def _app_context(app):
    yield app


def test_an_entry_outside_a_request_is_the_systems():
    record("retention_purged", "contact", 7, detail="contract ended")
    db.session.commit()
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.actor_kind, entry.actor_id, entry.action, entry.subject_id) == (
        "system", None, "retention_purged", 7)
    assert entry.at.tzinfo is not None


def test_a_named_actor_is_recorded_with_its_name():
    w = world()
    record("exported", "contact", w.contact.id, actor=w.staff)
    db.session.commit()
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.actor_kind, entry.actor_id, entry.actor_name) == (
        "staff", w.staff.id, w.staff.name)

"""The data-breach register (R24): managers register, notify through the outbox, the
72-hour clock stops per customer when told, and the scheduler step escalates once per level."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from helpdesk.breaches.escalation import settle_breaches
from helpdesk.breaches.notify import notify_affected
from helpdesk.breaches.register import BreachRefused, register_breach
from helpdesk.breaches.status import status_of
from helpdesk.extensions import db
from helpdesk.models import (
    AuditEntry,
    DataBreach,
    DataBreachNotification,
    DataBreachWarning,
    OutboxMessage,
)
from tests.api.conftest import issue_token
from tests.factories import login, make_contact, make_customer, make_staff
from tests.scheduler_jobs import run_minutely_job

BRUSSELS = ZoneInfo("Europe/Brussels")
# A Friday 17:00 in Brussels (CET, no DST change near it); the test's clock is set after it.
FRIDAY_1700 = datetime(2026, 11, 20, 17, 0, tzinfo=BRUSSELS).astimezone(UTC)


@pytest.fixture
def world(clock):
    clock.set(FRIDAY_1700 + timedelta(minutes=30))
    acme, globex, initech = (make_customer(name=n) for n in ("Acme", "Globex", "Initech"))
    people = {
        "acme_admin": make_contact(acme, name="Ada <b>", portal_role="administrator"),
        "acme_editor": make_contact(acme, name="Ed"),
        "globex_1": make_contact(globex, name="Gus"),
        "globex_2": make_contact(globex, name="Gina", portal_role="reader"),
        "globex_gone": make_contact(globex, name="Gone", active=False),
        "initech_unconfirmed": make_contact(initech, name="Ian", email_confirmed=False),
        "manager": make_staff(name="Mia", role="escalation_manager"),
        "senior": make_staff(name="Sam", role="senior_manager"),
        "agent": make_staff(name="Tom"),
    }
    db.session.commit()
    return {"acme": acme, "globex": globex, "initech": initech, **people}


def _register(world, customers=("acme", "globex"), discovered=FRIDAY_1700, now=None):
    breach = register_breach(
        title="Backup bucket was public", description="A backup bucket was readable by anyone.",
        data_categories="Names and e-mail addresses of contact persons",
        measures="The bucket is closed; access logs are being reviewed.",
        contact_point="Mia, security@provider.example", discovered_at=discovered,
        customers=[world[c] for c in customers], by=world["manager"],
        now=now or discovered + timedelta(minutes=30))
    db.session.commit()
    return breach


def _breach_mails():
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "data_breach")
                              .order_by(OutboxMessage.to_addr)).all()


def _warning_mails():
    return db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "data_breach_warning")).all()


def test_a_manager_registers_in_brussels_wall_time_and_the_breach_is_due_monday_1700(
        client, world):
    login(client, world["manager"])
    assert client.get("/staff/data-breaches/new").status_code == 200
    response = client.post("/staff/data-breaches/new", data={
        "title": "Stolen laptop", "discovered": "2026-11-20T17:00",
        "description": "A laptop with an unencrypted export was stolen.",
        "data_categories": "Names, phone numbers",
        "customers": [str(world["acme"].id), str(world["globex"].id)]})
    assert response.status_code == 302, response.get_data(as_text=True)
    breach = db.session.scalars(select(DataBreach)).one()
    assert breach.discovered_at == FRIDAY_1700
    assert breach.due_at.astimezone(BRUSSELS) == datetime(2026, 11, 23, 17, 0, tzinfo=BRUSSELS)
    assert {a.customer.name for a in breach.affected} == {"Acme", "Globex"}
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "breach_registered")).one()
    assert (entry.subject_kind, entry.subject_id, entry.actor_id) == (
        "data_breach", breach.id, world["manager"].id)
    listing = client.get("/staff/data-breaches").get_data(as_text=True)
    assert "Stolen laptop" in listing and "2026-11-23 17:00 CET" in listing
    assert "Data breaches" in client.get("/staff/").get_data(as_text=True)  # the nav link


def test_the_form_refuses_a_discovery_in_the_future_and_no_customers(client, world):
    login(client, world["manager"])
    future = client.post("/staff/data-breaches/new", data={
        "title": "x", "discovered": "2026-11-21T09:00", "description": "y",
        "data_categories": "z", "customers": [str(world["acme"].id)]})
    assert future.status_code == 400 and "cannot lie in the future" in future.get_data(
        as_text=True)
    none = client.post("/staff/data-breaches/new", data={
        "title": "x", "discovered": "2026-11-20T09:00", "description": "y",
        "data_categories": "z"})
    assert none.status_code == 400
    assert db.session.scalars(select(DataBreach)).all() == []


def test_agents_may_not_see_or_use_the_register(client, world):
    breach = _register(world)
    login(client, world["agent"])
    for url in ("/staff/data-breaches", "/staff/data-breaches/new",
                f"/staff/data-breaches/{breach.id}"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/staff/data-breaches/{breach.id}/notify").status_code == 403
    assert "Data breaches" not in client.get("/staff/").get_data(as_text=True)
    with pytest.raises(BreachRefused):
        register_breach(title="t", description="d", data_categories="c",
                        discovered_at=FRIDAY_1700, customers=[world["acme"]],
                        by=world["agent"], now=FRIDAY_1700 + timedelta(hours=1))


def test_notifying_queues_one_mail_per_contact_and_records_who_was_told_when(
        client, world, clock):
    breach = _register(world, customers=("acme", "globex", "initech"))
    told_at = FRIDAY_1700 + timedelta(hours=5)
    clock.set(told_at)
    login(client, world["manager"])
    response = client.post(f"/staff/data-breaches/{breach.id}/notify")
    assert response.status_code == 302
    mails = _breach_mails()
    # Acme: its administrator only; Globex (no administrator): every active contact;
    # Initech: nobody confirmed an address (R23), so nobody is mailed.
    assert [m.to_addr for m in mails] == sorted(
        [world["acme_admin"].email, world["globex_1"].email, world["globex_2"].email])
    body = mails[0].body_text
    assert "A backup bucket was readable by anyone." in body
    assert "Names and e-mail addresses" in body and "The bucket is closed" in body
    assert "security@provider.example" in body
    rows = db.session.scalars(select(DataBreachNotification)).all()
    assert {(r.address, r.channel, r.at, r.sent_by_id) for r in rows} == {
        (m.to_addr, "email", told_at, world["manager"].id) for m in mails}
    assert {r.outbox_message_id for r in rows} == {m.id for m in mails}
    shown = status_of(db.session.get(DataBreach, breach.id), told_at)
    states = {c.affected.customer.name: c.clock.state for c in shown.customers}
    assert states == {"Acme": "met", "Globex": "met", "Initech": "running"}
    assert shown.clock.state == "running"  # Initech is still untold
    page = client.get(f"/staff/data-breaches/{breach.id}").get_data(as_text=True)
    assert world["acme_admin"].email in page and "no confirmed contact address" in page
    assert "Ada &lt;b&gt;" in page and "Ada <b>" not in page  # names are escaped
    audit = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "breach_notified")).one()
    assert audit.subject_id == breach.id and world["globex_2"].email in audit.detail
    # Pressing again tells nobody twice.
    client.post(f"/staff/data-breaches/{breach.id}/notify")
    assert len(_breach_mails()) == 3


def test_the_clock_stops_when_every_affected_customer_is_told(world, clock):
    breach = _register(world)
    told = FRIDAY_1700 + timedelta(hours=71)
    clock.set(told)
    outcome = notify_affected(breach, by=world["manager"], now=told)
    db.session.commit()
    assert [c.name for c in outcome.notified] == ["Acme", "Globex"]
    later = status_of(breach, told + timedelta(days=10))
    assert later.clock.state == "met"
    assert later.clock.stopped_at == told and later.clock.remaining_seconds == 3600
    assert settle_breaches(told + timedelta(days=10)) == 0  # nobody left to tell


def test_the_scheduler_step_warns_at_75_and_90_percent_and_at_the_deadline_once_each(world):
    _register(world)
    managers = {world["manager"].email, world["senior"].email}
    assert settle_breaches(FRIDAY_1700 + timedelta(hours=54) - timedelta(seconds=1)) == 0
    assert settle_breaches(FRIDAY_1700 + timedelta(hours=54)) == 1
    assert {m.to_addr for m in _warning_mails()} == managers
    assert settle_breaches(FRIDAY_1700 + timedelta(hours=60)) == 0
    assert settle_breaches(FRIDAY_1700 + timedelta(hours=64, minutes=48)) == 1
    assert settle_breaches(FRIDAY_1700 + timedelta(hours=72)) == 1
    for _ in range(3):
        assert settle_breaches(FRIDAY_1700 + timedelta(hours=80)) == 0
    warnings = db.session.scalars(select(DataBreachWarning).order_by(
        DataBreachWarning.at)).all()
    assert [(w.level, w.at, w.untold) for w in warnings] == [
        ("75", FRIDAY_1700 + timedelta(hours=54), 2),
        ("90", FRIDAY_1700 + timedelta(hours=64, minutes=48), 2),
        ("overdue", FRIDAY_1700 + timedelta(hours=72), 2)]
    mails = _warning_mails()
    assert len(mails) == 3 * len(managers)
    assert any("Notification deadline passed" in m.subject for m in mails)
    assert all(world["agent"].email != m.to_addr for m in mails)


def test_after_downtime_every_level_is_recorded_but_the_managers_get_one_mail(world):
    _register(world)
    assert settle_breaches(FRIDAY_1700 + timedelta(days=5)) == 3
    assert len(_warning_mails()) == 2  # the overdue mail, to each of the two managers
    assert "deadline passed" in _warning_mails()[0].subject


def test_the_scheduler_runs_the_breach_step_by_itself(app, world, clock):
    _register(world)
    clock.set(FRIDAY_1700 + timedelta(hours=55))
    run_minutely_job(app, "breaches")
    assert [w.level for w in db.session.scalars(select(DataBreachWarning))] == ["75"]


def test_the_api_lists_the_register_for_managers_only(client, world, clock):
    breach = _register(world)
    clock.set(FRIDAY_1700 + timedelta(hours=2))
    notify_affected(breach, by=world["manager"], now=FRIDAY_1700 + timedelta(hours=2))
    db.session.commit()
    manager, agent = issue_token(world["manager"]), issue_token(world["agent"])
    contact = issue_token(world["acme_admin"])
    db.session.commit()
    listed = client.get("/api/v1/data-breaches", headers={"Authorization": f"Bearer {manager}"})
    assert listed.status_code == 200
    [item] = listed.get_json()["items"]
    assert item["due_at"] == "2026-11-23T16:00:00Z" and item["state"] == "met"
    acme = next(c for c in item["customers"] if c["name"] == "Acme")
    assert acme["notifications"][0]["address"] == world["acme_admin"].email
    one = client.get(f"/api/v1/data-breaches/{breach.id}",
                     headers={"Authorization": f"Bearer {manager}"})
    assert one.status_code == 200 and one.get_json()["id"] == breach.id
    assert client.get("/api/v1/data-breaches/999",
                      headers={"Authorization": f"Bearer {manager}"}).status_code == 404
    for secret in (agent, contact):
        for url in ("/api/v1/data-breaches", f"/api/v1/data-breaches/{breach.id}"):
            response = client.get(url, headers={"Authorization": f"Bearer {secret}"})
            assert response.status_code == 403
            assert response.mimetype == "application/problem+json"

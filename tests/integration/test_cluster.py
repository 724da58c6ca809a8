"""Several machines' worth of processes on one PostgreSQL database (issue #9).

Two gunicorn web servers, two `helpdesk smtpd` listeners and two `helpdesk scheduler`s run
as real processes on loopback. Tickets come in through the portal form of both web servers
and through both listeners, with reaction deadlines a minute away (the 24/7 test contract);
the leading scheduler is killed with SIGKILL while they are pending. The follower must take
over, and every deadline must get exactly one breach and one escalation (art. 39.4.1),
every accepted form and mail exactly one ticket. About 80 s: the shortest contract target is
one minute.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bench.cluster import Cluster, WebSession, leader_pid, mail, send_mail, submit_incident
from helpdesk.extensions import db
from helpdesk.models import Ticket, TicketEvent
from tests.factories import PASSWORD, make_contact, make_contract, make_customer
from tests.integration.test_scheduler_processes import ALWAYS

PER_WEB = 3
PER_LISTENER = 4


def wait_until(condition, timeout: float, step: float = 0.25):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(step)
    return None


def current_leader() -> int | None:
    with db.engine.connect() as conn:
        return leader_pid(conn)


def ticket_count() -> int:
    db.session.expire_all()
    found = db.session.scalar(select(func.count(Ticket.id))) or 0
    db.session.commit()
    return found


def counts(kind: str) -> dict[int, int]:
    db.session.expire_all()
    rows = db.session.execute(select(TicketEvent.ticket_id, func.count())
                              .where(TicketEvent.type == kind)
                              .group_by(TicketEvent.ticket_id)).all()
    db.session.commit()
    return dict(rows)


def test_a_killed_leader_is_replaced_and_no_escalation_is_lost_or_doubled(app, tmp_path):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("the cluster shares one PostgreSQL database; SQLite is one machine "
                    "(its flock election is tested in tests/jobs/test_leader.py)")
    customer = make_customer()
    make_contract(customer, sla_preset=None, sla_definition=ALWAYS)
    portal_user = make_contact(customer)
    senders = [make_contact(customer) for _ in range(2)]
    db.session.commit()

    cluster = Cluster(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path,
                      settings={"HELPDESK_LEADER_RETRY_SECONDS": "1"})
    cluster.start()
    try:
        schedulers = {s.pid: s for s in cluster.of("scheduler")}
        first = wait_until(lambda: current_leader() in schedulers and current_leader(), 30)
        assert first, "no scheduler took the lead\n" + cluster.logs()

        forms, mails = [], []
        for web in cluster.of("web"):
            session = WebSession(web.port)
            session.log_in("portal", portal_user.email, PASSWORD)
            for n in range(PER_WEB):
                title = f"Portal {web.name}-{n}"
                assert submit_incident(session, title), title
                forms.append(title)
            session.close()
        for listener in cluster.of("smtp"):
            for n in range(PER_LISTENER):
                subject = f"Mail {listener.name}-{n}"
                sender = senders[n % 2].email
                assert send_mail(listener.port, sender, mail(sender, subject,
                                                             f"{subject}@c.example"))
                mails.append(subject)

        schedulers[first].kill()  # the deadlines are about a minute away: all pending
        killed_at = time.monotonic()
        second = wait_until(lambda: (pid := current_leader()) not in (None, first) and pid, 15)
        assert second in schedulers, "the follower did not take over\n" + cluster.logs()
        takeover = time.monotonic() - killed_at

        expected = len(forms) + len(mails)
        assert wait_until(lambda: ticket_count() == expected, 30), \
            "mail was not turned into tickets\n" + cluster.logs()
        assert wait_until(lambda: len(counts("breach_recorded")) == expected, 90), \
            "not every deadline was escalated\n" + cluster.logs()
        time.sleep(3)  # room for a late duplicate to show
    finally:
        cluster.stop()

    titles = dict(db.session.execute(
        select(Ticket.title, func.count()).group_by(Ticket.title)).all())
    assert {t: titles.get(t) for t in forms + mails} == {t: 1 for t in forms + mails}
    assert sorted(counts("breach_recorded").values()) == [1] * expected
    assert sorted(counts("escalated").values()) == [1] * expected
    assert takeover < 10
    breaches = db.session.execute(select(TicketEvent.at, TicketEvent.recorded_at).where(
        TicketEvent.type == "breach_recorded")).all()
    # Recorded at the deadline itself, and noticed within seconds although the leader died.
    assert all(timedelta(0) <= recorded - at < timedelta(seconds=10) for at, recorded in breaches)

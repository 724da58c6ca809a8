"""The overview sums the customers' statements; the screen used for statements changes no
figure; the what-if folds the same events under another SLA."""

from __future__ import annotations

from datetime import date

from helpdesk import credits
from helpdesk.extensions import db
from helpdesk.reports import records
from helpdesk.reports.ledger import load
from helpdesk.reports.overview import overview
from helpdesk.reports.statements import customer_statement
from helpdesk.reports.whatif import what_if
from helpdesk.tickets import actions
from tests.reports.helpers import managed_customer, ticket, utc

AS_OF = utc(2026, 11, 20, 12)
NOV = credits.Month(2026, 11)


def busy_customer(name: str):
    """Met, late, suspended, workaround and still-open tickets in November 2026 (type 4)."""
    customer, _, contact, staff = managed_customer(name)
    ticket(contact, staff, submitted=utc(2026, 11, 2, 8), acknowledged=utc(2026, 11, 2, 8, 30),
           resolved=utc(2026, 11, 3, 8, 30, 1))  # H: 1 s late
    ticket(contact, staff, submitted=utc(2026, 11, 2, 9), acknowledged=utc(2026, 11, 2, 9, 5),
           resolved=utc(2026, 11, 2, 15))  # met
    late_ack = ticket(contact, staff, submitted=utc(2026, 11, 6, 7), urgency="light",
                      impact="some", acknowledged=utc(2026, 11, 12, 7))  # P4 reaction late
    suspended = ticket(contact, staff, submitted=utc(2026, 11, 9, 8),
                       acknowledged=utc(2026, 11, 9, 8, 10))
    actions.suspend_for_supplier(suspended, supplier="Telco", by=staff, now=utc(2026, 11, 9, 9))
    actions.supplier_delivered(suspended, by=staff, now=utc(2026, 11, 10, 9))
    actions.resolve(suspended, by=staff, now=utc(2026, 11, 11, 9))
    worked = ticket(contact, staff, submitted=utc(2026, 11, 16, 8),
                    acknowledged=utc(2026, 11, 16, 8, 20))
    actions.apply_workaround(worked, by=staff, now=utc(2026, 11, 16, 10))
    ticket(contact, staff, submitted=utc(2026, 11, 18, 8))  # never acknowledged
    records.record_claim(customer, kind="incident", channel="registered_letter",
                         received_on=date(2026, 11, 13),
                         covers=[records.Covered(late_ack.reference)], by=staff, now=AS_OF)
    db.session.commit()
    return customer


def test_screening_tickets_out_changes_no_figure(app):
    customer = busy_customer("Busy NV")
    since = credits.Month(2026, 1).start
    screened = load(since=since, until=NOV.end, now=AS_OF).customers[customer.id]
    folded = load(since=since, until=NOV.end, now=AS_OF, fold_all=True).customers[customer.id]
    assert sum(1 for t in screened.tickets if t.clocks) < len(screened.tickets)
    assert (customer_statement(screened, NOV, AS_OF).to_dict()
            == customer_statement(folded, NOV, AS_OF).to_dict())


def test_the_overview_sums_every_customers_statement(app):
    a, b = busy_customer("Alpha NV"), busy_customer("Beta NV")
    result = overview(NOV, AS_OF)
    assert [row.statement.customer for row in result.customers] == ["Alpha NV", "Beta NV"]
    for name in ("incident_owed", "incident_claimed", "incident_lapsed"):
        assert result.totals[name] == sum(r.totals[name] for r in result.customers)
    one = load(since=credits.Month(2026, 1).start, until=NOV.end, now=AS_OF,
               customer_ids=[a.id]).customers[a.id]
    assert result.customers[0].totals == customer_statement(one, NOV, AS_OF).totals()
    assert result.trend[-1].totals == result.totals and len(result.trend) == 12
    assert b.id != a.id


def test_what_if_under_platform_objectives_lists_breaches_without_credit(app):
    """Platform (R13): P1 response 4 h / resolution 8 h around the clock from submission;
    the same events now breach differently and carry no credit."""
    customer = busy_customer("Gamma NV")
    result = what_if(customer.id, NOV, NOV, "platform", AS_OF)
    assert result.actual.total > 0 and result.alternative.total == 0
    assert result.alternative.sla == "platform"
    assert all(p.credit is None for p in result.alternative.breaches)
    assert {p.breach.clock for p in result.alternative.breaches} <= {"response", "resolution"}


def test_what_if_under_the_same_sla_gives_the_same_credits(app):
    customer = busy_customer("Delta NV")
    result = what_if(customer.id, NOV, NOV, "type4", AS_OF)
    assert [(p.breach.reference, p.breach.clock, p.amount) for p in result.actual.breaches] \
        == [(p.breach.reference, p.breach.clock, p.amount) for p in result.alternative.breaches]

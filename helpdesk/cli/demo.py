"""`helpdesk demo`: a provider, three customers on SLA types 1, 3 and 5, and ~50 tickets."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from helpdesk.auth.passwords import hash_password
from helpdesk.cli.database import migrate_to_head
from helpdesk.cli.demo_canned import load_canned_replies
from helpdesk.cli.demo_clocks import load_clock_showcase
from helpdesk.cli.demo_duties import load_duties
from helpdesk.cli.demo_hosting import load_hosting
from helpdesk.cli.demo_visits import load_hours_and_visits
from helpdesk.clock import utcnow
from helpdesk.duties.assign import assign_sla
from helpdesk.extensions import db
from helpdesk.models import (
    ClosingDay,
    ContactPerson,
    Contract,
    Customer,
    EscalationContact,
    MonthlyFee,
    PortalRole,
    Staff,
    StaffRole,
    Ticket,
)
from helpdesk.tickets import commands
from helpdesk.tickets.actors import Actor
from helpdesk.timefmt import BRUSSELS

DEMO_PASSWORD = "demo-password"

STAFF = [
    ("Administrator", "Ada Admin", "admin@provider.example", StaffRole.ADMINISTRATOR),
    ("Agent (tier 1)", "Tom Support", "tom@provider.example", StaffRole.AGENT),
    ("Agent (tier 1)", "Sara Support", "sara@provider.example", StaffRole.AGENT),
    ("Escalation manager (tier 2)", "Eva Escalation", "eva@provider.example",
     StaffRole.ESCALATION_MANAGER),
    ("Senior manager (tier 3)", "Simon Senior", "simon@provider.example",
     StaffRole.SENIOR_MANAGER),
]

CUSTOMERS = [
    # name, preset, monthly fee in cents, contacts (name, email, portal role)
    ("Brouwerij De Kroon", "type1", 45_000, [
        ("Jan Peeters", "jan@dekroon.example", PortalRole.ADMINISTRATOR),
        ("Lies Maes", "lies@dekroon.example", PortalRole.READER),
    ]),
    ("Gemeente Zonnedorp", "type3", 90_000, [
        ("An Janssens", "an@zonnedorp.example", PortalRole.ADMINISTRATOR),
        ("Koen Willems", "koen@zonnedorp.example", PortalRole.EDITOR),
    ]),
    ("Ziekenhuis Sint-Lucas", "type5", 125_000, [
        ("Els Claes", "els@sintlucas.example", PortalRole.ADMINISTRATOR),
        ("Pieter Wouters", "pieter@sintlucas.example", PortalRole.EDITOR),
    ]),
]

DEMO_LOGINS = [(role, email, DEMO_PASSWORD) for role, _, email, _ in STAFF] + [
    (f"Contact, {customer}", contacts[0][1], DEMO_PASSWORD)
    for customer, _, _, contacts in CUSTOMERS
]

TITLES = [
    "Mail server not reachable", "VPN drops every few minutes", "Printer on floor 2 offline",
    "ERP login fails for all users", "Backup job reported errors", "Slow file share",
    "Wi-Fi in meeting room down", "Laptop will not boot", "Certificate expired on portal",
    "Phone system one-way audio", "Shared calendar not syncing", "Firewall blocks supplier",
]


def _months_back(today: date, count: int) -> list[date]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def _working_instant(rng: random.Random, now: datetime, days_back: int) -> datetime:
    """A plausible report instant: a weekday in office hours, Brussels time."""
    while True:
        day = (now.astimezone(BRUSSELS) - timedelta(days=rng.randint(0, days_back))).date()
        if day.weekday() < 5 or rng.random() < 0.1:
            local = datetime(day.year, day.month, day.day, rng.randint(7, 18),
                             rng.randint(0, 59), tzinfo=BRUSSELS)
            if local < now:
                return local.astimezone(now.tzinfo)


def _load_parties(now: datetime) -> tuple[list[Staff], list[Customer]]:
    staff = []
    for _, name, email, role in STAFF:
        member = Staff(name=name, email=email, role=role, created_at=now,
                       password_hash=hash_password(DEMO_PASSWORD))
        db.session.add(member)
        staff.append(member)
    db.session.flush()
    managers = {2: [s for s in staff if s.role == StaffRole.ESCALATION_MANAGER],
                3: [s for s in staff if s.role == StaffRole.SENIOR_MANAGER]}
    customers = []
    today = now.astimezone(BRUSSELS).date()
    for name, preset, fee, contacts in CUSTOMERS:
        customer = Customer(name=name, created_at=now)
        db.session.add(customer)
        db.session.flush()
        contract = Contract(customer_id=customer.id, name=f"Support contract {today.year}",
                            starts_on=date(today.year - 1, 1, 1))
        # art. 38.1: the SLA is assigned in one place, which records it in the history
        assign_sla(contract, preset=preset, definition=None, by=None, now=now)
        for month in _months_back(today, 14):
            db.session.add(MonthlyFee(contract_id=contract.id, month=month,
                                      invoiced_cents=fee, paid_cents=fee))
        db.session.add(ClosingDay(contract_id=contract.id, day=date(today.year, 12, 24),
                                  reason="Christmas Eve (customer closed)"))
        for tier, people in managers.items():
            for person in people:
                db.session.add(EscalationContact(contract_id=contract.id, tier=tier,
                                                 staff_id=person.id))
        for contact_name, email, role in contacts:
            db.session.add(ContactPerson(
                customer_id=customer.id, name=contact_name, email=email, portal_role=role,
                password_hash=hash_password(DEMO_PASSWORD), email_confirmed=True,
                created_at=now))
        customers.append(customer)
    db.session.flush()
    return staff, customers


def _ticket_story(rng: random.Random, ticket: Ticket, start: datetime, now: datetime,
                  agents: list[Staff]) -> None:
    """Play a plausible history forward from submission, never past `now`."""
    agent = rng.choice(agents)
    t = start
    steps = rng.choice(["open", "ack", "suspended", "workaround", "resolved", "resolved",
                        "rejected", "not_an_incident", "reprioritised"])

    def later(hours: float) -> datetime | None:
        nonlocal t
        candidate = t + timedelta(minutes=max(1, int(rng.uniform(0.2, 1.0) * hours * 60)))
        if candidate >= now:
            return None
        t = candidate
        return t

    def do(kind: str, at: datetime | None, **payload: object) -> bool:
        if at is None:
            return False
        commands.record(ticket, kind, at=at, actor=Actor.of(agent), now=now, payload=payload,
                        channel="web")
        return True

    if steps == "open":
        return
    if rng.random() < 0.7 and not do("assigned", later(0.5), staff_id=agent.id,
                                      staff_name=agent.name):
        return
    if not do("acknowledged", later(rng.choice([0.5, 1, 3, 12]))):
        return
    if steps == "reprioritised":
        do("priority_changed", later(2), urgency="blocking", impact="all", priority="P1",
           reason="Customer confirmed all employees are blocked")
        return
    if steps == "not_an_incident":
        do("not_an_incident", later(4), reason="customer-caused outage (art. 38.3)")
        return
    if steps in ("suspended", "workaround", "resolved", "rejected") and rng.random() < 0.5:
        if not do("supplier_suspended", later(6), supplier="Telenet Business"):
            return
        if steps == "suspended" or not do("supplier_delivered", later(30)):
            return
    if steps == "workaround":
        do("workaround_applied", later(8))
        return
    if steps in ("resolved", "rejected"):
        if not do("resolved", later(20)):
            return
        if steps == "rejected":
            do("fix_rejected", later(10), reason="The problem came back after a restart")


@click.command("demo")
@click.option("--tickets", "ticket_count", default=50, show_default=True)
@click.option("--seed", default=7, show_default=True)
@with_appcontext
def demo(ticket_count: int, seed: int) -> None:
    """Load demo data (only into an empty database)."""
    migrate_to_head()
    if db.session.scalar(select(func.count(Staff.id))):
        click.echo("The database already has data; demo data is only loaded into an empty one.")
        return
    now = utcnow()
    rng = random.Random(seed)
    staff, customers = _load_parties(now)
    agents = [s for s in staff if s.role == StaffRole.AGENT]
    load_canned_replies(staff[0], now)  # issue #16: templates to pick on a ticket page
    load_hosting(customers[0], agents[0], now)
    load_duties(customers, agents[0], now)  # R25 complaints, conflicts, SLA history; R20
    # Issue #19: a ticket for each clock badge first, then the random histories.
    showcase, badges = load_clock_showcase(customers, agents[0], now, ticket_count)
    db.session.commit()
    with click.progressbar(range(ticket_count - len(showcase)),
                           label="Creating demo tickets") as bar:
        for _ in bar:
            customer = rng.choice(customers)
            # Only contacts who may submit report incidents (a reader cannot, SPEC portal).
            reporters = [c for c in customer.contacts if c.may_submit]
            reporter = reporters[0] if rng.random() < 0.6 else reporters[-1]
            urgency = rng.choice(["light", "light", "blocking"])
            impact = rng.choice(["some", "some", "all"])
            channel = rng.choice(["email", "portal", "portal"])
            if urgency == "blocking" and rng.random() < 0.4:
                channel = "phone"  # art. 39.2.2: only P1/P2 by phone
            start = _working_instant(rng, now, 28)
            ticket = commands.submit(
                reporter=reporter, title=rng.choice(TITLES),
                description="Demo report: the service stopped working as described.",
                urgency=urgency, impact=impact, channel=channel, at=start,
                actor=Actor.of(reporter), now=now,
            )
            _ticket_story(rng, ticket, start, now, agents)
            db.session.commit()
    # R25: hours with their art. 6.6 states and preventive site visits (art. 27.2).
    duty_customer = customers[1]
    oldest = db.session.scalars(select(Ticket).where(
        Ticket.customer_id == duty_customer.id).order_by(Ticket.submitted_at)).first()
    if oldest is not None and oldest.submitted_at < now - timedelta(days=11):
        load_hours_and_visits(duty_customer, oldest, agents[0], now)
        db.session.commit()
    total = db.session.scalar(select(func.count(Ticket.id)))
    click.echo(f"Demo data loaded: {len(staff)} staff, {len(customers)} customers, "
               f"{total} tickets. Log in with password {DEMO_PASSWORD!r}.")
    click.echo("Clock badges shown by the showcase tickets now: "
               f"{', '.join(sorted(badges)) or 'none'}.")

"""What if: replay a customer's tickets of a period under another SLA and compare.

The same events are folded with the other SLA (the contract's own closing days kept); the
breaches found are priced with the same fees and caps. Staff's attribution marks carry over
by ticket and clock (the cause of the delay does not change with the SLA). Claims are left
out: the question is what credits would have arisen, not which would have been claimed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from helpdesk import credits
from helpdesk import sla as engine
from helpdesk.credits.money import ZERO
from helpdesk.reports.ledger import CustomerLedger, load


@dataclass(frozen=True)
class PricedBreach:
    breach: credits.BreachInput
    credit: credits.IncidentCredit | None  # None when the SLA carries no credit
    cap: credits.CapResult | None

    @property
    def amount(self) -> Decimal:
        return ZERO if self.cap is None else self.cap.after


@dataclass(frozen=True)
class Scenario:
    sla: str
    breaches: tuple[PricedBreach, ...]

    @property
    def total(self) -> Decimal:
        return sum((b.amount for b in self.breaches), ZERO)


@dataclass(frozen=True)
class WhatIf:
    customer: str
    first: credits.Month
    last: credits.Month
    actual: Scenario
    alternative: Scenario


def _price(customer: CustomerLedger, first: credits.Month, now: datetime,
           marks: dict[tuple[str, str], str] | None = None) -> Scenario:
    priced: list[PricedBreach] = []
    labels = set()
    for book in customer.contracts.values():
        labels.add(book.sla_label)
        breaches = list(customer.breaches.get(book.id, ()))
        if marks is not None:
            breaches = [dataclasses.replace(b, not_attributable_reason=marks.get(
                (b.reference, b.clock))) for b in breaches]
        if not book.credits_apply:
            priced += [PricedBreach(b, None, None) for b in breaches
                       if b.deadline >= first.start]
            continue
        found = [credits.incident_credit(b, book.fees, now) for b in breaches]
        items = [credits.CapItem(c.breach.deadline, c.amount) for c in found]
        capped = credits.apply_annual_caps(items, book.fees, book.caps,
                                           invoices=book.invoices)
        priced += [PricedBreach(c.breach, c, cap) for c, cap in zip(found, capped, strict=True)
                   if c.breach.deadline >= first.start]
    priced.sort(key=lambda p: (p.breach.deadline, p.breach.reference, p.breach.clock))
    return Scenario(", ".join(sorted(labels)), tuple(priced))


def what_if(customer_id: int, first: credits.Month, last: credits.Month, preset_name: str,
            now: datetime) -> WhatIf:
    """Breaches and credits of [first, last] as they are, and under preset `preset_name`."""
    if last < first:
        raise ValueError("the period ends before it starts")
    other = engine.preset(preset_name)
    since, until = credits.Month(first.year, 1).start, last.end  # caps count from January
    actual = load(since=since, until=until, now=now, customer_ids=[customer_id])
    replay = load(since=since, until=until, now=now, customer_ids=[customer_id],
                  sla_override=other)
    mine, theirs = actual.customers[customer_id], replay.customers[customer_id]
    marks = {(b.reference, b.clock): b.not_attributable_reason
             for items in mine.breaches.values() for b in items if b.not_attributable_reason}
    for record in mine.tickets:  # marks on breaches outside the window still name the cause
        for key, reason in record.marks.items():
            marks.setdefault((record.reference, key.split("@", 1)[0]), reason)
    return WhatIf(mine.name, first, last, _price(mine, first, now),
                  _price(theirs, first, now, marks))

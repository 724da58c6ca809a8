"""The monthly SLA report of one customer: the month's tickets by priority and channel with
each clock met or breached, every breach with its credit working, claim status and the
engine's explanation of its deadline, availability per service, and met/breached per month
over the last year. The web page, the PDF and the CSV all render this one object.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from helpdesk import credits
from helpdesk import sla as engine
from helpdesk.reports.ledger import ContractBook, CustomerLedger, TicketRecord, load
from helpdesk.reports.statements import CustomerStatement, customer_statement

CHART_MONTHS = 12


@dataclass(frozen=True)
class ClockCell:
    name: str
    label: str
    state: str  # met, breached, running, paused, pending, void, n.a.
    deadline: datetime | None
    stopped_at: datetime | None


@dataclass(frozen=True)
class TicketRow:
    reference: str
    title: str
    channel: str
    priority: str | None
    submitted_at: datetime
    status: str
    clocks: tuple[ClockCell, ...]


@dataclass(frozen=True)
class BreachRow:
    """One breach of the month: a credit line, or a missed objective without credit (R13)."""

    contract: ContractBook
    reference: str
    clock: str
    deadline: datetime
    line: credits.StatementLine | None
    objective: credits.BreachInput | None
    explanation: engine.Explanation | None


@dataclass(frozen=True)
class ChartMonth:
    month: credits.Month
    met: int
    breached: int


@dataclass(frozen=True)
class MonthlyReport:
    statement: CustomerStatement
    tickets: tuple[TicketRow, ...]
    by_priority: dict[str, int]
    by_channel: dict[str, int]
    breaches: tuple[BreachRow, ...]
    chart: tuple[ChartMonth, ...]

    @property
    def month(self) -> credits.Month:
        return self.statement.month

    @property
    def customer(self) -> str:
        return self.statement.customer


def last_months(month: credits.Month, count: int = CHART_MONTHS) -> list[credits.Month]:
    months = [month]
    while len(months) < count:
        months.insert(0, months[0].previous())
    return months


def report_window(month: credits.Month) -> tuple[datetime, datetime]:
    """From January of the first chart month's year (the caps start there) to the month's end."""
    first = last_months(month)[0]
    return credits.Month(first.year, 1).start, month.end


def monthly_report(customer_id: int, month: credits.Month, now: datetime) -> MonthlyReport:
    since, until = report_window(month)
    ledger = load(since=since, until=until, now=now, customer_ids=[customer_id], fold_all=True)
    return build(ledger.customers[customer_id], month, now)


def build(customer: CustomerLedger, month: credits.Month, now: datetime) -> MonthlyReport:
    statement = customer_statement(customer, month, now)
    rows = tuple(_ticket_row(record) for record in customer.tickets
                 if month.start <= record.submitted_at < month.end and record.clocks)
    return MonthlyReport(
        statement=statement,
        tickets=rows,
        by_priority=dict(sorted(Counter(r.priority or "-" for r in rows).items())),
        by_channel=dict(sorted(Counter(r.channel for r in rows).items())),
        breaches=tuple(_breach_rows(customer, statement)),
        chart=tuple(_chart(customer, month)),
    )


def _ticket_row(record: TicketRecord) -> TicketRow:
    clocks = record.clocks
    assert clocks is not None
    cells = tuple(
        ClockCell(state.name, state.label, state.state if state.applicable else "n.a.",
                  state.deadline, state.stopped_at)
        for state in clocks.clocks.values())
    return TicketRow(record.reference, record.title, record.channel, clocks.priority,
                     record.submitted_at, clocks.status, cells)


def _explanation(customer: CustomerLedger, reference: str,
                 clock: str) -> engine.Explanation | None:
    record = customer.ticket(reference)
    if record is None or record.clocks is None or clock not in record.clocks.clocks:
        return None
    return record.clocks.clocks[clock].explanation()


def _breach_rows(customer: CustomerLedger, statement: CustomerStatement) -> list[BreachRow]:
    rows: list[BreachRow] = []
    for part in statement.contracts:
        if part.statement is not None:
            for line in part.statement.lines:
                b = line.breach
                rows.append(BreachRow(part.contract, b.reference, b.clock, b.deadline, line, None,
                                      _explanation(customer, b.reference, b.clock)))
        for b in part.objectives_missed:
            rows.append(BreachRow(part.contract, b.reference, b.clock, b.deadline, None, b,
                                  _explanation(customer, b.reference, b.clock)))
    rows.sort(key=lambda r: (r.deadline, r.reference, r.clock))
    return rows


def _chart(customer: CustomerLedger, month: credits.Month) -> list[ChartMonth]:
    """Clocks met (by the month they stopped) and breached (by the month of the deadline)."""
    months = last_months(month)
    met: Counter[credits.Month] = Counter()
    breached: Counter[credits.Month] = Counter()
    for record in customer.tickets:
        if record.clocks is None:
            continue
        for state in record.clocks.clocks.values():
            if state.state == "breached" and state.breached_at is not None:
                breached[credits.Month.of(state.breached_at)] += 1
            elif state.state == "met" and state.stopped_at is not None:
                met[credits.Month.of(state.stopped_at)] += 1
    return [ChartMonth(m, met[m], breached[m]) for m in months]

"""Recording invoices (R22, art. 16.3): one entered by a manager, or a CSV file imported
whole. An import is all-or-nothing: every row is checked first (and against what is on
record), and one bad row refuses the file with the reason of each bad row. Importing the same
file again adds nothing: an invoice number is recorded once per contract; a row that repeats
a recorded invoice is left alone, or only fills in the date it was paid.

CSV columns (header row required, comma or semicolon separated, UTF-8):
  date      invoice date, YYYY-MM-DD
  number    invoice number, unique per contract
  amount    euros, e.g. 1250.00 (a decimal comma is accepted; no thousands separators)
  what_for  sla_fee, hours, project, licence or other
  paid_on   YYYY-MM-DD, or empty while unpaid (the column may be left out)
The caller commits; nothing here reads the clock (`now` is passed in).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from helpdesk import credits
from helpdesk.credits.instants import brussels_date
from helpdesk.extensions import db
from helpdesk.models import Contract, Invoice, Staff
from helpdesk.reports.records import RecordRefused

COLUMNS = ("date", "number", "amount", "what_for", "paid_on")
REQUIRED = ("date", "number", "amount", "what_for")
MAX_ROWS = 5000
_AMOUNT = re.compile(r"^\d{1,9}(?:[.,]\d{1,2})?$")


class ImportRefused(RecordRefused):
    """The file was not imported; `errors` says what is wrong with which row."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"Nothing imported: {len(errors)} problem(s).")
        self.errors = errors


@dataclass(frozen=True)
class InvoiceRow:
    line: int
    number: str
    invoiced_on: date
    amount_cents: int
    what_for: str
    paid_on: date | None


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    paid_on_filled: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def parse_amount(text: str) -> int:
    """'1250.00' or '1250,5' → cents; refuses signs, thousands separators and floats' noise."""
    text = text.strip().replace("€", "").replace("EUR", "").strip()
    if not _AMOUNT.match(text):
        raise ValueError(f"amount {text!r} is not an amount like 1250.00")
    whole, _, part = text.replace(",", ".").partition(".")
    return int(whole) * 100 + int((part + "00")[:2])


def _day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{what} {text.strip()!r} is not a date like 2026-10-31") from None


def check_invoice(number: str, invoiced_on: date, amount_cents: int, what_for: str,
                  paid_on: date | None, today: date) -> list[str]:
    """What is wrong with one invoice, as sentences (empty when it can be recorded)."""
    problems = []
    if not number.strip():
        problems.append("the invoice number is missing")
    elif len(number.strip()) > 64:
        problems.append("the invoice number is longer than 64 characters")
    if what_for not in credits.WHAT_FOR:
        problems.append(f"what_for {what_for!r} is not one of {', '.join(credits.WHAT_FOR)}")
    if amount_cents < 0:
        problems.append("the amount is negative")
    if invoiced_on > today:
        problems.append(f"the invoice date {invoiced_on} is after today")
    if paid_on is not None and paid_on < invoiced_on:
        problems.append(f"paid on {paid_on}, before the invoice date {invoiced_on}")
    if paid_on is not None and paid_on > today:
        problems.append(f"paid on {paid_on}, after today")
    return problems


def parse_csv(text: str, today: date) -> tuple[list[InvoiceRow], list[str]]:
    """The rows of an invoice CSV, and the problems found (line numbers as in the file)."""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return [], ["the file is empty: the first line must name the columns "
                    f"({', '.join(COLUMNS)})"]
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [(name or "").strip().lower() for name in reader.fieldnames or ()]
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name and name not in COLUMNS]
    if missing or unknown:
        return [], [f"line 1: the columns must be {', '.join(COLUMNS)}"
                    + (f"; missing {', '.join(missing)}" if missing else "")
                    + (f"; unknown {', '.join(unknown)}" if unknown else "")]
    reader.fieldnames = header
    rows: list[InvoiceRow] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num
        if len(rows) + len(problems) >= MAX_ROWS:
            problems.append(f"more than {MAX_ROWS} rows: split the file")
            break
        values = {k: (v or "").strip() for k, v in raw.items() if isinstance(k, str)}
        if not any(values.values()):
            continue  # a blank line
        number = values.get("number", "")
        found = [f"invoice {number} is also on line {seen[number]}"] if number in seen else []
        if number:
            seen.setdefault(number, line)
        try:
            row = _row(line, values, today)
        except ValueError as problem:
            found.append(str(problem))
        if found:
            problems.append(f"line {line}: " + "; ".join(found))
        else:
            rows.append(row)
    if not rows and not problems:
        problems.append("the file has no invoice rows")
    return rows, problems


def _row(line: int, values: dict[str, str], today: date) -> InvoiceRow:
    """One row, or ValueError naming everything wrong with it."""
    found: list[str] = []
    invoiced_on = paid_on = None
    amount = 0
    try:
        invoiced_on = _day(values.get("date", ""), "date")
    except ValueError as problem:
        found.append(str(problem))
    try:
        amount = parse_amount(values.get("amount", ""))
    except ValueError as problem:
        found.append(str(problem))
    try:
        paid_on = _day(values["paid_on"], "paid_on") if values.get("paid_on") else None
    except ValueError as problem:
        found.append(str(problem))
    number, what_for = values.get("number", ""), values.get("what_for", "")
    if invoiced_on is not None:
        found += check_invoice(number, invoiced_on, amount, what_for, paid_on, today)
    if found:
        raise ValueError("; ".join(found))
    assert invoiced_on is not None
    return InvoiceRow(line, number, invoiced_on, amount, what_for, paid_on)


def _on_record(contract: Contract) -> dict[str, Invoice]:
    return {i.number: i for i in db.session.scalars(
        select(Invoice).where(Invoice.contract_id == contract.id))}


def import_invoices(contract: Contract, text: str, *, by: Staff | None,
                    now: datetime) -> ImportResult:
    """All rows or none: raises ImportRefused, writing nothing, when any row is wrong."""
    rows, problems = parse_csv(text, brussels_date(now, "now"))
    recorded = _on_record(contract)
    result = ImportResult()
    fills: list[tuple[Invoice, date]] = []
    new: list[InvoiceRow] = []
    for row in rows:
        known = recorded.get(row.number)
        if known is None:
            new.append(row)
            continue
        same = (known.invoiced_on, known.amount_cents, known.what_for) == \
            (row.invoiced_on, row.amount_cents, row.what_for)
        if not same or (known.paid_on is not None and known.paid_on != row.paid_on):
            problems.append(f"line {row.line}: invoice {row.number} is on record as "
                            f"{known.invoiced_on}, EUR {known.amount:,.2f}, {known.what_for}"
                            f"{f', paid on {known.paid_on}' if known.paid_on else ''}; "
                            "the file says otherwise")
        elif known.paid_on is None and row.paid_on is not None:
            fills.append((known, row.paid_on))
        else:
            result.unchanged.append(row.number)
    if problems:
        raise ImportRefused(problems)
    for invoice, paid_on in fills:
        invoice.paid_on = paid_on
        result.paid_on_filled.append(invoice.number)
    for row in new:
        db.session.add(Invoice(contract_id=contract.id, number=row.number,
                               invoiced_on=row.invoiced_on, amount_cents=row.amount_cents,
                               what_for=row.what_for, paid_on=row.paid_on, recorded_at=now,
                               recorded_by_id=by.id if by else None))
        result.added.append(row.number)
    db.session.flush()
    return result


def record_invoice(contract: Contract, *, number: str, invoiced_on: date, amount_cents: int,
                   what_for: str, paid_on: date | None, by: Staff | None,
                   now: datetime) -> Invoice:
    """One invoice entered by hand; a number already recorded for the contract is refused."""
    number = number.strip()
    problems = check_invoice(number, invoiced_on, amount_cents, what_for, paid_on,
                             brussels_date(now, "now"))
    if number and number in _on_record(contract):
        problems.append(f"invoice {number} is already recorded")
    if problems:
        raise RecordRefused("; ".join(problems).capitalize() + ".")
    invoice = Invoice(contract_id=contract.id, number=number, invoiced_on=invoiced_on,
                      amount_cents=amount_cents, what_for=what_for, paid_on=paid_on,
                      recorded_at=now, recorded_by_id=by.id if by else None)
    db.session.add(invoice)
    db.session.flush()
    return invoice


def set_project_price(contract: Contract, cents: int | None) -> None:
    """Art. 16.4: the project's total price where the agreement names one (None: it doesn't)."""
    if cents is not None and cents < 0:
        raise RecordRefused("A project price cannot be negative.")
    contract.project_price_cents = cents
    db.session.flush()


def invoices_of(contract_ids: list[int]) -> list[Invoice]:
    """The invoices of these contracts, latest first (for the listing)."""
    if not contract_ids:
        return []
    return list(db.session.scalars(select(Invoice).where(
        Invoice.contract_id.in_(contract_ids)).order_by(
        Invoice.invoiced_on.desc(), Invoice.number.desc())))

"""The monthly report as CSV and PDF. The CSV's figures are the statement's JSON figures
(`StatementLine.to_dict()`), so the three forms cannot disagree. The contract duties the
page shows follow the credit rows (`section` "duties", duty_rows.py); the columns before
`section` are those the CSV always had, in the same order."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from helpdesk.credits.instants import iso_z
from helpdesk.reports.duty_rows import DUTY_COLUMNS
from helpdesk.reports.report import MonthlyReport
from helpdesk.reports.statements import availability_dict

CSV_COLUMNS = (
    "kind", "customer", "month", "contract", "sla", "reference", "clock", "priority_at_breach",
    "deadline", "stopped_at", "overdue_seconds", "days", "percent", "base_month",
    "base_amount", "amount_before_cap", "amount_after_cap", "annual_cap", "payable",
    "claim_deadline", "claim_status", "claim_received_on", "reason",
    # seed 001: maintenance windows and the downtime they took out of the count
    "excluded_seconds", "window_start", "window_end", "announced_at",
    # R25 (seed 002): the contract duties, added after the credit columns
    *DUTY_COLUMNS,
)


def report_csv(report: MonthlyReport, duties: Iterable[dict[str, object]] = ()) -> str:
    """The credit rows (`section` "credits"), then `duties` (duty_rows.duty_rows)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    head = {"section": "credits", "customer": report.customer, "month": str(report.month)}
    for row in report.breaches:
        common = {**head, "contract": row.contract.name, "sla": row.contract.sla_label}
        if row.line is not None:
            d = row.line.to_dict()
            writer.writerow({
                **common, "kind": "incident", **{k: d[k] for k in (
                    "reference", "clock", "priority_at_breach", "deadline", "stopped_at",
                    "overdue_seconds", "days", "percent", "amount_before_cap",
                    "amount_after_cap", "annual_cap", "payable", "claim_deadline",
                    "claim_status", "claim_received_on", "reason")},
                "base_month": d["base"]["month"], "base_amount": d["base"]["amount"]})
        elif row.objective is not None:
            b = row.objective
            writer.writerow({**common, "kind": "objective missed", "reference": b.reference,
                             "clock": b.clock, "priority_at_breach": b.priority,
                             "deadline": iso_z(b.deadline), "stopped_at": iso_z(b.stopped_at),
                             "payable": "0.00", "reason": "objective, no credit (R13)"})
    for month in report.statement.availability:
        d = availability_dict(month)
        writer.writerow({**head, "kind": "availability", "reference": d["service"],
                         "overdue_seconds": d["downtime_seconds"], "percent": d["percent"],
                         "base_amount": d["fee"], "amount_before_cap": d["amount"],
                         "amount_after_cap": d["amount"],
                         "payable": d["amount"] if d["claim_status"] in (
                             "claimable", "claimed") else "0.00",
                         "claim_deadline": d["claim_deadline"],
                         "claim_status": d["claim_status"],
                         "claim_received_on": d["claim_received_on"],
                         "reason": f"availability {d['availability_percent']} %"
                                   + (f"; base: {d['fee_basis']} (R20)"
                                      if d["fee_basis"] else ""),
                         "excluded_seconds": d["maintenance_excluded_seconds"]})
        for w in d["maintenance_windows"]:
            writer.writerow({
                **head, "kind": "maintenance window", "reference": d["service"],
                "clock": w["kind"], "excluded_seconds": w["excluded_seconds"],
                "window_start": w["start"], "window_end": w["end"],
                "announced_at": w["announced_at"], "payable": "0.00",
                "reason": (f"{w['title']}: " if w["title"] else "") + (
                    f"not counted, {w['excluded_because']}" if w["excluded_because"]
                    else f"excludes nothing, {w['not_excluded_because']}")})
    for name, value in report.statement.to_dict()["totals"].items():
        writer.writerow({**head, "kind": "total", "reference": name, "payable": value})
    for row in duties:
        writer.writerow({**head, **row})
    return out.getvalue()


def report_pdf(html: str, base_url: str | None = None) -> bytes:
    """The rendered report page as PDF (WeasyPrint: HTML and CSS in, PDF out)."""
    from weasyprint import HTML  # imported late: loading pango takes a moment

    return HTML(string=html, base_url=base_url).write_pdf()

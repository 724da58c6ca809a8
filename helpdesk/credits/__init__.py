"""Penalty credits (pure: no Flask, no database, no clock reads; `now` is an argument).

Incident credits of the managed-services SLA (seed 002, art. 40.3/40.4, caps art. 16.3/16.4;
rulings R10, R14-R17, R22) and availability credits of the hosting SLA (seed 001; R11). Money is
`Decimal` euros, rounded once per credit to the cent, half up.
"""

from __future__ import annotations

from .availability import (
    EXCLUSIONS,
    SETTLEMENT,
    AvailabilityMonth,
    Outage,
    OutageCause,
    OutageInMonth,
    availability_month,
    credit_percent,
)
from .caps import (
    CapArithmetic,
    CapBase,
    CapItem,
    CapLimits,
    CapResult,
    CapSettings,
    apply_annual_caps,
    cap_arithmetic,
    cap_base,
)
from .claims import (
    AVAILABILITY_CLAIM_DAYS,
    CLAIMABLE,
    CLAIMED,
    INCIDENT_CLAIM_DAYS,
    LAPSED,
    NOT_OWED,
    STATUSES,
    Claim,
    ClaimAssessment,
    ClaimWindow,
    assess_claim,
    availability_claim_window,
    claim_window,
)
from .fees import Fee, FeeBase, fee_base, fees_by_month
from .incident import (
    NOT_ATTRIBUTABLE_REASONS,
    BreachInput,
    BreachKey,
    IncidentCredit,
    incident_credit,
)
from .invoices import WHAT_FOR, Invoice, invoiced_in_months
from .lateness import Lateness, days_late, started_days
from .maintenance import MaintenanceWindow, WindowInMonth
from .months import Month
from .service_fees import MonthlyFeeBase, ServiceFeeRecord, monthly_fee_base
from .statement import Statement, StatementLine, Totals, incident_statement

__all__ = [
    "AVAILABILITY_CLAIM_DAYS",
    "CLAIMABLE",
    "CLAIMED",
    "EXCLUSIONS",
    "INCIDENT_CLAIM_DAYS",
    "LAPSED",
    "NOT_ATTRIBUTABLE_REASONS",
    "NOT_OWED",
    "SETTLEMENT",
    "STATUSES",
    "WHAT_FOR",
    "AvailabilityMonth",
    "BreachInput",
    "BreachKey",
    "CapArithmetic",
    "CapBase",
    "CapItem",
    "CapLimits",
    "CapResult",
    "CapSettings",
    "Claim",
    "ClaimAssessment",
    "ClaimWindow",
    "Fee",
    "MonthlyFeeBase",
    "ServiceFeeRecord",
    "monthly_fee_base",
    "FeeBase",
    "IncidentCredit",
    "Invoice",
    "Lateness",
    "MaintenanceWindow",
    "Month",
    "Outage",
    "OutageCause",
    "OutageInMonth",
    "Statement",
    "StatementLine",
    "Totals",
    "WindowInMonth",
    "apply_annual_caps",
    "assess_claim",
    "availability_claim_window",
    "availability_month",
    "cap_arithmetic",
    "cap_base",
    "claim_window",
    "credit_percent",
    "days_late",
    "fee_base",
    "fees_by_month",
    "incident_credit",
    "incident_statement",
    "invoiced_in_months",
    "started_days",
]

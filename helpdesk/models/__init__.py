"""The database model; each module holds one area of the contracts' vocabulary."""

from helpdesk.models.api import ApiToken
from helpdesk.models.attachments import Attachment
from helpdesk.models.breaches import (
    BREACH_CHANNELS,
    BREACH_WARNING_LEVELS,
    DataBreach,
    DataBreachCustomer,
    DataBreachNotification,
    DataBreachWarning,
)
from helpdesk.models.canned import CannedReply, CannedReplyVariant
from helpdesk.models.credits import CreditClaim, CreditClaimItem, CustomerService, Outage
from helpdesk.models.customers import (
    ClosingDay,
    Contract,
    Customer,
    EscalationContact,
    MonthlyFee,
    cents_to_euro,
)
from helpdesk.models.duties import (
    DUTY_CHANNELS,
    DUTY_KINDS,
    DUTY_STATES,
    DUTY_SUBJECTS,
    FEE_PERIOD_MONTHS,
    ContractDuty,
    ServiceFee,
    SlaChange,
)
from helpdesk.models.inbound import InboundMail, ProcessedMailKey
from helpdesk.models.interventions import PaymentSuspension, SiteVisit
from helpdesk.models.invoices import Invoice
from helpdesk.models.mailboxes import Mailbox
from helpdesk.models.maintenance import MAINTENANCE_KINDS, MaintenanceWindow
from helpdesk.models.outbox import OutboxMessage
from helpdesk.models.people import (
    MANAGER_ROLES,
    ContactPerson,
    LoginThrottle,
    PortalRole,
    Staff,
    StaffRole,
)
from helpdesk.models.presence import TicketPresence
from helpdesk.models.privacy import AuditEntry
from helpdesk.models.search import SearchDocument
from helpdesk.models.sessions import AccountSession
from helpdesk.models.tickets import AppendOnlyViolation, ReferenceCounter, Ticket, TicketEvent
from helpdesk.models.views import SavedView

__all__ = [
    "DUTY_CHANNELS",
    "DUTY_KINDS",
    "DUTY_STATES",
    "DUTY_SUBJECTS",
    "FEE_PERIOD_MONTHS",
    "ContractDuty",
    "ServiceFee",
    "SlaChange",
    "SearchDocument",
    "BREACH_CHANNELS",
    "BREACH_WARNING_LEVELS",
    "MAINTENANCE_KINDS",
    "PaymentSuspension",
    "SiteVisit",
    "MANAGER_ROLES",
    "AccountSession",
    "ApiToken",
    "AuditEntry",
    "Mailbox",
    "MaintenanceWindow",
    "AppendOnlyViolation",
    "Attachment",
    "CannedReply",
    "CannedReplyVariant",
    "ClosingDay",
    "ContactPerson",
    "Contract",
    "CreditClaim",
    "CreditClaimItem",
    "CustomerService",
    "Customer",
    "DataBreach",
    "DataBreachCustomer",
    "DataBreachNotification",
    "DataBreachWarning",
    "EscalationContact",
    "InboundMail",
    "Invoice",
    "LoginThrottle",
    "MonthlyFee",
    "Outage",
    "OutboxMessage",
    "PortalRole",
    "ProcessedMailKey",
    "ReferenceCounter",
    "SavedView",
    "Staff",
    "StaffRole",
    "Ticket",
    "TicketPresence",
    "TicketEvent",
    "cents_to_euro",
]

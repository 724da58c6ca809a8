"""Who may log a ticket under a contract: the one rule every channel asks.

Seed 004 art. 9.3/9.4: only a "Beheerder" (the customer's administrator) logs support
tickets ("Twizzit zal vragen en Incidenten gelogd door een Beheerder ... behandelen"). A
contract says so in its SLA definition's constants (`"reporters": "administrators"`, as the
platform preset does); other contracts keep their channels' rules (editors may report).
"""

from __future__ import annotations

from flask_babel import gettext

from helpdesk.models import ContactPerson, Contract
from helpdesk.models.people import PortalRole

ADMINISTRATORS = "administrators"


class ReporterNotAllowed(ValueError):
    """The contact person may not log tickets under this contract; says why and what to do."""


def administrators_only(contract: Contract) -> bool:
    return contract.sla().constants.get("reporters") == ADMINISTRATORS


def refusal(reporter: ContactPerson, contract: Contract) -> str | None:
    """Why `reporter` may not log a ticket under `contract`, or None when they may."""
    if administrators_only(contract) and reporter.portal_role != PortalRole.ADMINISTRATOR:
        return (f"Under the contract {contract.name}, only your organisation's administrators "
                "may log tickets (platform terms art. 9.3). Please ask one of your "
                "administrators to report it.")
    return None


def explained(contract: Contract) -> str:
    """`refusal`'s reason for the reporter to read, in the language in force (the stored
    reason stays in the words above: staff pages translate it as a held reason)."""
    return gettext("Under the contract %(contract)s, only your organisation's administrators "
                   "may log tickets (platform terms art. 9.3). Please ask one of your "
                   "administrators to report it.", contract=contract.name)


def check(reporter: ContactPerson, contract: Contract) -> None:
    """Raise ReporterNotAllowed when `reporter` may not log a ticket under `contract`."""
    reason = refusal(reporter, contract)
    if reason is not None:
        raise ReporterNotAllowed(reason)

"""What an API token may do (#18): everything its account may do, or only some of it.

A token's scopes are `read` (every GET: tickets, events, clocks, attachments, statements)
and named actions, one per API operation that changes something; a token without scopes
(NULL) has all of its account's rights, as every token had before scopes existed. Scopes
only narrow: the account's own rights (staff or contact, portal role, manager) still apply.
"""

from __future__ import annotations

READ = "read"
# Every changing API operation, by its endpoint's name: test_token_scopes.py fails on a
# POST endpoint missing here.
ACTIONS: dict[str, str] = {
    "create_ticket": "report incidents",
    "post_message": "send messages on tickets",
    "reject_fix": "reject a fix",
    "confirm_in_writing": "confirm phone reports in writing",
    "acknowledge": "acknowledge tickets",
    "resolve": "resolve tickets",
    "assign": "assign tickets",
    "add_note": "add internal notes",
    "change_priority": "change priorities",
    "suspend_for_supplier": "suspend for a supplier",
    "supplier_delivered": "record supplier deliveries",
    "agree_onsite": "agree on-site visits",
    "apply_workaround": "record workarounds",
    "not_an_incident": "classify as not an incident",
    "out_of_scope": "classify as out of scope",
    "log_time": "log time entries",
    "merge_duplicate": "merge duplicate tickets",
    "submit_complaint": "submit written complaints (art. 16.1)",
    "submit_conflict_notice": "notify conflicts (art. 39.4.2)",
    "register_complaint": "register complaints received from a customer (art. 16.1)",
    "register_conflict_notice": "register conflict notices received from a customer "
                                "(art. 39.4.2)",
    "dispute_hours": "dispute hours (art. 6.6)",
    "resolve_hours_dispute": "resolve disputes of hours",
    "suspend_for_non_payment": "suspend interventions for non-payment",
    "lift_payment_suspension": "lift a suspension for non-payment",
    "plan_site_visit": "plan preventive site visits",
    "report_site_visit": "report on site visits",
}
ALL = (READ, *ACTIONS)
# Who a token acts as: any token may ask, whatever its scopes, to check its set-up.
ANY_TOKEN = {"me"}


class UnknownScope(ValueError):
    pass


def parse(names: list[str] | tuple[str, ...] | None) -> str | None:
    """The stored form of a list of scopes: None (all rights) for none given."""
    if not names:
        return None
    unknown = sorted(set(names) - set(ALL))
    if unknown:
        raise UnknownScope(f"unknown scope(s): {', '.join(unknown)}; known: {', '.join(ALL)}")
    return " ".join(name for name in ALL if name in set(names))


def needed(endpoint: str | None, method: str) -> str:
    """The scope a request needs: `read` for reading, else its action ('' for none)."""
    if (endpoint or "").rpartition(".")[2] in ANY_TOKEN:
        return ""
    if method in ("GET", "HEAD", "OPTIONS"):
        return READ
    return (endpoint or "").rpartition(".")[2]


def allows(stored: str | None, endpoint: str | None, method: str) -> bool:
    scope = needed(endpoint, method)
    return stored is None or not scope or scope in stored.split()


def described(stored: str | None) -> str:
    return "all of the account's rights" if stored is None else stored.replace(" ", ", ")

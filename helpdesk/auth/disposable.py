"""Disposable (temporary) mail domains are refused for accounts (R23, seed 000).

The list is the `disposable-email-domains` package (the community-kept list behind many
sign-up forms, some ten thousand domains, updated with each release); administrators add
their own with HELPDESK_EXTRA_DISPOSABLE_DOMAINS (comma-separated). A subdomain of a listed
domain is refused too: `x.mailinator.com` is as temporary as `mailinator.com`.
"""

from __future__ import annotations

from collections.abc import Iterable

from disposable_email_domains import blocklist


def _parents(domain: str) -> list[str]:
    labels = domain.lower().rstrip(".").split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def is_disposable(address: str, *, extra: Iterable[str] = ()) -> bool:
    """Whether the address's domain (or a parent of it) is a known disposable one."""
    domain = address.rpartition("@")[2]
    if not domain:
        return False
    listed = set(extra)
    return any(name in blocklist or name in listed for name in _parents(domain))


def extra_domains(setting: str) -> set[str]:
    """HELPDESK_EXTRA_DISPOSABLE_DOMAINS as a set (the setting is validated at start)."""
    return {part.strip().lower() for part in setting.split(",") if part.strip()}

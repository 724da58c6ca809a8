"""What the provider's own mail server found about a mail's sender (RFC 8601).

The MX that receives the provider's mail checks SPF, DKIM and DMARC and adds an
`Authentication-Results` header naming itself (its authserv-id). Only a header with the
provider's own authserv-id can be believed: any sender can write one naming another server.
With no authserv-id configured the topmost header (the one added last, nearest to us) is
read, and marked unverified.
"""

from __future__ import annotations

import re

METHODS = ("spf", "dkim", "dmarc")
_COMMENT = re.compile(r"\([^()]*\)")
_RESULT = re.compile(r"^\s*([A-Za-z0-9_-]+)(?:/\d+)?\s*=\s*([A-Za-z0-9_-]+)")


def _authserv_id(value: str) -> str:
    """The header's first word: the server that wrote it (a version number may follow)."""
    words = value.split(";", 1)[0].split()
    return words[0].lower() if words else ""


def verdicts(values: list[str], authserv_id: str = "") -> dict[str, str] | None:
    """{"authserv_id", "trusted", "spf", "dkim", "dmarc"} (results in lower case, missing
    methods absent) from the mail's Authentication-Results headers, top first; None when
    no header to believe."""
    chosen = None
    for value in values:
        plain = " ".join(_COMMENT.sub(" ", value).split())
        if not authserv_id or _authserv_id(plain) == authserv_id.lower():
            chosen = plain
            break
    if chosen is None:
        return None
    found: dict[str, str] = {"authserv_id": _authserv_id(chosen),
                             "trusted": "yes" if authserv_id else "unverified"}
    for clause in chosen.split(";")[1:]:
        match = _RESULT.match(clause)
        if match and match.group(1).lower() in METHODS:
            found.setdefault(match.group(1).lower(), match.group(2).lower())
    return found


def dmarc_passed(found: dict[str, str] | None) -> bool:
    return bool(found) and found.get("trusted") == "yes" and found.get("dmarc") == "pass"

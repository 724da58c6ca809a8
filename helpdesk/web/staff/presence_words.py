"""The sentence a ticket page shows about the other staff members on it (issue #16)."""

from __future__ import annotations

from helpdesk.i18n import gettext as _
from helpdesk.workflow.presence import Present


def presence_text(others: list[Present]) -> str:
    replying = [p.name for p in others if p.activity == "replying"]
    viewing = [p.name for p in others if p.activity != "replying"]
    parts = []
    if replying:
        names = ", ".join(replying)
        parts.append(_("%(names)s is replying to this ticket.", names=names)
                     if len(replying) == 1 else
                     _("%(names)s are replying to this ticket.", names=names))
    if viewing:
        names = ", ".join(viewing)
        parts.append(_("%(names)s is viewing this ticket.", names=names)
                     if len(viewing) == 1 else
                     _("%(names)s are viewing this ticket.", names=names))
    return " ".join(parts)

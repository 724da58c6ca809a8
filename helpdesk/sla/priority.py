"""Art. 39.1.1: the incident priority matrix (urgency × business impact)."""

from __future__ import annotations

from .errors import SlaError, UnknownPriority

URGENCIES: tuple[str, ...] = ("light", "blocking")
IMPACTS: tuple[str, ...] = ("some", "all")

_MATRIX: dict[tuple[str, str], str] = {
    ("light", "some"): "P4",  # licht en niet blokkerend, op één of meerdere medewerkers
    ("light", "all"): "P3",  # licht en niet blokkerend, op alle medewerkers
    ("blocking", "some"): "P2",  # blokkerend, op één of meerdere medewerkers
    ("blocking", "all"): "P1",  # blokkerend, op alle medewerkers
}

DUTCH_LABELS: dict[str, str] = {
    "P1": "Kritiek", "P2": "Belangrijk", "P3": "Medium", "P4": "Klein",
}
ENGLISH_LABELS: dict[str, str] = {
    "P1": "critical", "P2": "major", "P3": "medium", "P4": "minor",
}


def priority_for(urgency: str, impact: str) -> str:
    """P1..P4 for an urgency ("light" | "blocking") and impact ("some" | "all")."""
    try:
        return _MATRIX[(urgency, impact)]
    except KeyError:
        raise SlaError(
            f"no priority for urgency {urgency!r} and impact {impact!r}; urgency is one of "
            f"{', '.join(URGENCIES)} and impact one of {', '.join(IMPACTS)}") from None


def label(priority: str, language: str = "nl") -> str:
    """'P1 – Kritiek' (contract wording) or 'P1 – critical'."""
    labels = DUTCH_LABELS if language == "nl" else ENGLISH_LABELS
    if priority not in labels:
        raise UnknownPriority(priority)
    return f"{priority} – {labels[priority]}"

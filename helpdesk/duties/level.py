"""Art. 38.1: "De Klant heeft gedurende de looptijd van de Overeenkomst enkel de mogelijkheid
om het servicelevel te verhogen. Een vermindering van de Diensten is niet mogelijk, behoudens
uitdrukkelijk schriftelijk akkoord van de Dienstverlener."

The order of the levels is seed 002's own: types 1 to 5 (art. 35.3 windows and art. 39.1.2
targets) each give at least what the one below gives — type 2 reacts to a P1 in 2 h instead
of 4 h, type 3 widens the window to 06:00-18:00, type 4 to 06:00-24:00 and adds resolution
times, type 5 is the contract's highest number with type 4's table. The other presets
(hosting, platform, security) and custom definitions are other services, not levels of that
scale: moving to or from them is not a raise, so it is treated like a lowering.

Pure: the day the change takes effect is an argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LEVELS: dict[str, int] = {f"type{n}": n for n in range(1, 6)}
CHANGE_KINDS = ("assigned", "raised", "before_term", "after_term", "agreed")


@dataclass(frozen=True)
class LevelVerdict:
    kind: str | None  # one of CHANGE_KINDS when allowed; None when refused or unchanged
    allowed: bool
    reason: str

    @property
    def changes(self) -> bool:
        return self.kind is not None


def rank(sla: str | None) -> int | None:
    return LEVELS.get(sla or "")


def judge_change(current: str | None, new: str, *, starts_on: date | None,
                 ends_on: date | None, on: date, agreement: str = "") -> LevelVerdict:
    """May the contract's SLA go from `current` to `new` on day `on` (Brussels)?

    `starts_on`/`ends_on` are the term of the contract in force; `agreement` names the
    provider's express written agreement (art. 38.1's exception), if any.
    """
    if current is None:
        return LevelVerdict("assigned", True, f"{new} assigned")
    if current == new:
        return LevelVerdict(None, True, "unchanged")
    old_rank, new_rank = rank(current), rank(new)
    if old_rank is not None and new_rank is not None and new_rank > old_rank:
        return LevelVerdict("raised", True, f"raised from {current} to {new} (art. 38.1)")
    if starts_on is not None and on < starts_on:
        return LevelVerdict("before_term", True,
                            f"changed from {current} to {new} before the term starts "
                            f"on {starts_on.isoformat()}")
    if ends_on is not None and on > ends_on:
        return LevelVerdict("after_term", True,
                            f"changed from {current} to {new} after the term ended on "
                            f"{ends_on.isoformat()} (renewal)")
    if agreement.strip():
        return LevelVerdict("agreed", True,
                            f"changed from {current} to {new} with the provider's written "
                            f"agreement: {agreement.strip()} (art. 38.1)")
    what = ("a lower service level" if old_rank is not None and new_rank is not None
            else "not a higher level on the scale of SLA types 1-5")
    term = (f"the term runs until {ends_on.isoformat()}" if ends_on is not None
            else "the contract has no end date")
    return LevelVerdict(None, False,
                        f"Refused: {new} is {what} than {current}, and {term}. Art. 38.1: "
                        "during the term the service level may only be raised; lowering "
                        "needs the provider's express written agreement (name it) or waits "
                        "for the renewal after the term.")

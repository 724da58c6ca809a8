"""Hours accepted unless disputed (seed 002 art. 6.6, R25): pure, no Flask, no clock.

Art. 6.6: "Deze werkprestatie/uren worden als aanvaard beschouwd indien deze niet
schriftelijk worden betwist of tegengesproken binnen de zeven (7) dagen na mededeling."

- *Mededeling* (made known): a time entry is shown to the customer in the portal (its hours
  statement, /portal/hours) from the instant staff record it, so that instant is when it is
  made known.
- *Binnen de zeven (7) dagen na*: seven calendar days counted from the day after the day it
  was made known (the day of the communication itself does not count, as Belgian law counts
  periods, Ger.W. art. 52-53), on Brussels dates as R17 counts claim windows. The window
  closes at the end of the 7th day: at Brussels midnight starting the 8th.
- *Schriftelijk betwist*: a dispute with a reason, in the portal or through the API.

A dispute stays open until staff resolve it: the hours are then confirmed (accepted, as
disputed hours the provider stands by) or withdrawn (not counted; staff may record a
corrected entry, which is made known again and has its own window).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from helpdesk.credits.instants import BRUSSELS, brussels_date, require_aware

DISPUTE_DAYS = 7  # art. 6.6

AWAITING = "awaiting"  # inside the window, not disputed
ACCEPTED = "accepted"  # the window passed without a dispute (art. 6.6)
DISPUTED = "disputed"  # disputed in time, not resolved yet
CONFIRMED = "confirmed"  # disputed, and staff stood by the hours after review
WITHDRAWN = "withdrawn"  # disputed, and staff withdrew the hours
STATES: tuple[str, ...] = (AWAITING, ACCEPTED, DISPUTED, CONFIRMED, WITHDRAWN)
# Hours the customer owes: accepted by silence, or confirmed after a dispute.
COUNTED: frozenset[str] = frozenset({ACCEPTED, CONFIRMED})
OUTCOMES: tuple[str, ...] = (CONFIRMED, WITHDRAWN)


def last_day(made_known_at: datetime) -> date:
    """The last Brussels date on which the hours may still be disputed (art. 6.6)."""
    return brussels_date(made_known_at, "made known") + timedelta(days=DISPUTE_DAYS)


def dispute_deadline(made_known_at: datetime) -> datetime:
    """The instant (UTC) the dispute window closes: Brussels midnight after the last day."""
    closing = datetime.combine(last_day(made_known_at) + timedelta(days=1), time(0),
                               tzinfo=BRUSSELS)
    return closing.astimezone(UTC)  # built on the wall clock, then UTC (DST-safe)


@dataclass(frozen=True)
class Dispute:
    at: datetime
    reason: str
    by: str | None = None


@dataclass(frozen=True)
class Resolution:
    at: datetime
    outcome: str  # CONFIRMED or WITHDRAWN
    note: str
    by: str | None = None


@dataclass(frozen=True)
class HoursState:
    state: str
    made_known_at: datetime
    deadline: datetime
    dispute: Dispute | None = None
    resolution: Resolution | None = None

    @property
    def counted(self) -> bool:
        """Whether these hours count as accepted (the monthly report's accepted hours)."""
        return self.state in COUNTED

    @property
    def disputable(self) -> bool:
        return self.state == AWAITING


def hours_state(made_known_at: datetime, disputes: Iterable[Dispute],
                resolutions: Iterable[Resolution], now: datetime) -> HoursState:
    """The entry's state as of `now`, from its instant and its recorded disputes/resolutions.

    Only what happened by `now` counts; a dispute recorded after the window (which the
    shell refuses) would not change the acceptance either.
    """
    require_aware(now, "now")
    deadline = dispute_deadline(made_known_at)
    dispute = next((d for d in sorted(disputes, key=lambda d: d.at)
                    if d.at <= now and d.at < deadline), None)
    if dispute is None:
        state = AWAITING if now < deadline else ACCEPTED
        return HoursState(state, made_known_at, deadline)
    resolution = next((r for r in sorted(resolutions, key=lambda r: r.at)
                       if dispute.at <= r.at <= now), None)
    if resolution is None:
        return HoursState(DISPUTED, made_known_at, deadline, dispute)
    return HoursState(resolution.outcome, made_known_at, deadline, dispute, resolution)


def dispute_refusal(state: HoursState, now: datetime) -> str | None:
    """Why the customer may not dispute the entry now (None: allowed)."""
    if state.dispute is not None:
        return "These hours are already disputed."
    if now >= state.deadline:
        return (f"Hours can be disputed only within {DISPUTE_DAYS} days after they were made "
                f"known (art. 6.6): the last day was {last_day(state.made_known_at)}; "
                f"these hours are accepted.")
    return None


def resolve_refusal(state: HoursState, outcome: str) -> str | None:
    """Why staff may not resolve the entry's dispute (None: allowed)."""
    if outcome not in OUTCOMES:
        return "Choose whether the hours are confirmed or withdrawn."
    if state.state != DISPUTED:
        return "These hours have no open dispute."
    return None

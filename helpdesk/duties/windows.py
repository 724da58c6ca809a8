"""The windows of two contract duties (R25), pure: every instant and day is an argument.

Complaints, art. 16.1: "Eventuele klachten ... dienen schriftelijk en uiterlijk binnen de
vijftien (15) werkdagen, nadat men het gebrek of de niet correcte uitvoering van de Diensten
had moeten vaststellen, worden gemeld ..., bij gebreke waaraan de Klant dienaangaande geen
enkel recht of verhaal meer kan laten gelden."
A working day ("werkdag") is Monday to Friday except Belgium's ten legal holidays (R18,
helpdesk.sla.legal_holidays; art. 1.18 "Werkuren ... met uitzondering van wettelijke
feestdagen"). The day the defect should have been noticed does not count; the window ends
at the end (24:00 Brussels) of the 15th working day after it. A complaint is judged by the
Brussels day it was received.

Conflict notices, art. 39.4.2: "Partijen zullen uiterlijk vijftien (15) dagen na ontvangst
van de melding van het conflict per aangetekend schrijven, een overleg plegen". Calendar
days in Brussels. As Belgian law counts periods (Gerechtelijk Wetboek art. 52-53) the day
of receipt is not counted and the 15th day is counted whole: the consultation period ends at
the end (24:00 Brussels) of the 15th calendar day after the day of receipt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from helpdesk.sla.legal_holidays import is_legal_holiday

BRUSSELS = ZoneInfo("Europe/Brussels")
COMPLAINT_WORKING_DAYS = 15  # art. 16.1
CONSULTATION_DAYS = 15  # art. 39.4.2


def is_working_day(day: date) -> bool:
    """Monday-Friday, not one of the ten legal holidays (R18)."""
    return day.weekday() < 5 and not is_legal_holiday(day)


def add_working_days(day: date, count: int) -> date:
    """The `count`-th working day after `day` (`day` itself never counts)."""
    found = 0
    while found < count:
        day += timedelta(days=1)
        if is_working_day(day):
            found += 1
    return day


def working_days_between(after: date, until: date) -> int:
    """How many working days lie in (after, until]."""
    count, day = 0, after
    while day < until:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def end_of_day(day: date) -> datetime:
    """24:00 Brussels of `day` as a UTC instant (the next day's 00:00, DST-safe)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=BRUSSELS).astimezone(
        ZoneInfo("UTC"))


@dataclass(frozen=True)
class ComplaintWindow:
    noticed_on: date
    last_day: date  # the 15th working day after noticed_on
    received_on: date
    working_days_used: int
    in_time: bool
    reason: str

    @property
    def ends_at(self) -> datetime:
        return end_of_day(self.last_day)


def complaint_window(noticed_on: date, received_at: datetime) -> ComplaintWindow:
    """Art. 16.1: was the written complaint received within 15 working days?"""
    received_on = received_at.astimezone(BRUSSELS).date()
    last_day = add_working_days(noticed_on, COMPLAINT_WORKING_DAYS)
    used = working_days_between(noticed_on, received_on)
    in_time = received_on <= last_day
    rule = (f"the window of {COMPLAINT_WORKING_DAYS} working days (art. 16.1; Monday to "
            f"Friday without the ten legal holidays, R18) after {noticed_on.isoformat()}, "
            "the day the defect should have been noticed, "
            f"ended at the end of {last_day.isoformat()}")
    if in_time:
        reason = (f"In time: received on {received_on.isoformat()}, working day {used} of "
                  f"{COMPLAINT_WORKING_DAYS}; {rule}.")
    else:
        reason = (f"Late: received on {received_on.isoformat()}, {used} working days after "
                  f"{noticed_on.isoformat()}; {rule}. Art. 16.1: the customer can no "
                  "longer claim any right or recourse for it.")
    return ComplaintWindow(noticed_on, last_day, received_on, used, in_time, reason)


@dataclass(frozen=True)
class ConsultationPeriod:
    received_on: date
    last_day: date  # the 15th calendar day after the day of receipt
    ends_at: datetime  # UTC: 24:00 Brussels of last_day
    consulted_at: datetime | None
    state: str  # "running", "consulted", "ended"
    reason: str

    def seconds_left(self, now: datetime) -> int:
        return max(0, int((self.ends_at - now).total_seconds()))


def consultation_period(received_at: datetime, *, consulted_at: datetime | None,
                        now: datetime) -> ConsultationPeriod:
    """Art. 39.4.2: the 15 days within which the parties consult, and where they stand."""
    received_on = received_at.astimezone(BRUSSELS).date()
    last_day = received_on + timedelta(days=CONSULTATION_DAYS)
    ends_at = end_of_day(last_day)
    rule = (f"art. 39.4.2: consultation at the latest {CONSULTATION_DAYS} days after the "
            f"notice was received on {received_on.isoformat()}; the day of receipt does not "
            f"count and the 15th day counts whole, so the period ends at the end of "
            f"{last_day.isoformat()} (Brussels)")
    if consulted_at is not None and consulted_at < ends_at:
        state = "consulted"
        reason = (f"Consultation held on {consulted_at.astimezone(BRUSSELS).date().isoformat()}"
                  f", within the period; {rule}.")
    elif now < ends_at:
        state = "running"
        reason = f"Consultation period running; no other step before it; {rule}."
    else:
        state = "ended"
        held = ("" if consulted_at is None else
                f" Consultation held late, on "
                f"{consulted_at.astimezone(BRUSSELS).date().isoformat()}.")
        reason = f"The consultation period has ended without a consultation in it; {rule}." \
                 + held
    return ConsultationPeriod(received_on, last_day, ends_at, consulted_at, state, reason)

"""First guess at urgency and impact for a mailed report; staff confirm it (art. 39.1.1).

The reporter of a mail states no urgency or impact, so the most likely choice is P3
(light, all employees) unless the words clearly say the work is blocked or one person is hit.
"""

from __future__ import annotations

import re

BLOCKING = re.compile(
    r"\b(down|plat|outage|blocked|blocking|geblokkeerd|cannot work|kan niet werken|"
    r"werkt niet meer|not working at all|urgent|dringend|kritiek|critical|stilstand)\b",
    re.IGNORECASE,
)
ONE_PERSON = re.compile(
    r"\b(my (laptop|pc|computer|account|mailbox)|mijn (laptop|pc|computer|account)|"
    r"one user|één gebruiker|1 user|a colleague|een collega)\b",
    re.IGNORECASE,
)


def guess_urgency_and_impact(subject: str, text: str) -> tuple[str, str]:
    words = f"{subject}\n{text[:4000]}"
    urgency = "blocking" if BLOCKING.search(words) else "light"
    impact = "some" if ONE_PERSON.search(words) else "all"
    return urgency, impact

"""The simulated people of bench/load_run.py: portal users, staff and mail senders.

Each is a thread with think time between requests (closed loop, as people are). Web clients
go to another server when one does not answer, as behind a load balancer; a form whose POST
got no answer is not retried (its outcome is unknown, like a browser's) and is recorded as
unanswered. Mail senders retry a message on the other listener until it gets 250, as a
sending MTA does; the Message-ID makes a retried delivery one ticket.
"""

from __future__ import annotations

import http.client
import queue
import random
import re
import smtplib
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.cluster import WebSession, mail, send_mail

TICKET_LINK = re.compile(r'/staff/tickets/([A-Z]+-\d{4}-\d+)"')
CONNECTION_ERRORS = (OSError, http.client.HTTPException, smtplib.SMTPException)


@dataclass
class Recorder:
    """Latencies per kind of request, answers that were wrong, requests that got no answer."""

    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    wrong: Counter = field(default_factory=Counter)  # an answer, but not the expected one
    unanswered: Counter = field(default_factory=Counter)  # connection refused, reset...
    examples: Counter = field(default_factory=Counter)  # what went wrong, how often
    accepted_forms: list[str] = field(default_factory=list)
    unanswered_forms: list[str] = field(default_factory=list)
    accepted_mail: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, call: Callable[[], tuple[int, str, str]],
              expect: int) -> tuple[int, str, str] | None:
        began = time.perf_counter()
        try:
            answer = call()
        except smtplib.SMTPResponseException as refusal:  # an answer: a refusal, e.g. 451
            answer = (refusal.smtp_code, "", str(refusal.smtp_error))
        except CONNECTION_ERRORS as problem:
            with self.lock:
                self.unanswered[kind] += 1
                self.examples[f"{kind}: {type(problem).__name__}: {problem}"] += 1
            return None
        elapsed = (time.perf_counter() - began) * 1000
        with self.lock:
            if answer[0] == expect:
                self.samples[kind].append(elapsed)
            else:
                self.wrong[kind] += 1
                self.examples[f"{kind}: answered {answer[0]}, expected {expect}"] += 1
        return answer if answer[0] == expect else None

    def note(self, bucket: str, item: str) -> None:
        with self.lock:
            getattr(self, bucket).append(item)


@dataclass
class World:
    """What the clients share: where the servers are, who may log in, when to stop."""

    web_ports: list[int]
    smtp_ports: list[int]
    password: str
    recorder: Recorder
    stop: threading.Event
    think: float  # mean seconds between one person's requests
    to_acknowledge: queue.Queue = field(default_factory=queue.Queue)

    def pause(self, rng: random.Random) -> None:
        self.stop.wait(rng.uniform(0.5, 1.5) * self.think)


def _request(world: World, web: WebSession, rng: random.Random, kind: str, method: str,
             path: str, form: dict[str, str] | None = None,
             expect: int = 200) -> tuple[int, str, str] | None:
    answer = world.recorder.timed(kind, lambda: web.request(method, path, form), expect)
    if answer is None and not web.conn.sock:  # no answer: the next request goes elsewhere
        web.switch(rng.choice([p for p in world.web_ports if p != web.port] or [web.port]))
    return answer


def _logged_in(world: World, rng: random.Random, audience: str, email: str) -> WebSession:
    web = WebSession(rng.choice(world.web_ports))
    while not world.stop.is_set():
        try:
            web.log_in(audience, email, world.password)
            return web
        except (*CONNECTION_ERRORS, RuntimeError):
            web.switch(rng.choice(world.web_ports))
            world.stop.wait(0.5)
    return web


def portal_user(world: World, email: str, name: str, seed: int) -> None:
    """Lists their tickets, opens one, reports an incident through the form; again."""
    rng = random.Random(seed)
    web = _logged_in(world, rng, "portal", email)
    mine: list[str] = []
    n = 0
    while not world.stop.is_set():
        _request(world, web, rng, "portal list", "GET", "/portal/")
        world.pause(rng)
        if mine:
            _request(world, web, rng, "portal ticket", "GET", f"/portal/tickets/{rng.choice(mine)}")
            world.pause(rng)
        if _request(world, web, rng, "portal form", "GET", "/portal/new") is None:
            continue
        world.pause(rng)
        n += 1
        title = f"Load {name}-{n}"
        answer = _request(world, web, rng, "portal submit", "POST", "/portal/new", {
            "title": title, "urgency": rng.choice(("light", "blocking")),
            "impact": rng.choice(("some", "all")),
            "description": f"{title}: the application server does not answer."}, expect=302)
        found = re.search(r"/portal/tickets/([^/?#]+)$", answer[1]) if answer else None
        if found:
            world.recorder.note("accepted_forms", title)
            mine.append(found.group(1))
            if rng.random() < 0.5:  # staff acknowledge half of them, the rest may breach
                world.to_acknowledge.put(found.group(1))
        else:
            world.recorder.note("unanswered_forms", title)
        world.pause(rng)


def staff_member(world: World, email: str, seed: int) -> None:
    """Looks at the queue, opens a ticket, acknowledges one reported through the portal."""
    rng = random.Random(seed)
    web = _logged_in(world, rng, "staff", email)
    while not world.stop.is_set():
        answer = _request(world, web, rng, "staff queue", "GET",
                          rng.choice(("/staff/", "/staff/?show=unassigned", "/staff/?show=soon")))
        world.pause(rng)
        try:
            reference = world.to_acknowledge.get_nowait()
        except queue.Empty:
            links = TICKET_LINK.findall(answer[2]) if answer else []
            if links:
                _request(world, web, rng, "staff ticket", "GET",
                         f"/staff/tickets/{rng.choice(links)}")
                world.pause(rng)
            continue
        if _request(world, web, rng, "staff ticket", "GET",
                    f"/staff/tickets/{reference}") is None:
            continue
        world.pause(rng)
        _request(world, web, rng, "staff acknowledge", "POST",
                 f"/staff/tickets/{reference}/acknowledge", {"message": ""}, expect=302)
        world.pause(rng)


def mail_sender(world: World, senders: list[str], name: str, seed: int) -> None:
    """Sends incident mails; each message is retried (other listener) until it gets 250."""
    rng = random.Random(seed)
    n = 0
    while not world.stop.is_set():
        n += 1
        subject = f"Mail {name}-{n}"
        sender = rng.choice(senders)
        raw = mail(sender, subject, f"{name}-{n}@load.example")
        port = rng.choice(world.smtp_ports)
        while True:
            def deliver(p: int = port, s: str = sender, r: bytes = raw) -> tuple[int, str, str]:
                return (250 if send_mail(p, s, r) else 451), "", ""

            answer = world.recorder.timed("smtp", deliver, expect=250)
            if answer is not None:
                world.recorder.note("accepted_mail", subject)
                break
            if world.stop.wait(0.5):  # the run ended before any listener took it
                break
            port = rng.choice(world.smtp_ports)
        world.pause(rng)

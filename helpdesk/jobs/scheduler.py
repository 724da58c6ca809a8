"""APScheduler inside `helpdesk run` (or alone, `helpdesk scheduler`).

It wakes at the next wake instant of the open tickets (a date job it keeps re-planning),
checks the indexed minimum every few seconds so that a nearer instant set by the web or
another process is not missed, and sweeps every minute as a safety net. After downtime the
first run settles everything overdue, with breach instants equal to the deadlines.

Every machine may run one; only the elected leader (`helpdesk.jobs.leader`) runs the
deadline work, and a follower takes over when the leader dies. Outbox delivery runs in every
scheduler: each message is claimed with a conditional update, so it is sent once whoever
claims it, and delivery keeps going while the lead changes hands.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask

from helpdesk.breaches.escalation import settle_breaches
from helpdesk.clock import to_system_time, utcnow
from helpdesk.duties.escalation import settle_conflicts
from helpdesk.duties.visit_reminders import remind_overdue_reports
from helpdesk.jobs import leader
from helpdesk.jobs.deadlines import next_wake, process_due
from helpdesk.jobs.leader import Leadership
from helpdesk.outbox.delivery import deliver_due
from helpdesk.privacy.retention import apply_daily, erase_again_after_restore

log = logging.getLogger(__name__)

IDLE = timedelta(seconds=60)
REPLAN_SECONDS = 2


class DeadlineScheduler:
    def __init__(self, app: Flask, leadership: Leadership | None = None) -> None:
        self.app = app
        self.leadership = leadership or leader.leadership_for(app)
        self.scheduler = BackgroundScheduler(timezone="UTC")
        self._lock = threading.Lock()
        self._planned: datetime | None = None

    def start(self) -> DeadlineScheduler:
        s = self.scheduler
        s.add_job(self._run(deliver_due), "interval", seconds=5, id="outbox",
                  max_instances=1, coalesce=True)
        s.add_job(self._run(process_due, leader_only=True), "interval", seconds=60,
                  id="sweep", max_instances=1, coalesce=True)
        # R24: the data-breach register's 75 % / 90 % / overdue warnings, once each.
        s.add_job(self._run(settle_breaches, leader_only=True), "interval", seconds=60,
                  id="breaches", max_instances=1, coalesce=True)
        # R25 art. 39.4.2: the managers are told when a consultation period ends, once.
        s.add_job(self._run(settle_conflicts, leader_only=True), "interval", seconds=60,
                  id="conflicts", max_instances=1, coalesce=True)
        # R25 art. 27.2.2: an overdue site-visit report is mailed to the managers, once.
        s.add_job(self._run(remind_overdue_reports, leader_only=True), "interval", seconds=60,
                  id="visit_reports", max_instances=1, coalesce=True)
        s.add_job(self._replan, "interval", seconds=REPLAN_SECONDS, id="replan",
                  max_instances=1, coalesce=True)
        # Seeds 000/003: erase and purge what outlived its retention, daily, on the leader.
        s.add_job(self._run(apply_daily, leader_only=True), "cron", hour=3, minute=15,
                  timezone="Europe/Brussels", id="retention", max_instances=1, coalesce=True)
        s.add_job(self._elect, "interval", seconds=self.leadership.retry_seconds,
                  id="election", max_instances=1, coalesce=True)
        leader.register(self.leadership)
        s.start()
        self._elect()  # a new leader catches up at once on everything that fell due
        return self

    def shutdown(self, wait: bool = False) -> None:
        self.scheduler.shutdown(wait=wait)
        self.leadership.resign()
        leader.unregister(self.leadership)

    def _elect(self) -> None:
        """Followers try to take the lead; the leader notices here too when it lost it."""
        was = self.leadership.leading
        leads = self.leadership.check()
        if leads and not was:
            self._run(erase_again_after_restore, leader_only=True)()
            self._fire()
        elif was and not leads:
            with self._lock:
                self._planned = None
                if self.scheduler.get_job("deadlines") is not None:
                    self.scheduler.remove_job("deadlines")

    def _run(self, work: Callable[[datetime], object], *,
             leader_only: bool = False) -> Callable[[], None]:
        def job() -> None:
            if leader_only and not self.leadership.check():
                return
            with self.app.app_context():
                try:
                    work(utcnow())
                except Exception:
                    log.exception("scheduled job %s failed", work.__name__)

        job.__name__ = work.__name__
        return job

    def _fire(self) -> None:
        """Settle what is due, then plan the next wake (the leader only)."""
        if not self.leadership.check():
            return
        with self.app.app_context():
            try:
                process_due(utcnow())
            except Exception:
                log.exception("deadline run failed")
            self._plan(next_wake())

    def _replan(self) -> None:
        if not self.leadership.check():
            return
        with self.app.app_context():
            wake = next_wake()
        with self._lock:
            planned = self._planned
        if wake is not None and (planned is None or wake < planned):
            self._plan(wake)

    def _plan(self, wake: datetime | None) -> None:
        now = utcnow()
        at = now + IDLE if wake is None else max(wake, now)
        with self._lock:
            self._planned = at
            # APScheduler waits on the system clock; ours may be moved (tests).
            self.scheduler.add_job(self._fire, "date", run_date=to_system_time(at),
                                   id="deadlines",
                                   replace_existing=True, misfire_grace_time=None)


def start_scheduler(app: Flask) -> DeadlineScheduler:
    return DeadlineScheduler(app).start()

"""APScheduler inside `helpdesk run` (or alone, `helpdesk scheduler`).

It wakes at the next wake instant of the open tickets (a date job it keeps re-planning),
checks the indexed minimum every few seconds so that a nearer instant set by the web or
another process is not missed, and sweeps every minute as a safety net. After downtime the
first run settles everything overdue, with breach instants equal to the deadlines.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask

from helpdesk.clock import utcnow
from helpdesk.jobs.deadlines import next_wake, process_due
from helpdesk.outbox.delivery import deliver_due

log = logging.getLogger(__name__)

IDLE = timedelta(seconds=60)
REPLAN_SECONDS = 2


class DeadlineScheduler:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.scheduler = BackgroundScheduler(timezone="UTC")
        self._lock = threading.Lock()
        self._planned: datetime | None = None

    def start(self) -> DeadlineScheduler:
        s = self.scheduler
        s.add_job(self._run(deliver_due), "interval", seconds=5, id="outbox",
                  max_instances=1, coalesce=True)
        s.add_job(self._run(process_due), "interval", seconds=60, id="sweep",
                  max_instances=1, coalesce=True)
        s.add_job(self._replan, "interval", seconds=REPLAN_SECONDS, id="replan",
                  max_instances=1, coalesce=True)
        s.start()
        self._fire()  # catch up at once on everything that fell due while we were down
        return self

    def shutdown(self, wait: bool = False) -> None:
        self.scheduler.shutdown(wait=wait)

    def _run(self, work: Callable[[datetime], object]) -> Callable[[], None]:
        def job() -> None:
            with self.app.app_context():
                try:
                    work(utcnow())
                except Exception:
                    log.exception("scheduled job %s failed", work.__name__)

        job.__name__ = work.__name__
        return job

    def _fire(self) -> None:
        """Settle what is due, then plan the next wake."""
        with self.app.app_context():
            try:
                process_due(utcnow())
            except Exception:
                log.exception("deadline run failed")
            self._plan(next_wake())

    def _replan(self) -> None:
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
            self.scheduler.add_job(self._fire, "date", run_date=at, id="deadlines",
                                   replace_existing=True, misfire_grace_time=None)


def start_scheduler(app: Flask) -> DeadlineScheduler:
    return DeadlineScheduler(app).start()

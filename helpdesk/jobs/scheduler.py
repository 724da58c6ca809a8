"""APScheduler inside `helpdesk run`: each job opens an app context and reads the clock once."""

from __future__ import annotations

import logging
from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask

from helpdesk.clock import utcnow
from helpdesk.outbox.delivery import deliver_due

log = logging.getLogger(__name__)


def _job(app: Flask, work: Callable[..., object]) -> Callable[[], None]:
    def run() -> None:
        with app.app_context():
            try:
                work(utcnow())
            except Exception:
                log.exception("scheduled job %s failed", work.__name__)

    run.__name__ = work.__name__
    return run


def start_scheduler(app: Flask) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        _job(app, deliver_due), "interval", seconds=5, id="outbox", max_instances=1,
        coalesce=True,
    )
    scheduler.start()
    return scheduler

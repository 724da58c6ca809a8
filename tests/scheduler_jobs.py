"""Running one of the scheduler's jobs in a test as APScheduler would (helpdesk/jobs)."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from helpdesk.extensions import db
from helpdesk.jobs.scheduler import DeadlineScheduler


def run_minutely_job(app: Flask, name: str, times: int = 2) -> None:
    """Start the scheduler, check `name` is scheduled every minute, and call it `times`
    times (what APScheduler calls on the leader; a second run must change nothing)."""
    scheduler = DeadlineScheduler(app).start()
    try:
        job = scheduler.scheduler.get_job(name)
        assert job is not None and job.trigger.interval == timedelta(seconds=60)
        for _ in range(times):
            job.func()
    finally:
        scheduler.shutdown()
    db.session.expire_all()

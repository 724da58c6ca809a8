"""The scheduler runs retention daily at 03:15 Brussels time, on the leader only."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.jobs import scheduler as scheduler_module
from helpdesk.models import ContactPerson
from helpdesk.privacy import ledger
from tests.factories import make_contact, make_contract, make_customer
from tests.jobs.test_leader import pair


def test_the_retention_job_is_daily_and_for_the_leader_only(app, tmp_path):
    customer = make_customer()
    make_contract(customer, ends_on=date(2020, 1, 31))
    contact = make_contact(customer)
    db.session.commit()
    app.config["HELPDESK_BACKUP_DIR"] = str(tmp_path)
    _, _, leading, following = pair()
    leading.check()
    follower = scheduler_module.DeadlineScheduler(app, leadership=following).start()
    try:
        job = follower.scheduler.get_job("retention")
        assert "hour='3'" in str(job.trigger) and "minute='15'" in str(job.trigger)
        assert str(job.trigger.timezone) == "Europe/Brussels"
        job.func()  # a follower does nothing
        assert db.session.scalar(select(ContactPerson.erased_at)) is None
    finally:
        follower.shutdown()
    leader = scheduler_module.DeadlineScheduler(app, leadership=leading).start()
    try:
        leader.scheduler.get_job("retention").func()
    finally:
        leader.shutdown()
    db.session.expire_all()
    assert db.session.get(ContactPerson, contact.id).erased_at is not None


def test_the_backup_folder_is_a_setting_with_a_default_in_the_instance(app, tmp_path):
    from helpdesk.config import from_environment
    from helpdesk.privacy.retention import backup_folder

    settings = from_environment({"HELPDESK_BACKUP_DIR": str(tmp_path / "b")}, tmp_path)
    assert settings["BACKUP_DIR"] == str(tmp_path / "b")
    assert backup_folder({"HELPDESK_BACKUP_DIR": "/srv/backups"}, "/x") == Path("/srv/backups")
    assert backup_folder({"HELPDESK_BACKUP_DIR": ""}, "/x") == Path("/x/backups")


def test_a_new_leader_erases_again_at_once_whom_the_ledger_lists(app, tmp_path):
    """Seed 000 art. 7: after a restore, the erased are erased again when the scheduler
    starts, not only at the next 03:15 run."""
    restored = make_contact(make_customer(), name="Rita Restored")
    db.session.commit()
    app.config["HELPDESK_BACKUP_DIR"] = str(tmp_path)
    ledger.remember(tmp_path, ledger.of(restored, utcnow() - timedelta(days=3)))
    _, _, leading, _ = pair()
    leader = scheduler_module.DeadlineScheduler(app, leadership=leading).start()
    leader.shutdown()  # what a new leader does, it did in start()
    db.session.expire_all()
    assert db.session.get(ContactPerson, restored.id).erased_at is not None
    assert db.session.get(ContactPerson, restored.id).name != "Rita Restored"

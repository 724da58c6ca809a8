"""The group committer: many messages per storage commit, each answered with its own id."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.intake.group_commit import GroupCommitter, Unprocessed, _synced
from helpdesk.models import InboundMail


def test_every_message_of_a_batch_gets_the_id_of_its_own_row(app):
    committer = GroupCommitter(app).start()
    raws = [f"Subject: {n}\r\nMessage-ID: <{n}@x>\r\n\r\nbody {n}\r\n".encode()
            for n in range(60)]
    try:
        with ThreadPoolExecutor(8) as pool:
            futures = list(pool.map(lambda raw: committer.submit(
                raw, peer="127.0.0.1", envelope_from="a@b.example", envelope_to=["hd"]), raws))
        ids = [future.result(timeout=30) for future in futures]
    finally:
        committer.stop()
    stored = dict(db.session.execute(select(InboundMail.id, InboundMail.raw)).all())
    assert [stored[mail_id] for mail_id in ids] == raws
    assert {row.state for row in db.session.scalars(select(InboundMail))} == {"received"}


def test_storage_commits_are_synced_and_the_connection_goes_back_relaxed(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    with db.engine.connect() as connection:
        with _synced(connection):
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_processing_consumes_the_storage_commits_oldest_first():
    unprocessed = Unprocessed()
    assert unprocessed.waited(100.0) == 0.0
    unprocessed.stored(3, at=10.0)
    unprocessed.stored(4, at=10.5)
    assert unprocessed.waited(11.0) == 1.0
    unprocessed.processed(3, more=True)
    assert unprocessed.waited(11.0) == 0.5
    unprocessed.processed(2, more=True)
    assert unprocessed.waited(11.0) == 0.5  # two of the second commit are left
    unprocessed.processed(1, more=False)  # processing found no more: all caught up
    assert unprocessed.waited(11.0) == 0.0

"""IMAP intake against a real Dovecot: mail in the mailbox becomes a ticket, and neither a
dropped connection, a killed process, a second reader nor a new UIDVALIDITY loses a message
or makes a second ticket (helpdesk/imap/sync.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.imap import sync
from helpdesk.imap.intake import ImapIntake
from helpdesk.imap.secrets import seal
from helpdesk.models import InboundMail, Mailbox
from tests.imap.conftest import make_mailbox, message
from tests.imap.dovecot import PASSWORD
from tests.imap.helpers import CuttingProxy, stored_by_state, stored_keys, tickets, wait_for


@pytest.fixture
def app_settings():
    # Small batches, so that a drop or a kill lands in the middle of the work; fast retries.
    return {"IMAP_FETCH_BATCH": 10, "IMAP_POLL_SECONDS": 2, "LEADER_RETRY_SECONDS": 1}


def running(app, **kwargs):
    return ImapIntake(app, process=True, refresh_seconds=0.2, **kwargs).start()


def test_a_mail_appended_to_the_mailbox_becomes_a_ticket_and_moves_to_processed(
        app, dovecot, contact):
    box = make_mailbox(app, dovecot.port)
    intake = running(app)
    try:
        dovecot.append([message(1)])
        assert wait_for(lambda: tickets() == 1), dovecot.log()
        assert wait_for(lambda: dovecot.uids("Processed") != [])
    finally:
        intake.stop()
    assert dovecot.uids("INBOX") == [] and len(dovecot.uids("Processed")) == 1
    stored = db.session.scalars(select(InboundMail)).one()
    assert stored.state == "processed" and stored.ticket_id is not None
    assert stored.peer.startswith(f"imap:{box.id}:")
    assert stored.dedup_key == "mid:imap-1@dekroon.example"
    db.session.refresh(box)
    assert box.last_uid == 1 and box.uidvalidity and box.last_error is None


def test_with_seen_chosen_the_message_stays_in_the_folder_flagged_seen(app, dovecot, contact):
    make_mailbox(app, dovecot.port, after_storing="seen", processed_folder="")
    dovecot.append([message(1), message(2)])
    intake = running(app)
    try:
        assert wait_for(lambda: tickets() == 2)
        assert wait_for(lambda: dovecot.uids("INBOX", "UNSEEN") == [])
    finally:
        intake.stop()
    assert dovecot.uids("INBOX") == [1, 2]


def test_a_message_is_stored_before_it_is_moved(app, dovecot, contact, monkeypatch):
    """The storage commit comes first: should the move fail, the mail is stored all the
    same, and the next session moves it without storing it again (settle)."""
    box = make_mailbox(app, dovecot.port)
    dovecot.append([message(1)])
    real_finish = sync.finish
    calls = []

    def failing_once(client, uids, **kwargs):
        calls.append(list(uids))
        if len(calls) == 1:
            db.session.expire_all()
            assert db.session.scalar(select(InboundMail.id)) is not None  # stored already
            raise ConnectionResetError("dropped before the move")
        return real_finish(client, uids, **kwargs)

    monkeypatch.setattr(sync, "finish", failing_once)
    intake = running(app)
    try:
        assert wait_for(lambda: dovecot.uids("Processed") != [], timeout=20), dovecot.log()
    finally:
        intake.stop()
    assert dovecot.uids("INBOX") == []
    assert stored_by_state() == {"processed": 1} and tickets() == 1
    db.session.refresh(box)
    assert box.last_uid == 1


def test_a_connection_dropped_mid_fetch_loses_nothing_and_doubles_nothing(
        app, dovecot, contact):
    dovecot.append([message(n, body_bytes=3000) for n in range(1, 41)])
    proxy = CuttingProxy(dovecot.port, cut_after=60_000)  # inside the second or third fetch
    make_mailbox(app, proxy.port)
    intake = running(app)
    try:
        assert wait_for(lambda: tickets() == 40, timeout=60), dovecot.log()
        assert wait_for(lambda: dovecot.uids("INBOX") == [])
    finally:
        intake.stop()
        proxy.close()
    assert proxy.cuts == 1 and proxy.connections >= 2  # it was dropped, and came back
    keys = stored_keys()
    assert len(keys) == 40 and set(keys.values()) == {1}
    assert stored_by_state() == {"processed": 40}
    assert len(dovecot.uids("Processed")) == 40


def test_a_sigkill_of_the_intake_process_during_a_batch_loses_nothing_and_doubles_nothing(
        app, dovecot, contact, tmp_path):
    count = 300
    dovecot.append([message(n) for n in range(1, count + 1)])
    make_mailbox(app, dovecot.port)
    env = dict(os.environ, HELPDESK_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
               HELPDESK_SECRET_KEY=app.config["SECRET_KEY"], HELPDESK_IMAP_FETCH_BATCH="10",
               HELPDESK_LEADER_RETRY_SECONDS="1", HELPDESK_INSTANCE_PATH=str(tmp_path),
               HELPDESK_LOG_LEVEL="WARNING")

    def start():
        return subprocess.Popen([sys.executable, "-m", "helpdesk.cli", "imap-intake"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    first = start()
    try:
        assert wait_for(lambda: sum(stored_keys().values()) > 0, timeout=60), \
            first.stderr.read().decode() if first.poll() is not None else "nothing stored"
        time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        db.session.expire_all()
        killed_at = sum(stored_keys().values())
        assert killed_at < count, "the kill came too late to land in a batch"
        second = start()
        try:
            assert wait_for(lambda: tickets() == count, timeout=120)
            assert wait_for(lambda: dovecot.uids("INBOX") == [], timeout=30)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(20)
    finally:
        if first.poll() is None:
            first.kill()
    keys = stored_keys()
    assert len(keys) == count and set(keys.values()) == {1}
    assert stored_by_state() == {"processed": count}
    assert len(dovecot.uids("Processed")) == count


def rebuild(dovecot, folder: str, *, unseen: bool = False) -> None:
    """The folder rebuilt, as by a restore from backup: renamed away, made again, its mail
    copied back: a new UIDVALIDITY, UIDs from 1 again."""
    client = dovecot.client()
    client.rename_folder(folder, f"{folder}-old")
    client.create_folder(folder)
    client.select_folder(f"{folder}-old")
    client.copy(client.search(["ALL"]), folder)
    if unseen:  # a restore that lost the flags
        client.select_folder(folder)
        client.remove_flags(client.search(["ALL"]), [b"\\Seen"])
    client.logout()


def test_a_new_uidvalidity_reads_the_folder_again_without_a_second_ticket(
        app, dovecot, contact):
    """A restore from backup rebuilds the folder with the mail already processed in it
    (new UIDVALIDITY, UIDs from 1): recognised by Message-ID, or without one by its content
    on the day the server received it (INTERNALDATE, which the restore keeps)."""
    client = dovecot.client()
    client.create_folder("Support")
    client.logout()
    box = make_mailbox(app, dovecot.port, folder="Support")
    dovecot.append([message(1), message(2), message(3, message_id=False)], folder="Support")
    intake = running(app)
    try:
        assert wait_for(lambda: tickets() == 3 and dovecot.uids("Support") == [])
        db.session.refresh(box)
        first_validity = box.uidvalidity
        intake.stop()
        client = dovecot.client()
        client.rename_folder("Support", "Support-old")
        client.create_folder("Support")
        client.select_folder("Processed")
        client.copy(client.search(["ALL"]), "Support")
        client.logout()
        dovecot.append([message(4)], folder="Support")
        intake = running(app)
        assert wait_for(lambda: sum(stored_keys().values()) == 7, timeout=30)
        assert wait_for(lambda: "received" not in stored_by_state())
        assert wait_for(lambda: dovecot.uids("Support") == [])
    finally:
        intake.stop()
    db.session.refresh(box)
    assert box.uidvalidity != first_validity and box.last_uid == 4
    assert tickets() == 4
    assert stored_by_state() == {"processed": 4, "duplicate": 3}


def test_with_seen_chosen_a_first_read_takes_only_the_unread_mail(app, dovecot, contact):
    """A mailbox in use for years: the read mail there was handled before the helpdesk."""
    dovecot.append([message(n) for n in range(1, 6)])
    client = dovecot.client()
    client.select_folder("INBOX")
    client.add_flags([1, 2, 4], [b"\\Seen"])
    client.logout()
    box = make_mailbox(app, dovecot.port, after_storing="seen", processed_folder="")
    intake = running(app)
    try:
        assert wait_for(lambda: tickets() == 2)
        dovecot.append([message(6)])
        assert wait_for(lambda: tickets() == 3)
    finally:
        intake.stop()
    assert sorted(stored_keys()) == [f"mid:imap-{n}@dekroon.example" for n in (3, 5, 6)]
    db.session.refresh(box)
    assert box.unseen_only_below == 6 and box.last_uid == 6
    assert dovecot.uids("INBOX", "UNSEEN") == []


def test_with_seen_chosen_a_rebuilt_folder_is_read_again_without_a_second_ticket(
        app, dovecot, contact):
    client = dovecot.client()
    client.create_folder("Support")
    client.logout()
    dovecot.append([message(1), message(2), message(3, message_id=False)], folder="Support")
    box = make_mailbox(app, dovecot.port, folder="Support", after_storing="seen",
                       processed_folder="")
    intake = running(app)
    try:
        assert wait_for(lambda: tickets() == 3)
        assert wait_for(lambda: dovecot.uids("Support", "UNSEEN") == [])
        db.session.refresh(box)
        first_validity = box.uidvalidity
        intake.stop()
        rebuild(dovecot, "Support", unseen=True)
        dovecot.append([message(4)], folder="Support")
        intake = running(app)
        assert wait_for(lambda: sum(stored_keys().values()) == 7, timeout=30)
        assert wait_for(lambda: "received" not in stored_by_state())
    finally:
        intake.stop()
    db.session.refresh(box)
    assert box.uidvalidity != first_validity and box.last_uid == 4
    assert tickets() == 4
    assert stored_by_state() == {"processed": 4, "duplicate": 3}


def test_two_readers_of_one_mailbox_store_each_message_once(app, dovecot, contact):
    """Two processes (machines) each running the intake: one leads the mailbox."""
    make_mailbox(app, dovecot.port)
    first, second = running(app), running(app)
    try:
        for n in range(1, 31):
            dovecot.append([message(n)])
        assert wait_for(lambda: tickets() == 30, timeout=60)
        leaders = [reader.leadership.leading
                   for intake in (first, second) for _, reader in intake.readers.values()]
        assert leaders.count(True) == 1
    finally:
        first.stop()
        second.stop()
    keys = stored_keys()
    assert len(keys) == 30 and set(keys.values()) == {1}


def test_a_reader_behind_another_stores_nothing(app, dovecot, contact):
    """Should two readers both believe they lead, the position update decides: the one
    that read an older position rolls back its whole batch (sync.store)."""
    box = make_mailbox(app, dovecot.port)
    stale = sync.Position(box.id, 7, 0)
    db.session.execute(Mailbox.__table__.update().values(uidvalidity=7, last_uid=5))
    db.session.commit()
    fetched = {6: {b"BODY[]": message(6)}}
    with pytest.raises(sync.Superseded):
        sync.store(stale, [6], fetched, now=box.created_at, recipient="x")
    assert stored_keys() == {}
    fresh = sync.Position(box.id, 7, 5)
    assert sync.store(fresh, [6], fetched, now=box.created_at, recipient="x") == 1
    db.session.refresh(box)
    assert box.last_uid == 6 and fresh.last_uid == 6


def test_the_reader_stops_cleanly(app, dovecot, contact):
    make_mailbox(app, dovecot.port)
    intake = running(app)
    assert wait_for(lambda: any(r.sessions for _, r in intake.readers.values()), timeout=20)
    readers = [reader for _, reader in intake.readers.values()]
    started = time.monotonic()
    intake.stop()
    assert time.monotonic() - started < 5
    assert not any(reader.is_alive() for reader in readers)


def test_batches_are_bounded_by_count_and_by_bytes():
    sizes = {1: 10, 2: 10, 3: 50, 4: 10, 5: 200, 6: 10}
    assert list(sync.batches([1, 2, 3, 4, 5, 6], sizes, count=3, size=60)) == [
        [1, 2], [3, 4], [5], [6]]  # 5 alone exceeds the size: a batch of its own
    assert list(sync.batches([1, 2, 3, 4], {}, count=3, size=60)) == [[1, 2, 3], [4]]


def test_large_messages_are_read_in_batches_of_bounded_size(app, dovecot, contact, monkeypatch):
    monkeypatch.setattr(sync, "BATCH_BYTES", 250_000)
    fetches = []
    real_store = sync.store

    def counting(position, chunk, fetched, **kwargs):
        fetches.append(len(chunk))
        return real_store(position, chunk, fetched, **kwargs)

    monkeypatch.setattr(sync, "store", counting)
    dovecot.append([message(n, body_bytes=100_000) for n in range(1, 7)])
    make_mailbox(app, dovecot.port)
    intake = running(app)
    try:
        assert wait_for(lambda: tickets() == 6, timeout=30)
    finally:
        intake.stop()
    assert fetches == [2, 2, 2]  # by bytes, not the 10 of IMAP_FETCH_BATCH


def test_a_failing_mailbox_shows_its_error_until_it_is_read_again(app, dovecot, contact):
    box = make_mailbox(app, dovecot.port, secret="wrong-password")
    intake = running(app)
    try:
        assert wait_for(lambda: db.session.get(Mailbox, box.id).last_error is not None)
        assert db.session.get(Mailbox, box.id).last_error.startswith("auth")
        db.session.get(Mailbox, box.id).secret_sealed = seal(
            PASSWORD, secret_key=app.config["SECRET_KEY"])
        db.session.commit()  # a new secret: a new reader, at once
        assert wait_for(lambda: db.session.get(Mailbox, box.id).last_error is None)
    finally:
        intake.stop()

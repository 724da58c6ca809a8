"""The real SMTP listener on loopback: stored before 250, SIZE advertised, oversize refused."""

from __future__ import annotations

import smtplib
import socket

import pytest
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.intake.smtp import IntakeController
from helpdesk.models import InboundMail


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def listener(app):
    controller = IntakeController(app, host="127.0.0.1", port=free_port(), max_bytes=50_000,
                                  process=False)
    controller.start()
    yield controller
    controller.stop()


MESSAGE = (b"From: jan@klant.example\r\nTo: helpdesk@helpdesk.test\r\n"
           b"Subject: Printer\r\nMessage-ID: <smtp-1@klant.example>\r\n\r\nIt is broken.\r\n")


def test_a_message_is_committed_before_the_listener_answers_250(listener):
    with smtplib.SMTP("127.0.0.1", listener.port, timeout=10) as client:
        code, _ = client.ehlo()
        assert code == 250
        assert "size" in client.esmtp_features and client.esmtp_features["size"] == "50000"
        client.sendmail("jan@klant.example", ["helpdesk@helpdesk.test"], MESSAGE)
    db.session.expire_all()
    stored = db.session.scalars(select(InboundMail)).one()
    assert stored.raw.replace(b"\r\n", b"\n").strip() == MESSAGE.replace(b"\r\n", b"\n").strip()
    assert stored.envelope_from == "jan@klant.example" and stored.state == "received"
    assert stored.dedup_key == "mid:smtp-1@klant.example"


def test_a_message_over_the_size_limit_is_refused_with_552(listener):
    big = MESSAGE + b"x" * 60_000 + b"\r\n"
    with (smtplib.SMTP("127.0.0.1", listener.port, timeout=10) as client,
          pytest.raises(smtplib.SMTPException) as refused):
        client.sendmail("jan@klant.example", ["helpdesk@helpdesk.test"], big)
    assert "552" in str(refused.value)
    db.session.expire_all()
    assert db.session.scalars(select(InboundMail)).all() == []


def test_the_listener_turns_stored_mail_into_tickets_when_idle(app):
    """Storage first, then processing in the same writer thread (group_commit.py)."""
    import time

    from tests.factories import make_contact, make_contract, make_customer

    customer = make_customer()
    make_contract(customer)
    make_contact(customer, email="jan@klant.example")
    db.session.commit()
    controller = IntakeController(app, host="127.0.0.1", port=free_port(), max_bytes=50_000)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", controller.port, timeout=10) as client:
            client.sendmail("jan@klant.example", ["helpdesk@helpdesk.test"], MESSAGE)
        for _ in range(50):
            db.session.expire_all()
            stored = db.session.scalars(select(InboundMail)).one()
            if stored.state != "received":
                break
            time.sleep(0.1)
    finally:
        controller.stop()
    assert stored.state == "processed" and stored.ticket_id is not None


def _wait_for(condition, timeout: float = 30.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.expire_all()
        db.session.commit()  # a fresh read: see what the other processes committed
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not reached in time")


def _mail(n: int) -> bytes:
    return (f"From: jan@klant.example\r\nTo: helpdesk@helpdesk.test\r\nSubject: Printer {n}\r\n"
            f"Message-ID: <worker-{n}@klant.example>\r\n\r\nIt is broken.\r\n").encode()


def _processed(count: int):
    return lambda: len(db.session.scalars(
        select(InboundMail).where(InboundMail.state == "processed")).all()) == count


def test_in_production_a_worker_process_turns_stored_mail_into_tickets_and_is_replaced(app):
    """worker.py: the listener stores, processes of their own process (each its share of
    the mail); one that dies (here by SIGKILL) is replaced and the mail stored meanwhile is
    processed all the same."""
    import os
    import signal

    from tests.factories import make_contact, make_contract, make_customer

    customer = make_customer()
    make_contract(customer)
    make_contact(customer, email="jan@klant.example")
    db.session.commit()
    controller = IntakeController(app, host="127.0.0.1", port=free_port(), max_bytes=50_000,
                                  worker=True)
    controller.start()
    try:
        workers = controller.worker.pids
        assert len(workers) == 2 and os.getpid() not in workers
        first = workers[0]
        with smtplib.SMTP("127.0.0.1", controller.port, timeout=10) as client:
            client.sendmail("jan@klant.example", ["helpdesk@helpdesk.test"], _mail(1))
        _wait_for(_processed(1))
        os.kill(first, signal.SIGKILL)
        with smtplib.SMTP("127.0.0.1", controller.port, timeout=10) as client:
            client.sendmail("jan@klant.example", ["helpdesk@helpdesk.test"], _mail(2))
            client.sendmail("jan@klant.example", ["helpdesk@helpdesk.test"], _mail(1))  # retry
        _wait_for(_processed(2))
        _wait_for(lambda: db.session.scalars(select(InboundMail).where(
            InboundMail.state == "duplicate")).all() != [])
        _wait_for(lambda: len(controller.worker.pids) == 2
                  and first not in controller.worker.pids)
    finally:
        controller.stop()
    assert len({mail.ticket_id for mail in db.session.scalars(
        select(InboundMail).where(InboundMail.state == "processed"))}) == 2


def test_the_worker_process_ends_with_its_listener(app, tmp_path):
    """A listener killed by SIGKILL leaves no worker behind (PR_SET_PDEATHSIG)."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    port = free_port()
    env = dict(os.environ, HELPDESK_DATABASE_URL=app.config["HELPDESK_DATABASE_URL"],
               HELPDESK_SMTP_PORT=str(port), HELPDESK_SECRET_KEY="test-secret-key-for-the-worker",
               HELPDESK_INSTANCE_PATH=str(tmp_path))
    listener = subprocess.Popen([sys.executable, "-m", "helpdesk.cli", "smtpd"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        children: list[int] = []
        deadline = time.monotonic() + 30
        while not children and time.monotonic() < deadline:
            tasks = Path(f"/proc/{listener.pid}/task")
            children = [int(pid) for task in tasks.iterdir()
                        for pid in (task / "children").read_text().split()
                        if _is_worker(int(pid))] if tasks.exists() else []
            time.sleep(0.1)
        assert children, "the listener started no worker"
        listener.send_signal(signal.SIGKILL)
        listener.wait()
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in children)
    finally:
        if listener.poll() is None:
            listener.kill()


def _is_worker(pid: int) -> bool:
    from pathlib import Path

    try:
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _alive(pid: int) -> bool:
    from pathlib import Path

    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"

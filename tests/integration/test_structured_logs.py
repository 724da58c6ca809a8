"""Structured logs (issue #9): one JSON object a line, one line per request, events with
their fields, and never a secret, a password, a token or a message body."""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, datetime, timedelta

import pytest

from helpdesk import logs
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake.mail import process_pending
from helpdesk.intake.store import store_raw_message
from helpdesk.jobs.deadlines import process_due
from helpdesk.outbox import enqueue
from helpdesk.outbox.delivery import deliver_due
from tests.factories import (
    login,
    make_contact,
    make_contract,
    make_customer,
    make_staff,
    make_ticket,
)

SECRET_WORDS = ("hunter2-password", "token-XYZ-123", "The printer on floor 3 smokes")


@pytest.fixture
def captured():
    """The helpdesk handler writing JSON into a buffer; the lines come back parsed."""
    buffer = io.StringIO()
    handler = logs.configure(format="json", level="INFO", stream=buffer)

    def lines() -> list[dict]:
        return [json.loads(line) for line in buffer.getvalue().splitlines()]

    lines.text = buffer.getvalue  # type: ignore[attr-defined]
    yield lines
    logging.getLogger().removeHandler(handler)


def named(lines: list[dict], event: str) -> list[dict]:
    return [line for line in lines if line.get("event") == event]


def test_an_event_is_one_json_line_with_utc_time_level_logger_and_fields(captured):
    logs.event(logging.getLogger("helpdesk.test"), "thing.done", ticket="HD-2026-00001",
               count=3, at=datetime(2026, 2, 2, 13, 0, tzinfo=timedelta_zone(1)))
    (line,) = captured()
    assert line["level"] == "info" and line["logger"] == "helpdesk.test"
    assert line["message"] == "thing.done" and line["event"] == "thing.done"
    assert line["ticket"] == "HD-2026-00001" and line["count"] == 3
    assert line["at"] == "2026-02-02T12:00:00Z"  # converted to UTC
    stamp = datetime.fromisoformat(line["ts"].replace("Z", "+00:00"))
    assert line["ts"].endswith("Z") and abs(utcnow() - stamp) < timedelta(minutes=1)


def timedelta_zone(hours: int):
    from datetime import timezone

    return timezone(timedelta(hours=hours))


def test_fields_named_like_secrets_or_bodies_are_masked(captured):
    logs.event(logging.getLogger("helpdesk.test"), "careless", password=SECRET_WORDS[0],
               api_token=SECRET_WORDS[1], body_text=SECRET_WORDS[2],
               nested={"reset_token": SECRET_WORDS[1], "fine": 1})
    (line,) = captured()
    assert line["password"] == line["api_token"] == line["body_text"] == "***"
    assert line["nested"] == {"reset_token": "***", "fine": 1}
    assert not any(word in captured.text() for word in SECRET_WORDS)


def test_field_names_that_logging_reserves_are_kept_under_a_prefix(captured):
    logs.event(logging.getLogger("helpdesk.test"), "attachment.stored", filename="a.pdf")
    assert captured()[0]["field_filename"] == "a.pdf"


def test_an_exception_is_logged_with_its_traceback_in_the_same_object(captured):
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("helpdesk.test").exception("it failed", extra={"event": "x.failed"})
    (line,) = captured()
    assert line["level"] == "error" and "ValueError: boom" in line["exception"]


def test_text_format_is_one_readable_line_with_key_value_fields():
    buffer = io.StringIO()
    handler = logs.configure(format="text", stream=buffer)
    try:
        logs.event(logging.getLogger("helpdesk.test"), "mail.held", mail_id=4,
                   reason="unknown sender", password="x")
    finally:
        logging.getLogger().removeHandler(handler)
    line = buffer.getvalue().strip()
    assert "INFO" in line and "helpdesk.test: mail.held" in line
    assert 'mail_id=4 reason="unknown sender" password=***' in line


def test_auto_format_is_text_at_a_terminal_and_json_otherwise():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert logs.chosen_format("auto", Terminal()) == "text"
    assert logs.chosen_format("auto", io.StringIO()) == "json"
    assert logs.chosen_format("text", io.StringIO()) == "text"


def test_configure_once_leaves_a_test_runners_own_handlers_alone():
    # pytest's capture handler is on the root logger while this test runs.
    assert logs.configure_once({"LOG_FORMAT": "json"}) is None


def test_every_request_is_one_line_with_status_duration_and_a_request_id(client, captured):
    response = client.get("/health?token=token-XYZ-123")
    (line,) = named(captured(), "http.request")
    assert line["method"] == "GET" and line["path"] == "/health" and line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["user_kind"] == "anonymous"
    assert len(line["request_id"]) == 32
    assert response.headers["X-Request-ID"] == line["request_id"]
    assert "token-XYZ-123" not in captured.text()


def test_a_request_id_from_the_proxy_is_kept_and_echoed(client, captured):
    response = client.get("/health", headers={"X-Request-ID": "lb-7f3a.42"})
    assert response.headers["X-Request-ID"] == "lb-7f3a.42"
    assert named(captured(), "http.request")[0]["request_id"] == "lb-7f3a.42"
    # Something that is no id (here a header injection attempt) is replaced.
    response = client.get("/health", headers={"X-Request-ID": "x\" injected=1"})
    assert response.headers["X-Request-ID"] != "x\" injected=1"


def test_the_reset_token_in_the_path_is_masked(client, captured):
    client.get("/password/reset/token-XYZ-123")
    (line,) = named(captured(), "http.request")
    assert line["path"] == "/password/reset/***"
    assert "token-XYZ-123" not in captured.text()


def test_a_signed_in_users_kind_and_id_are_logged_but_never_the_password(client, captured):
    staff = make_staff(name="Tom")
    db.session.commit()
    login(client, staff)
    client.get("/staff/")
    lines = named(captured(), "http.request")
    assert lines[0]["method"] == "POST" and lines[0]["path"] == "/staff/login"
    assert (lines[-1]["user_kind"], lines[-1]["user_id"]) == ("staff", staff.id)
    assert "demo-password" not in captured.text() and "password=" not in captured.text()


def test_a_failing_request_logs_at_error_level(app, client, captured):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom-for-test")
    def boom():  # type: ignore[no-untyped-def]
        raise RuntimeError("broken view")

    client.get("/boom-for-test")
    (line,) = named(captured(), "http.request")
    assert line["status"] == 500 and line["level"] == "error"


def _mail(sender: str, subject: str, message_id: str) -> bytes:
    return (f"From: {sender}\r\nTo: helpdesk@helpdesk.test\r\nSubject: {subject}\r\n"
            f"Message-ID: <{message_id}>\r\n\r\n{SECRET_WORDS[2]}\r\n").encode()


def test_processed_and_held_mail_are_logged_without_sender_subject_or_body(captured):
    customer = make_customer()
    make_contract(customer, sla_preset="type1")
    make_contact(customer, email="jan@kroon.example")
    db.session.commit()
    store_raw_message(_mail("jan@kroon.example", "Printer smokes", "m1@x"), peer="127.0.0.1",
                      envelope_from="jan@kroon.example", envelope_to=[])
    store_raw_message(_mail("stranger@else.example", "Hello there", "m2@x"),
                      peer="127.0.0.1", envelope_from="", envelope_to=[])
    process_pending(utcnow())
    (processed,) = named(captured(), "mail.processed")
    assert processed["ticket"].startswith("HD-") and processed["ticket_id"]
    (held,) = named(captured(), "mail.held")
    assert held["reason"] == "unknown sender" and held["ticket_id"] is None
    text = captured.text()
    assert SECRET_WORDS[2] not in text and "Printer smokes" not in text
    assert "stranger@else.example" not in text


def test_outbox_delivery_and_final_failure_are_logged(app, captured):
    enqueue(kind="receipt", to_addr="jan@kroon.example", subject="Received",
            body_text=SECRET_WORDS[2])
    db.session.commit()
    deliver_due(utcnow() + timedelta(seconds=1))
    (delivered,) = named(captured(), "outbox.delivered")
    assert delivered["kind"] == "receipt" and delivered["sink"] is True
    assert SECRET_WORDS[2] not in captured.text()


def test_a_breach_and_the_escalation_it_causes_are_logged_with_the_ticket(captured):
    customer = make_customer()
    make_contract(customer, sla_preset="type1")
    contact = make_contact(customer)
    make_staff(name="Eva", role="escalation_manager", email="eva@provider.example")
    db.session.commit()
    # Type 1, P1: reaction 4 h from Mon 13:00 Brussels -> 17:00 (16:00Z), art. 39.4.1.
    submitted = datetime(2026, 2, 2, 12, 0, tzinfo=UTC)
    ticket = make_ticket(contact, urgency="blocking", impact="all", at=submitted)
    process_due(datetime(2026, 2, 2, 17, 0, tzinfo=UTC))
    lines = captured()
    (breach,) = named(lines, "ticket.breach")
    assert breach["ticket"] == ticket.reference and breach["clock"] == "reaction"
    assert breach["at"] == "2026-02-02T16:00:00Z" and breach["late_seconds"] == 3600
    (escalation,) = named(lines, "ticket.escalation")
    assert escalation["tier"] == 2 and escalation["ticket"] == ticket.reference
    (wake,) = named(lines, "scheduler.wake")
    assert wake["due_tickets"] == 1 and wake["records"] >= 2 and "duration_ms" in wake


def test_backup_and_restore_are_logged(app, tmp_path, captured):
    from helpdesk.ops.backup import backup

    backup(tmp_path / "b.jsonl.gz")
    (written,) = named(captured(), "backup.written")
    assert written["file"].endswith("b.jsonl.gz") and written["tables"] > 10
    assert written["file_bytes"] > 0 and "rows" in written


def test_mail_accepted_over_smtp_is_logged_once_stored(app, captured):
    import smtplib

    from helpdesk.intake.smtp import IntakeController
    from tests.integration.test_smtp_listener import free_port

    controller = IntakeController(app, host="127.0.0.1", port=free_port(), max_bytes=50_000,
                                  process=False)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", controller.port, timeout=10) as client:
            client.sendmail("jan@kroon.example", ["helpdesk@helpdesk.test"],
                            _mail("jan@kroon.example", "Printer smokes", "s1@x"))
    finally:
        controller.stop()
    (accepted,) = named(captured(), "mail.accepted")
    assert accepted["mail_id"] and accepted["size"] > 50 and accepted["peer"] == "127.0.0.1"
    assert accepted["store_ms"] >= 0 and SECRET_WORDS[2] not in captured.text()


def test_a_database_error_in_the_log_carries_no_parameter_values(app, captured):
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        db.session.execute(text("SELECT no_such_column FROM ticket WHERE title = :t"),
                           {"t": SECRET_WORDS[2]})
    except SQLAlchemyError:
        db.session.rollback()
        logging.getLogger("helpdesk.test").exception("query failed")
    (line,) = captured()
    assert "no_such_column" in line["exception"]
    assert SECRET_WORDS[2] not in captured.text()


def test_a_refused_relay_is_logged_as_retry_then_failed_with_the_error_class_only(app,
                                                                                captured):
    from sqlalchemy import select

    from helpdesk.models import OutboxMessage
    from helpdesk.outbox.delivery import MAX_ATTEMPTS
    from tests.integration.test_smtp_listener import free_port

    app.config["HELPDESK_SMTP_RELAY"] = f"127.0.0.1:{free_port()}"  # nobody listens
    enqueue(kind="receipt", to_addr="jan@kroon.example", subject="Received", body_text="x")
    db.session.commit()
    message = db.session.scalars(select(OutboxMessage)).one()
    for _ in range(MAX_ATTEMPTS):
        deliver_due(message.next_attempt_at)
        db.session.refresh(message)
    lines = captured()
    retries, (failed,) = named(lines, "outbox.retry"), named(lines, "outbox.failed")
    assert len(retries) == MAX_ATTEMPTS - 1 and retries[0]["next_attempt_at"].endswith("Z")
    assert failed["level"] == "error" and failed["error"] == "ConnectionRefusedError"
    assert failed["attempts"] == MAX_ATTEMPTS
    assert "jan@kroon.example" not in captured.text()


def test_the_intake_worker_process_logs_json_lines_too(app, capfd):
    """worker.py spawns a fresh process: it sets up logging itself (to the inherited
    stderr), so mail.processed lines are not lost in production."""
    import json as json_module
    import smtplib

    from helpdesk.intake.smtp import IntakeController
    from tests.integration.test_smtp_listener import _processed, _wait_for, free_port

    customer = make_customer()
    make_contract(customer)
    make_contact(customer, email="jan@kroon.example")
    db.session.commit()
    controller = IntakeController(app, host="127.0.0.1", port=free_port(), max_bytes=50_000,
                                  worker=True)
    controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", controller.port, timeout=10) as client:
            client.sendmail("jan@kroon.example", ["helpdesk@helpdesk.test"],
                            _mail("jan@kroon.example", "Printer smokes", "w1@x"))
        _wait_for(_processed(1))
    finally:
        controller.stop()
    lines = [json_module.loads(line) for line in capfd.readouterr().err.splitlines()
             if line.startswith("{")]
    (processed,) = named(lines, "mail.processed")
    assert processed["logger"] == "helpdesk.intake.mail" and processed["ticket"]

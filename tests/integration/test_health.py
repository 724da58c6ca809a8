"""/health answers 200 with the database up and 503 when it is not."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from helpdesk.clock import utcnow


def test_health_is_ok_with_the_database_up(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["inbound_mail_waiting"] == 0 and body["time"].endswith("Z")


def test_health_is_503_when_the_database_fails(client, monkeypatch):
    from helpdesk.extensions import db

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_health_reports_the_schema_revision_against_the_migrations_head(client):
    body = client.get("/health").get_json()
    assert body["migration_revision"] and body["migration_revision"] == body["migration_head"]
    assert body["migrations_up_to_date"] is True


def test_health_reports_waiting_mail_with_the_oldest_ones_age_and_pending_outbox(client):
    from datetime import timedelta

    from helpdesk.extensions import db
    from helpdesk.intake.mail import process_pending
    from helpdesk.models import InboundMail
    from helpdesk.outbox import enqueue

    received = utcnow() - timedelta(seconds=90)
    for minutes in (0, 1):
        db.session.add(InboundMail(received_at=received + timedelta(minutes=minutes),
                                   peer="127.0.0.1", raw=b"Subject: x\r\n\r\ny", size=17,
                                   dedup_key=f"sha:{minutes}", state="received"))
    enqueue(kind="receipt", to_addr="jan@kroon.example", subject="s", body_text="t")
    db.session.commit()
    body = client.get("/health").get_json()
    assert body["inbound_mail_waiting"] == 2 and body["outbox_pending"] == 1
    assert 89 <= body["oldest_unprocessed_mail_seconds"] <= 120
    process_pending(utcnow())
    body = client.get("/health").get_json()
    assert body["inbound_mail_waiting"] == 0 and body["oldest_unprocessed_mail_seconds"] is None


def test_health_is_503_when_the_database_server_refuses_connections(tmp_path):
    from helpdesk import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret-key-not-for-production",
                      "DATABASE_URL": "postgresql://u:p@127.0.0.1:9/none"})
    response = app.test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"
    assert "p@" not in response.get_data(as_text=True)  # no connection details leak

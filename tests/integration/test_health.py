"""/health answers 200 with the database up and 503 when it is not."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError


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

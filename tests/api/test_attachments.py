"""Attachments through the API: scoped and served exactly as the portal and staff pages."""

from __future__ import annotations

import io

from helpdesk.extensions import db
from helpdesk.intake.attachments import MAX_ATTACHMENT_BYTES, store_attachments
from helpdesk.mail import Attachment as Upload
from helpdesk.models import Attachment, Ticket
from helpdesk.tickets import actions, log
from helpdesk.web.services import MAX_FILES
from tests.api.conftest import problem
from tests.factories import now as real_now


def attach(ticket: Ticket, name: str, content_type: str, data: bytes,
           event_type: str = "submitted") -> Attachment:
    event = next(e for e in log.events_of(ticket) if e.type == event_type)
    (row,) = store_attachments([Upload(name, content_type, len(data), data)], now=real_now(),
                               ticket_id=ticket.id, event_id=event.id)
    db.session.commit()
    return row


def files(client, world, who, ticket):  # type: ignore[no-untyped-def]
    response = client.get(f"/api/v1/tickets/{ticket.reference}/attachments",
                          headers=world.headers(who))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["items"]


def test_the_list_names_each_file_and_a_contact_sees_only_public_events(client, world):
    ticket = world.ticket_a
    log_file = attach(ticket, "log.txt", "text/plain", b"hello")
    actions.note(ticket, by=world.agent, now=real_now(), text="internal dump")
    internal = attach(ticket, "dump.bin", "application/octet-stream", b"\x00" * 10,
                      event_type="note_added")
    assert files(client, world, "agent", ticket) == [
        {"id": log_file.id, "filename": "log.txt", "size": 5, "content_type": "text/plain",
         "event_seq": 1},
        {"id": internal.id, "filename": "dump.bin", "size": 10,
         "content_type": "application/octet-stream", "event_seq": 2}]
    # The portal shows files of public events only; so does the API, for readers too.
    for who in ("contact_a", "reader_a"):
        assert [f["id"] for f in files(client, world, who, ticket)] == [log_file.id]
        url = f"/api/v1/tickets/{ticket.reference}/attachments/{internal.id}"
        problem(client.get(url, headers=world.headers(who)), 404)
    problem(client.get(f"/api/v1/tickets/{ticket.reference}/attachments",
                       headers=world.headers("contact_b")), 404)


def test_a_download_is_always_an_attachment_that_cannot_run(client, world):
    page = attach(world.ticket_a, "evil.html", "text/html", b"<script>alert(1)</script>")
    url = f"/api/v1/tickets/{world.ticket_a.reference}/attachments/{page.id}"
    for who in ("agent", "contact_a", "reader_a"):
        response = client.get(url, headers=world.headers(who))
        assert response.status_code == 200
        assert response.data == b"<script>alert(1)</script>"
        assert response.headers["Content-Disposition"] == 'attachment; filename=evil.html'
        assert response.mimetype == "application/octet-stream"  # never rendered as HTML
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response.headers["Content-Security-Policy"]
    text = attach(world.ticket_a, "notes.txt", "text/plain", b"plain")
    response = client.get(f"/api/v1/tickets/{world.ticket_a.reference}/attachments/{text.id}",
                          headers=world.headers("contact_a"))
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_another_customers_attachment_is_404_under_any_reference(client, world):
    theirs = attach(world.ticket_b, "b.txt", "text/plain", b"secret of B")
    mine = world.ticket_a.reference
    for who, reference in (("contact_a", mine), ("contact_a", world.ticket_b.reference),
                           ("agent", mine)):
        url = f"/api/v1/tickets/{reference}/attachments/{theirs.id}"
        body = problem(client.get(url, headers=world.headers(who)), 404)
        assert "secret" not in str(body)
    for attachment_id in ("999999", str(2**31), str(2**70)):
        problem(client.get(f"/api/v1/tickets/{mine}/attachments/{attachment_id}",
                           headers=world.headers("agent")), 404)
    problem(client.get(f"/api/v1/tickets/{mine}/attachments/{theirs.id}"), 401)


def send(client, world, who, files, text="See the logs"):  # type: ignore[no-untyped-def]
    data = {"files": [(io.BytesIO(body), name) for name, body in files]}
    if text is not None:
        data["text"] = text
    return client.post(f"/api/v1/tickets/{world.ticket_a.reference}/messages",
                       headers=world.headers(who), data=data,
                       content_type="multipart/form-data")


def test_a_contact_sends_files_with_a_message_as_the_portal_form_does(client, world):
    response = send(client, world, "contact_a", [("a.log", b"first"), ("b.png", b"\x89PNG")])
    assert response.status_code == 201, response.get_data(as_text=True)
    event = response.get_json()
    assert (event["type"], event["body"]) == ("customer_message", "See the logs")
    listed = files(client, world, "contact_a", world.ticket_a)
    assert [(f["filename"], f["size"], f["event_seq"]) for f in listed] == [
        ("a.log", 5, event["seq"]), ("b.png", 4, event["seq"])]
    download = client.get(f"/api/v1/tickets/{world.ticket_a.reference}/attachments/"
                          f"{listed[0]['id']}", headers=world.headers("agent"))
    assert download.data == b"first"


def test_files_beyond_the_portals_limits_are_refused_and_nothing_is_kept(client, world):
    too_many = [(f"{n}.txt", b"x") for n in range(MAX_FILES + 1)]
    found = problem(send(client, world, "contact_a", too_many), 422)
    assert found["errors"] == {"files": f"Attach at most {MAX_FILES} files."}
    too_big = [("big.bin", b"x" * (MAX_ATTACHMENT_BYTES + 1))]
    assert "larger than 10 MB" in problem(send(client, world, "contact_a", too_big),
                                          422)["detail"]
    problem(send(client, world, "contact_a", [("a.txt", b"x")], text=None), 422)
    staff = problem(send(client, world, "agent", [("a.txt", b"x")]), 422)
    assert staff["errors"] == {"files": "not for staff replies"}
    problem(send(client, world, "reader_a", [("a.txt", b"x")]), 403)
    assert db.session.query(Attachment).count() == 0
    assert [e.type for e in log.events_of(world.ticket_a)] == ["submitted"]

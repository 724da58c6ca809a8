"""JSON that no column can hold is a clear 422, never a 500 (#18, finding 6)."""

from __future__ import annotations

from tests.api.conftest import problem


def post_message(client, world, raw: bytes):
    return client.post(f"/api/v1/tickets/{world.ticket_a.reference}/messages", data=raw,
                       headers={**world.headers("contact_a"),
                                "Content-Type": "application/json"})


def test_a_lone_surrogate_is_422(client, world):
    body = problem(post_message(client, world, b'{"text": "broken \\ud800 here"}'), 422)
    assert "unpaired surrogate" in body["detail"]


def test_a_paired_surrogate_is_a_character_and_is_kept(client, world):
    response = post_message(client, world, b'{"text": "printer \\ud83d\\udda8 down"}')
    assert response.status_code == 201, response.get_data(as_text=True)


def test_fifty_thousand_levels_of_nesting_are_422(client, world):
    raw = b'{"text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    assert "nested too deeply" in problem(post_message(client, world, raw), 422)["detail"]


def test_a_body_that_is_not_json_is_400(client, world):
    assert "not valid JSON" in problem(post_message(client, world, b'{"text": '), 400)["detail"]


def test_authenticated_answers_are_never_cached(client, world):
    response = client.get("/api/v1/tickets", headers=world.headers("contact_a"))
    assert response.headers["Cache-Control"] == "no-store"

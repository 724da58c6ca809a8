"""Rate limits on the API: a budget per token, a smaller one per address for requests without
a valid token, 429 problem+json with Retry-After, and the X-RateLimit-* headers."""

from __future__ import annotations

import pytest

from helpdesk import create_app
from helpdesk.extensions import limiter

TOKEN_LIMIT, ANONYMOUS_LIMIT = 3, 2


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"RATE_LIMIT_ENABLED": True, "RATE_LIMIT_STORAGE": "memory://",
            "API_RATE_LIMIT": f"{TOKEN_LIMIT} per minute",
            "API_ANONYMOUS_RATE_LIMIT": f"{ANONYMOUS_LIMIT} per minute"}


def _me(client, headers, address="198.51.100.7"):
    return client.get("/api/v1/me", headers=headers, environ_base={"REMOTE_ADDR": address})


def _assert_too_many(response) -> None:
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 429 and body["title"] == "Too Many Requests"
    assert "Retry-After" in body["detail"]
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert response.headers["X-RateLimit-Remaining"] == "0"


def test_each_token_has_its_own_budget_and_429_is_a_problem(client, world):
    for used in range(1, TOKEN_LIMIT + 1):
        response = _me(client, world.headers("agent"))
        assert response.status_code == 200
        assert response.headers["X-RateLimit-Limit"] == str(TOKEN_LIMIT)
        assert response.headers["X-RateLimit-Remaining"] == str(TOKEN_LIMIT - used)
        assert int(response.headers["X-RateLimit-Reset"]) > 0
    _assert_too_many(_me(client, world.headers("agent")))
    # Another token, even from the same address, is not affected.
    assert _me(client, world.headers("manager")).status_code == 200
    assert _me(client, world.headers("contact_a"), "203.0.113.9").status_code == 200


def test_a_token_is_limited_whatever_address_it_comes_from(client, world):
    for n in range(TOKEN_LIMIT):
        assert _me(client, world.headers("agent"), f"198.51.100.{n + 1}").status_code == 200
    _assert_too_many(_me(client, world.headers("agent"), "198.51.100.99"))


def test_valid_tokens_do_not_spend_the_address_budget(client, world):
    for who in ("agent", "manager", "contact_a"):
        assert _me(client, world.headers(who)).status_code == 200
    assert _me(client, {}).status_code == 401  # the address still has its whole budget
    assert _me(client, {}).status_code == 401


def test_requests_without_a_valid_token_are_limited_per_address(client, world):
    wrong = {"Authorization": "Bearer hd_guessed-token"}
    assert _me(client, wrong).status_code == 401
    response = _me(client, {})
    assert response.status_code == 401
    assert response.headers["X-RateLimit-Limit"] == str(ANONYMOUS_LIMIT)
    _assert_too_many(_me(client, wrong))
    # Once spent, even a valid token gets 429 from that address: otherwise a right guess
    # would show as 200 among the 429s.
    _assert_too_many(_me(client, world.headers("agent")))
    # Another address is not affected.
    assert _me(client, wrong, "203.0.113.9").status_code == 401


def test_the_public_document_counts_against_the_address(client, world):
    for _ in range(ANONYMOUS_LIMIT):
        assert client.get("/api/v1/openapi.json").status_code == 200
    _assert_too_many(client.get("/api/v1/openapi.json"))
    page = client.get("/api/docs")  # the page for people answers a page
    assert page.status_code == 429 and page.mimetype == "text/html"
    assert "Too many requests from your address" in page.get_data(as_text=True)
    assert "Retry-After" in page.headers


def test_behind_a_proxy_the_forwarded_address_is_the_client(app, world, migrated_template,
                                                             tmp_path):
    from tests.conftest import _config

    proxied = create_app({**_config(app.config["HELPDESK_DATABASE_URL"], tmp_path),
                          "RATE_LIMIT_ENABLED": True, "PROXY_COUNT": 1,
                          "API_ANONYMOUS_RATE_LIMIT": "1 per minute"})
    client = proxied.test_client()

    def via_proxy(client_address: str):  # nginx on 127.0.0.1 appends the client's address
        return client.get("/api/v1/me", environ_base={"REMOTE_ADDR": "127.0.0.1"},
                          headers={"X-Forwarded-For": f"10.9.9.9, {client_address}"})

    assert via_proxy("198.51.100.1").status_code == 401
    assert via_proxy("198.51.100.1").status_code == 429
    assert via_proxy("198.51.100.2").status_code == 401  # not everyone behind the proxy


@pytest.mark.parametrize("app_settings", [{"RATE_LIMIT_ENABLED": False,
                                           "API_RATE_LIMIT": "1 per minute",
                                           "API_ANONYMOUS_RATE_LIMIT": "1 per minute"}])
def test_limiting_can_be_turned_off(client, world):
    assert not limiter.enabled
    for _ in range(5):
        response = _me(client, world.headers("agent"))
        assert response.status_code == 200
        assert "X-RateLimit-Limit" not in response.headers
        assert _me(client, {}).status_code == 401


def test_every_operation_documents_429_with_retry_after(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operations = [op for item in document["paths"].values() for op in item.values()]
    assert len(operations) > 5
    for op in operations:
        too_many = op["responses"]["429"]
        assert "application/problem+json" in too_many["content"], op["operationId"]
        assert {"Retry-After", "X-RateLimit-Remaining"} <= set(too_many["headers"])

"""CSRF protection is on for every form: a POST without the token is refused."""

from __future__ import annotations

import pytest

from helpdesk.extensions import db
from tests.factories import PASSWORD, make_staff


@pytest.fixture
def csrf_client(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


def post_endpoints(app):
    for rule in app.url_map.iter_rules():
        # The API is exempt: it authenticates by bearer token only, never by the cookie a
        # forged cross-site request would carry (test_api_posts_... below).
        if "POST" in rule.methods and not rule.endpoint.startswith("api."):
            yield rule


def _sample(rule, arg):
    """A value the rule's converter accepts: 1 for <int:...>, "x" otherwise."""
    from werkzeug.routing import IntegerConverter

    return 1 if isinstance(rule._converters[arg], IntegerConverter) else "x"


def test_every_post_route_refuses_a_request_without_token(app, csrf_client):
    staff = make_staff()
    db.session.commit()
    routes = list(post_endpoints(app))
    assert routes, "expected forms to exist"
    for rule in routes:
        url = rule.build({arg: _sample(rule, arg) for arg in rule.arguments})[1]
        response = csrf_client.post(url, data={"email": staff.email, "password": PASSWORD})
        assert response.status_code == 400, rule.endpoint
        assert "security token" in response.get_data(as_text=True)


def test_api_posts_without_a_bearer_token_are_401_not_a_csrf_page(app, csrf_client):
    routes = [r for r in app.url_map.iter_rules()
              if "POST" in r.methods and r.endpoint.startswith("api.")]
    assert routes, "expected API routes"
    for rule in routes:
        url = rule.build({arg: _sample(rule, arg) for arg in rule.arguments})[1]
        response = csrf_client.post(url, json={"text": "x"})
        assert response.status_code == 401, rule.endpoint
        assert response.mimetype == "application/problem+json"


def test_login_works_with_the_token_from_the_form(csrf_client):
    import re

    staff = make_staff()
    db.session.commit()
    page = csrf_client.get("/staff/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = csrf_client.post(
        "/staff/login", data={"email": staff.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302

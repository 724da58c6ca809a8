"""The OpenAPI document describes every API route, and /api/docs renders it."""

from __future__ import annotations

import re

from helpdesk.api.openapi import document

# Actions that take no input: the URL says it all.
BODILESS = ("/supplier-delivered", "/onsite")


def _api_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule).removeprefix("/api/v1")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                yield path, method.lower()


def test_every_api_route_in_the_url_map_is_in_the_document(app, client):
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200 and served.mimetype == "application/json"
    paths = served.get_json()["paths"]
    routes = set(_api_routes(app))
    assert len(routes) >= 11
    missing = {(p, m) for p, m in routes if m not in paths.get(p, {})}
    assert not missing, f"describe in helpdesk/api/openapi.py: {sorted(missing)}"
    described = {(p, m) for p, item in paths.items() for m in item}
    assert described == routes, "the document names operations that do not exist"


def test_every_operation_declares_its_parameters_errors_and_security(app):
    doc = document()
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    for path, item in doc["paths"].items():
        for method, op in item.items():
            names = {p["name"] for p in op.get("parameters", ()) if p["in"] == "path"}
            assert names == set(re.findall(r"{(\w+)}", path)), (path, method)
            if op.get("security") == []:
                continue
            assert "401" in op["responses"], (path, method)
            for code, response in op["responses"].items():
                if code.startswith(("4", "5")):
                    assert "application/problem+json" in response["content"]
            if method == "post":
                assert "requestBody" in op or path.endswith(BODILESS), path


def test_every_schema_reference_resolves(app):
    doc = document()
    refs = set(re.findall(r"#/components/schemas/(\w+)", str(doc)))
    assert refs <= set(doc["components"]["schemas"])


def test_the_docs_page_lists_every_operation_without_outside_resources(client):
    page = client.get("/api/docs")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    for item in document()["paths"].values():
        for op in item.values():
            assert f'id="op-{op["operationId"]}"' in html
    assert 'id="schema-Ticket"' in html and "Authorization: Bearer" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # no CDN, nothing external


def test_only_a_created_ticket_promises_a_location(client):
    """A 201 documents a Location header only where one is sent: the new ticket's URL (and a
    new complaint's or conflict notice's, R25, submitted or registered by staff, or a planned
    site visit's, art. 27.2.3). An
    action answers with the event it recorded, which has no URL of its own."""
    document = client.get("/api/v1/openapi.json").get_json()
    promised = {operation["operationId"]
                for path in document["paths"].values() for operation in path.values()
                if "Location" in operation["responses"].get("201", {}).get("headers", {})}
    assert promised == {"createTicket", "submitComplaint", "submitConflictNotice",
                        "registerComplaint", "registerConflictNotice", "planSiteVisit"}

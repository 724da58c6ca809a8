"""Schemathesis fuzzes the running app against its own OpenAPI document.

A real server on loopback (werkzeug, in a thread) serves a migrated database with a small
world; every operation is called with generated requests under a staff manager's token and
under a contact person's token, and each response must be no server error, a documented
status code and content type, and valid against the documented schema. Deterministic
(derandomised Hypothesis, no example database) and bounded by RUNS' examples per operation.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select
from werkzeug.serving import make_server

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake.attachments import store_attachments
from helpdesk.mail import Attachment as Upload
from helpdesk.models import Attachment
from tests.api.conftest import ApiWorld, build_world

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def served(app) -> Iterator[tuple[str, ApiWorld]]:
    world = build_world()
    for ticket in (world.ticket_a, world.ticket_b):  # a file to list and download
        store_attachments([Upload("log.txt", "text/plain", 5, b"hello")], now=utcnow(),
                          ticket_id=ticket.id, event_id=ticket.events[0].id)
    db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # Polled every 50 ms (not 0.5 s), so that shutdown() at the end returns at once.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", world
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def focused(document: dict[str, Any], world: ApiWorld) -> dict[str, Any]:
    """The served document with path parameters drawn from real objects (and one unknown),
    so that success paths are reached, not only 404s; everything else as served."""
    doc = copy.deepcopy(document)
    choices = {
        "reference": [world.ticket_a.reference, world.ticket_b.reference, "HD-1999-00000"],
        "customer_id": [world.customer_a.id, world.customer_b.id, 999999],
        "month": ["2026-10", utcnow().strftime("%Y-%m"), "2026-13"],
        "attachment_id": [*db.session.scalars(select(Attachment.id)), 999999],
    }
    for item in doc["paths"].values():
        for op in item.values():
            for parameter in op.get("parameters", ()):
                if parameter["name"] in choices:
                    parameter["schema"] = {**parameter["schema"],
                                           "enum": choices[parameter["name"]]}
                    parameter["schema"].pop("pattern", None)
                    parameter["schema"].pop("minimum", None)
                    parameter["schema"].pop("maximum", None)
    return doc


def run_operation(operation: Any, base_url: str, headers: dict[str, str],
                  mode: GenerationMode, examples: int) -> list[int]:
    calls: list[int] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), print_blob=True)
    def check(case: Any) -> None:
        response = case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)
        calls.append(response.status_code)

    check()
    return calls


# (document, generation mode, examples per operation): real objects reach the success
# paths; the served document fuzzes references too; negative data must be refused, not crash.
RUNS = {
    "real-objects": (True, GenerationMode.POSITIVE, 12),
    "as-served": (False, GenerationMode.POSITIVE, 8),
    "negative": (False, GenerationMode.NEGATIVE, 6),
}


@pytest.mark.parametrize("run", sorted(RUNS))
@pytest.mark.parametrize("who", ["manager", "contact_a"])
def test_the_running_api_conforms_to_its_openapi_document(served, who, run):
    focus, mode, examples = RUNS[run]
    base, world = served
    document = requests.get(f"{base}/api/v1/openapi.json", timeout=10).json()
    schema = schemathesis.openapi.from_dict(focused(document, world) if focus else document)
    headers = world.headers(who)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 11
    statuses: list[int] = []
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not _has_input(operation):
            continue  # nothing to get wrong in a call without parameters or body
        statuses += run_operation(operation, f"{base}/api/v1", headers, mode, examples)
    assert len(statuses) >= len(operations) * 3  # each operation really was exercised
    if focus:  # the real objects were reached, not only refusals
        assert statuses.count(200) >= 20 and 201 in statuses
    if mode is GenerationMode.NEGATIVE:  # bad input was answered with refusals (and no 5xx)
        assert sum(400 <= status < 500 for status in statuses) >= len(statuses) // 2


def _has_input(operation: Any) -> bool:
    definition = operation.definition.raw
    return bool(definition.get("parameters") or definition.get("requestBody"))

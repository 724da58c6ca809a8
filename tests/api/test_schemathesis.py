"""Schemathesis fuzzes the running app against its own OpenAPI document.

A real server on loopback (werkzeug, in a thread) serves a migrated database with a small
world; every operation is called with generated requests under a staff manager's token and
under a contact person's token, and each response must be no server error, a documented
status code and content type, and valid against the documented schema. Deterministic
(derandomised Hypothesis, no example database) and bounded by MAX_EXAMPLES per operation.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
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
from werkzeug.serving import make_server

from tests.api.conftest import ApiWorld, build_world

MAX_EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def served(app) -> Iterator[tuple[str, ApiWorld]]:
    world = build_world()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
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
        "month": ["2026-10", datetime.now(UTC).strftime("%Y-%m"), "2026-13"],
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
                  mode: GenerationMode) -> list[int]:
    calls: list[int] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=MAX_EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), print_blob=True)
    def check(case: Any) -> None:
        response = case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)
        calls.append(response.status_code)

    check()
    return calls


@pytest.mark.parametrize("focus", [True, False], ids=["real-objects", "as-served"])
@pytest.mark.parametrize("who", ["manager", "contact_a"])
def test_the_running_api_conforms_to_its_openapi_document(served, who, focus):
    base, world = served
    document = requests.get(f"{base}/api/v1/openapi.json", timeout=10).json()
    schema = schemathesis.openapi.from_dict(focused(document, world) if focus else document)
    headers = world.headers(who)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 11
    statuses: list[int] = []
    for operation in operations:
        statuses += run_operation(operation, f"{base}/api/v1", headers, GenerationMode.POSITIVE)
    assert len(statuses) >= len(operations) * 3  # each operation really was exercised
    if focus:  # the real objects were reached, not only refusals
        assert statuses.count(200) >= 20 and 201 in statuses

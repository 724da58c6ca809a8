"""Credit statements: the CLI's JSON, for managers only."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from helpdesk.cli.credits import credits_command
from helpdesk.extensions import db
from tests.api.conftest import problem
from tests.factories import make_fee, make_ticket

AS_OF = "2026-10-30T12:00:00Z"


def _breach_in_october(world):
    contract = world.customer_a.contracts[0]  # type 4
    make_fee(contract, date(2026, 9, 1), 125000)
    # Submitted Mon 2026-10-05 10:00 Brussels, never acknowledged: the reaction clock breaches.
    make_ticket(world.contact_a, at=datetime(2026, 10, 5, 8, 0, tzinfo=UTC))
    db.session.commit()


def test_the_statement_is_the_cli_json(app, client, world):
    _breach_in_october(world)
    response = client.get(f"/api/v1/customers/{world.customer_a.id}/credits/2026-10",
                          headers=world.headers("manager"), query_string={"as_of": AS_OF})
    assert response.status_code == 200, response.get_data(as_text=True)
    result = app.test_cli_runner().invoke(credits_command, [
        "--customer", str(world.customer_a.id), "--month", "2026-10", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert response.get_json() == json.loads(result.output)
    lines = response.get_json()["contracts"][0]["statement"]["lines"]
    assert lines and lines[0]["clock"] == "reaction"
    assert lines[0]["base"]["amount"] == "1250.00"  # R14: September's fee, as a string


def test_only_managers_read_statements(client, world):
    url = f"/api/v1/customers/{world.customer_a.id}/credits/2026-10"
    problem(client.get(url, headers=world.headers("agent")), 403)
    problem(client.get(url, headers=world.headers("contact_a")), 403)


def test_unknown_customer_and_bad_month_or_instant(client, world):
    headers = world.headers("manager")
    problem(client.get("/api/v1/customers/999999/credits/2026-10", headers=headers), 404)
    url = f"/api/v1/customers/{world.customer_a.id}/credits"
    problem(client.get(f"{url}/2026-13", headers=headers), 400)
    problem(client.get(f"{url}/october", headers=headers), 400)
    problem(client.get(f"{url}/2026-10", headers=headers,
                       query_string={"as_of": "2026-10-30T12:00:00"}), 400)  # no zone

"""A contract's SLA: its preset or its own definition, with its extra closing days
(seed 002 art. 39.3: the service window excludes the provider's closing days)."""

from __future__ import annotations

from datetime import date

from helpdesk.extensions import db
from helpdesk.sla import fold
from helpdesk.sla.presets import DEFINITIONS
from tests.factories import make_contract, make_customer
from tests.sla.conftest import bxl
from tests.sla.factories import submitted


def _contract(**sla):
    contract = make_contract(make_customer(), **sla)
    from helpdesk.models import ClosingDay

    # Monday 2026-02-02 is an ordinary working day, closed by this contract only.
    db.session.add(ClosingDay(contract_id=contract.id, day=date(2026, 2, 2), reason="inventory"))
    db.session.commit()
    db.session.refresh(contract)
    return contract


def _reaction_deadline(contract):
    # Friday 16:00, P3 on type 4: two working days (art. 39.3), counted from Friday 16:00.
    events = [submitted(bxl(2026, 1, 30, 16), "P3")]
    return fold(events, contract.sla(), bxl(2026, 1, 30, 16)).clocks["reaction"].deadline


def test_a_custom_definition_keeps_the_contracts_closing_days():
    custom = dict(DEFINITIONS["type4"], name="custom-type4", label="Our own type 4")
    with_preset = _contract(sla_preset="type4")
    with_definition = _contract(sla_preset=None, sla_definition=custom)
    assert date(2026, 2, 2) in with_definition.sla().calendar.closing_days
    # The closed Monday is skipped under both: Tuesday and Wednesday make the two days,
    # where an open Monday would have ended them on Tuesday 16:00.
    assert _reaction_deadline(with_definition) == _reaction_deadline(with_preset)
    assert _reaction_deadline(with_definition) == bxl(2026, 2, 4, 16)

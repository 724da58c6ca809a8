"""Rules each contract sets for itself, read from its definition: which priorities may be
reported by phone (seed 002 art. 39.2.2) and whether a supplier suspends a clock (art.
39.1.3, R6; seed 004 grants none)."""

from __future__ import annotations

import pickle

import pytest

from helpdesk.sla import (
    InvalidDefinition,
    Sla,
    SupplierDelivered,
    SupplierSuspended,
    deadline,
    fold,
    preset,
)

from .conftest import bxl
from .factories import submitted

# date_free: pure SLA arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free

MANAGED = ("type1", "type2", "type3", "type4", "type5")


def _definition(**extra: object) -> dict[str, object]:
    return {"name": "custom", "windows": {"monday": ["09:00-17:00"]},
            "clocks": [{"name": "reaction", "starts_on": "submitted",
                        "stops_on": ["acknowledged"]}], **extra}


@pytest.mark.parametrize("name", MANAGED)
def test_managed_services_take_only_p1_and_p2_by_phone(name: str) -> None:
    assert preset(name).phone_priorities == {"P1", "P2"}  # seed 002 art. 39.2.2


@pytest.mark.parametrize("name", ["platform", "hosting", "security"])
def test_seeds_001_and_004_set_no_phone_limit(name: str) -> None:
    assert preset(name).phone_priorities is None


def test_a_custom_definition_keeps_p1_p2_unless_it_says_otherwise() -> None:
    assert Sla.from_definition(_definition()).phone_priorities == {"P1", "P2"}
    assert Sla.from_definition(_definition(phone_priorities=None)).phone_priorities is None
    some = Sla.from_definition(_definition(phone_priorities=["P1"]))
    assert some.phone_priorities == {"P1"}
    assert Sla.from_definition(some.to_definition()) == some
    assert pickle.loads(pickle.dumps(some)).phone_priorities == {"P1"}


@pytest.mark.parametrize("value", ["P1", ["P5"]])
def test_bad_phone_priorities_are_refused(value: object) -> None:
    with pytest.raises(InvalidDefinition, match="phone_priorities"):
        Sla.from_definition(_definition(phone_priorities=value))


@pytest.mark.parametrize(("name", "suspends"), [
    *((name, True) for name in MANAGED), ("security", True),
    ("platform", False), ("hosting", False)])
def test_which_presets_suspend_for_a_supplier(name: str, suspends: bool) -> None:
    assert preset(name).suspends_for_supplier is suspends


def test_a_supplier_wait_does_not_hold_a_platform_objective() -> None:
    # seed 004: a P1 resolution objective of 8 h around the clock from Mon 2 Feb 2026 10:00
    # ends at 18:00 whatever a supplier does (an event stored before the rule was refused)
    events = [submitted(bxl(2026, 2, 2, 10), "P1"),
              SupplierSuspended(bxl(2026, 2, 2, 11), supplier="Telco"),
              SupplierDelivered(bxl(2026, 2, 3, 9))]
    clock = fold(events, preset("platform"), bxl(2026, 2, 3, 10)).clocks["resolution"]
    assert clock.deadline == bxl(2026, 2, 2, 18)
    assert deadline(preset("platform"), "P1", "resolution", bxl(2026, 2, 2, 10)) == clock.deadline


@pytest.mark.parametrize(("name", "channels"), [
    *((name, {"phone"}) for name in MANAGED),  # seed 002 art. 35.2: e-mail, web, telephone
    ("platform", {"phone"}), ("security", {"phone"}),
    ("hosting", {"phone", "chat"})])  # seed 001: "via de online chatfunctie" (item 9.3)
def test_only_the_hosting_sla_names_a_chat_channel(name: str, channels: set[str]) -> None:
    assert preset(name).staff_logged_channels == channels


def test_a_custom_definition_keeps_the_telephone_unless_it_names_a_chat() -> None:
    assert Sla.from_definition(_definition()).staff_logged_channels == {"phone"}
    chat = Sla.from_definition(_definition(staff_logged_channels=["chat", "phone"]))
    assert chat.staff_logged_channels == {"chat", "phone"}
    assert Sla.from_definition(chat.to_definition()) == chat


@pytest.mark.parametrize("value", ["chat", ["fax"], None])
def test_bad_staff_logged_channels_are_refused(value: object) -> None:
    with pytest.raises(InvalidDefinition, match="staff_logged_channels"):
        Sla.from_definition(_definition(staff_logged_channels=value))

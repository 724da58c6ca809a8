"""An SLA travels between processes as its definition and comes back equal, cached."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from helpdesk.sla import preset
from helpdesk.sla.presets import PRESET_NAMES

# date_free: pure SLA arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_every_preset_survives_pickling(name: str) -> None:
    sla = preset(name, extra_closing_days=[date(2026, 12, 24)])
    copy = pickle.loads(pickle.dumps(sla))
    assert copy == sla
    assert date(2026, 12, 24) in copy.calendar.closing_days
    assert pickle.loads(pickle.dumps(sla)) is copy  # built once per definition

"""Clear errors, custom SLA definitions, presets and the priority matrix (art. 39.1.1)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from helpdesk.sla import (
    PRESET_NAMES,
    CalendarExhausted,
    InvalidCalendar,
    InvalidDefinition,
    InvalidSuspension,
    InvalidTarget,
    NaiveDatetime,
    Sla,
    UnknownClock,
    UnknownPriority,
    UnknownSla,
    deadline,
    explain,
    preset,
    priority_for,
)
from helpdesk.sla.priority import label

from .conftest import bxl, utc

# date_free: pure SLA arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free


def _custom(windows: dict[str, list[str]], target: object) -> dict[str, object]:
    return {"name": "custom", "windows": windows,
            "clocks": [{"name": "reaction", "starts_on": "submitted",
                        "stops_on": ["acknowledged"]}],
            "targets": {"reaction": {"P1": target}}}


def test_unknown_sla_lists_the_valid_names() -> None:
    with pytest.raises(UnknownSla, match="type1, type2") as caught:
        preset("type9")
    assert isinstance(caught.value, ValueError)
    assert set(PRESET_NAMES) == {"type1", "type2", "type3", "type4", "type5", "platform",
                                 "hosting", "security"}


def test_unknown_priority_and_clock_are_named() -> None:
    with pytest.raises(UnknownPriority, match="P7"):
        deadline(preset("type1"), "P7", "reaction", bxl(2026, 2, 2))
    with pytest.raises(UnknownClock, match="repair"):
        deadline(preset("type1"), "P1", "repair", bxl(2026, 2, 2))


def test_naive_datetimes_are_refused_with_a_clear_message() -> None:
    with pytest.raises(NaiveDatetime, match="timezone-aware"):
        deadline(preset("type1"), "P1", "reaction", datetime(2026, 2, 2, 10))
    with pytest.raises(NaiveDatetime):
        deadline(preset("type1"), "P1", "reaction", utc(2026, 2, 2),
                 [(datetime(2026, 2, 2, 11), utc(2026, 2, 2, 12))])


def test_reversed_and_overlapping_suspensions_are_refused() -> None:
    sla, start = preset("type1"), utc(2026, 2, 2, 9)
    with pytest.raises(InvalidSuspension, match="before it starts"):
        deadline(sla, "P1", "reaction", start, [(utc(2026, 2, 2, 12), utc(2026, 2, 2, 11))])
    with pytest.raises(InvalidSuspension, match="overlap"):
        deadline(sla, "P1", "reaction", start, [(utc(2026, 2, 2, 10), utc(2026, 2, 2, 12)),
                                                (utc(2026, 2, 2, 11), utc(2026, 2, 2, 13))])


def test_touching_suspensions_are_fine_and_half_open() -> None:
    spans = [(bxl(2026, 2, 2, 10), bxl(2026, 2, 2, 11)), (bxl(2026, 2, 2, 11), bxl(2026, 2, 2, 12))]
    assert deadline(preset("type1"), "P1", "reaction", bxl(2026, 2, 2, 9), spans) == \
        bxl(2026, 2, 2, 15)


def test_a_calendar_without_any_window_is_refused() -> None:
    with pytest.raises(InvalidCalendar, match="no service window"):
        Sla.from_definition(_custom({}, {"amount": 1, "unit": "hours"}))
    with pytest.raises(InvalidCalendar, match="HH:MM"):
        Sla.from_definition(_custom({"monday": ["9-17"]}, {"amount": 1, "unit": "hours"}))
    with pytest.raises(InvalidCalendar, match="time zone"):
        Sla.from_definition({**_custom({"monday": ["09:00-17:00"]}, None), "timezone": "Mars/Base"})


@pytest.mark.parametrize("amount", [0, -3])
def test_targets_of_zero_or_negative_length_are_refused(amount: int) -> None:
    with pytest.raises(InvalidTarget, match="not a positive length"):
        Sla.from_definition(_custom({"monday": ["09:00-17:00"]},
                                    {"amount": amount, "unit": "hours"}))


def test_unknown_units_and_malformed_definitions_are_refused() -> None:
    with pytest.raises(InvalidTarget, match="unit"):
        Sla.from_definition(_custom({"monday": ["09:00-17:00"]}, {"amount": 1, "unit": "weeks"}))
    with pytest.raises(InvalidDefinition):
        Sla.from_definition({"name": "x"})


def test_the_engine_never_loops_forever_past_its_last_year() -> None:
    with pytest.raises(CalendarExhausted):
        deadline(preset("type1"), "P4", "reaction", utc(2400, 12, 31, 12))


def test_closing_days_that_cover_years_still_end() -> None:
    days = [date(2026, 1, 1).fromordinal(date(2026, 1, 1).toordinal() + i) for i in range(800)]
    sla = preset("type1", extra_closing_days=days)
    assert deadline(sla, "P1", "reaction", bxl(2026, 1, 1)) == bxl(2028, 3, 13, 12, 45)


def test_every_preset_survives_a_json_round_trip() -> None:
    for name in PRESET_NAMES:
        definition = preset(name).to_definition()
        again = Sla.from_definition(json.loads(json.dumps(definition)))
        assert again == preset(name)
        assert again.to_definition() == definition


def test_hosting_records_its_availability_objective() -> None:
    assert preset("hosting").constants["availability_objective_percent"] == "99.9"
    assert preset("hosting").clock_names == ("reaction",)


def test_a_provider_can_define_its_own_sla_with_several_ranges_a_day() -> None:
    sla = Sla.from_definition({
        **_custom({"monday": ["08:00-12:00", "13:00-17:00"]}, {"amount": 5, "unit": "hours"}),
        "closing_days": ["2026-02-09"]})
    assert sla.calendar.day_seconds == 8 * 3600
    assert deadline(sla, "P1", "reaction", bxl(2026, 2, 2, 10)) == bxl(2026, 2, 2, 16)
    assert deadline(sla, "P1", "reaction", bxl(2026, 2, 2, 16)) == bxl(2026, 2, 16, 12)
    table = explain(sla, "P1", "reaction", bxl(2026, 2, 2, 10)).format_table()
    assert "outside service window" in table


def test_priority_matrix_of_art_39_1_1() -> None:
    assert priority_for("light", "some") == "P4"
    assert priority_for("light", "all") == "P3"
    assert priority_for("blocking", "some") == "P2"
    assert priority_for("blocking", "all") == "P1"
    assert label("P1") == "P1 – Kritiek" and label("P4", "en") == "P4 – minor"
    with pytest.raises(ValueError, match="urgency"):
        priority_for("severe", "all")


def test_explain_an_na_clock_says_so() -> None:
    result = explain(preset("type2"), "P1", "resolution", bxl(2026, 2, 2))
    assert not result.applicable and "n.a." in result.format_table()

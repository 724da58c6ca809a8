"""Art. 38.1: "gedurende de looptijd van de Overeenkomst enkel de mogelijkheid om het
servicelevel te verhogen. Een vermindering ... niet mogelijk, behoudens uitdrukkelijk
schriftelijk akkoord van de Dienstverlener." Pure: the day is an argument."""

from __future__ import annotations

from datetime import date

import pytest

from helpdesk.duties.level import judge_change

# date_free: pure duty rules on literal dates; no clock read, no database.
pytestmark = pytest.mark.date_free

TERM = {"starts_on": date(2026, 1, 1), "ends_on": date(2026, 12, 31)}
DURING = date(2026, 6, 15)


@pytest.mark.parametrize(("old", "new"), [("type1", "type2"), ("type2", "type3"),
                                          ("type3", "type4"), ("type4", "type5"),
                                          ("type1", "type5")])
def test_raising_the_level_during_the_term_is_allowed_and_called_a_raise(old, new):
    verdict = judge_change(old, new, **TERM, on=DURING)
    assert verdict.allowed and verdict.kind == "raised"


@pytest.mark.parametrize(("old", "new"), [("type2", "type1"), ("type5", "type4"),
                                          ("type4", "type1")])
def test_lowering_during_the_term_is_refused_with_the_clause(old, new):
    verdict = judge_change(old, new, **TERM, on=DURING)
    assert not verdict.allowed and verdict.kind is None
    assert "lower service level" in verdict.reason and "art. 38.1" in verdict.reason.lower()
    assert "2026-12-31" in verdict.reason


def test_the_last_day_of_the_term_is_still_the_term():
    assert not judge_change("type4", "type3", **TERM, on=date(2026, 12, 31)).allowed


def test_lowering_after_the_term_is_a_renewal():
    verdict = judge_change("type4", "type3", **TERM, on=date(2027, 1, 1))
    assert verdict.allowed and verdict.kind == "after_term"


def test_an_open_ended_contract_never_lowers_without_agreement():
    verdict = judge_change("type3", "type2", starts_on=date(2020, 1, 1), ends_on=None,
                           on=date(2030, 1, 1))
    assert not verdict.allowed and "no end date" in verdict.reason


def test_the_providers_written_agreement_allows_lowering_and_is_named():
    verdict = judge_change("type3", "type2", **TERM, on=DURING,
                           agreement="letter of 3 June 2026")
    assert verdict.allowed and verdict.kind == "agreed"
    assert "letter of 3 June 2026" in verdict.reason


def test_an_agreement_of_blanks_is_no_agreement():
    assert not judge_change("type3", "type2", **TERM, on=DURING, agreement="  ").allowed


@pytest.mark.parametrize(("old", "new"), [("type5", "hosting"), ("platform", "type1"),
                                          ("type2", "custom:ours")])
def test_moving_off_the_scale_of_types_1_to_5_is_not_a_raise(old, new):
    verdict = judge_change(old, new, **TERM, on=DURING)
    assert not verdict.allowed and "not a higher level" in verdict.reason


def test_the_first_assignment_and_an_unchanged_level():
    assert judge_change(None, "type1", **TERM, on=DURING).kind == "assigned"
    same = judge_change("type2", "type2", **TERM, on=DURING)
    assert same.allowed and not same.changes


def test_before_the_term_starts_the_level_may_still_be_chosen():
    verdict = judge_change("type4", "type1", **TERM, on=date(2025, 12, 1))
    assert verdict.allowed and verdict.kind == "before_term"

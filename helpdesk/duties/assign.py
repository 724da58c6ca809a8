"""The one place a contract's SLA is assigned (art. 38.1): the admin pages and the demo
command call `assign_sla`, which judges the change (helpdesk.duties.level), records it in
the contract's history and only then sets it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from helpdesk.duties.level import LevelVerdict, judge_change
from helpdesk.extensions import db
from helpdesk.models import Contract, SlaChange, Staff
from helpdesk.timefmt import local


class SlaLoweringRefused(ValueError):
    """Art. 38.1: the change would lower the service level during the term."""


def sla_key(preset: str | None, definition: dict[str, Any] | None) -> str:
    """How the history names an SLA: the preset's name, or `custom:<name>`."""
    if preset:
        return preset
    return f"custom:{(definition or {}).get('name', 'custom')}"


def _in_force(contract: Contract) -> tuple[str | None, Contract | None]:
    """The SLA that the change replaces, and the contract whose term it belongs to.

    A contract's own SLA once it has one; for a new contract, the SLA of the customer's
    other contract in force on its first day (a new contract during another's term must
    not lower the level either; one starting after it ended is a renewal)."""
    if contract.id is not None and (contract.sla_preset or contract.sla_definition):
        return sla_key(contract.sla_preset, contract.sla_definition), contract
    others = db.session.scalars(select(Contract).where(
        Contract.customer_id == contract.customer_id,
        Contract.id != (contract.id or -1)).order_by(Contract.starts_on, Contract.id)).all()
    current = [c for c in others if c.covers(contract.starts_on)]
    if not current:
        return None, None
    other = current[-1]
    return sla_key(other.sla_preset, other.sla_definition), other


def judge(contract: Contract, preset: str | None, definition: dict[str, Any] | None, *,
          now: datetime, agreement: str = "") -> LevelVerdict:
    current, term = _in_force(contract)
    on = local(now).date() if contract.id is not None else contract.starts_on  # type: ignore[union-attr]
    return judge_change(current, sla_key(preset, definition),
                        starts_on=term.starts_on if term is not None else None,
                        ends_on=term.ends_on if term is not None else None,
                        on=on, agreement=agreement)


def assign_sla(contract: Contract, *, preset: str | None, definition: dict[str, Any] | None,
               by: Staff | None, now: datetime, agreement: str = "") -> SlaChange | None:
    """Set the contract's SLA if art. 38.1 allows it, recording who, when, from and to.

    The contract's term (starts_on/ends_on) must be set first. Raises SlaLoweringRefused.
    A definition that changes but keeps its name counts as the same SLA only when it is
    the same definition; otherwise it is judged as a change between unranked SLAs.
    """
    verdict = judge(contract, preset, definition, now=now, agreement=agreement)
    if (verdict.kind is None and verdict.allowed and preset is None
            and definition != contract.sla_definition):
        verdict = judge_change("custom:previous definition", sla_key(preset, definition),
                               starts_on=contract.starts_on, ends_on=contract.ends_on,
                               on=local(now).date(), agreement=agreement)  # type: ignore[union-attr]
    if not verdict.allowed:
        raise SlaLoweringRefused(verdict.reason)
    if verdict.kind is None:
        return None
    current, _ = _in_force(contract)
    if contract.id is None:
        db.session.add(contract)
        db.session.flush()
    contract.sla_preset = preset
    contract.sla_definition = definition
    change = SlaChange(contract_id=contract.id, at=now, by_id=by.id if by else None,
                       from_sla=current, to_sla=sla_key(preset, definition),
                       kind=verdict.kind, agreement=agreement.strip())
    db.session.add(change)
    return change


def history(contract: Contract) -> list[SlaChange]:
    return list(db.session.scalars(select(SlaChange).where(
        SlaChange.contract_id == contract.id).order_by(SlaChange.at, SlaChange.id)))

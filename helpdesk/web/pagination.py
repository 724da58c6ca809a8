"""Keyset-free, count-free paging: fetch one row more than shown to know a next page exists.

A COUNT(*) over a large queue costs more than the page itself, so pages say only
"previous" and "next".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import request
from sqlalchemy import Select

from helpdesk.extensions import db


@dataclass(frozen=True)
class Page:
    items: Sequence[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_number() -> int:
    raw = request.args.get("page", "1")
    return max(1, min(int(raw), 10_000)) if raw.isdigit() else 1


def paginate(query: Select[Any], size: int) -> Page:
    number = page_number()
    rows = db.session.scalars(query.limit(size + 1).offset((number - 1) * size)).unique().all()
    return Page(rows[:size], number, len(rows) > size)

"""Helpdesk: incidents, SLA contract clocks, escalation and penalty credits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    from helpdesk.app import create_app as factory

    return factory(config)

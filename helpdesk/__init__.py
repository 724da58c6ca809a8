"""Helpdesk: incidents, SLA contract clocks, escalation and penalty credits."""

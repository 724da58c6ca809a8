"""Timed work: outbox delivery, inbound processing, deadline sweeps (APScheduler)."""

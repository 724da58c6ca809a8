"""Billing of work on tickets: the rate class of each minute (seed 002 art. 6.4)."""

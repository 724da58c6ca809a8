"""Ticket shell: stores events, derives the indexed columns through the SLA core."""

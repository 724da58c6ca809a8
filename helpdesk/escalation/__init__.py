"""Automatic escalation (art. 39.4.1): breaches, tiers, warnings and reminders.

`plan` decides (pure, from the fold and the recorded keys); `service` records and notifies.
"""

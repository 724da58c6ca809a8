"""Intake shells: SMTP listener, portal form and phone reports turn into ticket events."""

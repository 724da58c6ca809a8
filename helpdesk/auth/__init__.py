"""Accounts: password hashing, log-in throttling, reset links, session loading."""

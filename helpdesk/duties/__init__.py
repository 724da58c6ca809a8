"""Contract duties beside incidents (R25, seed 002): the service level only rises during the
term (art. 38.1), written complaints within 15 working days (art. 16.1) and the 15 days of
consultation after a conflict notice (art. 39.4.2).

`level` and `windows` are the pure core (time is an argument); `assign`, `register` and
`escalation` are the shells that read the database and the clock's `now` handed to them.
"""

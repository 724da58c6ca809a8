"""Contract duties beside incidents (R25, seed 002): the service level only rises during the
term (art. 38.1), written complaints within 15 working days (art. 16.1), the 15 days of
consultation after a conflict notice (art. 39.4.2), suspensions of interventions for
non-payment (art. 6.9; seed 004 art. 14.6) and preventive maintenance visits on the
customer's site (art. 27.2).

`level`, `windows` and `visit_rules` are the pure core (time is an argument); `assign`,
`register`, `escalation`, `nonpayment` and `visits` are the shells that read the database
and the clock's `now` handed to them.
"""

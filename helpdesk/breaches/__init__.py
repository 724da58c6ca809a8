"""The personal-data breach register (R24; seed 003; seed 004 annex 2 art. 6.1; seed 001
annex art. 8): managers register a breach, the 72-hour clock runs from its discovery, the
affected customers are told through the outbox, and the clock escalates like a P1's.

`deadline` is the pure clock; `register`, `notify` and `escalation` are the services the web,
the API and the scheduler call; `status` is what the pages and the API show.
"""

"""Maintenance windows of customers' hosted services (seed 000 part 7; seed 002 art. 34.4).

`schedule` is pure: the 30-minute announcement rule and DST-correct series of windows in
Brussels wall time. `records` stores and cancels windows (one, or the rest of a series);
`listing` reads them for the staff pages and the portal; `hints` finds the windows a ticket
was submitted in (art. 38.3: provider maintenance is not an incident). How windows enter the
availability credit is pure credit arithmetic in helpdesk/credits/maintenance.py.
"""

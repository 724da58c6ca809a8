"""Web shells: one blueprint per audience (auth, staff dashboard, customer portal)."""

"""The agent's workflow around a ticket (issue #16): canned replies, presence, merging
duplicates and the live queue. Pure parts take `now` and values; shells read the clock."""

"""IMAP intake (issue #17): read the provider's existing support@ mailbox into the same
durable store as the SMTP listener (inbound_mail), then into tickets the same way."""

"""Delivery of queued check-ins: the outbox's sender, the clinic HIS client, deferred eligibility."""

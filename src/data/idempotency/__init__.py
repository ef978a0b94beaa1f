"""Idempotency keys: a retried mutation returns the first answer instead of acting twice."""

"""The transactional outbox: messages written with their effect, relayed to the queue later."""

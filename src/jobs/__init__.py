"""Background work: the SAQ worker, its schedule, the outbox relay, emails and file storage."""

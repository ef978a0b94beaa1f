"""Jobs that capabilities plug in: every module here registers its periodic jobs and outbox
topic handlers at import time, and the worker imports them all (`jobs.schedule.load_tasks`)."""

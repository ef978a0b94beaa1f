"""Logs come out in one format, whichever library wrote them."""

from __future__ import annotations

import json
import subprocess
import sys

# A process set up for JSON logs, in which uvicorn-, SAQ- and Strawberry-style standard-library
# loggers, and our structlog ones, all write, a traceback among them.
PROGRAM = """
import logging, structlog
from skyport.logs import configure_logging
configure_logging(fmt="json", stdlib_level=logging.INFO)
logging.getLogger("saq").info("Processing %s", "job 1")
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("strawberry.execution").exception("unexpected error")
structlog.get_logger("graphql_api").warning("cache write dropped", key="k")
logging.getLogger("uvicorn.error").debug("below the level: not written")
"""


def test_json_logs_are_one_object_per_line_from_every_library() -> None:
    # when a process set up for JSON logs writes through structlog and the standard library
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True
    )
    # then every line on stderr is a JSON object with a level, a time and the message
    records = [json.loads(line) for line in done.stderr.splitlines()]
    assert [(r["level"], r["event"]) for r in records] == [
        ("info", "Processing job 1"),
        ("error", "unexpected error"),
        ("warning", "cache write dropped"),
    ]
    assert all(r["timestamp"].endswith("Z") for r in records)
    # naming the library's logger, and with the traceback inside its record
    assert records[0]["logger"] == "saq"
    assert "ZeroDivisionError" in records[1]["exception"]
    assert records[2]["key"] == "k"
    assert done.stdout == ""


def test_debug_opens_our_loggers_not_the_libraries() -> None:
    # given a process set up with SKYPORT_DEBUG
    program = (
        "import logging\n"
        "from skyport.logs import configure_logging\n"
        "configure_logging(debug=True)\n"
        "print(logging.getLogger('jobs.worker').isEnabledFor(logging.DEBUG),"
        " logging.getLogger('botocore.endpoint').isEnabledFor(logging.DEBUG),"
        " logging.getLogger('botocore.endpoint').isEnabledFor(logging.WARNING))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    # then our own loggers say everything, while a library (botocore logs whole requests, emails
    # included, at DEBUG) still says only warnings
    assert done.stdout.split() == ["True", "False", "True"]

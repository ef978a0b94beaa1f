"""Structured logging (structlog), as console lines for people or JSON for machines.

Every process calls `configure_logging` once: `serve` (and each of its `--workers` processes,
through the app factory) and `worker`. structlog's own loggers and the standard library's (uvicorn,
SAQ, Strawberry, ours under `jobs`) then come out on stderr in the same format, one JSON object
per line in `json`, tracebacks included.
"""

from __future__ import annotations

import logging
import sys

import structlog

OWN_LOGGERS = ("skyport", "data", "jobs", "graphql_api", "storefront")
"""Our packages' standard-library loggers (the libraries' stay at the level asked for)."""

_SHARED: list[structlog.typing.Processor] = [
    structlog.processors.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Our handler on the root logger (replaced, not doubled, when logging is set up again)."""


def configure_logging(
    *, fmt: str = "console", debug: bool = False, stdlib_level: int = logging.WARNING
) -> None:
    """Route structlog and stdlib logging to stderr in one format. Standard-library loggers log
    from `stdlib_level`, ours (`OWN_LOGGERS`) from DEBUG when `debug`; structlog's from INFO
    (DEBUG when `debug`). Libraries stay at `stdlib_level` even then: some (botocore) log whole
    requests at DEBUG, emails with their links included."""
    as_json = fmt == "json"
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer()
        if as_json
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    # JSON carries a traceback as a string field; the console renderer prints it itself
    tracebacks: list[structlog.typing.Processor] = (
        [structlog.processors.format_exc_info] if as_json else []
    )
    structlog.configure(
        processors=[structlog.contextvars.merge_contextvars, *_SHARED, *tracebacks, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.DEBUG if debug else logging.INFO
        ),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    handler = _Stderr(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[structlog.stdlib.add_logger_name, *_SHARED],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                *tracebacks,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _Stderr)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(stdlib_level)
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG if debug else logging.NOTSET)

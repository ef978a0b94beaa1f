"""Registries the worker reads: periodic jobs and outbox topic handlers.

A capability plugs in by adding a module to `jobs.tasks` that calls `register_periodic` or
`register_topic` at import time; the worker imports every module there (`load_tasks`), so
adding one never means editing the worker.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from croniter import croniter

if TYPE_CHECKING:
    from jobs.deps import JobDeps


@dataclass(frozen=True)
class Envelope:
    """One outbox message as its handler receives it."""

    topic: str
    dedupe_key: str
    payload: dict[str, Any]


PeriodicFunction = Callable[["JobDeps"], Awaitable[object]]
TopicHandler = Callable[["JobDeps", Envelope], Awaitable[object]]


@dataclass(frozen=True)
class Periodic:
    """A job run on a cron schedule (UTC; a sixth field counts seconds), once per schedule tick
    across all workers."""

    name: str
    cron: str
    function: PeriodicFunction
    timeout_seconds: int = 300


PERIODIC: list[Periodic] = []
TOPICS: dict[str, TopicHandler] = {}


class UnknownTopicError(LookupError):
    """An outbox message whose topic no module handles."""


def register_periodic(
    name: str, cron: str, function: PeriodicFunction, *, timeout_seconds: int = 300
) -> None:
    """Run `function(deps)` on the `cron` schedule in whichever worker picks it up."""
    if not croniter.is_valid(cron):
        raise ValueError(f"invalid cron expression for {name}: {cron!r}")
    if any(p.name == name for p in PERIODIC):
        raise ValueError(f"periodic job {name} is registered twice")
    PERIODIC.append(Periodic(name, cron, function, timeout_seconds))


def register_topic(topic: str, handler: TopicHandler) -> None:
    """Deliver outbox messages of `topic` with `handler` (which must be idempotent)."""
    if topic in TOPICS:
        raise ValueError(f"topic {topic} has a handler already")
    TOPICS[topic] = handler


def topic_handler(topic: str) -> TopicHandler:
    """The handler of `topic`."""
    try:
        return TOPICS[topic]
    except KeyError:
        raise UnknownTopicError(f"no handler for outbox topic {topic!r}") from None


def load_tasks() -> None:
    """Import every module of `jobs.tasks`, which fills the registries."""
    import jobs.tasks

    for module in pkgutil.iter_modules(jobs.tasks.__path__, prefix="jobs.tasks."):
        importlib.import_module(module.name)

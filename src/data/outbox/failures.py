"""Dead letters: jobs that failed on every attempt."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from data.outbox.models import JobFailure

SECRET_FIELDS = frozenset({"token", "reset_url", "password", "secret"})
"""Argument names whose values a dead letter never keeps: a password-reset token (or the link
that carries it) is a live credential, and the table is one operators browse."""
REDACTED = "[redacted]"


def redacted(arguments: Any) -> Any:
    """`arguments` with the value of every `SECRET_FIELDS` key replaced, at any depth."""
    if isinstance(arguments, dict):
        return {
            key: REDACTED if key in SECRET_FIELDS else redacted(value)
            for key, value in arguments.items()
        }
    if isinstance(arguments, list | tuple):
        return [redacted(value) for value in arguments]
    return arguments


async def record_failure(
    session: AsyncSession,
    *,
    function: str,
    job_key: str,
    arguments: dict[str, Any],
    attempts: int,
    error: str,
) -> None:
    """Keep a job that gave up, with its arguments (secrets `redacted`) and last error."""
    session.add(
        JobFailure(
            function=function,
            job_key=job_key,
            arguments=redacted(arguments),
            attempts=attempts,
            error=error,
        )
    )


async def recent_failures(session: AsyncSession, *, limit: int = 50) -> Sequence[JobFailure]:
    """The latest dead letters, newest first."""
    statement = select(JobFailure).order_by(col(JobFailure.failed_at).desc()).limit(limit)
    return (await session.exec(statement)).all()

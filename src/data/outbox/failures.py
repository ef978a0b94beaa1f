"""Dead letters: jobs that failed on every attempt."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from data.outbox.models import JobFailure


async def record_failure(
    session: AsyncSession,
    *,
    function: str,
    job_key: str,
    arguments: dict[str, Any],
    attempts: int,
    error: str,
) -> None:
    """Keep a job that gave up, with its arguments and last error."""
    session.add(
        JobFailure(
            function=function, job_key=job_key, arguments=arguments, attempts=attempts, error=error
        )
    )


async def recent_failures(session: AsyncSession, *, limit: int = 50) -> Sequence[JobFailure]:
    """The latest dead letters, newest first."""
    statement = select(JobFailure).order_by(col(JobFailure.failed_at).desc()).limit(limit)
    return (await session.exec(statement)).all()

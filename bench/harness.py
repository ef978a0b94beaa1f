"""Benchmark plumbing: servers in their own processes, load from another, stats side by side."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

BENCH_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Stats:
    """What one load run measured."""

    rps: float
    p50_ms: float
    p95_ms: float
    requests: int
    errors: int
    repeats: int

    def row(self, name: str, baseline: Stats | None = None) -> str:
        """A table row, with the rps ratio against `baseline` when given."""
        ratio = f"{self.rps / baseline.rps:5.2f}x" if baseline and baseline.rps else "   -  "
        return (
            f"| {name:<34} | {self.rps:8.0f} | {self.p50_ms:7.1f} | {self.p95_ms:7.1f} | {ratio} |"
            f" {self.errors:>4} |"
        )


HEADER = (
    "| scenario                           |      rps | p50 ms  | p95 ms  | ÷ bare | errs |\n"
    "|------------------------------------|----------|---------|---------|--------|------|"
)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(target: str, *, env: dict[str, str], factory: bool = True) -> Iterator[str]:
    """Run `uvicorn <target>` (one process, no access log) and yield its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", target, "--port", str(port), "--no-access-log"]
    command += ["--log-level", "warning"] + (["--factory"] if factory else [])
    process = subprocess.Popen(command, env={**os.environ, **env}, cwd=BENCH_DIR.parent)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/livez", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"{target} did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def load(
    base: str,
    requests: list[dict[str, Any]],
    *,
    concurrency: int,
    seconds: float,
    cold: bool = True,
) -> Stats:
    """Drive `requests` in turn against `base` from a separate process. A `cold` run warns
    when it ran out of requests and sent some again (those may have been answered from a cache).
    """
    job = {"url": base, "requests": requests, "concurrency": concurrency, "seconds": seconds}
    done = subprocess.run(
        [sys.executable, str(BENCH_DIR / "loadgen.py")],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    if result["errors"]:
        print(
            f"  ! {result['errors']} failed requests, first: {result['first_error']}",
            file=sys.stderr,
        )
    if cold and result["repeats"]:
        print(
            f"  ! {result['repeats']} requests sent twice: the list is too short for a cold run",
            file=sys.stderr,
        )
    return Stats(
        rps=result["rps"],
        p50_ms=result["p50_ms"] or 0.0,
        p95_ms=result["p95_ms"] or 0.0,
        requests=result["requests"],
        errors=result["errors"],
        repeats=result["repeats"],
    )

"""Static assets under versioned URLs: `/static/skyport.js?v=<digest of its content>`.

A page names each asset with a digest of the file it serves, so a deploy that changes a file
changes its URL, and browsers may keep any versioned asset for a year (`immutable`): repeat
visits load no asset again, and none is ever stale. An asset the process cannot read (a
`static_url` on a CDN) keeps its plain URL.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

FOREVER = "public, max-age=31536000, immutable"


def asset_url(static_dir: Path, base: str) -> Callable[[str], str]:
    """A template function: the URL of the asset at `path` under `static_dir`, versioned."""

    @functools.cache
    def url(path: str) -> str:
        try:
            content = (static_dir / path).read_bytes()
        except OSError:
            return f"{base}/{path}"
        return f"{base}/{path}?v={hashlib.blake2b(content, digest_size=6).hexdigest()}"

    return url


class VersionedStaticFiles(StaticFiles):
    """Static files, kept by browsers for a year when asked for under a versioned URL."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200 and b"v=" in scope.get("query_string", b""):
            response.headers["cache-control"] = FOREVER
        return response

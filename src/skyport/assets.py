"""Static assets under versioned URLs: `/static/skyport.js?v=<digest of its content>`.

A page names each asset with a digest of the file this process would serve, so a deploy that
changes a file changes its URL; an answer whose file has that very digest may be kept by
browsers (and a CDN) for a year (`immutable`), and any other (a replica not yet deployed asked
for the new version, a file edited in place) is marked `no-cache`. An asset the process cannot
read keeps its plain URL.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs

from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

FOREVER = "public, max-age=31536000, immutable"

_digests: dict[tuple[str, int, int], str] = {}


def digest_of(path: str | os.PathLike[str], stat: os.stat_result | None = None) -> str:
    """A short digest of a file's content, read once per version of the file (path, size and
    modification time)."""
    stat = stat or os.stat(path)
    key = (os.fspath(path), stat.st_size, stat.st_mtime_ns)
    known = _digests.get(key)
    if known is None:
        content = Path(path).read_bytes()
        known = _digests[key] = hashlib.blake2b(content, digest_size=6).hexdigest()
    return known


def asset_url(static_dir: Path, base: str) -> Callable[[str], str]:
    """A template function: the URL of the asset at `path` under `static_dir`, versioned."""

    def url(path: str) -> str:
        try:
            return f"{base}/{path}?v={digest_of(static_dir / path)}"
        except OSError:
            return f"{base}/{path}"

    return url


class VersionedStaticFiles(StaticFiles):
    """Static files, kept by browsers for a year when asked for under the version they are."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("v")
        if asked is None or response.status_code != 200:
            return response
        exact = (
            isinstance(response, FileResponse)
            and response.stat_result is not None
            and asked == [digest_of(response.path, response.stat_result)]
        )
        if exact:
            response.headers["cache-control"] = FOREVER
        else:
            response.headers["cache-control"] = "no-cache"
        return response

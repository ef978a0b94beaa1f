"""Serve files of the local storage backend through their signed, expiring download URLs."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse
from starlette.routing import BaseRoute, Route

from jobs.storage import LocalStorage
from skyport.settings import Settings
from skyport.worker import storage_config


def file_routes(settings: Settings) -> list[BaseRoute]:
    """Routes to mount at `/files` (only when `storage_backend == "local"`)."""
    config = storage_config(settings)
    storage = LocalStorage(
        config.root, public_url=config.public_url, signing_key=config.signing_key
    )

    async def download(request: Request) -> FileResponse:
        try:
            expires = int(request.query_params.get("expires", ""))
        except ValueError:
            raise HTTPException(403, "invalid link") from None
        path = storage.open_signed(
            request.path_params["key"],
            expires=expires,
            signature=request.query_params.get("signature", ""),
        )
        if path is None:
            raise HTTPException(403, "invalid or expired link")
        return FileResponse(path, filename=path.name)

    return [Route("/{key:path}", download, name="file_download")]

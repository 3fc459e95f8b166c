"""Files the service serves itself (GraphiQL's packages, its start script, the explorer page):
read once into memory, sent with their type, an ETag, a caching policy and gzip when the client
takes it, and a 304 when the client's copy is current."""

from __future__ import annotations

import functools
import gzip
import hashlib
from collections.abc import Mapping
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from graph_service.web.problems import error_response

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".graphql": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
}
#: for URLs that name the package version: a new version is a new URL
IMMUTABLE = "public, max-age=31536000, immutable"
#: for the project's own files: the browser asks each time and gets a 304 while unchanged
REVALIDATE = "no-cache"
_GZIP_FROM = 1024  # smaller files gain nothing worth the CPU


class StaticFile:
    def __init__(
        self, path: Path, *, cache_control: str, headers: Mapping[str, str] | None = None, missing_hint: str = ""
    ) -> None:
        self.path = path
        self.media_type = MEDIA_TYPES[path.suffix]
        self.cache_control = cache_control
        self.headers = dict(headers or {})
        self.missing_hint = missing_hint  # what to run when the file is absent

    @functools.cached_property
    def _loaded(self) -> tuple[bytes, bytes | None, str]:
        content = self.path.read_bytes()
        packed = gzip.compress(content, compresslevel=6, mtime=0) if len(content) >= _GZIP_FROM else None
        etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
        return content, packed, etag

    async def serve(self, request: Request) -> Response:
        try:
            content, packed, etag = self._loaded
        except FileNotFoundError:
            return error_response(404, "NOT_FOUND", f"{self.path.name} is not installed here{self.missing_hint}")
        headers = {**self.headers, "Cache-Control": self.cache_control, "ETag": etag, "Vary": "Accept-Encoding"}
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        if packed is not None and "gzip" in request.headers.get("accept-encoding", ""):
            return Response(packed, media_type=self.media_type, headers={**headers, "Content-Encoding": "gzip"})
        return Response(content, media_type=self.media_type, headers=headers)

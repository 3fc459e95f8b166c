"""One route per file the service serves itself (GraphiQL's packages and script, the explorer):
the routes are the allow-list, so no path from a request ever reaches the file system."""

from __future__ import annotations

from starlette.routing import Route

from graph_service.web.explorer_page import explorer_files
from graph_service.web.ide_page import own_files
from graph_service.web.vendor_assets import vendor_assets


def static_routes() -> list[Route]:
    files = {**vendor_assets().files, **own_files(), **explorer_files()}
    return [Route(url, file.serve, methods=["GET", "HEAD"]) for url, file in files.items()]

"""The GraphiQL page: its packages are served by this service (graph_service.web.vendor_assets)
and its start script is a file of its own, so the Content-Security-Policy allows 'self' only
(styles inline too: GraphiQL's dialogs insert <style> elements)."""

from __future__ import annotations

import functools
from pathlib import Path
from string import Template

from starlette.responses import HTMLResponse

from graph_service.web.static_files import REVALIDATE, StaticFile
from graph_service.web.vendor_assets import vendor_assets

PAGE_DIR = Path(__file__).parent / "graphiql"
OWN_PREFIX = "/assets/graphiql"

POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "font-src 'self' data:",  # GraphiQL's stylesheet carries its fonts as data: URLs
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)


def own_files() -> dict[str, StaticFile]:
    """The page's own script and stylesheet, by URL path."""
    return {
        f"{OWN_PREFIX}/{name}": StaticFile(PAGE_DIR / name, cache_control=REVALIDATE)
        for name in ("start.js", "page.css")
    }


@functools.cache
def _page() -> str:
    vendor = vendor_assets().urls
    return Template((PAGE_DIR / "page.html").read_text(encoding="utf-8")).substitute(
        graphiql_css=vendor["graphiql.css"],
        react_js=vendor["react.js"],
        react_dom_js=vendor["react-dom.js"],
        graphiql_js=vendor["graphiql.js"],
        page_css=f"{OWN_PREFIX}/page.css",
        start_js=f"{OWN_PREFIX}/start.js",
    )


def graphiql_response() -> HTMLResponse:
    return HTMLResponse(_page(), headers={"Content-Security-Policy": POLICY, "Cache-Control": "no-cache"})

"""The GraphiQL page, served with a Content-Security-Policy that allows exactly what it loads.

The page (Strawberry's) loads GraphiQL from unpkg.com with subresource integrity; its one
inline script is allowed by its hash, computed here from the text actually served.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re

from starlette.responses import HTMLResponse
from strawberry.http.ides import get_graphql_ide_html

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
ASSET_ORIGIN = "https://unpkg.com"


@functools.cache
def _page() -> tuple[str, str]:
    html = get_graphql_ide_html("graphiql")
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    policy = "; ".join(
        [
            "default-src 'none'",
            f"script-src {ASSET_ORIGIN} {hashes}",
            f"style-src {ASSET_ORIGIN} 'unsafe-inline'",  # the page's <style> block and GraphiQL's style attributes
            f"font-src {ASSET_ORIGIN} data:",
            "img-src 'self' data:",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return html, policy


def graphiql_response() -> HTMLResponse:
    html, policy = _page()
    return HTMLResponse(html, headers={"Content-Security-Policy": policy})

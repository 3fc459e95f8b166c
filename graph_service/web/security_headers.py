"""Headers every response carries (nosniff), and those HTML pages carry (framing refused, no
referrer, a CSP when the page did not set its own). A plain ASGI middleware: no per-request
task or body buffering."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_ALWAYS = [(b"x-content-type-options", b"nosniff")]
_HTML = [
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
_DEFAULT_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += _ALWAYS
                content_type = next((value for name, value in headers if name.lower() == b"content-type"), b"")
                if content_type.startswith(b"text/html"):
                    headers += _HTML
                    if b"content-security-policy" not in names:
                        headers.append(_DEFAULT_CSP)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)

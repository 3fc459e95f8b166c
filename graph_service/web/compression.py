"""Compressed responses (brotli or gzip, as the client accepts), through the maintained
starlette-compress middleware.

Not zstd, although the package offers it: clients that ask for zstd without being able to read
it exist among the standard tools. GraphQL Code Generator's URL loader (@whatwg-node/node-fetch)
asks for it on every Node version, and Node 20's zlib has no zstd: codegen against the live URL
failed on first contact. Brotli is as small for these answers and every client that asks reads it.

Answers over COMPRESSION_MIN_BYTES are compressed; a streamed answer (an export page by page)
is compressed as it streams, never buffered whole. 304s, websockets and what is compressed
already (the CSV export's zip, a result-cache hit sent from its compressed copy) pass unchanged.
Levels are the fast ones: the city and its six counties' tree (92 KB of JSON) compresses to about
a tenth in about a millisecond, less than the wire time it saves on any network slower than a
loopback.
"""

from __future__ import annotations

import gzip

import brotli
from starlette.types import ASGIApp
from starlette_compress import CompressMiddleware, add_compress_type

from graph_service.web.media_types import GRAPHQL_RESPONSE

# the GraphQL-over-HTTP media type is JSON too (the package lists only application/json)
add_compress_type(GRAPHQL_RESPONSE)

BROTLI_QUALITY, GZIP_LEVEL = 4, 5
#: the middleware's order of preference among the codings a client accepts
PREFERENCE = ("br", "gzip")


def compressing(app: ASGIApp, *, minimum_size: int) -> CompressMiddleware:
    return CompressMiddleware(
        app, minimum_size=minimum_size, zstd=False, brotli_quality=BROTLI_QUALITY, gzip_level=GZIP_LEVEL
    )


def preferred_coding(accept_encoding: str | None) -> str | None:
    """The coding the middleware would choose for this Accept-Encoding (None: identity): for
    answers the result cache keeps compressed, so that a hit is not compressed again."""
    if not accept_encoding:
        return None
    accepted: set[str] = set()
    refused: set[str] = set()
    for item in accept_encoding.split(","):
        coding, _, parameters = item.partition(";")
        coding = coding.strip().lower()
        quality = 1.0
        for parameter in parameters.split(";"):
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        (accepted if quality > 0 else refused).add(coding)
    if "*" in accepted:
        accepted.update(set(PREFERENCE) - refused)
    return next((coding for coding in PREFERENCE if coding in accepted), None)


def compress(body: bytes, coding: str) -> bytes:
    """`body` in `coding` (one of PREFERENCE), at the middleware's levels."""
    if coding == "br":
        compressed: bytes = brotli.compress(body, quality=BROTLI_QUALITY)
        return compressed
    return gzip.compress(body, compresslevel=GZIP_LEVEL)

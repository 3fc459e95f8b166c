"""What decides a query's answer, hashed: the result cache's key and the ETag.

An answer depends on the document, the operation chosen, the variables, the caller's role, the
graph (its version), the code that answers (the schema and the Cypher, `build_version`) and the
day, since `asOf` defaults to today. Two requests equal in all of these get the same answer,
byte for byte; the key of any that differ differs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

from graph_service import __version__


def build_version(sdl: str, cypher_dir: Path) -> str:
    """The answering code's version: the package version, the served schema and every Cypher
    file (a fix to a query changes answers without changing the schema); the same on every
    replica of one release, wherever it is installed."""
    digest = hashlib.sha256(f"{__version__}\0{sdl}".encode())
    for path in sorted(cypher_dir.rglob("*.cypher")):
        digest.update(b"\0" + path.relative_to(cypher_dir).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def answer_key(
    *,
    build: str,
    document: str,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    role: str,
    graph_version: str,
    day: dt.date,
) -> str:
    parts = [build, graph_version, day.isoformat(), role, operation_name, variables or {}, document]
    try:
        encoded = orjson.dumps(parts, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # an integer beyond 64 bits (refused later by its field): json writes any
        encoded = json.dumps(parts, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


def etag_of(key: str, media_type: str) -> str:
    """A weak validator: the bytes on the wire differ by Content-Encoding (RFC 9110, 8.8.1), and
    the representation by its media type."""
    media = "g" if media_type.endswith("graphql-response+json") else "j"
    return f'W/"{key[:40]}{media}"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 requires
    for If-None-Match), or is `*`."""
    if not if_none_match:
        return False
    opaque = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == opaque:
            return True
    return False

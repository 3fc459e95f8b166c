"""Read-your-writes across API replicas and Neo4j cluster members, through Neo4j bookmarks.

A response to a request that wrote carries the write's bookmark in `X-OrgGraph-Bookmark`; a
client that sends it back on its next request (to any replica) has that request's reads and
writes wait until the Neo4j member serving them has applied the write. Without the header a
read is served by whatever member the driver's read routing picks, which in a cluster may lag
by a moment (docs/scaling.md). On one Neo4j server every read sees every committed write
anyway; the header then costs nothing and changes nothing.

The header is signed (HMAC-SHA256 with BOOKMARK_SECRET, by default a key derived from the
Neo4j password, which every replica shares): a forged bookmark naming a transaction far in the
future would otherwise hold a request until Neo4j's bookmark wait gives up.

The header also carries the graph version the write produced (the change feed's sequence
number, graph_service/caching/version.py): a replica whose result cache knows an older version
learns the newer one before it answers, so a cached answer from before the write is never
served to the client that made it.

The bookmarks of one HTTP request live in a context variable set by the endpoint
(`causal_scope`), so graph_service.db.database can use them without every caller passing them
along: tasks started for the request copy the context, and the scope object is shared.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from neo4j import AsyncGraphDatabase, Bookmarks
from neo4j.api import AsyncBookmarkManager

from graph_service.errors import BadUserInputError

HEADER = "X-OrgGraph-Bookmark"
MAX_HEADER_LENGTH = 4096
MAX_BOOKMARKS = 16  # one per database a client wrote to, in practice one


class BadBookmarkError(BadUserInputError):
    """A bookmark header this service did not write."""


@dataclass
class CausalScope:
    """One request's bookmarks: those the client sent, and those of its writes."""

    given: Bookmarks | None = None
    written: Bookmarks | None = None
    #: the graph version (change-feed sequence number) the client's bookmark was written at, if known
    given_version: int | None = None
    #: the graph version after this request's write, once the endpoint has read it
    written_version: int | None = None
    _manager: AsyncBookmarkManager | None = None

    @property
    def manager(self) -> AsyncBookmarkManager:
        """A bookmark manager for driver calls that take no bookmarks directly (execute_query)."""
        if self._manager is None:
            self._manager = AsyncGraphDatabase.bookmark_manager(initial_bookmarks=self.given)
        return self._manager

    def header_value(self, key: bytes) -> str | None:
        if not self.written or not self.written.raw_values:
            return None
        return encode(self.written, key, version=self.written_version)


_current: ContextVar[CausalScope | None] = ContextVar("orggraph_causal_scope", default=None)


def current_scope() -> CausalScope | None:
    return _current.get()


@contextmanager
def causal_scope(given: Bookmarks | None, given_version: int | None = None) -> Iterator[CausalScope]:
    scope = CausalScope(given=given, given_version=given_version)
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)


def signing_key(secret: str) -> bytes:
    return hashlib.sha256(b"orggraph-bookmark\x00" + secret.encode("utf-8")).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode(bookmarks: Bookmarks, key: bytes, *, version: int | None = None) -> str:
    """Opaque to clients: the raw bookmarks as a JSON list (with the graph version: an object
    `{"b": [...], "v": n}`), base64url, then its signature."""
    values = sorted(bookmarks.raw_values)
    payload: object = values if version is None else {"b": values, "v": version}
    raw = json.dumps(payload, separators=(",", ":")).encode("ascii")
    return f"{_b64(raw)}.{_b64(hmac.new(key, raw, hashlib.sha256).digest()[:16])}"


def decode(header: str, key: bytes) -> Bookmarks:
    """The bookmarks of a header this service wrote; BadBookmarkError for anything else."""
    return decode_with_version(header, key)[0]


def decode_with_version(header: str, key: bytes) -> tuple[Bookmarks, int | None]:
    """The bookmarks of a header this service wrote and the graph version it names (None: a
    header written without one); BadBookmarkError for anything else."""
    header = header.strip()
    if len(header) > MAX_HEADER_LENGTH:
        raise BadBookmarkError(f"{HEADER} is over {MAX_HEADER_LENGTH} characters")
    refused = BadBookmarkError(f"{HEADER} is not a bookmark this service gave out (send back the value it returned)")
    payload, _, signature = header.partition(".")
    try:
        raw = _unb64(payload)
        expected = hmac.new(key, raw, hashlib.sha256).digest()[:16]
        if not hmac.compare_digest(expected, _unb64(signature)):
            raise refused
        values = json.loads(raw.decode("ascii"))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise refused from None
    version = None
    if isinstance(values, dict):
        version = values.get("v")
        values = values.get("b")
        if not isinstance(version, int) or isinstance(version, bool) or version < 0:
            raise refused
    if (
        not isinstance(values, list)
        or not 0 < len(values) <= MAX_BOOKMARKS
        or not all(isinstance(v, str) and v.isascii() and 0 < len(v) <= 512 for v in values)
    ):
        raise refused
    return Bookmarks.from_raw_values(values), version

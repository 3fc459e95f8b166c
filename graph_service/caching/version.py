"""The graph version a process knows, for its result cache and ETags.

Every write through the service (a seed load, a curated event, a retraction, an import) takes a
change-feed sequence number in its own transaction (docs/change-feed.md), so "the latest change"
names the graph's state. Each process reads it (one indexed seek, cypher/feed/graph_version.cypher)
every CHANGE_FEED_POLL_SECONDS; after a write of its own, at once; and when a request carries a
bookmark naming a later version (graph_service/db/causal.py), before that request is answered.
So a write through any worker or replica stops every process from serving what was cached
before it within one poll interval, and never for the client that made the write.

While the version is unknown (Neo4j not reached yet) nothing is cached. While Neo4j is away the
last version stands: nothing can be written through the service meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from graph_service.db import feed_repository
from graph_service.db.database import Database
from graph_service.errors import OrgGraphError

log = logging.getLogger(__name__)


def sequence_of(version: str) -> int:
    """The change-feed sequence number of a version (`seq@time`)."""
    return int(version.partition("@")[0])


class GraphVersion:
    def __init__(self, db: Database, *, interval: float, on_change: Callable[[str], None] | None = None) -> None:
        self.db = db
        self.interval = interval
        self.on_change = on_change
        self.current: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._closing = asyncio.Event()

    @property
    def sequence(self) -> int | None:
        return None if self.current is None else sequence_of(self.current)

    async def refresh(self, *, in_background: bool = False) -> str | None:
        """Read the version now (in the request's causal scope, when called within one: a client's
        bookmark makes the read wait for its write); on failure the known one stands."""
        try:
            version = await feed_repository.graph_version(self.db, in_background=in_background)
        except OrgGraphError as exc:
            log.debug("the graph version could not be read (%s); keeping %s", exc, self.current)
            return self.current
        self._set(version)
        return version

    async def at_least(self, sequence: int) -> None:
        """Make sure the known version is not older than `sequence` (a client's bookmark)."""
        known = self.sequence
        if known is None or known < sequence:
            await self.refresh()

    def _set(self, version: str) -> None:
        if version != self.current:
            self.current = version
            if self.on_change is not None:
                self.on_change(version)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._poll(), name="graph-version-poller")

    async def _poll(self) -> None:
        while not self._closing.is_set():
            try:
                await self.refresh(in_background=True)
            except Exception:  # never let the poller die: the cache would stop seeing writes
                log.exception("reading the graph version failed; retrying")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), self.interval)

    async def close(self) -> None:
        self._closing.set()
        task, self._task = self._task, None
        if task is not None:
            await task

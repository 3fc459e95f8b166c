"""Push the change feed to subscriptions: one poller per process, fanning out to its subscribers.

The API runs as several stateless worker processes (and replicas), and a write made in one is
unknown to the others, so changes are not published in memory: each process asks Neo4j, every
CHANGE_FEED_POLL_SECONDS while it has subscribers, for the changes after the last it saw (one
indexed seek, cypher/feed/changes_after.cypher, whatever the number of subscribers), and hands
each to every subscriber's queue.

A subscriber that gives a cursor first reads the feed from it up to the present itself, then
takes what the poller hands it, skipping what it has already sent: sequence numbers are commit
order (docs/change-feed.md), so nothing is lost or sent twice. A subscriber that falls behind
(its queue full: a slow client) is told so, and reads what it missed from Neo4j again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from graph_service.db import feed_repository
from graph_service.db.database import Database
from graph_service.errors import OrgGraphError, SubscriptionLimitError

log = logging.getLogger(__name__)

Row = dict[str, Any]
PAGE = 100  # changes read per query
QUEUE = 1000  # changes a subscriber may have waiting before it reads them from Neo4j instead
CATCH_UP_SECONDS = 30.0  # how long a subscriber waits for a lagging cluster member's changes


@dataclass(eq=False)
class _Subscriber:
    queue: asyncio.Queue[Row] = field(default_factory=lambda: asyncio.Queue(maxsize=QUEUE))
    behind: bool = False  # its queue overflowed: it reads from Neo4j what it missed


class ChangePoller:
    def __init__(self, db: Database, *, interval: float, max_subscribers: int) -> None:
        self.db = db
        self.interval = interval
        self.max_subscribers = max_subscribers
        self._subscribers: set[_Subscriber] = set()
        self._head = 0  # the last sequence number handed out
        self._task: asyncio.Task[None] | None = None
        self._starting = asyncio.Lock()
        self._closing = asyncio.Event()

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    async def subscribe(self, since: int | None) -> AsyncGenerator[Row, None]:
        """The changes after `since` (None: from now on), as they are committed, until closed."""
        if len(self._subscribers) >= self.max_subscribers:
            raise SubscriptionLimitError(
                f"this server process holds {self.max_subscribers} subscriptions, as many as it may "
                "(SUBSCRIPTIONS_PER_PROCESS); try again later or poll `changeFeed`"
            )
        subscriber = _Subscriber()
        self._subscribers.add(subscriber)  # before reading: what is committed from here reaches the queue
        try:
            await self._ensure_running()
            last = self._head if since is None else since
            while True:
                # what the queue does not bring (up to the poller's head), read here
                async for row in self._catch_up(last, until=self._head):
                    last = row["seq"]
                    yield row
                while not subscriber.behind:
                    row = await subscriber.queue.get()
                    if row["seq"] > last:
                        last = row["seq"]
                        yield row
                subscriber.behind = False  # what it missed is read again from Neo4j
                _drain(subscriber.queue)
        finally:
            self._subscribers.discard(subscriber)

    async def _catch_up(self, after: int, *, until: int) -> AsyncIterator[Row]:
        """The changes after `after`, at least up to `until`. In a Neo4j cluster this read may
        go to a member that has not yet applied what the poller read from another: members
        apply commits in order, so it waits for the rest rather than leave a gap."""
        deadline = time.monotonic() + CATCH_UP_SECONDS
        while True:
            async for row in self._read_from(after):
                after = row["seq"]
                yield row
            if after >= until:
                return
            if time.monotonic() > deadline:  # changes deleted by hand, or a member far behind
                log.warning("the change feed has no changes %d..%d to catch up with; going on", after + 1, until)
                return
            await asyncio.sleep(self.interval)

    async def _read_from(self, after: int) -> AsyncIterator[Row]:
        """Every change committed after `after`, page by page. A subscriber is cancelled when its
        client goes; its read is let finish (shielded), so the driver's connection goes back to the
        pool instead of being dropped mid-answer."""
        while True:
            read = asyncio.ensure_future(feed_repository.changes_after(self.db, after=after, limit=PAGE))
            read.add_done_callback(_retrieved)
            rows = await asyncio.shield(read)
            for row in rows:
                after = row["seq"]
                yield row
            if len(rows) < PAGE:
                return

    async def _ensure_running(self) -> None:
        async with self._starting:
            if self._task is None or self._task.done():
                # from the latest change committed now: a subscriber without a cursor wants what follows
                self._head = await feed_repository.latest_change(self.db)
                self._task = asyncio.create_task(self._poll(), name="change-feed-poller")

    async def _poll(self) -> None:
        while self._subscribers and not self._closing.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), self.interval)
            if self._closing.is_set():
                return
            try:
                async for row in self._read_from(self._head):
                    self._head = row["seq"]
                    self._hand_out(row)
            except OrgGraphError as exc:  # Neo4j away: the subscriptions wait, the next poll resumes
                log.warning("the change-feed poller could not read the feed (%s); retrying", exc)
            except Exception:
                log.exception("the change-feed poller failed; retrying")

    def _hand_out(self, row: Row) -> None:
        for subscriber in self._subscribers:
            if subscriber.behind:
                continue
            try:
                subscriber.queue.put_nowait(row)
            except asyncio.QueueFull:
                subscriber.behind = True

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def close(self) -> None:
        """Stop polling (the app's shutdown): the poll under way finishes first."""
        self._closing.set()
        task, self._task = self._task, None
        if task is not None:
            await task


def _retrieved(read: asyncio.Future[Any]) -> None:
    """An abandoned read's failure is nobody's to report: fetch it, so asyncio does not warn."""
    if not read.cancelled():
        read.exception()


def _drain(queue: asyncio.Queue[Row]) -> None:
    while not queue.empty():
        queue.get_nowait()

"""Fail fast while Neo4j is away.

Without this, every request during an outage waits for the driver: a connection attempt, then
retries for NEO4J_MAX_RETRY_TIME (seconds per request, tens of seconds while Neo4j starts).
Once a request finds the database unreachable, the breaker opens: requests fail at once
with UNAVAILABLE, without touching the driver, while one background probe asks Neo4j every
PROBE_INTERVAL seconds; the first answer closes the breaker. So clients get their answer in
milliseconds during an outage, and full service within about a second of Neo4j being back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from graph_service.errors import DatabaseUnavailableError

log = logging.getLogger(__name__)

PROBE_INTERVAL = 0.5
PROBE_TIMEOUT = 1.0


class CircuitBreaker:
    def __init__(self, probe_interval: float = PROBE_INTERVAL) -> None:
        self.probe_interval = probe_interval
        self.opened_at: float | None = None
        self.reason = ""
        self._probe_task: asyncio.Task[None] | None = None

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None

    def check(self, where: str) -> None:
        """Raise at once while the database is known to be away."""
        if self.opened_at is not None and not self._probing():
            self.opened_at = None  # its probe ended with its event loop (a test's): try the database again
        if self.opened_at is not None:
            down_for = time.monotonic() - self.opened_at
            raise DatabaseUnavailableError(
                f"Neo4j at {where} is unavailable ({self.reason}; "
                f"down for {down_for:.1f} s, retrying in the background)"
            )

    def trip(self, reason: str, probe: Callable[[], Awaitable[None]]) -> None:
        """Open the breaker (once) and start probing until `probe` succeeds."""
        if self.opened_at is not None:
            return
        self.opened_at = time.monotonic()
        self.reason = reason
        log.warning("Neo4j is unavailable (%s): answering UNAVAILABLE until it is back", reason)
        self._probe_task = asyncio.get_running_loop().create_task(self._probe_until_answered(probe))

    def _probing(self) -> bool:
        task = self._probe_task
        if task is None or task.done():
            return False
        try:
            return task.get_loop() is asyncio.get_running_loop()
        except RuntimeError:  # no running loop: a synchronous caller
            return not task.get_loop().is_closed()

    async def _probe_until_answered(self, probe: Callable[[], Awaitable[None]]) -> None:
        while True:
            await asyncio.sleep(self.probe_interval)
            try:
                # bounded: while Neo4j starts, a connection can hang in its handshake for the
                # driver's whole acquisition timeout (10 s); the next probe tries afresh
                async with asyncio.timeout(PROBE_TIMEOUT):
                    await probe()
            except Exception as exc:  # any failure means "not yet"; the next probe tries again
                log.debug("Neo4j still unavailable: %s", exc)
                continue
            down_for = time.monotonic() - (self.opened_at or time.monotonic())
            self.opened_at = None
            self._probe_task = None
            log.warning("Neo4j answers again after %.1f s: serving requests", down_for)
            return

    async def close(self) -> None:
        task, self._probe_task = self._probe_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

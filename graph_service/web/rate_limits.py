"""Token buckets per API key and per client address, and a growing wait after wrong keys.

Both keep at most MAX_TRACKED entries (the least recently seen are forgotten first), so a
flood of new addresses costs bounded memory.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_TRACKED = 10_000


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """`rate_per_minute` requests a minute on average, up to `burst` at once, per key."""

    def __init__(self, rate_per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate_per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self.buckets: OrderedDict[str, _Bucket] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def take(self, key: str) -> float | None:
        """Spend a token; None if one was there, else the seconds until one will be."""
        if not self.enabled:
            return None
        now = self.clock()
        bucket = self.buckets.pop(key, None) or _Bucket(tokens=self.burst, updated=now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        self.buckets[key] = bucket
        _forget_oldest(self.buckets)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return None
        return (1 - bucket.tokens) / self.rate


@dataclass
class _Failures:
    count: int
    last: float


class WrongKeyBackoff:
    """After FREE wrong keys from one address, each further attempt with a key must wait
    twice as long as the last (1 s, 2 s, 4 s ... at most MAX_WAIT); forgotten after FORGET
    seconds without a wrong key. A right key does not reset it, so a valid key cannot be used
    to keep guessing others."""

    FREE = 3
    MAX_WAIT = 60.0
    FORGET = 15 * 60.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.failures: OrderedDict[str, _Failures] = OrderedDict()

    def wait(self, address: str) -> float | None:
        """Seconds this address must still wait before presenting a key, or None."""
        record = self.failures.get(address)
        if record is None:
            return None
        now = self.clock()
        if now - record.last > self.FORGET:
            del self.failures[address]
            return None
        if record.count < self.FREE:
            return None
        remaining = record.last + min(self.MAX_WAIT, 2.0 ** (record.count - self.FREE)) - now
        return remaining if remaining > 0 else None

    def record_failure(self, address: str) -> None:
        record = self.failures.pop(address, None) or _Failures(count=0, last=0.0)
        record.count += 1
        record.last = self.clock()
        self.failures[address] = record
        _forget_oldest(self.failures)


def _forget_oldest(table: OrderedDict[str, Any]) -> None:
    while len(table) > MAX_TRACKED:
        table.popitem(last=False)


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))

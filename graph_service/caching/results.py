"""Answers to queries, kept in memory by their key and bounded in bytes (least recently used
out first).

An entry is the encoded body of an answer without errors, keyed by everything that decides it
(graph_service.caching.keys): the document, the operation, the variables, the caller's role, the
graph version, the schema and the day. When the graph version changes every entry is dropped at
once: none could be served again. Its hits, misses, evictions and size are in /metrics.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from prometheus_client import Counter, Gauge

HITS = Counter("orggraph_result_cache_hits", "Query answers served from the result cache.")
MISSES = Counter("orggraph_result_cache_misses", "Cacheable query requests the result cache did not hold.")
EVICTIONS = Counter(
    "orggraph_result_cache_evictions",
    "Entries dropped from the result cache: to stay within RESULT_CACHE_BYTES (size) or because "
    "the graph changed (version).",
    ["reason"],
)
BYTES = Gauge(
    "orggraph_result_cache_bytes",
    "Bytes of answers held by the result cache (summed over worker processes).",
    multiprocess_mode="livesum",
)
ENTRIES = Gauge(
    "orggraph_result_cache_entries",
    "Answers held by the result cache (summed over worker processes).",
    multiprocess_mode="livesum",
)

#: what an entry costs beyond its body: the key, the entry object, the dictionary's slot
ENTRY_OVERHEAD = 200


@dataclass(frozen=True)
class CachedAnswer:
    body: bytes  # the answer as sent: JSON, UTF-8
    operation: str | None  # its operation's name, for the metrics and logs
    version: str  # the graph version it was computed at
    encoded: dict[str, bytes] = field(default_factory=dict, compare=False)  # compressed bodies, by coding

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(body) for body in self.encoded.values()) + ENTRY_OVERHEAD


class ResultCache:
    """At most `max_bytes` of answers; an answer over `max_entry_bytes` is not kept."""

    def __init__(self, max_bytes: int, *, max_entry_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        self.bytes = 0
        self._entries: OrderedDict[str, CachedAnswer] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> CachedAnswer | None:
        answer = self._entries.get(key)
        if answer is None:
            MISSES.inc()
            return None
        self._entries.move_to_end(key)
        HITS.inc()
        return answer

    def put(self, key: str, answer: CachedAnswer) -> None:
        size = answer.size
        if size > self.max_entry_bytes or size > self.max_bytes:
            return
        previous = self._entries.pop(key, None)
        if previous is not None:
            self.bytes -= previous.size
        self._entries[key] = answer
        self.bytes += size
        self._evict_to_fit()

    def add_encoding(self, key: str, coding: str, body: bytes) -> None:
        """Keep a compressed form of an entry beside it (served again without compressing)."""
        answer = self._entries.get(key)
        if answer is None or coding in answer.encoded:
            return
        if answer.size + len(body) > self.max_entry_bytes:
            return
        answer.encoded[coding] = body
        self.bytes += len(body)
        self._evict_to_fit()

    def _evict_to_fit(self) -> None:
        """Least recently used out until the cache is within its bytes."""
        while self.bytes > self.max_bytes and self._entries:
            _, evicted = self._entries.popitem(last=False)
            self.bytes -= evicted.size
            EVICTIONS.labels("size").inc()
        self._publish()

    def clear(self) -> None:
        """The graph changed: nothing held can be served again."""
        if self._entries:
            EVICTIONS.labels("version").inc(len(self._entries))
        self._entries.clear()
        self.bytes = 0
        self._publish()

    def _publish(self) -> None:
        BYTES.set(self.bytes)
        ENTRIES.set(len(self._entries))

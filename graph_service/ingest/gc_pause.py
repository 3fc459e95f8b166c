"""Pause Python's cyclic garbage collector around the loader's bulk, synchronous work.

Reading a national data set builds millions of small objects that stay alive until the load
ends; each full collection walks all of them, and on the national set collections were 61% of
`seed --check` (398 s of 657 s, docs/loading.md). The records hold no reference cycles worth
collecting early, so the collector is paused while they are built and resumed (if it was on)
when the block ends: memory is unchanged (4.7 GB peak both ways), the time is not.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """No automatic collection inside the block; never re-enable a collector that was off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

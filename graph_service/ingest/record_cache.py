"""A cache of validated seed files, keyed by their bytes: a file read before is not parsed again.

Parsing and field-validating YAML is most of `seed --check` and of a re-load on a national data
set (libyaml still builds every node in Python; ~185 s for 2,848 files, 314 MB). A file's
validated records are a pure function of its bytes and of the code that validates them, so the
key is a digest of both: an edited file, or a change to the record models, the date parser,
PyYAML or pydantic, misses the cache and is read again. Only files read without any error are
cached, so every error is found by reading, as before.

Entries are pickles: the folder must be the user's own (settings `SEED_CACHE_DIR`, default
`.cache/seed` in the project; empty to turn it off). It is kept under `max_bytes` by dropping the
least recently used entries.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pydantic
import yaml

from graph_service.ingest.records import SeedFile

#: the code a cached file's validity depends on: a change to any of these invalidates every entry
_VALIDATING_MODULES = ("ingest/records.py", "ingest/reader.py", "domain/dates.py", "domain/enums.py")
DEFAULT_MAX_BYTES = 2 * 1024**3  # the national synthetic set needs ~350 MB


@cache
def code_version() -> bytes:
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.blake2b(digest_size=16)
    for module in _VALIDATING_MODULES:
        digest.update((package / module).read_bytes())
    digest.update(f"pydantic {pydantic.VERSION} pyyaml {yaml.__version__}".encode())
    return digest.digest()


@dataclass(frozen=True)
class CachedFile:
    records: SeedFile
    empty: bool  # the file holds no record (the loader asks for --allow-deletions)


class RecordCache:
    def __init__(self, folder: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(content: bytes) -> str:
        return hashlib.blake2b(code_version() + content, digest_size=20).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> CachedFile | None:
        path = self._path(key)
        try:
            with path.open("rb") as stream:
                found = pickle.load(stream)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            self.misses += 1  # absent, or unreadable: read the file again (it is rewritten)
            return None
        if not isinstance(found, CachedFile):
            self.misses += 1
            return None
        os.utime(path)  # recently used: kept by prune()
        self.hits += 1
        return found

    def put(self, key: str, entry: CachedFile) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
            partial.replace(path)  # atomic: a reader never sees half an entry
        except OSError:
            pass  # a cache that cannot be written only makes the next read slower

    def prune(self) -> None:
        """Drop the least recently used entries until the folder holds at most `max_bytes`."""
        try:
            entries = [(entry.stat(), entry) for entry in self.folder.glob("*/*.pickle")]
        except OSError:
            return
        total = sum(stat.st_size for stat, _ in entries)
        for stat, entry in sorted(entries, key=lambda pair: pair[0].st_mtime):
            if total <= self.max_bytes:
                break
            entry.unlink(missing_ok=True)
            total -= stat.st_size

"""The cache of validated seed files: a file read before comes back equal, an edit or a change of
the validating code reads it again, a file with errors is never cached."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph_service.ingest import reader, record_cache
from graph_service.ingest.loader import SeedValidationError, check_seed
from graph_service.ingest.reader import read_seed
from graph_service.ingest.record_cache import RecordCache
from graph_service.paths import SEED_DIR


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SEED_DIR, tmp_path / "seed"))


def dumped(folder: Path, cache: RecordCache | None) -> dict[str, object]:
    seed = read_seed(folder, cache)
    assert not seed.errors
    return {name: records.model_dump() for name, records in seed.files.items()}


def test_a_second_read_takes_every_file_from_the_cache_and_equals_a_fresh_read(seed_copy: Path, tmp_path: Path) -> None:
    cache = RecordCache(tmp_path / "cache")
    first = dumped(seed_copy, cache)
    assert (cache.hits, cache.misses) == (0, len(first))
    again = RecordCache(tmp_path / "cache")
    assert dumped(seed_copy, again) == first == dumped(seed_copy, None)
    assert (again.hits, again.misses) == (len(first), 0)
    # the checks across files run on cached records exactly as on read ones
    assert check_seed(seed_copy, again).index.bodies.keys() == check_seed(seed_copy).index.bodies.keys()


def test_an_edited_file_is_read_again_and_its_edit_seen(seed_copy: Path, tmp_path: Path) -> None:
    dumped(seed_copy, RecordCache(tmp_path / "cache"))
    jurisdictions = seed_copy / "common" / "jurisdictions.yaml"
    if not jurisdictions.exists():  # the layout may move: any file naming 张掖市 will do
        jurisdictions = next(p for p in sorted(seed_copy.rglob("*.yaml")) if "name: 张掖市" in p.read_text())
    jurisdictions.write_text(jurisdictions.read_text().replace("name: 张掖市", "name: 张掖市（改）", 1))
    cache = RecordCache(tmp_path / "cache")
    files = dumped(seed_copy, cache)
    assert cache.misses == 1 and cache.hits == len(files) - 1
    assert "张掖市（改）" in repr(files)


def test_a_change_of_the_validating_code_reads_every_file_again(
    seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = dumped(seed_copy, RecordCache(tmp_path / "cache"))
    monkeypatch.setattr(record_cache, "code_version", lambda: b"another version of records.py")
    cache = RecordCache(tmp_path / "cache")
    dumped(seed_copy, cache)
    assert (cache.hits, cache.misses) == (0, len(files))


def test_a_file_with_an_error_is_never_cached_and_its_error_is_found_every_time(
    seed_copy: Path, tmp_path: Path
) -> None:
    broken = seed_copy / "zz-broken.yaml"
    broken.write_text("bodies:\n  - id: x\n    name: 无\n")
    for _ in range(2):
        cache = RecordCache(tmp_path / "cache")
        with pytest.raises(SeedValidationError, match="zz-broken.yaml"):
            check_seed(seed_copy, cache)
    assert cache.get(RecordCache.key(broken.read_bytes())) is None  # the valid files are, it is not
    assert cache.hits == len(list(seed_copy.rglob("*.yaml"))) - 1


def test_an_unreadable_entry_is_a_miss_not_an_error(seed_copy: Path, tmp_path: Path) -> None:
    files = dumped(seed_copy, RecordCache(tmp_path / "cache"))
    for entry in (tmp_path / "cache").rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    cache = RecordCache(tmp_path / "cache")
    assert dumped(seed_copy, cache) == files
    assert cache.misses == len(files)


def test_prune_drops_the_least_recently_used_entries_beyond_the_limit(seed_copy: Path, tmp_path: Path) -> None:
    dumped(seed_copy, RecordCache(tmp_path / "cache"))
    sizes = sorted(entry.stat().st_size for entry in (tmp_path / "cache").rglob("*.pickle"))
    small = RecordCache(tmp_path / "cache", max_bytes=sizes[-1])
    small.prune()
    kept = list((tmp_path / "cache").rglob("*.pickle"))
    assert 1 <= len(kept) < len(sizes)
    assert sum(entry.stat().st_size for entry in kept) <= sizes[-1]


def test_reading_in_worker_processes_gives_what_reading_in_one_gives(
    seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (seed_copy / "zz-broken.yaml").write_text("bodies:\n  - id: x\n    name: 无\n")
    alone = read_seed(seed_copy, workers=1)
    monkeypatch.setattr(reader, "PARALLEL_FROM_BYTES", 0)  # any read is "large"

    def not_here(*args: object) -> None:
        raise AssertionError("a file was parsed in the main process, not in a worker")

    monkeypatch.setattr(reader, "_read_file", not_here)  # the workers import the module afresh
    shared = read_seed(seed_copy, RecordCache(tmp_path / "cache"), workers=2)
    assert list(shared.files) == list(alone.files)  # the same files, in the same order
    assert {n: f.model_dump() for n, f in shared.files.items()} == {n: f.model_dump() for n, f in alone.files.items()}
    assert shared.errors == alone.errors and shared.errors  # the broken file's errors, placed the same
    assert shared.invalid_ids == alone.invalid_ids and shared.empty_files == alone.empty_files
    # the workers filled the cache: a second read takes every valid file from it
    again = RecordCache(tmp_path / "cache")
    read_seed(seed_copy, again, workers=2)
    assert again.hits == len(alone.files) - 1  # all but the broken file

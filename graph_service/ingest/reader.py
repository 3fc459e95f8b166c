"""Read seed files and validate each record's fields, collecting every error with its place."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from graph_service.ingest.record_cache import CachedFile, RecordCache
from graph_service.ingest.records import SeedFile


@dataclass(frozen=True, order=True)
class SeedError:
    """One problem, placed as precisely as we can: file, record (section[index] and id), field."""

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        place = ": ".join(part for part in (self.file, self.record, self.field) if part)
        return f"{place}: {self.message}"


@dataclass
class SeedSet:
    """Every valid record of every file, with where it came from, and every error found.

    A record with a field error is left out but its id is remembered in `invalid_ids`, so
    references to it are not reported a second time as dangling."""

    files: dict[str, SeedFile] = field(default_factory=dict)
    errors: list[SeedError] = field(default_factory=list)
    invalid_ids: set[str] = field(default_factory=set)
    #: files with no record at all: loading them deletes whatever they held, so the loader
    #: asks for --allow-deletions
    empty_files: list[str] = field(default_factory=list)

    def merge(self, other: SeedSet) -> None:
        self.files.update(other.files)
        self.errors.extend(other.errors)
        self.invalid_ids.update(other.invalid_ids)
        self.empty_files.extend(other.empty_files)


def record_label(section: str, index: int, record: Any) -> str:
    ident = None
    if isinstance(record, dict):
        ident = record.get("id") or record.get("code") or record.get("lower")
    return f"{section}[{index}]" + (f" ({ident})" if ident else "")


#: libyaml's safe loader where PyYAML was built with it: the same YAML, parsed ~10x faster (the
#: pure-Python parser was 95% of `seed --check` on a synthetic province)
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def seed_files(seed_dir: Path) -> list[Path]:
    return sorted(path for path in seed_dir.rglob("*.yaml") if path.is_file())


#: a read with at least this many bytes to parse (files the cache lacks) parses them in worker
#: processes, one per core: below it, starting the processes costs more than they save
PARALLEL_FROM_BYTES = 16 * 1024 * 1024


def read_seed(seed_dir: Path, cache: RecordCache | None = None, workers: int | None = None) -> SeedSet:
    """Parse and field-validate every `*.yaml` under `seed_dir`; nothing is raised. With a
    `cache`, a file whose bytes were read without error before is taken from it. The files to
    parse are shared among `workers` processes (default: one per core) when they are many."""
    result = SeedSet()
    if not seed_dir.is_dir():
        result.errors.append(SeedError(str(seed_dir), "", "", "the seed folder does not exist"))
        return result
    named = [(path.relative_to(seed_dir.parent).as_posix(), path) for path in seed_files(seed_dir)]
    parts: list[SeedSet | None] = [None] * len(named)
    to_parse = []
    for position, (name, path) in enumerate(named):
        cached = _cached(name, path, cache)
        if cached is None:
            to_parse.append(position)
        else:
            parts[position] = cached
    pool = workers if workers is not None else (os.cpu_count() or 1)
    if pool > 1 and sum(_size(named[i][1]) for i in to_parse) >= PARALLEL_FROM_BYTES:
        _parse_in_processes(named, to_parse, parts, cache, pool)
    for position in to_parse:
        if parts[position] is None:
            parts[position] = _read_file(*named[position], cache)
    for part in parts:
        if part is not None:
            result.merge(part)
    if cache is not None:
        cache.prune()
    return result


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _parse_in_processes(
    named: list[tuple[str, Path]],
    to_parse: list[int],
    parts: list[SeedSet | None],
    cache: RecordCache | None,
    pool: int,
) -> None:
    """Parse the files at `to_parse` in `pool` processes (a national first read: 2,848 files,
    314 MB, ~185 s of CPU). Files stay in their order; any failure of the pool itself leaves the
    files for the caller to read in this process."""
    context = multiprocessing.get_context("forkserver")  # no fork of a process with a driver's threads
    context.set_forkserver_preload([__name__])
    try:
        with ProcessPoolExecutor(max_workers=pool, mp_context=context) as executor:
            jobs = [(named[i][0], named[i][1], cache) for i in to_parse]
            for position, part in zip(to_parse, executor.map(_read_job, jobs, chunksize=8), strict=True):
                parts[position] = part
    except (OSError, BrokenProcessPool):
        return


def _read_job(job: tuple[str, Path, RecordCache | None]) -> SeedSet:
    return _read_file(*job)


def _cached(name: str, path: Path, cache: RecordCache | None) -> SeedSet | None:
    if cache is None:
        return None
    try:
        found = cache.get(RecordCache.key(path.read_bytes()))
    except OSError:
        return None  # read again below, where the error is reported
    if found is None:
        return None
    part = SeedSet(files={name: found.records})
    if found.empty:
        part.empty_files.append(name)
    return part


def _read_file(name: str, path: Path, cache: RecordCache | None) -> SeedSet:
    """One file's records and errors (a SeedSet of one file)."""
    result = SeedSet()
    try:
        content = path.read_bytes()
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        result.errors.append(SeedError(name, "", "", f"not UTF-8 text (byte {exc.start}): save it as UTF-8"))
        return result
    except OSError as exc:
        result.errors.append(SeedError(name, "", "", f"cannot be read: {exc.strerror or exc}"))
        return result
    try:
        raw = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        result.errors.append(SeedError(name, "", "", f"not valid YAML: {exc}"))
        return result
    if raw is not None and not isinstance(raw, dict):
        result.errors.append(SeedError(name, "", "", "a seed file must be a mapping of sections to lists"))
        return result
    empty = not raw or not any(isinstance(records, list) and records for records in raw.values())
    if empty:
        result.empty_files.append(name)
    if not raw:
        return result
    result.files[name] = _valid_records(name, raw, result)
    if cache is not None and not result.errors:
        cache.put(RecordCache.key(content), CachedFile(result.files[name], empty))
    return result


def _valid_records(file: str, raw: dict[str, Any], result: SeedSet) -> SeedFile:
    """Validate record by record, so one bad record hides no error of another."""
    sections: dict[str, list[Any]] = {}
    for section, records in raw.items():
        if section not in SeedFile.model_fields:
            known = ", ".join(SeedFile.model_fields)
            result.errors.append(SeedError(file, "", str(section), f"unknown section (known: {known})"))
            continue
        if records is None:
            continue
        if not isinstance(records, list):
            result.errors.append(SeedError(file, str(section), "", "a section must be a list of records"))
            continue
        model = SeedFile.model_fields[section].annotation.__args__[0]  # type: ignore[union-attr]
        kept = []
        for index, record in enumerate(records):
            try:
                kept.append(model.model_validate(record))
            except ValidationError as exc:
                result.errors.extend(_placed_errors(file, {section: records}, exc, prefix=(section, index)))
                if isinstance(record, dict):
                    result.invalid_ids.update(str(record[key]) for key in ("id", "code") if key in record)
        sections[section] = kept
    return SeedFile.model_validate(sections)  # records are models already: not validated twice


def _placed_errors(
    file: str, raw: dict[str, Any], exc: ValidationError, prefix: tuple[str, int] | None = None
) -> list[SeedError]:
    errors = []
    for err in exc.errors():
        loc = [*(prefix or ()), *err["loc"]]
        if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
            section, index = loc[0], loc[1]
            records = raw.get(section) or []
            record = records[index] if isinstance(records, list) and index < len(records) else None
            where = record_label(section, index, record)
            field_path = ".".join(str(part) for part in loc[2:])
        else:
            where, field_path = "", ".".join(str(part) for part in loc)
        message = str(err["msg"]).removeprefix("Value error, ")
        errors.append(SeedError(file, where, field_path, message))
    return errors

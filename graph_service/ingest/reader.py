"""Read seed files and validate each record's fields, collecting every error with its place."""

from __future__ import annotations

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


def read_seed(seed_dir: Path, cache: RecordCache | None = None) -> SeedSet:
    """Parse and field-validate every `*.yaml` under `seed_dir`; nothing is raised. With a
    `cache`, a file whose bytes were read without error before is taken from it."""
    result = SeedSet()
    if not seed_dir.is_dir():
        result.errors.append(SeedError(str(seed_dir), "", "", "the seed folder does not exist"))
        return result
    for path in seed_files(seed_dir):
        _read_file(path.relative_to(seed_dir.parent).as_posix(), path, result, cache)
    if cache is not None:
        cache.prune()
    return result


def _read_file(name: str, path: Path, result: SeedSet, cache: RecordCache | None) -> None:
    try:
        content = path.read_bytes()
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        result.errors.append(SeedError(name, "", "", f"not UTF-8 text (byte {exc.start}): save it as UTF-8"))
        return
    except OSError as exc:
        result.errors.append(SeedError(name, "", "", f"cannot be read: {exc.strerror or exc}"))
        return
    key = RecordCache.key(content) if cache is not None else ""
    if cache is not None and (cached := cache.get(key)) is not None:
        result.files[name] = cached.records
        if cached.empty:
            result.empty_files.append(name)
        return
    try:
        raw = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        result.errors.append(SeedError(name, "", "", f"not valid YAML: {exc}"))
        return
    if raw is not None and not isinstance(raw, dict):
        result.errors.append(SeedError(name, "", "", "a seed file must be a mapping of sections to lists"))
        return
    empty = not raw or not any(isinstance(records, list) and records for records in raw.values())
    if empty:
        result.empty_files.append(name)
    if not raw:
        return
    errors_before = len(result.errors)
    result.files[name] = _valid_records(name, raw, result)
    if cache is not None and len(result.errors) == errors_before:
        cache.put(key, CachedFile(result.files[name], empty))


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

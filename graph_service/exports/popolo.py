"""Popolo JSON: `{"areas": [...], "organizations": [...]}`, written object by object.

Popolo has organizations and areas but no change events or duties: those stay in the JSON-LD
and CSV exports. What Popolo has no field for (confidence, imprecise dates, requirement ...)
goes into one extension object per record, `orggraph` (Popolo's schemas allow more
properties); docs/exports.md lists its keys.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import orjson

from graph_service.exports.common import iri
from graph_service.exports.reader import ExportReader, Kind

#: Popolo dates are YYYY, YYYY-MM or YYYY-MM-DD: a window has no Popolo date
_POPOLO_PRECISIONS = frozenset({"year", "month", "day"})


def _popolo_date(text: str | None, precision: str | None) -> str | None:
    return text if text and precision in _POPOLO_PRECISIONS else None


def _provenance(row: dict[str, Any]) -> dict[str, Any]:
    extra: dict[str, Any] = {"confidence": row.get("confidence"), "source_ids": row.get("sources") or []}
    if row.get("note"):
        extra["note"] = row["note"]
    if row.get("inferredParts"):
        extra["inferred_parts"] = row["inferredParts"]
    return extra


def _dates(row: dict[str, Any]) -> dict[str, Any]:
    """The dates as the source gives them, with their precision and first and last possible days."""
    keys = {
        "valid_from": "validFrom",
        "valid_from_precision": "validFromPrecision",
        "valid_from_earliest": "validFromEarliest",
        "valid_from_latest": "validFromLatest",
        "valid_to": "validTo",
        "valid_to_precision": "validToPrecision",
        "valid_to_earliest": "validToEarliest",
        "valid_to_latest": "validToLatest",
    }
    return {ours: row[theirs] for ours, theirs in keys.items() if row.get(theirs)}


def _drop_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value not in (None, [], "")}


def area(row: dict[str, Any]) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": row["code"],
            "identifier": row["code"],
            "name": row["name"],
            "classification": row.get("level"),
            "parent_id": row.get("parent"),
            "orggraph": _drop_empty({"name_en": row.get("nameEn"), **_provenance(row)}),
        }
    )


def organization(row: dict[str, Any]) -> dict[str, Any]:
    other_names: list[dict[str, Any]] = []
    if row.get("shortName"):
        other_names.append({"name": row["shortName"], "note": "short name"})
    other_names += [{"name": name, "note": "alias"} for name in row["aliases"]]
    other_names += [{"name": name, "note": "former name"} for name in row["formerNames"]]
    for plate in row["nameplates"]:
        note = f"nameplate (挂牌); confidence {plate['confidence']}; sources: {', '.join(plate['sources'])}"
        other_names.append(
            _drop_empty(
                {
                    "name": plate["name"],
                    "start_date": _popolo_date(plate.get("validFrom"), plate.get("validFromPrecision")),
                    "end_date": _popolo_date(plate.get("validTo"), plate.get("validToPrecision")),
                    "note": note,
                }
            )
        )
    identifiers = [{"identifier": row["id"], "scheme": "orggraph"}]
    identifiers += [{"identifier": str(ident), "scheme": "external"} for ident in row["externalIds"]]
    sources = [
        {"url": doc.get("url") or iri("document", doc["id"]), "note": f"{doc.get('title') or doc['id']} ({doc['id']})"}
        for doc in row["sourceDocuments"]
    ]
    extension = {
        "existence": "certain" if row["certain"] else "possible",
        "requirement": row.get("requirement"),
        "functions": row["functions"],
        "managed_by": row.get("managedBy"),
        "joint_office_with": row["jointOffices"],
        "duties": row["duties"],
        **_dates(row),
        **_provenance(row),
    }
    return _drop_empty(
        {
            "id": row["id"],
            "name": row["name"],
            "other_names": other_names,
            "identifiers": identifiers,
            "classification": row["kind"],
            "parent_id": row.get("parent"),
            "area_id": row["jurisdiction"],
            "founding_date": _popolo_date(row.get("validFrom"), row.get("validFromPrecision")),
            "dissolution_date": _popolo_date(row.get("validTo"), row.get("validToPrecision")),
            "sources": sources,
            "orggraph": _drop_empty(extension),
        }
    )


async def popolo_chunks(reader: ExportReader) -> AsyncIterator[bytes]:
    for key, kind, make in (("areas", Kind.JURISDICTIONS, area), ("organizations", Kind.BODIES, organization)):
        yield (b'{"' if key == "areas" else b'\n],\n "') + key.encode() + b'": [\n'
        first = True
        async for row in reader.rows(kind):
            yield (b"" if first else b",\n") + orjson.dumps(make(row))
            first = False
    yield b"\n]}\n"

"""The four questions (a)-(d), asked three ways: orggraph's GraphQL API, the @neo4j/graphql peer,
and one hand-written Cypher query through the Python driver. Each answer is reduced to one
canonical form so the three can be compared item for item.

Environment: ORGGRAPH_URL (default http://127.0.0.1:8000/graphql), ORGGRAPH_CACHED_URL (optional:
an orggraph whose result cache is on, for the "orggraph cached" column and the revalidation rows;
ORGGRAPH_URL's should have RESULT_CACHE_BYTES=0), PEER_URL (default
http://127.0.0.1:4000/), NEO4J_URI (default bolt://127.0.0.1:7687), NEO4J_USER, NEO4J_PASSWORD; ORGGRAPH_ROOT, the
checkout being served (default: this project).
Only loopback addresses are accepted.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries"

ORGGRAPH_URL = os.environ.get("ORGGRAPH_URL", "http://127.0.0.1:8000/graphql")
ORGGRAPH_CACHED_URL = os.environ.get("ORGGRAPH_CACHED_URL", "")  # empty: no cached column
PEER_URL = os.environ.get("PEER_URL", "http://127.0.0.1:4000/")
NEO4J_URI = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
NEO4J_USER = os.environ.get("NEO4J_USER", "neo4j")
NEO4J_PASSWORD = os.environ.get("NEO4J_PASSWORD", "")

for _url in (ORGGRAPH_URL, PEER_URL, NEO4J_URI, *([ORGGRAPH_CACHED_URL] if ORGGRAPH_CACHED_URL else [])):
    if urlparse(_url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"only loopback targets are allowed: {_url}")

AS_OF = "2019-12-24"  # the date of the project's own benchmark and README examples
JURISDICTION = "620700"
DUTY_HOLDER = "620700.emergency_management"
BODY = "620700.natural_resources"


def _cypher_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _read(name: str) -> str:
    return (QUERIES / name).read_text(encoding="utf-8")


def _orggraph_b_query() -> str:
    """Body.duties answers (b) in one statement; a checkout from before it was added (its
    schema.graphql, ORGGRAPH_ROOT, lacks the field) gets the query it could answer then."""
    schema = Path(os.environ.get("ORGGRAPH_ROOT", HERE.parents[1])) / "schema.graphql"
    served = schema.read_text(encoding="utf-8") if schema.exists() else ""
    body_type = served.partition("type Body implements")[2].partition("\n}")[0]
    if "duties: [Duty!]!" in body_type:
        return _read("orggraph_b_body_duties.graphql")
    return _read("orggraph_b_body_duties_before_issue10.graphql")


# --- canonical forms: lists of tuples, equal across the three systems when they agree ---------

Row = tuple[Any, ...]


def _stable_ids(value: Any) -> Any:
    """orggraph's body ids carry the date they answer for (620700.x@2019-12-24, from issue 11);
    the peer's and Cypher's are the stable ids: compare those."""
    if isinstance(value, dict):
        return {
            k: v.partition("@")[0] if k == "id" and isinstance(v, str) else _stable_ids(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_stable_ids(item) for item in value]
    return value


def _on_stable_ids(canon: Callable[[dict[str, Any]], list[Row]]) -> Callable[[dict[str, Any]], list[Row]]:
    return lambda data: canon(_stable_ids(data))


def _a_orggraph(data: dict[str, Any]) -> list[Row]:
    return [
        (
            b["id"],
            b["kind"].lower(),
            b["name"],
            tuple(f["code"] for f in b["functions"]),
            tuple(s["id"] for s in b["sections"]),
        )
        for g in data["orgChart"]["groups"]
        for b in g["bodies"]
    ]


def _a_peer(data: dict[str, Any]) -> list[Row]:
    return [
        (b["id"], b["kind"], b["name"], tuple(f["code"] for f in b["functions"]), tuple(s["id"] for s in b["parts"]))
        for b in data["bodies"]
    ]


def _a_cypher(rows: list[dict[str, Any]]) -> list[Row]:
    return [
        (r["id"], r["kind"], r["name"], tuple(f["code"] for f in r["functions"]), tuple(s["id"] for s in r["sections"]))
        for r in rows
    ]


def _b_orggraph(data: dict[str, Any]) -> list[Row]:
    body = data["body"]
    if "duties" in body:  # Body.duties (from issue 10)
        duties = body["duties"]
    else:  # a checkout before it: the root field `duties` with its holder filter
        duties = [hit["duty"] for hit in data["duties"]]
    return [(body["id"], body["name"])] + [
        (duty["id"], duty["function"]["code"] if duty["function"] else None) for duty in duties
    ]


def _b_peer(data: dict[str, Any]) -> list[Row]:
    (body,) = data["bodies"]
    return [(body["id"], body["name"])] + [
        (e["node"]["id"], e["node"]["field"][0]["code"] if e["node"]["field"] else None)
        for e in body["holdsConnection"]["edges"]
    ]


def _b_cypher(rows: list[dict[str, Any]]) -> list[Row]:
    (row,) = rows
    return [(row["id"], row["name"])] + [
        (d["id"], d["field"][0]["code"] if d["field"] else None) for d in row["duties"]
    ]


def _event(e: dict[str, Any], type_: str, date: str, docs: list[dict[str, Any]]) -> Row:
    return (
        e["id"],
        type_.lower(),
        date,
        tuple(b["id"] for b in e["original"]),
        tuple(b["id"] for b in e["resulting"]),
        tuple(d["id"] for d in docs),
    )


def _c_orggraph(data: dict[str, Any]) -> list[Row]:
    return [
        _event(
            x["event"],
            x["event"]["type"],
            x["event"]["date"]["text"],
            [x["event"]["document"]] if x["event"]["document"] else [],
        )
        for x in data["changes"]["entries"]
    ]


def _c_peer(data: dict[str, Any]) -> list[Row]:
    return [_event(e, e["type"], e["date"], e["basedOn"]) for e in data["reformEvents"]]


def _c_cypher(rows: list[dict[str, Any]]) -> list[Row]:
    return [_event(r, r["type"], r["date"], r["documents"]) for r in rows]


def _d_orggraph(data: dict[str, Any]) -> list[Row]:
    return [(data["body"]["name"],)]


def _d_peer(data: dict[str, Any]) -> list[Row]:
    return [(b["name"],) for b in data["bodies"]]


def _d_cypher(rows: list[dict[str, Any]]) -> list[Row]:
    return [(r["name"],) for r in rows]


def count_items(canonical: list[Row]) -> int:
    """Top-level items plus every nested id (sections, functions, duties, bodies, documents)."""
    total = 0
    for row in canonical:
        total += 1
        total += sum(len(part) for part in row if isinstance(part, tuple))
    return total


@dataclass(frozen=True)
class Case:
    key: str
    title: str
    orggraph_query: str
    orggraph_vars: dict[str, Any]
    peer_query: str
    peer_vars: dict[str, Any]
    cypher: str
    cypher_params: dict[str, Any]
    orggraph_canon: Callable[[dict[str, Any]], list[Row]]
    peer_canon: Callable[[dict[str, Any]], list[Row]]
    cypher_canon: Callable[[list[dict[str, Any]]], list[Row]]


CASES = [
    Case(
        "a",
        "org chart of 620700 (bodies, functions, sections)",
        _read("orggraph_a_org_chart.graphql"),
        {"jurisdiction": JURISDICTION, "asOf": AS_OF},
        _read("peer_a_org_chart.graphql"),
        {"jurisdiction": JURISDICTION, "asOf": AS_OF},
        _read("cypher_a_org_chart.cypher"),
        {"jurisdiction": JURISDICTION, "asOf": _cypher_date(AS_OF)},
        _on_stable_ids(_a_orggraph),
        _a_peer,
        _a_cypher,
    ),
    Case(
        "b",
        f"body {DUTY_HOLDER} with its duties and their fields",
        _orggraph_b_query(),
        {"id": DUTY_HOLDER, "asOf": AS_OF},
        _read("peer_b_body_duties.graphql"),
        {"id": DUTY_HOLDER, "asOf": AS_OF},
        _read("cypher_b_body_duties.cypher"),
        {"id": DUTY_HOLDER, "asOf": _cypher_date(AS_OF)},
        _on_stable_ids(_b_orggraph),
        _b_peer,
        _b_cypher,
    ),
    Case(
        "c",
        "reform events of 620700 with original/resulting bodies and document",
        _read("orggraph_c_events.graphql"),
        {"jurisdiction": JURISDICTION},
        _read("peer_c_events.graphql"),
        {"jurisdiction": JURISDICTION},
        _read("cypher_c_events.cypher"),
        {"jurisdiction": JURISDICTION},
        _on_stable_ids(_c_orggraph),
        _c_peer,
        _c_cypher,
    ),
    Case(
        "d",
        f"body {BODY}, name only",
        _read("orggraph_d_body_name.graphql"),
        {"id": BODY},
        _read("peer_d_body_name.graphql"),
        {"id": BODY},
        _read("cypher_d_body_name.cypher"),
        {"id": BODY},
        _on_stable_ids(_d_orggraph),
        _d_peer,
        _d_cypher,
    ),
]


# The statement @neo4j/graphql generated for each question (generated-cypher/peer_<key>.cypher,
# captured with DEBUG=@neo4j/graphql:*), with the parameters it sent.
_DAY = _cypher_date(AS_OF)
PEER_PARAMS: dict[str, dict[str, Any]] = {
    "a": {
        "param0": JURISDICTION,
        "param1": _DAY,
        "param2": _DAY,
        "param3": "internal_section",
        "param4": "",
        "param5": "internal_section",
        "param6": _DAY,
        "param7": _DAY,
    },
    "b": {"param0": DUTY_HOLDER, "param1": _DAY, "param2": _DAY},
    "c": {"param0": JURISDICTION},
    "d": {"param0": BODY},
}


def peer_generated_cypher(key: str) -> str:
    text = (HERE / "generated-cypher" / f"peer_{key}.cypher").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))

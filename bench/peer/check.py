"""Check that the three systems give the same answer to each question (a)-(d).

    NEO4J_PASSWORD=... .venv/bin/python bench/peer/check.py     (uses the environment of cases.py)

Prints, per question, the item counts of each system and whether the canonical answers are
equal; exits 1 when any differs. With ORGGRAPH_CACHED_URL (an orggraph with its result cache on)
it also checks that orggraph there gives the same answer by POST twice (the second from its cache)
and by GET, that the GET carries an ETag, and that a GET with If-None-Match of it answers 304
without a body. Read-only.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import httpx
from cases import (
    CASES,
    NEO4J_PASSWORD,
    NEO4J_URI,
    NEO4J_USER,
    ORGGRAPH_CACHED_URL,
    ORGGRAPH_URL,
    PEER_URL,
    Case,
    count_items,
)
from neo4j import GraphDatabase


def graphql(client: httpx.Client, url: str, query: str, variables: dict[str, Any]) -> tuple[dict[str, Any], int]:
    response = client.post(url, json={"query": query, "variables": variables})
    body: dict[str, Any] = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise SystemExit(f"{url}: {json.dumps(body, ensure_ascii=False)[:500]}")
    return body["data"], len(response.content)


def cached_answers(client: httpx.Client, case: Case) -> tuple[bool, str]:
    """Whether the cached orggraph answers `case` as the uncached one does (by POST, again by POST,
    by GET), and how its revalidation went."""
    url, query, variables = ORGGRAPH_CACHED_URL, case.orggraph_query, case.orggraph_vars
    uncached, _ = graphql(client, ORGGRAPH_URL, query, variables)
    first, _ = graphql(client, url, query, variables)
    again, _ = graphql(client, url, query, variables)
    by_get = client.get(url, params={"query": query, "variables": json.dumps(variables)})
    etag = by_get.headers.get("etag")
    if by_get.status_code != 200 or by_get.json().get("errors") or not etag:
        return False, f"GET answered {by_get.status_code} with ETag {etag!r}: {by_get.text[:300]}"
    revalidated = client.get(
        url, params={"query": query, "variables": json.dumps(variables)}, headers={"if-none-match": etag}
    )
    same = uncached == first == again == by_get.json()["data"]
    ok = same and revalidated.status_code == 304 and revalidated.content == b""
    return ok, (
        f"cached orggraph: POST, POST again and GET answer as the uncached one={same}; "
        f"GET with If-None-Match {etag}: {revalidated.status_code}, {len(revalidated.content)} bytes"
    )


def main() -> int:
    ok = True
    with (
        httpx.Client(timeout=30) as client,
        GraphDatabase.driver(NEO4J_URI, auth=(NEO4J_USER, NEO4J_PASSWORD)) as driver,
    ):
        for case in CASES:
            og, og_bytes = graphql(client, ORGGRAPH_URL, case.orggraph_query, case.orggraph_vars)
            pe, pe_bytes = graphql(client, PEER_URL, case.peer_query, case.peer_vars)
            records, _, _ = driver.execute_query(case.cypher, case.cypher_params, routing_="r")
            cy = case.cypher_canon([r.data() for r in records])
            a, b = case.orggraph_canon(og), case.peer_canon(pe)
            same = a == b == cy
            ok &= same
            print(
                f"({case.key}) {case.title}: top-level rows orggraph={len(a)} peer={len(b)} cypher={len(cy)}; "
                f"items orggraph={count_items(a)} peer={count_items(b)} cypher={count_items(cy)}; "
                f"response bytes orggraph={og_bytes} peer={pe_bytes}; identical={same}"
            )
            if ORGGRAPH_CACHED_URL:
                cached_ok, said = cached_answers(client, case)
                ok &= cached_ok
                print(f"   {said}")
            if not same:
                for name, other in (("peer", b), ("cypher", cy)):
                    if a == other:
                        continue
                    for x, y in zip(a, other, strict=False):
                        if x != y:
                            print(f"   first difference orggraph: {x}\n            {name + ':':<16}{y}")
                            break
                    only_a, only_other = set(a) - set(other), set(other) - set(a)
                    print(f"   only orggraph: {sorted(only_a, key=repr)[:5]}")
                    print(f"   only {name}: {sorted(only_other, key=repr)[:5]}")
    print("all answers identical" if ok else "ANSWERS DIFFER: timing them would compare different work")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""The whole graph as comparable sets, read with the tests' own Cypher."""

from __future__ import annotations

from neo4j import Driver

Snapshot = tuple[frozenset[tuple[str, str]], frozenset[tuple[str, str, str, str]]]


def snapshot(driver: Driver, database: str) -> Snapshot:
    """Every node and relationship with every property (sentinel excluded)."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:OrgGraphTestSentinel RETURN labels(n) AS labels, properties(n) AS props",
        database_=database,
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.uid AS a, type(r) AS t, b.uid AS b, properties(r) AS props", database_=database
    )
    return (
        frozenset((str(sorted(r["labels"])), repr(sorted(r["props"].items()))) for r in nodes),
        frozenset((r["a"], r["t"], r["b"], repr(sorted(r["props"].items()))) for r in rels),
    )

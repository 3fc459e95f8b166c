"""The whole graph as comparable sets, read with the tests' own Cypher."""

from __future__ import annotations

from neo4j import Driver

Snapshot = tuple[frozenset[tuple[str, str]], frozenset[tuple[str, str, str, str]]]


def snapshot(driver: Driver, database: str, *, ignore: frozenset[str] = frozenset()) -> Snapshot:
    """Every node and relationship with every property (sentinel and audit entries excluded, and
    the loader's bookkeeping: the count timeline, derived from the bodies like an index, and the
    load marker; the change feed's entries and counter; and the property names in `ignore`)."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:OrgGraphTestSentinel AND NOT n:AuditEntry AND NOT n:BodyCount AND NOT n:SeedLoad "
        "AND NOT n:SeedLoadEntry AND NOT n:ChangeCounter "
        "RETURN labels(n) AS labels, properties(n) AS props",
        database_=database,
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.uid AS a, type(r) AS t, b.uid AS b, properties(r) AS props", database_=database
    )

    def kept(props: dict[str, object]) -> str:
        return repr(sorted((k, v) for k, v in props.items() if k not in ignore))

    return (
        frozenset((str(sorted(r["labels"])), kept(r["props"])) for r in nodes),
        frozenset((r["a"], r["t"], r["b"], kept(r["props"])) for r in rels),
    )

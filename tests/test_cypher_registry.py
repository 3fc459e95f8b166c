"""The registry of .cypher files and the schema migrations."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_service.db.cypher import CypherRegistry, QueryName, schema_statements
from graph_service.errors import ConfigurationError


def test_every_named_query_has_a_file_and_metadata() -> None:
    registry = CypherRegistry()
    for name in QueryName:
        assert registry[name].metadata == {"query": name.value}
        assert registry.text(name).strip()


def test_a_missing_or_orphan_file_fails_at_load(tmp_path: Path) -> None:
    (tmp_path / "stray_query.cypher").write_text("RETURN 1")
    with pytest.raises(ConfigurationError) as failure:
        CypherRegistry(tmp_path)
    assert "server_info" in str(failure.value)
    assert "stray_query" in str(failure.value)


def test_schema_statements_are_named_and_idempotent() -> None:
    statements = schema_statements()
    assert statements
    for statement in statements:
        assert "IF NOT EXISTS" in statement.text.upper()
    names = [s.name for s in statements]
    assert len(names) == len(set(names))


def test_an_unnamed_schema_statement_is_refused(tmp_path: Path) -> None:
    (tmp_path / "V001__bad.cypher").write_text("MATCH (n) RETURN n;")
    with pytest.raises(ConfigurationError, match="named constraint or index"):
        schema_statements(tmp_path)

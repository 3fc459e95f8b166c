"""Generated requests against the served API on the real seed: queries and mutations from
the schema (valid ones, and ones with one violation each), every root field with arbitrary
variables, and malformed HTTP. However wrong the request, the answer keeps the invariants of
tests/robustness/support.py. The number of cases is --robustness-cases (default 2000) in all."""

from __future__ import annotations

from typing import Any

import graphql
import hypothesis_graphql
import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_graphql import Mode

from tests.robustness.strategies import (
    CONTENT_TYPES,
    SCHEMA,
    custom_scalars,
    generated,
    malformed_bodies,
    values_for,
    variable_documents,
)
from tests.robustness.support import EDITOR, SeedIds, check_answer

# how the budget of cases is shared between the families
SHARES = {"queries": 0.35, "negative queries": 0.1, "mutations": 0.1, "variables": 0.3, "malformed": 0.15}


def share(cases: int, family: str) -> int:
    return max(1, round(cases * SHARES[family]))


@pytest.mark.parametrize("mode", [Mode.POSITIVE, Mode.NEGATIVE], ids=["valid", "one-violation"])
def test_generated_queries(served: TestClient, seed_ids: SeedIds, robustness_cases: int, mode: Mode) -> None:
    family = "queries" if mode is Mode.POSITIVE else "negative queries"
    strategy = hypothesis_graphql.queries(SCHEMA, custom_scalars=custom_scalars(seed_ids.ids), mode=mode)

    @generated(share(robustness_cases, family))
    @given(query=strategy)
    def run(query: str) -> None:
        check_answer(served.post("/graphql", json={"query": query}), family)

    run()


def test_generated_mutations(served: TestClient, seed_ids: SeedIds, robustness_cases: int) -> None:
    """With an editor key, so that the inputs reach the curation service's validation."""
    strategy = hypothesis_graphql.mutations(SCHEMA, custom_scalars=custom_scalars(seed_ids.ids))

    @generated(share(robustness_cases, "mutations"))
    @given(mutation=strategy, key=st.sampled_from([EDITOR, None]))
    def run(mutation: str, key: str | None) -> None:
        headers = {"authorization": f"Bearer {key}"} if key else {}
        check_answer(served.post("/graphql", json={"query": mutation}, headers=headers), "mutations")

    run()


def test_every_root_field_with_generated_variables(
    served: TestClient, seed_ids: SeedIds, robustness_cases: int
) -> None:
    documents = variable_documents()
    cases = st.sampled_from(documents).flatmap(
        lambda doc: st.tuples(
            st.just(doc[0]),
            st.fixed_dictionaries({}, optional={name: values_for(t, seed_ids.ids) for name, t in doc[1].items()}),
        )
    )

    @generated(share(robustness_cases, "variables"))
    @given(case=cases, key=st.sampled_from([EDITOR, None]))
    def run(case: tuple[str, dict[str, Any]], key: str | None) -> None:
        document, variables = case
        headers = {"authorization": f"Bearer {key}"} if key else {}
        response = served.post("/graphql", json={"query": document, "variables": variables}, headers=headers)
        check_answer(response, "variables")

    run()


def test_malformed_http(served: TestClient, robustness_cases: int) -> None:
    @generated(share(robustness_cases, "malformed"))
    @given(body=malformed_bodies(), content_type=CONTENT_TYPES, method=st.sampled_from(["POST", "POST", "PUT", "GET"]))
    def run(body: bytes, content_type: str, method: str) -> None:
        headers = {"content-type": content_type} if content_type else {}
        if method == "GET":
            response = served.get("/graphql", params={"query": body.decode("utf-8", "replace")})
        else:
            response = served.request(method, "/graphql", content=body, headers=headers)
        check_answer(response, "malformed")

    run()


def test_malformed_bookmark_headers(served: TestClient, robustness_cases: int) -> None:
    """X-OrgGraph-Bookmark (graph_service/db/causal.py): whatever a client sends, a coded 4xx
    or the answer, never a 500 and never a wait on Neo4j."""

    @generated(share(robustness_cases, "malformed"))
    @given(header=st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=5000))
    def run(header: str) -> None:
        response = served.post(
            "/graphql", json={"query": "{ serverInfo { edition } }"}, headers={"x-orggraph-bookmark": header}
        )
        check_answer(response, "malformed")
        if header.strip():
            assert response.status_code == 400

    run()


def test_variable_documents_cover_every_root_field() -> None:
    covered = {graphql.parse(document).definitions[0] for document, _ in variable_documents()}
    assert SCHEMA.query_type is not None and SCHEMA.mutation_type is not None
    assert len(covered) == len(SCHEMA.query_type.fields) + len(SCHEMA.mutation_type.fields)

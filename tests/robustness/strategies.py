"""Generators of requests, valid and not, over the served schema (hypothesis, seeded and
bounded by --robustness-cases)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import graphql
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes

from graph_service.graphql.schema import build_schema

SCHEMA = build_schema()._schema

#: dates as clients write them, right and wrong
DATE_TEXTS = st.one_of(
    st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2026, 12, 31)).map(dt.date.isoformat),
    st.sampled_from(
        ["2019-02-30", "20191224", "2019-W52-2", "2019-12", "2019", "", "2019-12-24T00:00:00", "٢٠١٩-١٢-٢٤"]
    ),
    st.text(max_size=12),
)
TEXTS = st.one_of(
    st.sampled_from(["消防", "自然资源", "局", "管理", "市监局", "*", "\\", '"', "AND OR", "(", "~1", ""]),
    st.text(max_size=30),
)


def generated(cases: int) -> settings:
    """Hypothesis settings for a family: reproducible (derandomized), no example database,
    no deadline (timing is the benchmarks' job), shrinking kept for readable failures."""
    return settings(
        max_examples=max(1, cases),
        derandomize=True,
        database=None,
        deadline=None,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
    )


def ids(known: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(known), st.text(max_size=20), st.sampled_from(["620700", "620000", "620702"]))


def custom_scalars(known: list[str]) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    return {
        "Date": DATE_TEXTS.map(nodes.String),
        "ID": ids(known).map(nodes.String),
        "String": TEXTS.map(nodes.String),
    }


# --- variables ------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        TEXTS,
        DATE_TEXTS,
    ),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(TEXTS, children, max_size=4)),
    max_leaves=12,
)


def variable_documents() -> list[tuple[str, dict[str, graphql.GraphQLInputType]]]:
    """For each root field, a document passing every argument as a variable, and the types."""
    documents = []
    for operation, root in (("query", SCHEMA.query_type), ("mutation", SCHEMA.mutation_type)):
        assert root is not None
        for name, field in root.fields.items():
            types = {arg: definition.type for arg, definition in field.args.items()}
            declared = ", ".join(f"${arg}: {definition}" for arg, definition in types.items())
            passed = ", ".join(f"{arg}: ${arg}" for arg in types)
            selection = _minimal_selection(field.type)
            head = f"{operation}({declared})" if declared else operation
            call = f"{name}({passed})" if passed else name
            documents.append((f"{head} {{ {call}{selection} }}", types))
    return documents


def _minimal_selection(type_: graphql.GraphQLOutputType) -> str:
    named = graphql.get_named_type(type_)
    if isinstance(named, graphql.GraphQLObjectType):
        return " { __typename }"
    return ""


def values_for(type_: graphql.GraphQLInputType, known: list[str], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values for a variable of `type_`: mostly plausible, often wrong (any JSON)."""
    nullable = graphql.get_nullable_type(type_)
    plausible: st.SearchStrategy[Any]
    if isinstance(nullable, graphql.GraphQLList):
        plausible = st.lists(values_for(nullable.of_type, known, depth + 1), max_size=3)
    elif isinstance(nullable, graphql.GraphQLEnumType):
        plausible = st.one_of(st.sampled_from(list(nullable.values)), TEXTS)
    elif isinstance(nullable, graphql.GraphQLInputObjectType) and depth < 3:
        fields = {name: values_for(field.type, known, depth + 1) for name, field in nullable.fields.items()}
        plausible = st.fixed_dictionaries({}, optional=fields)
    elif isinstance(nullable, graphql.GraphQLScalarType):
        plausible = {
            "Int": st.one_of(st.integers(min_value=-5, max_value=120), st.integers()),
            "Float": st.floats(allow_nan=False, allow_infinity=False),
            "Boolean": st.booleans(),
            "ID": ids(known),
            "Date": DATE_TEXTS,
        }.get(nullable.name, TEXTS)
    else:
        plausible = JSON_VALUES
    return st.one_of(plausible, plausible, JSON_VALUES)


# --- malformed HTTP ---------------------------------------------------------------------------

CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-8",
        "text/plain",
        "application/graphql",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "",
    ]
)


def malformed_bodies() -> st.SearchStrategy[bytes]:
    """Bodies a careless or hostile client sends: bytes, non-objects, wrong member types,
    deep nesting, NaN, invalid UTF-8, lone surrogates."""
    wrong_members = st.fixed_dictionaries(
        {},
        optional={
            "query": st.one_of(JSON_VALUES, st.just("{ serverInfo { edition } }")),
            "variables": JSON_VALUES,
            "operationName": JSON_VALUES,
            "extensions": JSON_VALUES,
        },
    ).map(lambda body: json.dumps(body).encode())
    # persisted queries (graph_service/web/persisted_queries.py): references of every shape
    hashes = st.one_of(JSON_VALUES, st.text("0123456789abcdefABCDEF", min_size=63, max_size=65))
    persisted = st.fixed_dictionaries(
        {},
        optional={
            "query": st.one_of(st.just("{ serverInfo { edition } }"), JSON_VALUES),
            "extensions": st.one_of(
                JSON_VALUES,
                st.fixed_dictionaries(
                    {
                        "persistedQuery": st.fixed_dictionaries(
                            {}, optional={"version": JSON_VALUES, "sha256Hash": hashes}
                        )
                    }
                ),
                st.fixed_dictionaries(
                    {"persistedQuery": st.fixed_dictionaries({"version": st.just(1), "sha256Hash": hashes})}
                ),
            ),
            "documentId": st.one_of(JSON_VALUES, hashes),
        },
    ).map(lambda body: json.dumps(body).encode())
    nested = st.integers(min_value=1, max_value=3000).map(
        lambda n: b'{"query":"{ serverInfo { edition } }","variables":{"v":' + b"[" * n + b"]" * n + b"}}"
    )
    return st.one_of(
        st.binary(max_size=300),
        JSON_VALUES.map(lambda value: json.dumps(value).encode()),
        wrong_members,
        persisted,
        nested,
        st.sampled_from(
            [
                b'{"query": "query($n: Float) { serverInfo { edition } }", "variables": {"n": NaN}}',
                b'{"query": "{ serverInfo { edition } }", "variables": {"n": Infinity}}',
                b'{"query": "{ search(text: \\"\\ud800\\") { kind } }"}',
                b'{"query": "{ serverInfo { edition } }", "operationName": "\\udfff"}',
                b'{"query": "{ serverInfo { edition } }"}\xff',
                b'{"query": "{ serverInfo { edition } }"',
                b"",
                b"null",
                b"[]",
                b'"x"',
                b"123",
                b'{"query": ""}',
                b'{"query": "{ serverInfo { edition } }", "variables": []}',
            ]
        ),
    )

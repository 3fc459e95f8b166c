"""schema.graphql is the schema the server serves."""

from __future__ import annotations

from graph_service.graphql.schema import schema_sdl
from graph_service.paths import SCHEMA_FILE


def test_schema_file_matches_the_served_schema() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_sdl(), (
        "schema.graphql is out of date: run `orggraph export-schema`"
    )


def test_every_type_field_and_argument_is_described() -> None:
    """Front-end teams read the schema first: nothing in it goes undescribed."""
    from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

    from graph_service.graphql.schema import build_schema

    builtin = {"String", "Int", "Boolean", "Float", "ID"}
    missing = []
    for name, kind in build_schema()._schema.type_map.items():
        if name.startswith("__") or name in builtin:
            continue
        if not kind.description:
            missing.append(name)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in kind.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        if isinstance(kind, GraphQLEnumType) and not kind.description:
            missing.append(name)
    assert missing == []

"""The Date scalar: YYYY-MM-DD, with a BAD_USER_INPUT error that says what is wrong."""

from __future__ import annotations

import datetime as dt

import strawberry
from graphql import GraphQLError

from graph_service.domain.dates import parse_as_of


def _parse_date(value: object) -> dt.date:
    if not isinstance(value, str):
        raise GraphQLError(f"a date must be a string YYYY-MM-DD, not {value!r}", extensions={"code": "BAD_USER_INPUT"})
    try:
        return parse_as_of(value)
    except ValueError as exc:
        raise GraphQLError(str(exc), extensions={"code": "BAD_USER_INPUT"}) from None


Date = strawberry.scalar(
    name="Date",
    description="A calendar day, YYYY-MM-DD.",
    serialize=lambda value: value.isoformat(),
    parse_value=_parse_date,
)

"""Checks of arguments, raising BAD_USER_INPUT with a message that names the argument."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

import strawberry

from graph_service.errors import BadUserInputError

MAX_PAGE = 100


def check_range(name: str, value: int, low: int, high: int) -> int:
    if not low <= value <= high:
        raise BadUserInputError(f"`{name}` must be between {low} and {high}, not {value}")
    return value


def check_dates_in_order(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise BadUserInputError(f"`to` ({end}) is before `from` ({start})")


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def body_reference(value: str, name: str = "id", kind: str = "body") -> tuple[str, dt.date | None]:
    """A body id as a client may send it: the stable id (620700.natural_resources), or the id a
    body answered with, which carries its date (620700.natural_resources@2019-12-24). A figure's
    id is read the same way (`kind`: what the message calls it)."""
    stable, at, day = value.partition("@")
    if not at:
        return stable, None
    try:
        if not _DAY.fullmatch(day):
            raise ValueError(day)
        return stable, dt.date.fromisoformat(day)
    except ValueError:
        raise BadUserInputError(
            f"`{name}`: {value!r} is not a {kind} id (a stable id, or one with its date: ID@YYYY-MM-DD)"
        ) from None


def stable_body_id(value: str, name: str = "id") -> str:
    return body_reference(value, name)[0]


# Arguments used by several root fields, described once.
AsOf = Annotated[
    dt.date | None, strawberry.argument(description="The date to answer for (YYYY-MM-DD); default: today.")
]
BodyId = Annotated[
    strawberry.ID,
    strawberry.argument(
        description="A body's id: stable (620700.natural_resources) or as answered, with its date "
        "(620700.natural_resources@2019-12-24)."
    ),
]
JurisdictionCode = Annotated[strawberry.ID, strawberry.argument(description="A GB/T 2260 code, e.g. 620700.")]
OptionalJurisdiction = Annotated[
    strawberry.ID | None, strawberry.argument(description="A GB/T 2260 code, e.g. 620700; omit for all.")
]

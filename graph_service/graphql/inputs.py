"""Checks of arguments, raising BAD_USER_INPUT with a message that names the argument."""

from __future__ import annotations

import datetime as dt
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


# Arguments used by several root fields, described once.
AsOf = Annotated[
    dt.date | None, strawberry.argument(description="The date to answer for (YYYY-MM-DD); default: today.")
]
BodyId = Annotated[strawberry.ID, strawberry.argument(description="A body's id, e.g. 620700.natural_resources.")]
JurisdictionCode = Annotated[strawberry.ID, strawberry.argument(description="A GB/T 2260 code, e.g. 620700.")]
OptionalJurisdiction = Annotated[
    strawberry.ID | None, strawberry.argument(description="A GB/T 2260 code, e.g. 620700; omit for all.")
]

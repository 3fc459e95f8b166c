"""Checks of arguments, raising BAD_USER_INPUT with a message that names the argument."""

from __future__ import annotations

import datetime as dt

from graph_service.errors import BadUserInputError

MAX_PAGE = 100


def check_range(name: str, value: int, low: int, high: int) -> int:
    if not low <= value <= high:
        raise BadUserInputError(f"`{name}` must be between {low} and {high}, not {value}")
    return value


def check_dates_in_order(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise BadUserInputError(f"`to` ({end}) is before `from` ({start})")

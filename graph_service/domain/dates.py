"""Dates as the sources give them: a year, a year and month, a day, or a window.

A `PartialDate` keeps the precision and knows the first and last day it may mean, so as-of
logic can say "certainly", "possibly" or "not" instead of pretending to a precision the
source does not have (see docs/model.md, "Dates"). A window `A/B` (ISO 8601 interval
notation, e.g. `2018-11/2019-03-31`) says "at some time from A to B": the honest form of
"formed after the plan was approved and before its 三定 were issued".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer

Precision = Literal["year", "month", "day", "window"]

# ASCII digits only (\d would take other scripts' digits), matched whole (no trailing newline)
_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class PartialDate(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str  # as written: "2019", "2019-06", "2019-03-31" or "2018-11/2019-03-31"
    precision: Precision
    earliest: dt.date
    latest: dt.date

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.date):
            value = value.isoformat()
        if isinstance(value, int):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError(f"a date must be written YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
        if "/" in value:
            return cls._window(value)
        match = _PATTERN.fullmatch(value.strip())
        if match is None:
            raise ValueError(f"{value!r} is not a date: write YYYY, YYYY-MM, YYYY-MM-DD or a window START/END")
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        try:
            if month is None:
                return cls(text=value, precision="year", earliest=dt.date(year, 1, 1), latest=dt.date(year, 12, 31))
            last = calendar.monthrange(year, month)[1]
            if day is None:
                return cls(
                    text=value, precision="month", earliest=dt.date(year, month, 1), latest=dt.date(year, month, last)
                )
            exact = dt.date(year, month, day)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a real date ({exc})") from None
        return cls(text=value, precision="day", earliest=exact, latest=exact)

    @classmethod
    def _window(cls, value: str) -> PartialDate:
        start_text, _, end_text = value.partition("/")
        if "/" in end_text:
            raise ValueError(f"{value!r} is not a date window: write START/END, e.g. 2018-11/2019-03-31")
        start, end = cls.parse(start_text), cls.parse(end_text)
        if end.latest < start.earliest:
            raise ValueError(f"{value!r}: the window ends before it starts")
        return cls(text=value, precision="window", earliest=start.earliest, latest=end.latest)

    def __str__(self) -> str:
        return self.text


def _parse(value: object) -> PartialDate:
    return PartialDate.parse(value)


#: A field type for models read from files: accepts "2019", "2019-06", "2019-03-31" (or a date).
DateField = Annotated[PartialDate, BeforeValidator(_parse), PlainSerializer(lambda d: d.text, return_type=str)]


def parse_as_of(value: str) -> dt.date:
    """An as-of date from a user: a calendar day written YYYY-MM-DD, nothing else (Python's
    fromisoformat alone would also take 20191224 and 2019-W52-2)."""
    if not _DAY.fullmatch(value):
        raise ValueError(f"{value[:40]!r} is not a date: write YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a date: write YYYY-MM-DD ({exc})") from None

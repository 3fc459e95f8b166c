"""Values as the driver returns them, turned into plain Python (Neo4j dates become datetime.date)."""

from __future__ import annotations

from typing import Any


def to_python(value: Any) -> Any:
    """Neo4j temporal values as Python dates and datetimes; maps and lists converted all the way down."""
    if isinstance(value, dict):
        return {key: to_python(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_python(item) for item in value]
    to_native = getattr(value, "to_native", None)
    return to_native() if to_native is not None else value

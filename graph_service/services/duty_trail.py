"""Where a duty moved: its holdings in order, and for each move the event behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DutyMove:
    from_body: str
    to_body: str
    event_id: str | None  # None when no recorded event explains the move


def pair_moves(holdings: list[dict[str, Any]], events: list[dict[str, Any]]) -> list[DutyMove]:
    """For each change of holder, the event that moved the duty: the one whose resulting
    bodies include the new holder (or, failing that, whose original bodies include the old
    one), dated nearest the new holding's start."""
    moves = []
    for previous, following in zip(holdings, holdings[1:], strict=False):
        old, new = previous["bodyId"], following["bodyId"]
        if old == new:
            continue
        start = following.get("validFromEarliest")
        candidates = [e for e in events if new in e.get("resultingIds", [])] or [
            e for e in events if old in e.get("originalIds", [])
        ]
        if start is not None:
            candidates.sort(key=lambda e: abs((e["dateEarliest"] - start).days))
        moves.append(DutyMove(old, new, candidates[0]["id"] if candidates else None))
    return moves

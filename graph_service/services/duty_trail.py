"""Where a duty moved: its holdings in order, and for each move the event behind it."""

from __future__ import annotations

from dataclasses import dataclass

from graph_service.read.rows import HoldingRow, TrailEvent


@dataclass(frozen=True)
class DutyMove:
    index: int  # the holding the duty moved to (the previous one is index - 1)
    from_body: str
    to_body: str
    event_id: str | None  # None when no recorded event explains the move


def pair_moves(holdings: list[HoldingRow], events: list[TrailEvent]) -> list[DutyMove]:
    """For each change of holder, the event that moved the duty: the one whose resulting
    bodies include the new holder (or, failing that, whose original bodies include the old
    one), dated nearest the new holding's start."""
    moves = []
    for index in range(1, len(holdings)):
        old, new = holdings[index - 1]["bodyId"], holdings[index]["bodyId"]
        if old == new:
            continue
        start = holdings[index]["validFromEarliest"]
        candidates = [e for e in events if new in e["resultingIds"]] or [e for e in events if old in e["originalIds"]]
        if start is not None:
            candidates.sort(key=lambda e: abs((e["dateEarliest"] - start).days))
        moves.append(DutyMove(index, old, new, candidates[0]["id"] if candidates else None))
    return moves

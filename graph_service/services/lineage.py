"""Predecessors and successors through reform events, as steps with their depth."""

from __future__ import annotations

from dataclasses import dataclass

from graph_service.read.rows import LineagePath


@dataclass(frozen=True)
class LineageStep:
    depth: int
    event_id: str
    from_body: str  # the body nearer the start of the lineage
    to_body: str  # the predecessor (or successor) reached through the event


def steps_from_paths(body_id: str, paths: list[LineagePath]) -> list[LineageStep]:
    """Flatten traversal paths into distinct steps, shallowest first; a body that is both
    original and resulting of one event (re-formed) is not its own predecessor."""
    seen: dict[tuple[str, str, str], int] = {}
    for path in paths:
        current = body_id
        for depth, (event_id, reached) in enumerate(zip(path["eventIds"], path["bodyIds"], strict=True), start=1):
            if reached != current:
                key = (event_id, current, reached)
                seen[key] = min(depth, seen.get(key, depth))
            current = reached
    steps = [LineageStep(depth, event, start, end) for (event, start, end), depth in seen.items()]
    return sorted(steps, key=lambda s: (s.depth, s.event_id, s.to_body))

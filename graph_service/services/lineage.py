"""Predecessors and successors through reform events, as steps with their depth, and each
step in a sentence."""

from __future__ import annotations

from dataclasses import dataclass

from graph_service.domain.enums import LineageRelation
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


#: a step in a sentence, by direction and relation: {earlier} / {later} are the two bodies' names
_SUCCESSORS = {
    LineageRelation.CONTINUED_AS: "{earlier} continued as {later}",
    LineageRelation.MERGED_INTO: "{earlier} merged into {later}",
    LineageRelation.SPLIT_INTO: "{earlier} was split; {later} is one of its parts",
    LineageRelation.RENAMED_TO: "{earlier} was renamed {later}",
    LineageRelation.TRANSFERRED_DUTIES_TO: "{earlier} transferred some duties to {later}",
}
_PREDECESSORS = {
    LineageRelation.CONTINUED_AS: "{later} was formed from {earlier} (continued as it)",
    LineageRelation.MERGED_INTO: "{later} was formed in part from {earlier} (merged into it)",
    LineageRelation.SPLIT_INTO: "{later} was split off from {earlier}",
    LineageRelation.RENAMED_TO: "{later} was renamed from {earlier}",
    LineageRelation.TRANSFERRED_DUTIES_TO: "{later} received duties from {earlier}",
}


def step_summary(relation: LineageRelation, *, predecessors: bool, from_name: str, to_name: str) -> str:
    """The step in a sentence in the direction asked: starting from the body nearer the start
    of the lineage (`from`), which is the later body when looking for predecessors."""
    if predecessors:
        return _PREDECESSORS[relation].format(later=from_name, earlier=to_name)
    return _SUCCESSORS[relation].format(earlier=from_name, later=to_name)

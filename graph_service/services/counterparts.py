"""Which bodies at another level correspond to a body, and why.

A candidate (same group of kinds, valid on the date) matches because a document says so
(`CORRESPONDS_TO`), because one manages the other across levels (a vertical branch), or
because they share function codes. A recorded correspondence counts as stated by a document
(basis DOCUMENT, confidence confirmed) only when its record is confirmed; an inferred one
answers on the basis it rests on, management or shared fields, as inferred. The match is:
- `vertical` when a record says so or one body is the other's branch (MANAGED_BY);
- `exact` when both cover the same function codes;
- `merged` when the codes overlap but differ: one body covers fields the other level keeps
  in several bodies (the answer names the shared and the other fields).
A jurisdiction with no candidate answers `none`, with the reason (or the document that allows it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graph_service.domain.enums import Confidence, MatchBasis, MatchKind, NoneReason
from graph_service.read.rows import Candidate, Target


@dataclass(frozen=True)
class CounterpartMatch:
    body_id: str
    match: MatchKind
    basis: MatchBasis
    shared_functions: list[str]
    other_functions: list[str]  # the candidate's fields the source body does not cover
    reason: str
    sources: list[str] = field(default_factory=list)
    confidence: Confidence = Confidence.INFERRED


@dataclass(frozen=True)
class CounterpartAnswer:
    jurisdiction: str
    jurisdiction_name: str
    level: str
    direction: str  # 'up' or 'down'
    matches: list[CounterpartMatch]
    reason: str
    allowed_by: list[str]  # document ids of exceptions that allow a missing field
    none_reason: NoneReason | None = None  # why nothing corresponds (None when something does)

    @property
    def found(self) -> bool:
        return bool(self.matches)


def classify(
    body_functions: list[str], row: Target, required_at: Mapping[str, list[str]] | None = None
) -> CounterpartAnswer:
    """One target jurisdiction's candidates (a row of counterparts.cypher), classified.
    `required_at`: the levels the function catalogue requires each of the body's fields at."""
    matches = [_match(body_functions, candidate) for candidate in row["candidates"]]
    matches.sort(key=lambda m: (list(MatchKind).index(m.match), -len(m.shared_functions), m.body_id))
    exceptions = row["exceptions"]
    allowed_by = sorted({source for x in exceptions for source in x["sources"] or []})
    levels = required_at or {}
    none_reason = None
    if matches:
        kinds = sorted({m.match.value for m in matches})
        reason = f"{len(matches)} {'body' if len(matches) == 1 else 'bodies'} ({', '.join(kinds)})"
    elif exceptions:
        none_reason = NoneReason.EXCUSED
        reason = "none, allowed: " + "; ".join(x["description"] for x in exceptions)
    elif body_functions and all(code in levels and row["level"] not in levels[code] for code in body_functions):
        none_reason = NoneReason.NOT_REQUIRED
        required = "; ".join(f"{code} only at {', '.join(levels[code]) or 'no level'}" for code in body_functions)
        reason = f"none, not required at {row['level']} level by the function catalogue ({required})"
    else:
        none_reason = NoneReason.NOT_RECORDED
        fields = ", ".join(body_functions) or "no function codes"
        reason = (
            f"none recorded: the data set holds no body in {row['name']} covering {fields} on this date "
            "(absence of a record, not a finding that none exists)"
        )
    return CounterpartAnswer(
        jurisdiction=row["code"],
        jurisdiction_name=row["name"],
        level=row["level"],
        direction="up" if row["above"] else "down",
        matches=matches,
        reason=reason,
        allowed_by=allowed_by,
        none_reason=none_reason,
    )


def _match(body_functions: list[str], candidate: Candidate) -> CounterpartMatch:
    mine, theirs = set(body_functions), set(candidate["functions"])
    shared = sorted(mine & theirs)
    other = sorted(theirs - mine)
    explicit = candidate["explicit"]
    if explicit and explicit["confidence"] == Confidence.CONFIRMED.value:
        match = MatchKind(explicit["match"])
        return CounterpartMatch(
            candidate["id"],
            match,
            MatchBasis.DOCUMENT,
            shared or list(explicit["functions"] or []),
            other,
            f"a document states a {match.value} correspondence",
            list(explicit["sources"] or []),
            Confidence.CONFIRMED,
        )
    if explicit:
        # recorded, but no cited document states it: say what it rests on
        match = MatchKind(explicit["match"])
        basis = MatchBasis.MANAGEMENT if candidate["managedLink"] else MatchBasis.FUNCTIONS
        rests_on = (
            "management across levels (one body manages the other)"
            if candidate["managedLink"]
            else "the fields both cover"
        )
        return CounterpartMatch(
            candidate["id"],
            match,
            basis,
            shared or list(explicit["functions"] or []),
            other,
            f"recorded as a {match.value} correspondence, inferred (no cited document states it): "
            f"it rests on {rests_on}",
            list(explicit["sources"] or []),
        )
    if candidate["managedLink"]:
        return CounterpartMatch(
            candidate["id"],
            MatchKind.VERTICAL,
            MatchBasis.MANAGEMENT,
            shared,
            other,
            "one body is managed by the other across levels (vertical management)",
        )
    if mine == theirs:
        return CounterpartMatch(
            candidate["id"],
            MatchKind.EXACT,
            MatchBasis.FUNCTIONS,
            shared,
            other,
            f"covers the same fields: {', '.join(shared)}",
        )
    missing = sorted(mine - theirs)
    parts = [f"shares {', '.join(shared)}"]
    if other:
        parts.append(f"also covers {', '.join(other)}")
    if missing:
        parts.append(f"does not cover {', '.join(missing)}")
    return CounterpartMatch(candidate["id"], MatchKind.MERGED, MatchBasis.FUNCTIONS, shared, other, "; ".join(parts))

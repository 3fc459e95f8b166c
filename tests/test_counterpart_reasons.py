"""Why nothing corresponds, decided from a target's row (graph_service/services/counterparts.py):
pure rules, no database; the API's answers are checked on the seed in test_api_examples.py."""

from __future__ import annotations

from graph_service.domain.enums import NoneReason
from graph_service.read.rows import Target
from graph_service.services.counterparts import classify


def target(level: str = "county", exceptions: list[dict[str, object]] | None = None) -> Target:
    row = {"code": "1", "name": "某县", "level": level, "above": False, "jurisdiction": {}, "candidates": [],
           "exceptions": exceptions or [], "documents": []}  # fmt: skip
    return row  # type: ignore[return-value]


def test_not_required_at_that_level() -> None:
    answer = classify(["state_assets"], target(), {"state_assets": ["province"]})
    assert answer.none_reason is NoneReason.NOT_REQUIRED
    assert "not required at county level" in answer.reason and "state_assets only at province" in answer.reason


def test_required_but_not_recorded_is_not_a_finding() -> None:
    answer = classify(["natural_resources"], target(), {"natural_resources": ["province", "city", "county"]})
    assert answer.none_reason is NoneReason.NOT_RECORDED
    assert "absence of a record" in answer.reason


def test_one_required_field_makes_it_not_recorded() -> None:
    levels = {"state_assets": ["province"], "finance": ["province", "city", "county"]}
    assert classify(["state_assets", "finance"], target(), levels).none_reason is NoneReason.NOT_RECORDED


def test_an_exception_excuses_it_with_its_document() -> None:
    exception: dict[str, object] = {"id": "exception.1.finance", "description": "合并设置", "sources": ["doc.x"]}
    answer = classify(["finance"], target(exceptions=[exception]), {"finance": ["county"]})
    assert answer.none_reason is NoneReason.EXCUSED and answer.allowed_by == ["doc.x"]

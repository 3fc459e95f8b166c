"""The loader's provenance rules: the data cannot claim more than its sources (docs/model.md).

The rules run on the files, before anything is written; the last tests read the result back
through the API from a real Neo4j."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph_service.app import create_app
from graph_service.cli import app
from graph_service.config import Settings
from graph_service.ingest.graph_plan import plan_graph
from graph_service.ingest.loader import LoadReport, SeedValidationError, check_seed
from graph_service.paths import PROJECT_ROOT
from tests.seed_fixture import small_seed, write_seed

runner = CliRunner()


def _body(files: dict[str, dict[str, Any]], ident: str) -> dict[str, Any]:
    return next(b for b in files["990100-city/bodies.yaml"]["bodies"] if b["id"] == ident)


def _with_template(files: dict[str, dict[str, Any]]) -> None:
    files["common/base.yaml"]["documents"].append(
        {
            "id": "doc.plan",
            "title": "全国方案",
            "kind": "reform_plan",
            "about": [],
            "sources": ["doc.t"],
            "confidence": "confirmed",
        }
    )


def _lowered(files: dict[str, dict[str, Any]], tmp_path: Path) -> dict[str, str]:
    checked = check_seed(write_seed(tmp_path, files))
    return {change.ident: change.reason for change in checked.provenance.changes}


def test_the_shipped_seed_claims_nothing_its_sources_do_not_state() -> None:
    checked = check_seed(PROJECT_ROOT / "seed")
    assert checked.provenance.changes == [], [c.reason for c in checked.provenance.changes]
    # the placeholder planning body: its existence is confirmed, its name and kind are not
    planning = checked.index.bodies["620700.urban_rural_planning"].record
    assert planning.confidence.value == "confirmed" and planning.inferred == ["name", "kind"]
    # the ecology branches' correspondences are inferred: no cited document states them
    assert {c.record.confidence.value for c in checked.index.correspondences} == {"inferred"}


def test_a_template_alone_cannot_confirm_a_citys_fact(tmp_path: Path) -> None:
    files = small_seed()
    _with_template(files)
    _body(files, "990100.planning")["sources"] = ["doc.plan"]
    lowered = _lowered(files, tmp_path)
    assert "no cited document (doc.plan) states facts of 990100" in lowered["990100.planning"]
    # a document about the province states facts of its cities too
    files["common/base.yaml"]["documents"][-1]["about"] = ["990000"]
    assert "990100.planning" not in _lowered(files, tmp_path / "2")


def test_a_document_known_only_from_a_mention_confirms_nothing(tmp_path: Path) -> None:
    files = small_seed()
    files["common/base.yaml"]["documents"].append(
        {
            "id": "doc.unseen",
            "title": "未见文件",
            "kind": "decision",
            "sources": ["doc.t"],
            "confidence": "inferred",
            "note": "mentioned by doc.t",
        }
    )
    _body(files, "990100.planning")["sources"] = ["doc.unseen"]
    assert "990100.planning" in _lowered(files, tmp_path)


def test_a_note_that_says_inferred_needs_the_inferred_parts_named(tmp_path: Path) -> None:
    files = small_seed()
    planning = _body(files, "990100.planning")
    planning["note"] = "The article names the planning body; its kind is inferred from the template."
    assert "('inferred')" in _lowered(files, tmp_path)["990100.planning"]

    planning["inferred"] = ["kind"]  # the parts split: the rest stays confirmed
    checked = check_seed(write_seed(tmp_path / "2", files))
    assert checked.provenance.changes == []
    assert checked.provenance.split["body"] == 1
    node = plan_graph(checked.index).nodes["body:990100.planning"]
    assert node.props["confidence"] == "confirmed" and node.props["inferredParts"] == ["kind"]

    planning["inferred"] = ["kindd"]
    with pytest.raises(SeedValidationError, match="`inferred` names kindd, not a field of this record"):
        check_seed(write_seed(tmp_path / "3", files))


def test_a_quote_must_stand_in_the_held_text_and_the_locator_is_kept(tmp_path: Path) -> None:
    files = small_seed()
    document = files["common/base.yaml"]["documents"][0]
    document["text"] = "texts/t.txt"
    figure = files["990100-city/bodies.yaml"]["figures"][0]
    figure["sources"] = [{"id": "doc.t", "locator": "三是", "quote": "改革前市级48个党政机构"}]
    seed_dir = write_seed(tmp_path, files)
    (seed_dir / "texts").mkdir()
    (seed_dir / "texts" / "t.txt").write_text("对改革前市级 48 个党政机构进行了统筹设置。", encoding="utf-8")
    checked = check_seed(seed_dir)  # whitespace and full-width forms do not matter
    props = plan_graph(checked.index).nodes["figure:figure.990100.bodies_before"].props
    assert props["citationSources"] == ["doc.t"] and props["citationLocators"] == ["三是"]
    assert props["citationQuotes"] == ["改革前市级48个党政机构"] and props["sources"] == ["doc.t"]

    figure["sources"] = [{"id": "doc.t", "quote": "改革前市级47个党政机构"}]
    seed_dir = write_seed(tmp_path / "2", files)
    (seed_dir / "texts").mkdir()
    (seed_dir / "texts" / "t.txt").write_text("对改革前市级48个党政机构进行了统筹设置。", encoding="utf-8")
    with pytest.raises(SeedValidationError, match="the quote '改革前市级47个党政机构' is not in the text of doc.t"):
        check_seed(seed_dir)

    figure["sources"] = [{"id": "doc.t"}]  # a mapping says where, or it is just an id
    with pytest.raises(SeedValidationError, match="needs `locator` or `quote`"):
        check_seed(write_seed(tmp_path / "3", files))


def test_the_provenance_report_on_the_command_line(tmp_path: Path) -> None:
    files = small_seed()
    _with_template(files)
    _body(files, "990100.land")["sources"] = ["doc.plan"]
    result = runner.invoke(app, ["seed", "--provenance"], env={"SEED_DIR": str(write_seed(tmp_path, files))})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "kind" in out and "990100" in out and "body" in out
    assert "confidence lowered to inferred by the rules: 1" in out
    assert "body 990100.land (seed/990100-city/bodies.yaml): no cited document (doc.plan) states facts of 990100" in out


def test_citations_and_inferred_parts_through_the_api(seeded: LoadReport, settings: Settings) -> None:
    query = """{
      figures(jurisdiction: "620700", metric: "counties") {
        value graphCount citations { locator quote document { id } }
      }
      body(id: "620700.urban_rural_planning") { confidence inferredParts citations { quote } }
      counterparts(bodyId: "620700.ecology_environment", jurisdiction: "620722", asOf: "2019-12-24") {
        answers { matches { basis confidence match reason } }
      }
    }"""
    with TestClient(create_app(settings)) as client:
        data = client.post("/graphql", json={"query": query}).json()["data"]
    (counties,) = data["figures"]
    assert counties["value"] == counties["graphCount"] == 6
    (citation,) = counties["citations"]
    assert citation["document"] == {"id": "doc.article-2019"} and citation["locator"] == "一、强力推进 · 五是"
    assert citation["quote"] in (PROJECT_ROOT / "seed" / "texts" / "article-2019.zh.txt").read_text(encoding="utf-8")
    assert data["body"] == {"confidence": "CONFIRMED", "inferredParts": ["name", "kind"], "citations": []}
    # the county ecology branch: recorded as vertical, but no document states it
    (match,) = data["counterparts"]["answers"][0]["matches"]
    assert match["match"] == "VERTICAL" and match["basis"] == "MANAGEMENT" and match["confidence"] == "INFERRED"
    assert "no cited document states it" in match["reason"]

"""Official texts read into reform events (graph_service/textimport, docs/import.md), on texts
the project wrote in the genre's standard structure (tests/texts/): what is found, with
locators; what malformed texts are told; and, on the seeded graph, the dry run (writes nothing),
the import through the curation write path (idempotent, retractable) and the answers after it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver
from pydantic import BaseModel
from typer.testing import CliRunner

from graph_service.app import create_app
from graph_service.cli import app as cli
from graph_service.config import Settings
from graph_service.ingest.loader import LoadReport
from graph_service.textimport.proposal import Located, Proposal
from graph_service.textimport.service import read_text
from graph_service.textimport.structure import TextStructureError, chinese_number
from tests.graph_snapshot import snapshot
from tests.graphql_client import stable
from tests.neo4j_provider import Neo4jTarget
from tests.test_cli import env_for
from tests.test_curation import EDITOR, KEYS, READER

TEXTS = Path(__file__).with_name("texts")
CATALOGUE = {
    "statistics": "统计",
    "cyberspace": "网络安全和信息化",
    "urban_rural_planning": "城乡规划",
    "organization": "组织",
}
IMPORT = """mutation($lines: [String!]!, $j: ID!, $doc: ID!, $kind: TextKind!, $dry: Boolean!, $date: String, $id: ID) {
  importText(lines: $lines, jurisdiction: $j, documentId: $doc, kind: $kind, dryRun: $dry, date: $date, bodyId: $id) {
    applied eventId diff unresolved { written reason at { label quote } } leftForCurator { label } proposal
    audit { id actor }
  }
}"""
EVENT_SHAPE = """query($id: ID!) { node(id: $id) { ... on ReformEvent {
  type original { id } resulting { id name nameplates { name } } dutiesFrom { bodyId } } } }"""
RETRACT = 'mutation($id: ID!) { retractReformEvent(eventId: $id, reason: "test over") { action } }'


def text(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


def every_location(proposal: Proposal) -> Iterator[Located]:
    """Every locator anywhere in the proposal (nested models included)."""
    stack: list[Any] = [proposal]
    while stack:
        value = stack.pop()
        if isinstance(value, Located):
            yield value
        elif isinstance(value, BaseModel):
            stack.extend(getattr(value, name) for name in type(value).model_fields)
        elif isinstance(value, list):
            stack.extend(value)


# --- reading, without the graph --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("sanding-new-body.zh.txt", "sanding"),
        ("sanding-loses-duties.zh.txt", "sanding"),
        ("plan-merge-three.zh.txt", "plan"),
        ("plan-rename.zh.txt", "plan"),
    ],
)
def test_every_element_has_a_locator_that_quotes_the_text(name: str, kind: str) -> None:
    source = text(name)
    proposal = read_text(source, "sanding" if kind == "sanding" else "plan", CATALOGUE)
    locations = list(every_location(proposal))
    assert locations
    for at in locations:
        assert source[at.start : at.end] == at.quote, at


def test_a_sanding_gives_every_item_section_transfer_post_and_date() -> None:
    source = text("sanding-new-body.zh.txt")
    proposal = read_text(source, "sanding", CATALOGUE)
    # counted independently: the items of the duties article and of the sections article
    duties_article = source[source.index("第四条") : source.index("第五条")]
    sections_article = source[source.index("第五条") : source.index("第六条")]
    items = len(re.findall(r"^（[一二三四五六七八九十]+）", duties_article, re.MULTILINE))
    assert len(proposal.duties) + len(proposal.unrecognised) == items == 7
    assert [u.item for u in proposal.unrecognised] == [7]  # 职能转变 is not a duty: left for a curator
    assert [s.name for s in proposal.sections] == ["办公室", "数字经济科", "数据资源科"]
    assert len(re.findall(r"^（", sections_article, re.MULTILINE)) == len(proposal.sections)
    assert all(len(s.duties) == 1 for s in proposal.sections)
    assert [(t.source.written, t.duty_text, t.target.written) for t in proposal.transfers] == [
        ("市发展和改革委员会", "统筹推进数字经济发展职责", "市数据局"),
        ("市政府办公室", "政务数据管理职责", "市数据局"),
    ]
    assert proposal.body is not None
    assert (proposal.body.name, proposal.body.kind, proposal.body.rank) == (
        "张掖市数据局",
        "government_department",
        "正县级",
    )
    assert [p.written for p in proposal.body.nameplates] == ["张掖市大数据中心"]
    assert proposal.staffing == 12 and [(p.title, p.count) for p in proposal.posts] == [("局长", 1), ("副局长", 2)]
    assert proposal.effective == "2024-06-01"
    # a field where the catalogue's keywords decide it, none where they do not or disagree
    by_item = {d.at.item: d for d in proposal.duties}
    assert by_item[4].function == "cyberspace" and by_item[5].function == "statistics"  # 组织开展 is a verb
    assert by_item[3].function is None and by_item[3].function_note


def test_chinese_numbers_and_counts_written_either_way() -> None:
    assert [chinese_number(n) for n in ["一", "十", "十二", "二十", "二十三", "一百零五", "两"]] == [
        1,
        10,
        12,
        20,
        23,
        105,
        2,
    ]
    proposal = read_text(text("sanding-loses-duties.zh.txt"), "sanding", CATALOGUE)
    assert proposal.staffing == 20  # 二十名
    assert [(p.title, p.count) for p in proposal.posts] == [("局长", 1), ("副局长", 3), ("总工程师", 1)]
    assert [s.name for s in proposal.sections] == ["办公室", "住房保障科", "建筑市场监管科"]


def test_a_plan_paragraph_merges_three_and_ends_two() -> None:
    proposal = read_text(text("plan-merge-three.zh.txt"), "plan", CATALOGUE)
    assert proposal.body is not None and proposal.body.name == "市科技和工业信息化局"
    assert [m.written for m in proposal.merged] == ["市科学技术局", "市工业和信息化局"]
    assert [e.written for e in proposal.ended] == ["市科学技术局", "市工业和信息化局"]
    assert [(t.source.written, t.duty_text) for t in proposal.transfers] == [
        ("市发展和改革委员会", "统筹推进数字经济发展职责")
    ]
    assert not proposal.unrecognised


@pytest.mark.parametrize(
    ("source", "kind", "message"),
    [
        (
            "张掖市某局职能配置、内设机构和人员编制规定\n张掖市某局是市人民政府工作部门。",
            "sanding",
            "no articles found",
        ),
        (
            "张掖市某局职能配置、内设机构和人员编制规定\n第一条　张掖市某局是市人民政府工作部门。\n"
            "第二条　主要职责是：\n（一）甲。\n（二）乙。\n（四）丁。",
            "sanding",
            r"第二条: the enumeration goes from （二） to （四）.*（三） is missing",
        ),
        (
            "张掖市某局职能配置、内设机构和人员编制规定\n第一条　根据有关规定，制定本规定。\n"
            "第三条　张掖市某局是市人民政府工作部门。",
            "sanding",
            r"第三条 comes after 第一条.*第二条 is missing",
        ),
        (
            "张掖市某局职能配置、内设机构和人员编制规定\n第一条　根据有关规定，制定本规定。",
            "sanding",
            "no article says what the body is",
        ),
        ("今年工作取得明显成效。", "plan", "no reform found"),
        (
            "组建市司法局，作为市政府工作部门。将市科学技术局的职责整合，组建市科技局。不再保留市法制办。",
            "plan",
            r"the text forms or renames 2 bodies \(characters 0-16 .*; characters 17-36",
        ),
        ("", "plan", "the text is empty"),
    ],
    ids=["no-articles", "enumeration-skips", "article-skips", "no-body", "plan-without-reform", "two-bodies", "empty"],
)
def test_malformed_texts_are_refused_with_the_place(source: str, kind: str, message: str) -> None:
    with pytest.raises(TextStructureError, match=message):
        read_text(source, "sanding" if kind == "sanding" else "plan", CATALOGUE)


# --- against the graph -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(seeded: LoadReport, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"api_keys": KEYS}))) as test_client:
        yield test_client


def run_import(
    client: TestClient, name: str, *, kind: str = "SANDING", dry: bool, key: str = EDITOR, **extra: Any
) -> Any:
    variables = {"lines": text(name).splitlines(), "j": "620700", "kind": kind, "dry": dry, **extra}
    variables.setdefault("doc", "doc.test-" + name.removesuffix(".zh.txt"))
    response = client.post(
        "/graphql", json={"query": IMPORT, "variables": variables}, headers={"authorization": f"Bearer {key}"}
    )
    assert response.status_code == 200, response.text
    return response.json()


def gql(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    return client.post("/graphql", json={"query": query, "variables": variables or {}}).json()


def state(driver: Driver, target: Neo4jTarget) -> Any:
    return snapshot(driver, target.database, ignore=frozenset({"version"}))


def test_a_dry_run_shows_the_diff_and_writes_nothing(
    client: TestClient, sync_driver: Driver, neo4j_target: Neo4jTarget
) -> None:
    before = state(sync_driver, neo4j_target)
    answer = run_import(client, "sanding-new-body.zh.txt", dry=True, id="620700.data_bureau")
    assert "errors" not in answer, answer
    result = answer["data"]["importText"]
    assert result["applied"] is False and result["audit"] is None and not result["unresolved"]
    assert result["eventId"] == "event.doc.test-sanding-new-body.620700.data_bureau"
    assert (
        "+ body 620700.data_bureau 张掖市数据局 (government_department, 正县级) from 2024-06-01 [第二条 字60–95]"
        in result["diff"]
    )
    assert any(
        line.startswith("+ duty duty.620700.data_bureau.ta3c101 统筹推进数字经济发展职责 : 620700.development_reform")
        for line in result["diff"]
    )
    assert [left["label"] for left in result["leftForCurator"]] == ["第四条 （七） 字420–453"]
    assert state(sync_driver, neo4j_target) == before


def test_a_new_body_imported_then_queried_then_retracted(
    client: TestClient, sync_driver: Driver, neo4j_target: Neo4jTarget
) -> None:
    before = state(sync_driver, neo4j_target)
    result = run_import(client, "sanding-new-body.zh.txt", dry=False, id="620700.data_bureau")["data"]["importText"]
    assert result["applied"] is True and result["audit"]["actor"] == "ed"
    again_answer = run_import(client, "sanding-new-body.zh.txt", dry=False, id="620700.data_bureau")
    assert "errors" not in again_answer, again_answer
    again = again_answer["data"]["importText"]
    assert again["applied"] is False and again["audit"]["id"] == result["audit"]["id"]  # idempotent

    trail = gql(
        client,
        '{ dutyTrail(dutyId: "duty.620700.data_bureau.ta3c101") {'
        " holdings { body { id } validFrom { text } validTo { text } }"
        " duty { citations { locator quote document { id } } } } }",
    )["data"]["dutyTrail"]
    assert [
        (stable(h["body"]["id"]), (h["validFrom"] or {}).get("text"), (h["validTo"] or {}).get("text"))
        for h in trail["holdings"]
    ] == [
        ("620700.development_reform", None, "2024-06-01"),
        ("620700.data_bureau", "2024-06-01", None),
    ]
    assert trail["duty"]["citations"] == [
        {
            "locator": "第三条 字101–123",
            "quote": "市发展和改革委员会的统筹推进数字经济发展职责",
            "document": {"id": "doc.test-sanding-new-body"},
        }
    ]
    body = gql(
        client, '{ body(id: "620700.data_bureau") { name kind sections { name } nameplates { name } duties { id } } }'
    )
    found = body["data"]["body"]
    assert found["name"] == "张掖市数据局" and found["kind"] == "GOVERNMENT_DEPARTMENT"
    assert [s["name"] for s in found["sections"]] == ["办公室", "数字经济科", "数据资源科"]
    assert [p["name"] for p in found["nameplates"]] == ["张掖市大数据中心"]
    lineage = gql(
        client,
        '{ lineage(bodyId: "620700.data_bureau", scope: WITH_DUTY_TRANSFERS) { steps { relation to { id } } } }',
    )["data"]["lineage"]["steps"]
    assert {stable(s["to"]["id"]) for s in lineage} == {"620700.development_reform", "620700.government_general_office"}

    retracted = client.post(
        "/graphql",
        json={"query": RETRACT, "variables": {"id": result["eventId"]}},
        headers={"authorization": f"Bearer {EDITOR}"},
    ).json()
    assert retracted["data"]["retractReformEvent"]["action"] == "retract"
    assert state(sync_driver, neo4j_target) == before


def test_a_plan_merging_three_bodies_and_a_renaming(client: TestClient) -> None:
    merged = run_import(
        client, "plan-merge-three.zh.txt", kind="PLAN", dry=False, date="2025-01", id="620700.sci_tech_industry"
    )
    assert "errors" not in merged, merged
    event = merged["data"]["importText"]["eventId"]
    shape = gql(client, EVENT_SHAPE, {"id": event})
    assert "errors" not in shape, shape
    found = shape["data"]["node"]
    assert found["type"] == "MERGED"
    # `original` lists the bodies that hand over duties too (dutiesFrom says which those are)
    assert {stable(b["id"]) for b in found["original"]} == {
        "620700.science_technology",
        "620700.industry_informatization",
        "620700.development_reform",
    }
    assert [stable(b["id"]) for b in found["resulting"]] == ["620700.sci_tech_industry"]
    assert found["dutiesFrom"] == [{"bodyId": "620700.development_reform"}]
    chart = gql(client, '{ body(id: "620700.science_technology") { validTo { text } } }')
    assert chart["data"]["body"]["validTo"]["text"] == "2025-01"

    renamed = run_import(
        client, "plan-rename.zh.txt", kind="PLAN", dry=False, date="2025-02", id="620700.culture_tourism_2025"
    )
    assert "errors" not in renamed, renamed
    event = renamed["data"]["importText"]["eventId"]
    found = gql(client, EVENT_SHAPE, {"id": event})["data"]["node"]
    assert found["type"] == "RENAMED"
    assert [stable(b["id"]) for b in found["original"]] == ["620700.culture_tourism"]
    assert found["resulting"][0]["name"] == "张掖市文化和旅游局"
    assert [p["name"] for p in found["resulting"][0]["nameplates"]] == ["张掖市文物局"]


def test_a_body_that_loses_a_duty(client: TestClient) -> None:
    result = run_import(client, "sanding-loses-duties.zh.txt", dry=False)
    assert "errors" not in result, result
    trail = gql(
        client, '{ dutyTrail(dutyId: "duty.620700.fire_design_review") { holdings { body { id } validTo { text } } } }'
    )
    holders = [
        (stable(h["body"]["id"]), (h["validTo"] or {}).get("text")) for h in trail["data"]["dutyTrail"]["holdings"]
    ]
    assert holders[-2:] == [("620700.housing_construction", "2025-03-01"), ("620700.emergency_management", None)]
    sections = gql(client, '{ body(id: "620700.housing_construction") { sections { name } } }')["data"]["body"][
        "sections"
    ]
    assert {"办公室", "住房保障科", "建筑市场监管科"} <= {s["name"] for s in sections}


def test_an_unknown_body_blocks_the_import_and_writes_nothing(
    client: TestClient, sync_driver: Driver, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    before = state(sync_driver, neo4j_target)
    unknown = "将市不存在局的某某职责划入市应急管理局。"
    path = tmp_path / "unknown.zh.txt"
    path.write_text(unknown, encoding="utf-8")
    response = client.post(
        "/graphql",
        json={
            "query": IMPORT,
            "variables": {
                "lines": [unknown],
                "j": "620700",
                "doc": "doc.x",
                "kind": "PLAN",
                "dry": False,
                "date": "2025",
            },
        },
        headers={"authorization": f"Bearer {EDITOR}"},
    ).json()
    assert response["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "市不存在局" in response["errors"][0]["message"]
    dry = run_import(client, "sanding-new-body.zh.txt", dry=True, lines=[unknown], kind="PLAN", date="2025")
    assert [u["written"] for u in dry["data"]["importText"]["unresolved"]] == ["市不存在局"]
    assert state(sync_driver, neo4j_target) == before


def test_the_command_line(neo4j_target: Neo4jTarget, tmp_path: Path, seeded: LoadReport) -> None:
    runner = CliRunner()
    source = TEXTS / "sanding-new-body.zh.txt"
    args = [
        "import-text",
        str(source),
        "--jurisdiction",
        "620700",
        "--document-id",
        "doc.cli-test",
        "--body-id",
        "620700.cli_body",
    ]
    dry = runner.invoke(cli, [*args, "--dry-run"], env=env_for(neo4j_target))
    assert dry.exit_code == 0, dry.output
    assert "+ body 620700.cli_body 张掖市数据局" in dry.stdout
    as_json = runner.invoke(cli, [*args, "--dry-run", "--json"], env=env_for(neo4j_target))
    assert '"event"' in as_json.stdout
    unknown = tmp_path / "unknown.zh.txt"
    unknown.write_text("将市不存在局的某某职责划入市应急管理局。", encoding="utf-8")
    blocked = runner.invoke(
        cli,
        [
            "import-text",
            str(unknown),
            "--kind",
            "plan",
            "--jurisdiction",
            "620700",
            "--document-id",
            "doc.y",
            "--date",
            "2025",
            "--dry-run",
        ],
        env=env_for(neo4j_target),
    )
    assert blocked.exit_code == 1 and "could not be resolved" in blocked.stderr
    bad = runner.invoke(
        cli,
        ["import-text", str(unknown), "--kind", "poem", "--jurisdiction", "620700", "--document-id", "doc.y"],
        env=env_for(neo4j_target),
    )
    assert bad.exit_code == 2 and "--kind" in bad.stderr


def test_readers_cannot_import(client: TestClient) -> None:
    refused = run_import(client, "sanding-new-body.zh.txt", dry=True, key=READER)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


README_EXAMPLE = re.compile(r"<!-- import-example: ([\w-]+) -->\s*```(?:text|graphql)\n(.*?)```", re.DOTALL)


def test_the_readme_example(neo4j_target: Neo4jTarget, client: TestClient) -> None:
    """README, "Growing the graph from official texts": the dry run prints what the README
    shows; the import then answers the README's queries."""
    examples = dict(README_EXAMPLE.findall((Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")))
    args = [
        "import-text",
        str(TEXTS / "sanding-ganzhou-data-bureau.zh.txt"),
        "--jurisdiction",
        "620702",
        "--document-id",
        "doc.ganzhou-data-bureau-sanding",
        "--body-id",
        "620702.data_bureau",
    ]
    runner = CliRunner()
    dry = runner.invoke(cli, [*args, "--dry-run"], env=env_for(neo4j_target))
    assert dry.exit_code == 0, dry.output
    assert dry.stdout == examples["dry-run"]
    applied = runner.invoke(cli, args, env=env_for(neo4j_target))
    assert applied.exit_code == 0 and "recorded" in applied.stderr, applied.output
    answer = gql(client, examples["trail"])
    assert "errors" not in answer, answer
    trail = answer["data"]["dutyTrail"]
    assert trail["duty"]["citations"] == [{"locator": "第三条 字102–117", "quote": "区政府办公室的政务数据管理职责"}]
    assert [(h["body"]["name"], (h["validTo"] or {}).get("text")) for h in trail["holdings"]] == [
        ("甘州区人民政府办公室", "2024-09-01"),
        ("甘州区数据局", None),
    ]
    assert trail["moves"][0]["event"]["type"] == "FORMED"
    steps = answer["data"]["lineage"]["steps"]
    assert {(s["relation"], s["to"]["name"]) for s in steps} == {
        ("TRANSFERRED_DUTIES_TO", "甘州区发展和改革局"),
        ("TRANSFERRED_DUTIES_TO", "甘州区人民政府办公室"),
    }


@pytest.mark.parametrize(
    ("overrides", "named"),
    [({"doc": "Not An Id"}, "document id"), ({"j": "62"}, "jurisdiction"), ({"id": "Body Id"}, "body id")],
)
def test_malformed_ids_are_bad_user_input(client: TestClient, overrides: dict[str, str], named: str) -> None:
    refused = run_import(client, "sanding-new-body.zh.txt", dry=True, **overrides)
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert named in refused["errors"][0]["message"]


def test_a_text_whose_records_break_a_rule_is_bad_user_input(client: TestClient) -> None:
    """An item of 2,400 characters, over two lines (each within the request's string bound):
    a duty's text holds at most 2,000."""
    lines = text("sanding-new-body.zh.txt").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("（一）贯彻落实"))
    lines[first : first + 1] = ["（一）" + "负责" * 600, "负责" * 600 + "。"]
    refused = run_import(client, "sanding-new-body.zh.txt", dry=True, lines=lines)
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", refused
    assert "2000" in refused["errors"][0]["message"] or "2,000" in refused["errors"][0]["message"]

"""The real data set: it loads, loads again unchanged, and reproduces the article's figures.

The expected numbers are the source article's (reference/zhangye-reform-2019.zh.txt); the
queries that answer them live in cypher/figures/.
"""

from __future__ import annotations

import datetime as dt

import pytest
from neo4j import Driver

from graph_service.db import figures
from graph_service.db.database import Database
from graph_service.ingest.loader import LoadReport, load_seed
from graph_service.paths import SEED_DIR
from tests.graph_snapshot import snapshot
from tests.neo4j_provider import Neo4jTarget

pytestmark = pytest.mark.anyio

CITY = "620700"
COUNTIES = ["620702", "620721", "620722", "620723", "620724", "620725"]
ARTICLE = "doc.article-2019"
ARTICLE_DATE = dt.date(2019, 12, 24)


async def test_the_seed_loads_and_a_second_load_changes_nothing(
    seeded: LoadReport, db: Database, sync_driver: Driver, neo4j_target: Neo4jTarget
) -> None:
    assert seeded.created["Body"] > 300
    before = snapshot(sync_driver, neo4j_target.database)
    again = await load_seed(db, SEED_DIR)
    assert not again.changed, again.summary()
    after = snapshot(sync_driver, neo4j_target.database)
    assert (len(after[0]), len(after[1])) == (len(before[0]), len(before[1]))
    assert after == before


async def test_recorded_figures_of_the_city_carry_the_article(seeded: LoadReport, db: Database) -> None:
    recorded = {f.metric: f for f in await figures.recorded_figures(db, jurisdiction=CITY)}
    expected = {
        "party_government_bodies_before": 48,
        "required_bodies_after": 40,
        "local_bodies_after": 7,
        "formed_or_reformed_sanding": 15,
        "adjusted_sanding": 20,
        "law_enforcement_teams": 5,
        "public_institutions_abolished": 28,
        "functions_returned": 1844,
        "institutions_returning_functions": 96,
    }
    for metric, value in expected.items():
        assert metric in recorded, f"no figure {metric}"
        assert recorded[metric].value == value, metric
        assert ARTICLE in {d.id for d in recorded[metric].documents}, metric
        assert recorded[metric].confidence == "confirmed"


async def test_twelve_party_commissions_in_the_city_and_every_county(seeded: LoadReport, db: Database) -> None:
    counts = await figures.bodies_by_kind(db, jurisdictions=[CITY, *COUNTIES], as_of=ARTICLE_DATE)
    commissions = {c.jurisdiction: c for c in counts if c.kind == "commission"}
    assert set(commissions) == {CITY, *COUNTIES}
    for code, count in commissions.items():
        assert count.count == 12, code
        assert ARTICLE in {d.id for d in count.documents}, code


async def test_six_counties_under_the_city(seeded: LoadReport, db: Database) -> None:
    levels = {c.level: c for c in await figures.child_jurisdictions(db, parent=CITY)}
    assert levels["county"].count == 6
    assert levels["county"].documents


async def test_five_law_enforcement_teams_in_the_city(seeded: LoadReport, db: Database) -> None:
    counts = await figures.bodies_by_kind(db, jurisdictions=[CITY], as_of=ARTICLE_DATE)
    teams = next(c for c in counts if c.kind == "law_enforcement_team")
    assert teams.count == 5
    assert ARTICLE in {d.id for d in teams.documents}


@pytest.mark.parametrize("county", COUNTIES)
async def test_each_county_covers_its_required_functions(seeded: LoadReport, db: Database, county: str) -> None:
    coverage = await figures.county_coverage(db, jurisdiction=county, as_of=ARTICLE_DATE)
    assert coverage, "no functions required at county level"
    covered = [c for c in coverage if c.bodies]
    # the template fields a county must cover: natural resources, emergency, market regulation ...
    for field in ("natural_resources", "emergency_management", "market_regulation", "health", "veterans_affairs"):
        assert field in {c.function for c in covered}, f"{county} lacks {field}"
    merged = [c for c in covered if any(len(b.functions) > 1 for b in c.bodies)]
    assert merged, f"{county}: no body covering several fields"
    events = {e.type for c in covered for e in c.events}
    assert {"formed", "merged"} & events, f"{county}: no formation or merge events behind its bodies"

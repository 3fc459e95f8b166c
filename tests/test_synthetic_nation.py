"""The synthetic generator (scripts/generate_synthetic.py) without a database: the nation's shape
planned without writing it, a city written twice (byte-identical) and passing the loader's checks,
realistic body counts per level, and the YAML it writes."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from graph_service.domain.enums import BodyKind, EventType
from graph_service.ingest.graph_plan import plan_graph
from graph_service.ingest.loader import SeedCheck, check_seed
from graph_service.ingest.records import PARTY_GOVERNMENT_KINDS, SUCCESSION_TYPES
from graph_service.paths import PROJECT_ROOT
from scripts.generate_synthetic import BODY_RANGE, generate, plan_nation, to_yaml

#: province prefixes GB/T 2260 gives real places: the mainland's 11-65, 71 Taiwan, 81 and 82
REAL_PREFIXES = {f"{n}" for n in (*range(11, 66), 71, 81, 82)}


@pytest.mark.parametrize("seed", [42, 7])
def test_the_nation_is_planned_with_31_provinces_about_333_cities_and_2850_counties(seed: int) -> None:
    nation = plan_nation("national", seed=seed)
    cities = [city for province in nation for city in province.cities]
    counties = [county for city in cities for county in city.counties]
    assert len(nation) == 31
    assert abs(len(cities) - 333) <= 20 and abs(len(counties) - 2850) <= 100
    assert min(len(p.cities) for p in nation) >= 4 and min(len(c.counties) for c in cities) >= 2
    codes = [p.code for p in nation] + [c.code for c in cities] + [k.code for k in counties]
    assert len(set(codes)) == len(codes)
    assert all(len(code) == 6 and code.isascii() and code.isdigit() for code in codes)
    assert not any(code[:2] in REAL_PREFIXES for code in codes)  # never 62xxxx, nor any real province
    for province in nation:
        assert province.code.endswith("0000")
        for city in province.cities:
            assert city.code[:2] == province.code[:2] and city.code.endswith("00") and city.code != province.code
            assert all(county.code[:4] == city.code[:4] and county.code != city.code for county in city.counties)
    names = [p.name for p in nation] + [c.name for c in cities] + [k.name for k in counties]
    assert len(set(names)) == len(names)
    assert plan_nation("national", seed=seed) == nation  # deterministic


def test_cities_and_counties_shape_one_province_exactly() -> None:
    (province,) = plan_nation("province", seed=7, cities=2, counties=3)
    assert province.code == "990000"
    assert [c.code for c in province.cities] == ["990100", "990200"]
    assert all(len(c.counties) == 3 for c in province.cities)
    (city_scale,) = plan_nation("city", seed=7)
    assert len(city_scale.cities) == 1 and len(city_scale.cities[0].counties) == 8
    with pytest.raises(ValueError, match="not with --scale national"):
        plan_nation("national", seed=7, cities=2)


@pytest.fixture(scope="module")
def city_seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Counter[str], SeedCheck]:
    out = tmp_path_factory.mktemp("synthetic") / "city"
    counts = generate(out, scale="city", seed=7, gap=0.03, merge=0.5)
    return out, counts, check_seed(out)


def test_a_city_is_written_byte_identical_from_the_same_seed(
    city_seed: tuple[Path, Counter[str], SeedCheck], tmp_path: Path
) -> None:
    out, _, _ = city_seed
    generate(tmp_path / "again", scale="city", seed=7, gap=0.03, merge=0.5)
    files = sorted(p.relative_to(out) for p in out.rglob("*.yaml"))
    assert files == sorted(p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*.yaml"))
    assert all((out / f).read_bytes() == (tmp_path / "again" / f).read_bytes() for f in files)
    assert max((out / f).stat().st_size for f in files) < 2_000_000


def test_a_city_passes_the_loaders_checks_and_counts_what_it_wrote(
    city_seed: tuple[Path, Counter[str], SeedCheck],
) -> None:
    _, counts, checked = city_seed  # check_seed raised nothing: every rule the loader enforces holds
    index = checked.index
    assert not checked.provenance.changes and not checked.empty_files
    assert counts["jurisdictions"] == len(index.jurisdictions) == 10
    assert counts["bodies"] == len(index.bodies) and counts["duties"] == len(index.duties)
    assert counts["events"] == len(index.events)
    assert counts["nodes"] == len(plan_graph(index).nodes)
    assert not any(code.startswith("62") for code in index.jurisdictions)


def test_a_city_has_realistic_bodies_per_level(city_seed: tuple[Path, Counter[str], SeedCheck]) -> None:
    index = city_seed[2].index
    level = {code: p.record.level.value for code, p in index.jurisdictions.items()}
    today: Counter[str] = Counter()
    commissions: Counter[str] = Counter()
    sections: Counter[str] = Counter()
    for placed in index.bodies.values():
        body = placed.record
        if body.kind in PARTY_GOVERNMENT_KINDS and body.valid_to is None:
            today[body.jurisdiction] += 1
        if body.kind is BodyKind.COMMISSION:
            commissions[body.jurisdiction] += 1
            assert body.office is not None and body.lead == [body.office.host]
        if body.kind is BodyKind.INTERNAL_SECTION:
            sections[body.jurisdiction] += 1
            assert body.parent in index.bodies
    for code, n in today.items():
        low, high = BODY_RANGE[level[code]]
        assert low <= n <= high, (code, n)
    assert len(today) == len(level)
    assert all(10 <= commissions[code] <= 12 for code in level)  # 12, less a gap or two
    assert all(sections[code] >= today[code] for code in level)  # an office per body at least


def test_a_city_has_two_reform_waves_that_move_duties(city_seed: tuple[Path, Counter[str], SeedCheck]) -> None:
    index = city_seed[2].index
    events = [p.record for p in index.events.values()]
    types = Counter(e.type for e in events)
    for kind in (EventType.FORMED, EventType.MERGED, EventType.REPLACED, EventType.REFORMED):
        assert types[kind] >= 9, kind  # each of the 10 jurisdictions, but for a gap
    assert types[EventType.DUTIES_TRANSFERRED] and types[EventType.SANDING_ISSUED] == 10
    waves = Counter(e.date.text[:4] for e in events)
    assert waves["2018"] and waves["2021"] and waves["2023"] + waves["2024"]
    ended_by: dict[str, list[str]] = defaultdict(list)
    for event in events:
        if event.type in SUCCESSION_TYPES:
            for body in set(event.original) - set(event.resulting):
                ended_by[body].append(event.id)
        assert event.document in index.documents
    assert ended_by and all(len(ids) == 1 for ids in ended_by.values())
    moved = {duty for event in events for duty in event.duties}
    assert moved and all(len(index.duties[duty].record.holders) >= 2 for duty in moved)
    for duty in moved:  # each holding ends where the next begins
        holders = index.duties[duty].record.holders
        for earlier, later in zip(holders, holders[1:], strict=False):
            assert earlier.valid_to is not None and earlier.valid_to == later.valid_from


def test_the_yaml_written_reads_back_as_written() -> None:
    content = {
        "bodies": [
            {
                "id": "990100.x",
                "name": '合成1市 "引号" : #not a comment',
                "code": "990100",
                "date": "2018-11/2019-03-31",
                "year": "2019",
                "words": ["yes", "null", "~", " padded ", "a\nb", "\\back"],
                "empty": [],
                "n": 3,
                "flag": True,
                "staffing": {"quota": 3},
                "holders": [{"body": "a", "valid_to": "2019"}, {"body": "b", "shared": False}],
            }
        ]
    }
    assert yaml.safe_load(to_yaml(content)) == content


def test_with_the_real_seed_one_folder_holds_both_without_duplicates(tmp_path: Path) -> None:
    out = tmp_path / "with-seed"
    generate(out, scale="city", seed=7, gap=0.03, merge=0.5, with_real_seed=True)
    checked = check_seed(out)  # raised nothing: one catalogue, no id twice, the real quotes found in texts/
    index = checked.index
    real = check_seed(PROJECT_ROOT / "seed").index
    assert {"620000", "620700", "990000", "990100"} <= set(index.jurisdictions)
    assert set(index.functions) == set(real.functions)  # the real catalogue, not a synthetic copy
    assert index.functions["natural_resources"].record == real.functions["natural_resources"].record
    assert set(real.bodies) < set(index.bodies) and set(real.documents) < set(index.documents)
    assert (out / "texts").is_dir()
    assert (out / "common" / "functions.yaml").read_bytes() == (
        PROJECT_ROOT / "seed" / "common" / "functions.yaml"
    ).read_bytes()

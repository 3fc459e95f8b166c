"""Generate a synthetic seed: one city, one province, or a nation of 31 provinces, with realistic
bodies per level, sections, commissions, public institutions, duties with holdings, and the reform
events of two waves that moved them; reproducible from a random seed. For scale tests and
benchmarks of the loader, the read path and the correspondence check.

    .venv/bin/python scripts/generate_synthetic.py --scale national --seed 42 --out /tmp/nation
    .venv/bin/python scripts/generate_synthetic.py --cities 15 --counties 8 --seed 42 --out /tmp/synthetic-seed
    SEED_DIR=/tmp/synthetic-seed ./orggraph seed
    ./orggraph check-correspondence 990000 --as-of 2020-06-01
    .venv/bin/python scripts/generate_synthetic.py --cities 15 --counties 8 --with-real-seed --out /tmp/with-seed

Shapes (`--scale`; `--cities N` / `--counties M` give exactly N cities of M counties each instead):

| scale | provinces | cities | counties |
|---|---|---|---|
| `national` | 31 | 333 | 2,850 (2 to about 12 per city) |
| `province` (default) | 1 | 14 | 112 (about 8 per city) |
| `city` | 1 | 1 | 8 |

Codes are GB/T 2260-shaped and fictitious: a province `PP0000`, a city `PPCC00`, a district
`PPCC02`..`PPCC05`, a county `PPCC21`... The 31 province prefixes are the two-digit ones GB/T 2260
leaves unused from 66 up: 99 down to 83, 80, 79 to 72, 70, 69 to 66 (11-65 are the mainland's,
71 Taiwan, 81 and 82 Hong Kong and Macau), so no code collides with a real one (the real seed is
62xxxx). A single province is 990000, its cities 990100, 990200 ... Names are 合成N省, 合成N市
(N counted over the nation) and 合成N区 / 合成N县 (counted over the nation's counties).

Per jurisdiction, today (after both waves): party and government bodies (党委工作机关 and 政府工作部门)
55-60 in a province, 40-47 in a city, 30-38 in a county (the required fields of
seed/common/functions.yaml, merged into one body per group at lower levels with chance `--merge`,
more groups where a county would exceed 38; a field missing with chance `--gap`, half of the gaps
excused by an exception; a county's ecology office mostly a branch of the city bureau; local
bodies from a pool up to a drawn target); 12 commissions (议事协调机构, office and lead in a host
body); 1-3 internal sections per body in a county, 2-4 in a city, 3-6 in a province; a few public
institutions; five law-enforcement teams in cities and counties; 2-3 duties per body.

Reform waves (every moved duty keeps its holdings: the old holder's ends when the new one's starts):
- 2018-2019 (window 2018-10/2019-03 in a province, 2018-11/2019-03-31 below): natural resources,
  ecology and environment, emergency management, agriculture and rural affairs and veterans' affairs
  formed from their predecessors (国土资源局, 环境保护局, 安监局, 农业局 ...) with duties handed over by
  bodies that continue (`duties_from`: 发改, 水务, 民政, 人社 ...); market regulation and culture and
  tourism merged; health replaces 卫计委; justice re-formed absorbing 法制办; a county ecology branch
  replaces its 环境保护局; the 三定 issued.
- 2021: 扶贫开发办公室 replaced by 乡村振兴局.
- 2023-2024 (2023-09/2023-12 in a province, 2024-01/2024-12 below): the party social-work
  department formed (duties from 民政 and 组织部); 乡村振兴局 merged into 农业农村局; 科技局 hands
  agricultural science planning to 农业农村局; 地方金融监督管理局 renamed 地方金融管理局.
Each province and city has a reform plan per wave (documents); a county's events cite its city's.
Predecessors end (`valid_to`) in one event. `completeness` records (scope complete_list) say each
city's and county's list is complete, so a gap is a finding (missing) in the correspondence check.

Files: `common/base.yaml` (the synthetic document and the real function catalogue), then per
province `PP0000/` (its own records) and per city `PP0000/PPCC00/` (the city's and its counties'
records), one file per section: no file is larger than about 1 MB. Every record cites the one
synthetic document and is marked inferred. The same arguments give byte-identical files: one
random.Random per province, seeded with the seed and the province's code, and sorted iteration.

`--with-real-seed` writes the real seed (seed/, Gansu and Zhangye) into the same folder, so one
`orggraph seed` loads both: the real data answers the README's questions inside a graph with the
synthetic bulk around it (scripts/benchmark.py --dataset). seed/ is copied as it is to the top
of the folder (its `texts/` must stay beside its files: quotes are checked against
`SEED_DIR/texts/`), and `common/base.yaml` then holds only the synthetic document: the function
catalogue is the real seed's own (seed/common/functions.yaml and the Gansu extras), which the
synthetic records use by code. Nothing else can collide: synthetic codes, body, duty, event and
document ids all carry fictitious codes (`PP....`), the real ones 62xxxx, and the folders'
names differ (`PP0000/` against `620000-gansu/` ...).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
REAL_SEED = ROOT / "seed"
CATALOGUE_FILES = [REAL_SEED / "common" / "functions.yaml", REAL_SEED / "620000-gansu" / "extra-functions.yaml"]
DOC = "doc.synthetic"
PROV = {"sources": [DOC], "confidence": "inferred", "note": "synthetic data from scripts/generate_synthetic.py"}
#: the province prefixes GB/T 2260 does not use (see the module docstring), the first one 99
PROVINCE_PREFIXES = [*range(99, 82, -1), 80, *range(79, 71, -1), 70, *range(69, 65, -1)]


@dataclass(frozen=True)
class Shape:
    provinces: int
    cities: int
    counties: int


SCALES = {
    "national": Shape(31, 333, 2850),
    "province": Shape(1, 14, 112),
    "city": Shape(1, 1, 8),
}
#: party and government bodies per jurisdiction today: the drawn target lies in this range
BODY_RANGE = {"province": (55, 60), "city": (40, 47), "county": (30, 38)}
SECTIONS = {"province": (3, 6), "city": (2, 4), "county": (1, 3)}
INSTITUTIONS = {"province": (5, 8), "city": (4, 7), "county": (3, 6)}
SECTION_UNIT = {"province": "处", "city": "科", "county": "股"}
WINDOWS = {
    "province": {"w1": "2018-10/2019-03", "rr": "2021-03/2021-06", "w2": "2023-09/2023-12"},
    "city": {"w1": "2018-11/2019-03-31", "rr": "2021-05/2021-12", "w2": "2024-01/2024-12"},
}
WINDOWS["county"] = WINDOWS["city"]
PARTY_GOVERNMENT = ("party_organ", "government_department")

PARTY_FIELDS = frozenset(
    """
    party_general_office organization civil_service staffing_establishment propaganda
    press_publication_film united_front ethnic_religious overseas_chinese political_legal cyberspace
    policy_research organs_party_work veteran_cadres social_work
    """.split()
)
COMMISSION_FIELDS = frozenset(
    """
    deepening_reform rule_of_law national_security finance_economy foreign_affairs
    military_civilian_integration audit_leadership education_leadership rural_work inspection_tours
    """.split()
)
# fields a lower level often puts into one body (the first code names it; the others become nameplates)
MERGES = [
    ["organization", "civil_service", "veteran_cadres"],
    ["propaganda", "press_publication_film"],
    ["united_front", "ethnic_religious", "overseas_chinese"],
    ["science_technology", "industry_informatization"],
    ["culture_tourism", "sports", "radio_television"],
    ["party_general_office", "policy_research"],
    ["commerce", "investment_promotion"],
]
#: fields of local bodies (因地制宜), by level
LOCAL_POOL = {
    "province": """
    animal_husbandry_veterinary archives civil_air_defence cultural_heritage drug_rehabilitation energy
    financial_supervision government_affairs_administration grain_reserves intellectual_property
    investment_promotion prison_administration seismology traditional_chinese_medicine
    """.split(),
    "city": """
    animal_husbandry_veterinary archives civil_air_defence financial_supervision
    government_affairs_administration grain_reserves investment_promotion seismology urban_management
    """.split(),
    "county": """
    animal_husbandry_veterinary archives civil_air_defence government_affairs_administration
    grain_reserves investment_promotion seismology urban_management
    """.split(),
}

# Names: "{p}" is the jurisdiction's name (合成3县); a name in PROVINCE_NAMES replaces it in a province.
NAMES = {
    "party_general_office": "中共{p}委办公室",
    "organization": "中共{p}委组织部",
    "civil_service": "{p}公务员局",
    "staffing_establishment": "中共{p}委机构编制委员会办公室",
    "propaganda": "中共{p}委宣传部",
    "press_publication_film": "{p}新闻出版局",
    "united_front": "中共{p}委统一战线工作部",
    "ethnic_religious": "{p}民族宗教事务局",
    "overseas_chinese": "{p}人民政府侨务办公室",
    "political_legal": "中共{p}委政法委员会",
    "cyberspace": "中共{p}委网络安全和信息化委员会办公室",
    "policy_research": "中共{p}委政策研究室",
    "organs_party_work": "中共{p}委直属机关工作委员会",
    "veteran_cadres": "中共{p}委老干部局",
    "social_work": "中共{p}委社会工作部",
    "discipline_supervision": "中共{p}纪律检查委员会",
    "government_general_office": "{p}人民政府办公室",
    "development_reform": "{p}发展和改革局",
    "education": "{p}教育局",
    "science_technology": "{p}科学技术局",
    "industry_informatization": "{p}工业和信息化局",
    "public_security": "{p}公安局",
    "civil_affairs": "{p}民政局",
    "justice": "{p}司法局",
    "finance": "{p}财政局",
    "human_resources_social_security": "{p}人力资源和社会保障局",
    "natural_resources": "{p}自然资源局",
    "ecology_environment": "{p}生态环境局",
    "housing_construction": "{p}住房和城乡建设局",
    "transport": "{p}交通运输局",
    "water_resources": "{p}水务局",
    "agriculture_rural": "{p}农业农村局",
    "commerce": "{p}商务局",
    "culture_tourism": "{p}文化和旅游局",
    "radio_television": "{p}广播电视局",
    "sports": "{p}体育局",
    "health": "{p}卫生健康局",
    "veterans_affairs": "{p}退役军人事务局",
    "emergency_management": "{p}应急管理局",
    "audit": "{p}审计局",
    "state_assets": "{p}人民政府国有资产监督管理委员会",
    "market_regulation": "{p}市场监督管理局",
    "statistics": "{p}统计局",
    "medical_security": "{p}医疗保障局",
    "forestry_grassland": "{p}林业和草原局",
    "petitions": "{p}信访局",
    "state_security": "{p}国家安全厅",
    "drug_regulation": "{p}药品监督管理局",
    "animal_husbandry_veterinary": "{p}畜牧兽医局",
    "archives": "{p}档案局",
    "civil_air_defence": "{p}人民防空办公室",
    "cultural_heritage": "{p}文物局",
    "drug_rehabilitation": "{p}戒毒管理局",
    "energy": "{p}能源局",
    "financial_supervision": "{p}地方金融监督管理局",
    "government_affairs_administration": "{p}机关事务管理局",
    "grain_reserves": "{p}粮食和物资储备局",
    "intellectual_property": "{p}知识产权局",
    "investment_promotion": "{p}投资促进局",
    "prison_administration": "{p}监狱管理局",
    "seismology": "{p}地震局",
    "traditional_chinese_medicine": "{p}中医药管理局",
    "urban_management": "{p}城市管理局",
    # bodies that ended in a reform, and the bodies of the 2021 and 2023 changes
    "land_resources": "{p}国土资源局",
    "surveying_mapping": "{p}测绘地理信息局",
    "urban_rural_planning": "{p}城乡规划局",
    "environmental_protection": "{p}环境保护局",
    "work_safety": "{p}安全生产监督管理局",
    "industry_commerce_administration": "{p}工商行政管理局",
    "quality_supervision": "{p}质量技术监督局",
    "food_drug": "{p}食品药品监督管理局",
    "culture": "{p}文化局",
    "tourism": "{p}旅游局",
    "health_family_planning": "{p}卫生和计划生育局",
    "legal_affairs": "{p}人民政府法制办公室",
    "agriculture": "{p}农业局",
    "poverty_alleviation": "{p}扶贫开发办公室",
    "rural_revitalization": "{p}乡村振兴局",
    "financial_administration": "{p}地方金融管理局",
}
PROVINCE_NAMES = {
    "government_general_office": "{p}人民政府办公厅",
    "development_reform": "{p}发展和改革委员会",
    "health": "{p}卫生健康委员会",
    "water_resources": "{p}水利厅",
    "tourism": "{p}旅游发展委员会",
    "health_family_planning": "{p}卫生和计划生育委员会",
}
#: departments called 厅 in a province (局 below)
PROVINCE_TING = frozenset(
    """
    education science_technology industry_informatization public_security civil_affairs justice finance
    human_resources_social_security natural_resources ecology_environment housing_construction transport
    agriculture_rural commerce culture_tourism veterans_affairs emergency_management audit
    land_resources environmental_protection culture agriculture
    """.split()
)
#: commissions: name after 中共{p}, and the field of the body hosting the office (and leading)
COMMISSIONS = {
    "deepening_reform": ("委全面深化改革委员会", "party_general_office"),
    "rule_of_law": ("委全面依法治{l}委员会", "justice"),
    "national_security": ("委国家安全委员会", "party_general_office"),
    "cyberspace": ("委网络安全和信息化委员会", "cyberspace"),
    "finance_economy": ("委财经委员会", "development_reform"),
    "foreign_affairs": ("委外事工作委员会", "government_general_office"),
    "staffing_establishment": ("委机构编制委员会", "staffing_establishment"),
    "military_civilian_integration": ("委军民融合发展委员会", "development_reform"),
    "audit_leadership": ("委审计委员会", "audit"),
    "education_leadership": ("委教育工作领导小组", "education"),
    "rural_work": ("委农村工作领导小组", "agriculture_rural"),
    "inspection_tours": ("委巡察工作领导小组", "discipline_supervision"),
}
#: commissions that existed before the 2018-2019 reform (the others were formed, or turned from
#: leading groups into commissions, in it)
OLD_COMMISSIONS = {"staffing_establishment", "rural_work", "inspection_tours"}
SECTION_NAMES = [
    ("policy_regulation", "政策法规"),
    ("planning_finance", "规划财务"),
    ("personnel", "人事"),
    ("supervision", "监督管理"),
    ("services", "服务指导"),
    ("safety", "安全监管"),
    ("statistics_information", "统计信息"),
    ("business_1", "业务一"),
    ("business_2", "业务二"),
]
#: public institutions: slug, name, functions, field of the body managing it
INSTITUTIONS_POOL = [
    ("media_center", "{p}融媒体中心", ["media"], "propaganda"),
    ("archives_hall", "{p}档案馆", ["archives"], "party_general_office"),
    ("party_school", "中共{p}委党校", [], "organization"),
    ("agri_extension", "{p}农业技术推广中心", ["agriculture_rural"], "agriculture_rural"),
    ("cdc", "{p}疾病预防控制中心", ["health"], "health"),
    ("people_hospital", "{p}人民医院", ["health"], "health"),
    ("land_reserve", "{p}土地储备中心", ["natural_resources"], "natural_resources"),
    ("employment_services", "{p}就业服务中心", ["human_resources_social_security"], "human_resources_social_security"),
    ("government_services", "{p}政务服务中心", [], "government_general_office"),
    ("statistics_survey", "{p}统计普查中心", ["statistics"], "statistics"),
]
#: law-enforcement teams (综合行政执法队伍) of cities and counties: field, name
TEAMS = [
    ("market_regulation", "{p}市场监管综合行政执法队"),
    ("ecology_environment", "{p}生态环境保护综合行政执法队"),
    ("culture_tourism", "{p}文化市场综合行政执法队"),
    ("transport", "{p}交通运输综合行政执法队"),
    ("agriculture_rural", "{p}农业综合行政执法队"),
]
ROUTINE_DUTIES = [
    ("policy", "拟订{f}政策措施并组织实施"),
    ("supervision", "{f}工作的监督管理"),
    ("coordination", "统筹协调{f}工作"),
]


@dataclass(frozen=True)
class Move:
    """A duty an event moves: `source` is the slug of a predecessor, or the field of a body that
    hands it over and continues."""

    slug: str
    text: str
    function: str
    source: str


@dataclass(frozen=True)
class Change:
    """A reform change of one field's body, the same at every level but for what `before` and
    `duties_from` name per level."""

    field: str
    type: str
    description: str
    before: dict[str, tuple[str, ...]]
    duties_from: dict[str, tuple[str, ...]]
    moves: tuple[Move, ...]


#: old bodies: slug -> functions
OLD_BODIES = {
    "land_resources": ["land_resources"],
    "surveying_mapping": ["surveying_mapping"],
    "urban_rural_planning": ["urban_rural_planning"],
    "environmental_protection": ["ecology_environment"],
    "work_safety": ["work_safety"],
    "industry_commerce_administration": ["industry_commerce_administration"],
    "quality_supervision": ["quality_supervision"],
    "food_drug": ["food_drug"],
    "culture": ["culture"],
    "tourism": ["tourism"],
    "health_family_planning": ["health", "family_planning"],
    "legal_affairs": ["legal_affairs"],
    "agriculture": ["agriculture_rural"],
}


def _all(*slugs: str) -> dict[str, tuple[str, ...]]:
    return dict.fromkeys(("province", "city", "county"), slugs)


WAVE_2018 = [
    Change(
        "natural_resources",
        "formed",
        "组建自然资源部门: 国土资源和规划 (测绘) 部门不再保留, 划入主体功能区规划、城乡规划、水资源确权登记职责",
        before={
            "province": ("land_resources", "surveying_mapping"),
            "city": ("land_resources", "urban_rural_planning"),
            "county": ("land_resources",),
        },
        duties_from={
            "province": ("housing_construction", "development_reform", "water_resources"),
            "city": ("development_reform", "water_resources"),
            "county": ("housing_construction", "development_reform"),
        },
        moves=(
            Move("land_management", "土地管理和建设用地审批", "natural_resources", "land_resources"),
            Move("surveying_mapping", "测绘地理信息管理", "natural_resources", "surveying_mapping"),
            Move("urban_rural_planning", "城乡规划管理", "natural_resources", "urban_rural_planning"),
            Move("urban_rural_planning", "城乡规划管理", "natural_resources", "housing_construction"),
            Move("main_function_zones", "组织编制主体功能区规划", "natural_resources", "development_reform"),
            Move("water_rights", "水资源调查和确权登记管理", "natural_resources", "water_resources"),
        ),
    ),
    Change(
        "ecology_environment",
        "formed",
        "组建生态环境部门: 环境保护部门不再保留, 划入应对气候变化和减排职责",
        before=_all("environmental_protection"),
        duties_from=_all("development_reform"),
        moves=(
            Move("pollution_supervision", "环境污染防治的监督管理", "ecology_environment", "environmental_protection"),
            Move("climate_change", "应对气候变化和节能减排", "ecology_environment", "development_reform"),
        ),
    ),
    Change(
        "emergency_management",
        "formed",
        "组建应急管理部门: 安全生产监督管理部门不再保留, 划入救灾、水旱灾害防治职责",
        before=_all("work_safety"),
        duties_from=_all("civil_affairs", "water_resources"),
        moves=(
            Move("work_safety_supervision", "安全生产综合监督管理", "emergency_management", "work_safety"),
            Move("disaster_relief", "自然灾害救助", "emergency_management", "civil_affairs"),
            Move("flood_drought", "水旱灾害防治", "emergency_management", "water_resources"),
        ),
    ),
    Change(
        "market_regulation",
        "merged",
        "组建市场监督管理部门: 工商、质监、食药监部门不再保留",
        before=_all("industry_commerce_administration", "quality_supervision", "food_drug"),
        duties_from=_all(),
        moves=(
            Move(
                "market_entity_registration",
                "市场主体登记注册",
                "market_regulation",
                "industry_commerce_administration",
            ),
            Move("product_quality", "产品质量安全监督管理", "market_regulation", "quality_supervision"),
            Move("food_safety", "食品安全监督管理", "market_regulation", "food_drug"),
        ),
    ),
    Change(
        "culture_tourism",
        "merged",
        "组建文化和旅游部门: 文化部门和旅游部门不再保留",
        before=_all("culture", "tourism"),
        duties_from=_all(),
        moves=(
            Move("cultural_affairs", "文化事业和文化产业管理", "culture_tourism", "culture"),
            Move("tourism_industry", "旅游业发展和监督管理", "culture_tourism", "tourism"),
        ),
    ),
    Change(
        "health",
        "replaced",
        "组建卫生健康部门: 卫生和计划生育部门不再保留",
        before=_all("health_family_planning"),
        duties_from=_all(),
        moves=(Move("medical_administration", "医疗卫生和计划生育服务管理", "health", "health_family_planning"),),
    ),
    Change(
        "veterans_affairs",
        "formed",
        "组建退役军人事务部门: 划入民政优抚安置、人社军转安置职责",
        before=_all(),
        duties_from=_all("civil_affairs", "human_resources_social_security"),
        moves=(
            Move("special_care", "优抚安置", "veterans_affairs", "civil_affairs"),
            Move("officer_resettlement", "军队转业干部安置", "veterans_affairs", "human_resources_social_security"),
        ),
    ),
    Change(
        "medical_security",
        "formed",
        "组建医疗保障部门: 划入人社医疗保险、民政医疗救助职责",
        before=_all(),
        duties_from=_all("human_resources_social_security", "civil_affairs"),
        moves=(
            Move(
                "medical_insurance", "城镇职工和城乡居民医疗保险", "medical_security", "human_resources_social_security"
            ),
            Move("medical_assistance", "医疗救助", "medical_security", "civil_affairs"),
        ),
    ),
    Change(
        "justice",
        "reformed",
        "重新组建司法行政部门: 政府法制办公室不再保留",
        before=_all("legal_affairs"),
        duties_from=_all(),
        moves=(Move("administrative_review", "行政复议和规范性文件审查", "justice", "legal_affairs"),),
    ),
    Change(
        "agriculture_rural",
        "formed",
        "组建农业农村部门: 农业部门不再保留, 划入农业投资项目管理职责",
        before=_all("agriculture"),
        duties_from=_all("development_reform"),
        moves=(
            Move("agricultural_production", "农业生产和农村经济管理", "agriculture_rural", "agriculture"),
            Move("farm_investment", "农业投资项目管理", "agriculture_rural", "development_reform"),
        ),
    ),
]


# --- the shape of the nation ----------------------------------------------------------------
@dataclass(frozen=True)
class CountyPlan:
    code: str
    name: str


@dataclass(frozen=True)
class CityPlan:
    code: str
    name: str
    counties: tuple[CountyPlan, ...]


@dataclass(frozen=True)
class ProvincePlan:
    code: str
    name: str
    cities: tuple[CityPlan, ...]


def plan_nation(
    scale: str = "province", *, seed: int, cities: int | None = None, counties: int | None = None
) -> list[ProvincePlan]:
    """The jurisdictions to generate: codes, names, and which city each county belongs to.

    `cities`: exactly that many cities per province; `counties`: exactly that many counties per
    city; otherwise the scale's totals, spread unevenly (a province has at least 4 cities, a city
    at least 2 counties)."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r} (known: {', '.join(SCALES)})")
    shape = SCALES[scale]
    if shape.provinces > 1 and (cities or counties):
        raise ValueError("--cities and --counties shape one province: not with --scale national")
    if cities is not None and not 1 <= cities <= 99:
        raise ValueError("--cities must be between 1 and 99")
    if counties is not None and not 1 <= counties <= 60:
        raise ValueError("--counties must be between 1 and 60")
    rng = random.Random(f"plan/{seed}")
    per_province = [cities] * shape.provinces if cities else _spread(shape.cities, shape.provinces, 4, rng)
    city_total = sum(per_province)
    if counties:
        per_city = [counties] * city_total
    else:
        per_city = _spread(round(city_total * shape.counties / shape.cities), city_total, min(2, shape.counties), rng)
    provinces: list[ProvincePlan] = []
    city_number = county_number = 0
    for p, prefix in enumerate(PROVINCE_PREFIXES[: shape.provinces]):
        city_plans = []
        for c in range(1, per_province[p] + 1):
            n = per_city[city_number]
            city_number += 1
            city = f"{prefix}{c:02d}00"
            districts = rng.randint(1, max(1, min(4, n // 2)))
            county_plans = []
            for k in range(n):
                county_number += 1
                district = k < districts  # districts 02..05, counties from 21 (as GB/T 2260 numbers them)
                suffix = k + 2 if district else k - districts + 21
                kind = "区" if district else "县"
                county_plans.append(CountyPlan(f"{city[:4]}{suffix:02d}", f"合成{county_number}{kind}"))
            city_plans.append(CityPlan(city, f"合成{city_number}市", tuple(county_plans)))
        provinces.append(ProvincePlan(f"{prefix}0000", f"合成{p + 1}省", tuple(city_plans)))
    return provinces


def _spread(total: int, parts: int, minimum: int, rng: random.Random) -> list[int]:
    """`total` split into `parts` uneven counts of at least `minimum` (largest remainders)."""
    minimum = min(minimum, total // parts)
    weights = [rng.uniform(0.4, 1.6) for _ in range(parts)]
    spare = total - parts * minimum
    shares = [spare * w / sum(weights) for w in weights]
    counts = [minimum + int(share) for share in shares]
    by_remainder = sorted(range(parts), key=lambda i: (int(shares[i]) - shares[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


# --- records --------------------------------------------------------------------------------
def catalogue() -> list[dict[str, Any]]:
    """The real function catalogue, its records re-sourced to the synthetic document."""
    functions: list[dict[str, Any]] = []
    for path in CATALOGUE_FILES:
        for record in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("functions", []):
            functions.append({**record, **PROV})
    return functions


def kind_of(code: str) -> str:
    if code in COMMISSION_FIELDS:
        return "commission"
    if code == "discipline_supervision":
        return "other_organ"
    return "party_organ" if code in PARTY_FIELDS else "government_department"


BODY_KEYS = [
    *"""
    id name former_names kind jurisdiction requirement valid_from valid_to functions parent managed_by
    nameplates staffing office lead
    """.split(),
    *PROV,
]


@dataclass(frozen=True)
class Fields:
    """The function catalogue as the generator uses it."""

    required: dict[str, list[str]]  # level -> the fields required there
    names: dict[str, str]  # code -> name

    @classmethod
    def of(cls, functions: list[dict[str, Any]]) -> Fields:
        required = {
            level: sorted(f["code"] for f in functions if level in (f.get("required_at") or []))
            for level in ("province", "city", "county")
        }
        return cls(required, {f["code"]: f["name"] for f in functions})


@dataclass
class Place:
    code: str
    name: str
    level: str
    docs: dict[str, str]  # wave (w1, rr, w2) -> the document its events cite
    upper: Place | None = None


@dataclass
class Records:
    """What one file group (a province's own, or a city's and its counties') holds."""

    jurisdictions: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)
    duties: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    completeness: list[dict[str, Any]] = field(default_factory=list)

    def write(self, folder: Path, counts: Counter[str]) -> None:
        files: dict[str, dict[str, list[dict[str, Any]]]] = {
            "jurisdictions": {"jurisdictions": self.jurisdictions},
            "documents": {"documents": self.documents},
            "bodies": {"bodies": [_ordered(b) for b in self.bodies]},
            "sections": {"bodies": [_ordered(b) for b in self.sections]},
            "duties": {"duties": self.duties},
            "events": {"events": self.events},
            "exceptions": {"exceptions": self.exceptions},
            "completeness": {"completeness": self.completeness},
        }
        for name, content in files.items():
            if any(content.values()):
                write(folder / f"{name}.yaml", content)
        counts["jurisdictions"] += len(self.jurisdictions)
        for jurisdiction in self.jurisdictions:
            counts[{"province": "provinces", "city": "cities", "county": "counties"}[jurisdiction["level"]]] += 1
        counts["documents"] += len(self.documents)
        counts["bodies"] += len(self.bodies) + len(self.sections)
        counts["sections"] += len(self.sections)
        counts["duties"] += len(self.duties)
        counts["holdings"] += sum(len(d["holders"]) for d in self.duties)
        counts["events"] += len(self.events)
        counts["exceptions"] += len(self.exceptions)
        counts["completeness"] += len(self.completeness)
        for body in self.bodies:
            counts["nameplates"] += len(body.get("nameplates", []))
            counts[f"kind {body['kind']}"] += 1
            if "valid_to" in body:
                counts["bodies ended"] += 1
            elif body["kind"] in PARTY_GOVERNMENT:
                counts["party and government bodies today"] += 1
        for event in self.events:
            counts[f"events {event['date'][:4]}"] += 1


def _ordered(body: dict[str, Any]) -> dict[str, Any]:
    return {key: body[key] for key in BODY_KEYS if key in body}


class Builder:
    """The records of one jurisdiction, drawn from `rng` in a fixed order."""

    def __init__(
        self, place: Place, rng: random.Random, fields: Fields, out: Records, *, gap: float, merge: float
    ) -> None:
        self.place, self.rng, self.out = place, rng, out
        self.required, self.function_names = fields.required[place.level], fields.names
        self.gap, self.merge = gap, merge
        self.level = place.level
        self.windows = WINDOWS[place.level]
        self.bodies: list[dict[str, Any]] = []  # this jurisdiction's, sections aside
        self.by_field: dict[str, dict[str, Any]] = {}  # field -> the current body covering it

    # names and ids
    def name(self, slug: str) -> str:
        template = NAMES[slug]
        if self.level == "province":
            template = PROVINCE_NAMES.get(slug, template)
            if slug in PROVINCE_TING and template.endswith("局"):
                template = template[:-1] + "厅"
        if self.level == "county" and slug == "health_family_planning":
            template = "{p}卫生和计划生育局"
        return template.format(p=self.place.name)

    def body(
        self, slug: str, functions: list[str], kind: str, requirement: str | None = None, *, name: str | None = None
    ) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": f"{self.place.code}.{slug}",
            "name": name or self.name(slug),
            "kind": kind,
            "jurisdiction": self.place.code,
            "functions": functions,
            **PROV,
        }
        if requirement:
            record["requirement"] = requirement
        self.bodies.append(record)
        return record

    def duty(self, slug: str, text: str, function: str, holders: list[dict[str, Any]]) -> str:
        ident = f"duty.{self.place.code}.{slug}"
        record: dict[str, Any] = {"id": ident, "text": text, "function": function, "holders": holders, **PROV}
        self.out.duties.append(record)
        return ident

    def event(self, slug: str, kind: str, wave: str, description: str, **members: list[str]) -> None:
        record: dict[str, Any] = {
            "id": f"event.{self.place.code}.{slug}",
            "type": kind,
            "date": self.windows[wave],
            "jurisdiction": self.place.code,
            "document": self.place.docs[wave],
            "description": f"{self.place.name}: {description}",
        }
        record.update({key: value for key, value in members.items() if value})
        self.out.events.append({**record, **PROV})

    # the steps
    def build(self, vertical_parent: str | None) -> None:
        self.structure(vertical_parent)
        self.local_bodies()
        self.commissions()
        for change in WAVE_2018:
            self.change(change)
        self.event("sanding_issued", "sanding_issued", "w1", '党政机构"三定"规定印发')
        self.rural_revitalization()
        self.wave_2023()
        self.sections()
        self.institutions()
        self.teams()
        self.routine_duties()
        self.out.bodies.extend(self.bodies)

    def structure(self, vertical_parent: str | None) -> None:
        """The bodies covering the required fields (after the 2018-2019 wave), and the exceptions
        excusing the gaps."""
        code, rng = self.place.code, self.rng
        remaining = sorted(self.required)
        groups = [[f for f in group if f in remaining] for group in MERGES]
        eligible = [group for group in groups if len(group) >= 2]
        merged = [group for group in eligible if rng.random() < self.merge]
        if self.merge > 0:  # more merges where the level's range would be exceeded
            party_government = sum(1 for f in remaining if kind_of(f) in PARTY_GOVERNMENT) + 1  # + social work
            for group in eligible:
                if party_government - sum(len(g) - 1 for g in merged) <= BODY_RANGE[self.level][1]:
                    break
                if group not in merged:
                    merged.append(group)
        for group in [g for g in eligible if g in merged]:  # in MERGES order
            body = self.body("_".join(group[:2]), group, kind_of(group[0]), name=self.name(group[0]))
            body["nameplates"] = [{"name": self.name(f), **PROV} for f in group[1:]]
            remaining = [f for f in remaining if f not in group]
        for f in remaining:
            if f == "ecology_environment" and vertical_parent and rng.random() < 0.8:
                city = self.place.upper.name if self.place.upper else ""
                branch = self.body(
                    "ecology_environment_branch", [f], "vertical_branch", name=f"{city}生态环境局{self.place.name}分局"
                )
                branch["managed_by"] = f"{vertical_parent}.ecology_environment"
            elif rng.random() < self.gap and not (f == "ecology_environment" and vertical_parent is None):
                # (a city keeps its ecology bureau: its counties' branches are managed from it)
                if rng.random() < 0.5:  # half of the gaps are excused by a document
                    self.out.exceptions.append(
                        {
                            "id": f"exception.{code}.{f}",
                            "jurisdiction": code,
                            "function": f,
                            "description": f"synthetic: {self.place.name} may do without a {f} body",
                            **PROV,
                        }
                    )
            else:
                kind = kind_of(f)
                if kind == "commission":
                    self.body(f"commission.{f}", [f], kind, name=self.commission_name(f))
                else:
                    self.body(f, [f], kind, "required" if kind in PARTY_GOVERNMENT else None)
        self.index()

    def commission_name(self, f: str) -> str:
        return f"中共{self.place.name}{COMMISSIONS[f][0].format(l=self.place.name[-1])}"

    def index(self) -> None:
        self.by_field = {}
        for body in self.bodies:
            if body["kind"] != "commission" and "valid_to" not in body:
                for f in body["functions"]:
                    self.by_field.setdefault(f, body)

    def local_bodies(self) -> None:
        """Local bodies (因地制宜) up to a target drawn from the level's range."""
        low, high = BODY_RANGE[self.level]
        target = self.rng.randint(low, high)
        today = sum(1 for b in self.bodies if b["kind"] in PARTY_GOVERNMENT) + 1  # + social work (2023)
        today += int("agriculture_rural" not in self.by_field)  # 乡村振兴局 then stays
        pool = [f for f in LOCAL_POOL[self.level] if f not in self.by_field]
        for f in sorted(self.rng.sample(pool, max(0, min(len(pool), target - today)))):
            self.body(f, [f], "government_department", "local")
        self.index()

    def commissions(self) -> None:
        """Office and lead of each commission; the cyberspace and staffing commissions besides."""
        for f in ("cyberspace", "staffing_establishment"):
            # it covers the field where the office's body does (else a gap would be hidden)
            self.body(f"commission.{f}", [f] if f in self.by_field else [], "commission", name=self.commission_name(f))
        fallback = self.by_field.get("party_general_office")
        for body in self.bodies:
            if body["kind"] != "commission":
                continue
            f = body["id"].rsplit(".", 1)[1]
            host = self.by_field.get(COMMISSIONS[f][1], fallback)
            if host is not None:
                body["office"] = {"name": f"{body['name']}办公室", "host": host["id"]}
                body["lead"] = [host["id"]]
            if f not in OLD_COMMISSIONS:
                body["valid_from"] = self.windows["w1"]

    def change(self, change: Change) -> None:
        """One change of the 2018-2019 wave, where the jurisdiction has the resulting body."""
        result = self.by_field.get(change.field)
        if result is None:
            return  # a gap: nothing to form
        level = self.level
        kind = change.type
        before = change.before[level]
        givers = change.duties_from[level]
        if result["kind"] == "vertical_branch":
            kind, givers = "replaced", ()  # the county office became a branch of the city bureau
        w1 = self.windows["w1"]
        old = {}
        for slug in before:
            body = self.body(slug, OLD_BODIES[slug], "government_department")
            body["valid_to"] = w1
            old[slug] = body["id"]
        handing = {f: self.by_field[f]["id"] for f in givers if f in self.by_field}
        handing = {f: ident for f, ident in handing.items() if ident != result["id"]}
        duties = []
        for move in change.moves:
            giver = old.get(move.source) or handing.get(move.source)
            if giver is None:
                continue
            holders = [{"body": giver, "valid_to": w1}, {"body": result["id"], "valid_from": w1}]
            duties.append(self.duty(move.slug, move.text, move.function, holders))
        original = list(old.values())
        if kind == "reformed":
            original.append(result["id"])
        else:
            result["valid_from"] = w1
        self.event(
            f"{change.field}_{kind}",
            kind,
            "w1",
            change.description,
            original=original,
            resulting=[result["id"]],
            duties_from=sorted(set(handing.values())),
            duties=duties,
        )

    def rural_revitalization(self) -> None:
        """2021: 扶贫开发办公室 replaced by 乡村振兴局; 2023-2024: merged into 农业农村局."""
        poverty = self.body("poverty_alleviation", ["poverty_alleviation"], "government_department", "local")
        revitalization = self.body(
            "rural_revitalization", ["rural_revitalization", "poverty_alleviation"], "government_department", "local"
        )
        poverty["valid_to"] = revitalization["valid_from"] = self.windows["rr"]
        holders = [
            {"body": poverty["id"], "valid_to": self.windows["rr"]},
            {"body": revitalization["id"], "valid_from": self.windows["rr"]},
        ]
        duty = self.duty("poverty_alleviation", "巩固拓展脱贫攻坚成果和扶贫开发", "poverty_alleviation", holders)
        self.event(
            "rural_revitalization_replaced",
            "replaced",
            "rr",
            "扶贫开发办公室重组为乡村振兴局",
            original=[poverty["id"]],
            resulting=[revitalization["id"]],
            duties=[duty],
        )
        agriculture = self.by_field.get("agriculture_rural")
        if agriculture is None:
            return
        revitalization["valid_to"] = holders[1]["valid_to"] = self.windows["w2"]
        holders.append({"body": agriculture["id"], "valid_from": self.windows["w2"]})
        self.event(
            "rural_revitalization_merged",
            "merged",
            "w2",
            "乡村振兴局职责划入农业农村局, 不再保留",
            original=[revitalization["id"], agriculture["id"]],
            resulting=[agriculture["id"]],
            duties=[duty],
        )

    def wave_2023(self) -> None:
        w2 = self.windows["w2"]
        social = self.body("social_work", ["social_work"], "party_organ", "local")
        social["valid_from"] = w2
        duties, givers = [], []
        for f, slug, text in (
            ("civil_affairs", "community_governance", "城乡社区治理和基层政权建设"),
            ("organization", "new_organizations_party_building", "新经济组织和新社会组织党建工作"),
        ):
            giver = self.by_field.get(f)
            if giver is not None:
                holders = [{"body": giver["id"], "valid_to": w2}, {"body": social["id"], "valid_from": w2}]
                duties.append(self.duty(slug, text, "social_work", holders))
                givers.append(giver["id"])
        self.event(
            "social_work_formed",
            "formed",
            "w2",
            "组建党委社会工作部, 划入民政、组织部门的有关职责",
            resulting=[social["id"]],
            duties_from=sorted(set(givers)),
            duties=duties,
        )
        science, agriculture = self.by_field.get("science_technology"), self.by_field.get("agriculture_rural")
        if science is not None and agriculture is not None and science is not agriculture:
            holders = [{"body": science["id"], "valid_to": w2}, {"body": agriculture["id"], "valid_from": w2}]
            duty = self.duty("agri_science_planning", "农业农村科技发展规划和政策", "agriculture_rural", holders)
            self.event(
                "science_technology_duties_transferred",
                "duties_transferred",
                "w2",
                "科学技术部门的农业农村科技发展规划职责划入农业农村部门",
                original=[science["id"]],
                resulting=[agriculture["id"]],
                duties=[duty],
            )
        financial = self.by_field.get("financial_supervision")
        if financial is not None and financial["id"].endswith(".financial_supervision"):
            renamed = self.body("financial_administration", ["financial_supervision"], "government_department", "local")
            renamed["former_names"] = [financial["name"]]
            financial["valid_to"] = renamed["valid_from"] = w2
            holders = [{"body": financial["id"], "valid_to": w2}, {"body": renamed["id"], "valid_from": w2}]
            duty = self.duty("financial_supervision", "地方金融监督管理", "financial_supervision", holders)
            self.event(
                "financial_supervision_renamed",
                "renamed",
                "w2",
                "地方金融监督管理局更名为地方金融管理局",
                original=[financial["id"]],
                resulting=[renamed["id"]],
                duties=[duty],
            )
        self.index()

    def sections(self) -> None:
        low, high = SECTIONS[self.level]
        unit = SECTION_UNIT[self.level]
        quota = {"province": (5, 15), "city": (3, 8), "county": (2, 5)}[self.level]
        for body in self.current(("party_organ", "government_department", "other_organ", "vertical_branch")):
            chosen = [("office", "办公室")] + sorted(self.rng.sample(SECTION_NAMES, self.rng.randint(low, high) - 1))
            for slug, name in chosen:
                section: dict[str, Any] = {
                    "id": f"{body['id']}.{slug}",
                    "name": f"{body['name']}{name}{'' if slug == 'office' else unit}",
                    "kind": "internal_section",
                    "jurisdiction": self.place.code,
                    "parent": body["id"],
                    "staffing": {"quota": self.rng.randint(*quota)},
                    **PROV,
                }
                if "valid_from" in body:
                    section["valid_from"] = body["valid_from"]
                self.out.sections.append(section)

    def institutions(self) -> None:
        low, high = INSTITUTIONS[self.level]
        for slug, name, functions, manager in sorted(self.rng.sample(INSTITUTIONS_POOL, self.rng.randint(low, high))):
            body = self.body(f"pi.{slug}", functions, "public_institution", name=name.format(p=self.place.name))
            if manager in self.by_field:
                body["managed_by"] = self.by_field[manager]["id"]

    def teams(self) -> None:
        if self.level == "province":
            return
        for f, name in TEAMS:
            department = self.by_field.get(f)
            if department is None or department["kind"] != "government_department":
                continue
            team = self.body(f"enforcement.{f}", [f], "law_enforcement_team", name=name.format(p=self.place.name))
            team["managed_by"] = department["id"]
            team["valid_from"] = self.windows["w1"]

    def routine_duties(self) -> None:
        names = self.function_names
        for body in self.current(("party_organ", "government_department", "other_organ", "vertical_branch")):
            slug = body["id"].split(".", 1)[1]
            f = body["functions"][0]
            for kind, text in ROUTINE_DUTIES[: self.rng.randint(2, 3)]:
                holding = {"body": body["id"]}
                if "valid_from" in body:
                    holding["valid_from"] = body["valid_from"]
                self.duty(f"{slug}.{kind}", text.format(f=names.get(f, f)), f, [holding])

    def current(self, kinds: Iterable[str]) -> list[dict[str, Any]]:
        return [b for b in self.bodies if b["kind"] in kinds and "valid_to" not in b]


# --- files ----------------------------------------------------------------------------------
def generate(
    out: Path,
    *,
    scale: str = "province",
    cities: int | None = None,
    counties: int | None = None,
    seed: int,
    gap: float,
    merge: float,
    progress: Callable[[str], None] | None = None,
    with_real_seed: bool = False,
) -> Counter[str]:
    """Write the seed and return what it holds (counts by what; `nodes`: the graph nodes it plans).
    With `with_real_seed`, seed/ is copied into `out` too and the catalogue is its own (the counts
    are the synthetic records', the functions included)."""
    plans = plan_nation(scale, seed=seed, cities=cities, counties=counties)
    functions = catalogue()
    fields = Fields.of(functions)
    shutil.rmtree(out, ignore_errors=True)
    if with_real_seed:
        shutil.copytree(REAL_SEED, out)
    base: dict[str, list[dict[str, Any]]] = {
        "documents": [{"id": DOC, "title": "Synthetic data set", "kind": "dataset", **PROV}]
    }
    if not with_real_seed:  # else the real seed's catalogue, the same codes
        base["functions"] = functions
    write(out / "common" / "base.yaml", base)
    counts: Counter[str] = Counter(documents=1, functions=len(functions))
    started = time.perf_counter()
    for number, plan in enumerate(plans, 1):
        rng = random.Random(f"{seed}/{plan.code}")
        province = _place(plan.code, plan.name, "province", None)
        own = Records(jurisdictions=[{"code": plan.code, "name": plan.name, "level": "province", **PROV}])
        own.documents = _documents(province, plan.code)
        Builder(province, rng, fields, own, gap=0, merge=0).build(None)
        own.write(out / plan.code, counts)
        for city_plan in plan.cities:
            city = _place(city_plan.code, city_plan.name, "city", province)
            records = Records(
                jurisdictions=[
                    {"code": city.code, "name": city.name, "level": "city", "parent": plan.code, **PROV},
                    *(
                        {"code": c.code, "name": c.name, "level": "county", "parent": city.code, **PROV}
                        for c in city_plan.counties
                    ),
                ]
            )
            records.documents = _documents(city, plan.code)
            Builder(city, rng, fields, records, gap=gap / 3, merge=merge / 3).build(None)
            for county_plan in city_plan.counties:
                county = Place(county_plan.code, county_plan.name, "county", city.docs, city)
                Builder(county, rng, fields, records, gap=gap, merge=merge).build(city.code)
            # the generated lists are complete by construction: a gap in them is a finding (missing)
            records.completeness = [_complete(str(j["code"])) for j in records.jurisdictions]
            records.write(out / plan.code / city.code, counts)
        if progress:
            elapsed = time.perf_counter() - started
            progress(
                f"province {number}/{len(plans)} {plan.code} {plan.name}: {len(plan.cities)} cities, "
                f"{sum(len(c.counties) for c in plan.cities)} counties; {counts['bodies']} bodies so far "
                f"({elapsed:.0f} s)"
            )
    counts["nodes"] = sum(
        counts[what]
        for what in ("jurisdictions", "functions", "documents", "bodies", "nameplates", "duties", "events")
        + ("exceptions", "completeness")
    )
    return counts


def _place(code: str, name: str, level: str, upper: Place | None) -> Place:
    docs = {"w1": f"doc.{code}.reform-plan-2018", "w2": f"doc.{code}.reform-plan-2023"}
    province = upper.code if upper else code
    return Place(code, name, level, {**docs, "rr": f"doc.{province}.rural-revitalization-2021"}, upper)


def _documents(place: Place, province: str) -> list[dict[str, Any]]:
    """The reform plan of each wave (a county's events cite its city's), and the province's 2021 notice."""
    dates = {"province": ("2018-10", "2023-09"), "city": ("2018-12", "2024-01")}[place.level]
    issuer = f"中共{place.name}委 {place.name}人民政府"
    docs = [
        {
            "id": place.docs[wave],
            "title": f"{place.name}机构改革方案",
            "kind": "reform_plan",
            "issuer": issuer,
            "date": date,
            "about": [place.code],
            **PROV,
        }
        for wave, date in zip(("w1", "w2"), dates, strict=True)
    ]
    if place.level == "province":
        docs.append(
            {
                "id": place.docs["rr"],
                "title": f"{place.name}关于组建各级乡村振兴局的通知",
                "kind": "notice",
                "issuer": issuer,
                "date": "2021",
                "about": [province],
                **PROV,
            }
        )
    return docs


def _complete(code: str) -> dict[str, Any]:
    return {
        "id": f"completeness.{code}.complete_list",
        "jurisdiction": code,
        "scope": "complete_list",
        "as_of": "2000-01-01",
        "description": "the synthetic data set lists every body of the jurisdiction",
        **PROV,
    }


def write(path: Path, content: dict[str, list[dict[str, Any]]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_yaml(content), encoding="utf-8")


def to_yaml(content: dict[str, list[dict[str, Any]]]) -> str:
    """Block-style YAML of sections of records, every string double-quoted (a JSON string is a
    YAML double-quoted scalar). Ten times faster than PyYAML's representer, which took most of
    the nation's generation time; yaml.safe_load reads back exactly `content` (a test checks)."""
    lines: list[str] = []
    for section, records in content.items():
        lines.append(f"{section}:")
        for record in records:
            _mapping(record, "- ", "  ", lines)
    return "\n".join(lines) + "\n"


def _mapping(record: dict[str, Any], first: str, indent: str, lines: list[str]) -> None:
    prefix = first
    for key, value in record.items():
        if isinstance(value, dict):
            lines.append(f"{prefix}{key}:")
            _mapping(value, indent + "  ", indent + "  ", lines)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{prefix}{key}:")
            for item in value:
                _mapping(item, indent + "- ", indent + "  ", lines)
        else:
            lines.append(f"{prefix}{key}: {_scalar(value)}")
        prefix = indent


def _scalar(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | str):
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"no YAML form for {value!r}")


def summary(out: Path, counts: Counter[str], seconds: float) -> str:
    kinds = ", ".join(
        f"{kind.removeprefix('kind ')} {n}" for kind, n in sorted(counts.items()) if kind.startswith("kind ")
    )
    events = ", ".join(
        f"{what.removeprefix('events ')}: {n}" for what, n in sorted(counts.items()) if what[-4:].isdigit()
    )
    return "\n".join(
        [
            f"wrote {out} in {seconds:.1f} s",
            f"  jurisdictions {counts['jurisdictions']} ({counts['provinces']} provinces, {counts['cities']} cities, "
            f"{counts['counties']} counties)",
            f"  bodies {counts['bodies']}: party and government today {counts['party and government bodies today']}, "
            f"sections {counts['sections']}, ended in a reform {counts['bodies ended']}; {kinds}",
            f"  duties {counts['duties']} ({counts['holdings']} holdings), events {counts['events']} ({events}), "
            f"documents {counts['documents']}, exceptions {counts['exceptions']}, "
            f"completeness {counts['completeness']}",
            f"  nodes {counts['nodes']} (records, nameplates and functions: what the loader plans as nodes)",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--scale", choices=list(SCALES), default="province", help="the shape (default: province)")
    parser.add_argument("--cities", type=int, help="exactly this many cities (one province)")
    parser.add_argument("--counties", type=int, help="exactly this many counties per city")
    parser.add_argument("--seed", type=int, default=42, help="random seed: the same seed gives the same files")
    parser.add_argument("--gap", type=float, default=0.03, help="chance that a county lacks a required body")
    parser.add_argument("--merge", type=float, default=0.5, help="chance that a county merges a group of fields")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    parser.add_argument(
        "--with-real-seed", action="store_true", help="copy the real seed (seed/) into the folder too, to load both"
    )
    args = parser.parse_args()
    try:
        plan_nation(args.scale, seed=args.seed, cities=args.cities, counties=args.counties)
    except ValueError as exc:
        parser.error(str(exc))
    started = time.perf_counter()
    counts = generate(
        args.out,
        scale=args.scale,
        cities=args.cities,
        counties=args.counties,
        seed=args.seed,
        gap=args.gap,
        merge=args.merge,
        progress=(lambda line: print(line, file=sys.stderr)) if args.scale == "national" else None,
        with_real_seed=args.with_real_seed,
    )
    print(summary(args.out, counts, time.perf_counter() - started))
    if args.with_real_seed:
        print(f"  and the real seed ({REAL_SEED}), with its function catalogue and texts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

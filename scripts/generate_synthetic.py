"""Generate a synthetic seed: a province of N cities with M counties each, with realistic
merges, gaps, vertical branches, local extras and documented exceptions, reproducible from
a random seed. For scale tests and benchmarks of the correspondence check.

    .venv/bin/python scripts/generate_synthetic.py --cities 15 --counties 8 --seed 42 --out /tmp/synthetic-seed
    SEED_DIR=/tmp/synthetic-seed ./orggraph seed
    ./orggraph check-correspondence 990000 --as-of 2020-06-01

Codes are fictitious (99xxxx: province 990000, city 99CC00, county 99CCKK) so they never
collide with real GB/T 2260 codes. Every record cites the one synthetic document and is
marked inferred. The same arguments always give byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE_FILES = [ROOT / "seed" / "common" / "functions.yaml", ROOT / "seed" / "620000-gansu" / "extra-functions.yaml"]
DOC = "doc.synthetic"
PROV = {"sources": [DOC], "confidence": "inferred", "note": "synthetic data from scripts/generate_synthetic.py"}
PARTY_FIELDS = {
    "party_general_office",
    "organization",
    "civil_service",
    "staffing_establishment",
    "propaganda",
    "press_publication_film",
    "united_front",
    "ethnic_religious",
    "overseas_chinese",
    "political_legal",
    "cyberspace",
    "policy_research",
    "organs_party_work",
    "veteran_cadres",
}
COMMISSION_FIELDS = {
    "deepening_reform",
    "rule_of_law",
    "national_security",
    "finance_economy",
    "foreign_affairs",
    "military_civilian_integration",
    "audit_leadership",
    "education_leadership",
    "rural_work",
    "inspection_tours",
}
# fields a lower level often puts into one body (the first code names it)
MERGES = [
    ["organization", "civil_service", "veteran_cadres"],
    ["propaganda", "press_publication_film"],
    ["united_front", "ethnic_religious", "overseas_chinese"],
    ["science_technology", "industry_informatization"],
    ["culture_tourism", "sports", "radio_television"],
    ["party_general_office", "policy_research"],
    ["commerce", "investment_promotion"],
]


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


def bodies_for(
    code: str,
    name: str,
    level: str,
    fields: list[str],
    rng: random.Random,
    *,
    gap: float,
    merge: float,
    vertical_parent: str | None,
    extras: int,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Bodies covering `fields` in one jurisdiction, and the exceptions excusing its gaps."""
    remaining = sorted(fields)
    bodies: list[dict[str, Any]] = []
    exceptions: list[dict[str, Any]] = []
    for group in MERGES:
        present = [f for f in group if f in remaining]
        if len(present) >= 2 and rng.random() < merge:
            bodies.append(_body(code, name, "_".join(present[:2]), present, kind_of(present[0])))
            remaining = [f for f in remaining if f not in present]
    for field in remaining:
        if field == "ecology_environment" and vertical_parent and rng.random() < 0.8:
            body = _body(code, name, "ecology_environment_branch", [field], "vertical_branch")
            body["managed_by"] = f"{vertical_parent}.ecology_environment"
            bodies.append(body)
        elif rng.random() < gap and not (field == "ecology_environment" and vertical_parent is None):
            # (a city keeps its ecology bureau: its counties' branches are managed from it)
            if rng.random() < 0.5:  # half of the gaps are excused by a document
                exceptions.append(
                    {
                        "id": f"exception.{code}.{field}",
                        "jurisdiction": code,
                        "function": field,
                        "description": f"synthetic: {name} may do without a {field} body",
                        **PROV,
                    }
                )
        else:
            bodies.append(_body(code, name, field, [field], kind_of(field)))
    for i in range(extras):
        bodies.append(
            _body(
                code, name, f"local_extra_{i + 1}", ["urban_management"], "government_department", requirement="local"
            )
        )
    return bodies, exceptions


def _body(
    code: str, place: str, slug: str, functions: list[str], kind: str, requirement: str = "required"
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": f"{code}.{slug}",
        "name": f"{place}{'·'.join(functions)}",
        "kind": kind,
        "jurisdiction": code,
        "functions": functions,
        **PROV,
    }
    if kind in ("party_organ", "government_department"):
        body["requirement"] = requirement
    return body


def generate(out: Path, *, cities: int, counties: int, seed: int, gap: float, merge: float) -> dict[str, int]:
    if not (1 <= cities <= 99 and 1 <= counties <= 99):
        raise SystemExit("--cities and --counties must be between 1 and 99")
    rng = random.Random(seed)
    functions = catalogue()
    required = {
        level: sorted(f["code"] for f in functions if level in (f.get("required_at") or []))
        for level in ("province", "city", "county")
    }
    shutil.rmtree(out, ignore_errors=True)
    write(
        out / "common" / "base.yaml",
        {
            "documents": [{"id": DOC, "title": "Synthetic data set", "kind": "dataset", **PROV}],
            "functions": functions,
            "jurisdictions": [{"code": "990000", "name": "合成省", "level": "province", **PROV}],
        },
    )
    counts = {"jurisdictions": 1, "bodies": 0, "exceptions": 0}
    province_bodies, _ = bodies_for(
        "990000", "合成省", "province", required["province"], rng, gap=0, merge=0, vertical_parent=None, extras=0
    )
    write(out / "990000" / "bodies.yaml", {"bodies": province_bodies})
    counts["bodies"] += len(province_bodies)
    for c in range(1, cities + 1):
        city = f"99{c:02d}00"
        city_name = f"合成{c}市"
        city_bodies, city_exceptions = bodies_for(
            city,
            city_name,
            "city",
            required["city"],
            rng,
            gap=gap / 3,
            merge=merge / 3,
            vertical_parent=None,
            extras=rng.randint(0, 2),
        )
        jurisdictions = [{"code": city, "name": city_name, "level": "city", "parent": "990000", **PROV}]
        county_bodies: list[dict[str, Any]] = []
        county_exceptions: list[dict[str, Any]] = []
        for k in range(1, counties + 1):
            county = f"99{c:02d}{k:02d}"
            county_name = f"合成{c}市{k}县"
            jurisdictions.append({"code": county, "name": county_name, "level": "county", "parent": city, **PROV})
            made, excused = bodies_for(
                county,
                county_name,
                "county",
                required["county"],
                rng,
                gap=gap,
                merge=merge,
                vertical_parent=city,
                extras=rng.randint(0, 3),
            )
            county_bodies += made
            county_exceptions += excused
        write(out / city / "jurisdictions.yaml", {"jurisdictions": jurisdictions})
        write(out / city / "bodies.yaml", {"bodies": city_bodies + county_bodies})
        write(out / city / "exceptions.yaml", {"exceptions": city_exceptions + county_exceptions})
        # the generated lists are complete by construction: a gap in them is a finding (missing)
        write(out / city / "completeness.yaml", {"completeness": [_complete(str(j["code"])) for j in jurisdictions]})
        counts["jurisdictions"] += len(jurisdictions)
        counts["bodies"] += len(city_bodies) + len(county_bodies)
        counts["exceptions"] += len(city_exceptions) + len(county_exceptions)
    return counts


def _complete(code: str) -> dict[str, Any]:
    return {
        "id": f"completeness.{code}.complete_list",
        "jurisdiction": code,
        "scope": "complete_list",
        "as_of": "2000-01-01",
        "description": "the synthetic data set lists every body of the jurisdiction",
        **PROV,
    }


def write(path: Path, content: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cities", type=int, default=15)
    parser.add_argument("--counties", type=int, default=8, help="counties per city")
    parser.add_argument("--seed", type=int, default=42, help="random seed: the same seed gives the same files")
    parser.add_argument("--gap", type=float, default=0.03, help="chance that a county lacks a required body")
    parser.add_argument("--merge", type=float, default=0.5, help="chance that a county merges a group of fields")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    args = parser.parse_args()
    counts = generate(
        args.out, cities=args.cities, counties=args.counties, seed=args.seed, gap=args.gap, merge=args.merge
    )
    print(f"wrote {args.out}: " + ", ".join(f"{n} {what}" for what, n in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

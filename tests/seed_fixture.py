"""A small, valid seed written into a temporary folder, for loader tests to edit and break."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

PROV = {"sources": ["doc.t"], "confidence": "confirmed"}


def small_seed() -> dict[str, dict[str, Any]]:
    """Files (relative path -> content) of a tiny reform: two bureaus merge into one."""
    return {
        "common/base.yaml": {
            "documents": [{"id": "doc.t", "title": "测试文件", "kind": "article", "date": "2019-12-24", **PROV}],
            "jurisdictions": [
                {"code": "990000", "name": "测试省", "level": "province", **PROV},
                {"code": "990100", "name": "测试市", "level": "city", "parent": "990000", **PROV},
            ],
            "functions": [
                {
                    "code": "natural_resources",
                    "name": "自然资源",
                    "name_en": "natural resources",
                    "required_at": ["city"],
                    **PROV,
                },
            ],
        },
        "990100-city/bodies.yaml": {
            "bodies": [
                {
                    "id": "990100.land",
                    "name": "测试市国土资源局",
                    "kind": "government_department",
                    "jurisdiction": "990100",
                    "valid_to": "2019-02",
                    **PROV,
                },
                {
                    "id": "990100.planning",
                    "name": "测试市规划局",
                    "kind": "government_department",
                    "jurisdiction": "990100",
                    "valid_to": "2019-02",
                    **PROV,
                },
                {
                    "id": "990100.natural_resources",
                    "name": "测试市自然资源局",
                    "short_name": "市自然资源局",
                    "aliases": ["自规局"],
                    "kind": "government_department",
                    "jurisdiction": "990100",
                    "requirement": "required",
                    "valid_from": "2019-03",
                    "functions": ["natural_resources"],
                    "nameplates": [{"name": "测试市林业局", **PROV}],
                    **PROV,
                },
                {
                    "id": "990100.natural_resources.office",
                    "name": "办公室",
                    "kind": "internal_section",
                    "jurisdiction": "990100",
                    "parent": "990100.natural_resources",
                    "valid_from": "2019-03",
                    "staffing": {"quota": 3},
                    **PROV,
                },
            ],
            "duties": [
                {
                    "id": "duty.990100.land_use",
                    "text": "土地利用管理",
                    "function": "natural_resources",
                    **PROV,
                    "holders": [
                        {"body": "990100.land", "valid_to": "2019-02"},
                        {"body": "990100.natural_resources", "valid_from": "2019-03"},
                    ],
                },
            ],
            "events": [
                {
                    "id": "event.990100.natural_resources_formed",
                    "type": "merged",
                    "date": "2019-03",
                    "jurisdiction": "990100",
                    "document": "doc.t",
                    "original": ["990100.land", "990100.planning"],
                    "resulting": ["990100.natural_resources"],
                    "duties": ["duty.990100.land_use"],
                    **PROV,
                },
            ],
            "figures": [
                {
                    "id": "figure.990100.bodies_before",
                    "jurisdiction": "990100",
                    "metric": "bodies_before",
                    "value": 48,
                    "description": "改革前党政机构",
                    **PROV,
                },
            ],
        },
    }


def write_seed(root: Path, files: dict[str, dict[str, Any]]) -> Path:
    seed_dir = root / "seed"
    for relative, content in files.items():
        path = seed_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return seed_dir

"""Where the project's files are: the package is used from a checkout (editable install or
a copy of the whole tree, as in the Dockerfile), so these are relative to the package."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CYPHER_DIR = PROJECT_ROOT / "cypher"
SCHEMA_DIR = CYPHER_DIR / "schema"
SEED_DIR = PROJECT_ROOT / "seed"
SCHEMA_FILE = PROJECT_ROOT / "schema.graphql"

"""The scale smoke test of the fast lane: a synthetic province of 4 cities x 4 counties (with
sections, duties and two reform waves: ~20,000 nodes and relationships; 15 x 8 is ~137,000 and
belongs to scripts/load_growth.py) is loaded as a user loads it, re-loaded (the same files into
the graph they made: nothing compared; then with --full: every record compared, nothing written),
and checked at every level in one process. Timings are printed, not asserted (docs/loading.md)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from neo4j import Driver
from typer.testing import CliRunner

from graph_service.cli import app
from graph_service.paths import PROJECT_ROOT
from tests.conftest import WIPE
from tests.neo4j_provider import Neo4jTarget
from tests.test_correspondence import env_for

runner = CliRunner()


def test_a_synthetic_province_loads_reloads_and_checks(
    tmp_path: Path, neo4j_target: Neo4jTarget, sync_driver: Driver
) -> None:
    out = tmp_path / "province"
    generator = [sys.executable, str(PROJECT_ROOT / "scripts" / "generate_synthetic.py")]
    subprocess.run([*generator, "--cities", "4", "--counties", "4", "--seed", "42", "--out", str(out)], check=True)
    sync_driver.execute_query(WIPE, database_=neo4j_target.database)
    env = {**env_for(neo4j_target), "SEED_DIR": str(out)}

    started = time.perf_counter()
    first = runner.invoke(app, ["seed"], env=env)
    loaded = time.perf_counter() - started
    assert first.exit_code == 0, first.output
    assert "created: 0" not in first.stderr

    started = time.perf_counter()
    again = runner.invoke(app, ["seed"], env=env)
    reloaded = time.perf_counter() - started
    assert again.exit_code == 0, again.output
    assert "nothing compared or written" in again.stderr  # the same files into the graph they made

    started = time.perf_counter()
    full = runner.invoke(app, ["seed", "--full"], env=env)  # every record compared
    compared = time.perf_counter() - started
    assert full.exit_code == 0, full.output
    assert "created: 0" in full.stderr and "updated: 0" in full.stderr and "removed: 0" in full.stderr

    # every parent at every level, in one process: the province and its 4 cities
    started = time.perf_counter()
    batch = runner.invoke(app, ["check-correspondence", "--all-levels", "990000", "--format", "jsonl"], env=env)
    checked = time.perf_counter() - started
    reports = [json.loads(line) for line in batch.stdout.splitlines()]
    assert len(reports) == 5 and batch.exit_code in (0, 1), batch.stderr
    assert sum(len(report["lower"]) for report in reports) == 4 + 4 * 4

    nodes = sync_driver.execute_query("MATCH (n:Record) RETURN count(n) AS n", database_=neo4j_target.database).records[
        0
    ]["n"]
    print(
        f"\nscale smoke 4x4: {nodes} nodes; load {loaded:.1f} s, re-load {reloaded:.1f} s "
        f"(--full {compared:.1f} s), batch {checked:.1f} s"
    )

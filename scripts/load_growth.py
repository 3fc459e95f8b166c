"""How loading grows with the data: first load, re-load that changes nothing, and `seed --check`
for synthetic data sets of several sizes, as a user runs them (`orggraph seed` in a process of
its own), with time per 1,000 records.

Runs against the configured Neo4j (the local server by default) and REPLACES its graph: use a
database of its own. Reloads the real seed at the end unless --keep.

    .venv/bin/python scripts/load_growth.py --sizes 15x8,60x8,150x8 [--national] [--keep]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from neo4j import GraphDatabase

from graph_service.config import load_settings

ROOT = Path(__file__).resolve().parent.parent
ORGGRAPH = [str(Path(sys.executable).parent / "orggraph")]  # the command a user runs


def wipe() -> None:
    settings = load_settings()
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    with GraphDatabase.driver(settings.effective_neo4j_uri, auth=auth) as driver, driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def timed(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, done.stderr


def planned(stderr: str) -> int:
    """Nodes + relationships planned, from the loader's first progress line."""
    found = re.search(r"(\d+) nodes, (\d+) relationships planned", stderr)
    return int(found[1]) + int(found[2]) if found else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="15x8,60x8", help="cities x counties, comma-separated")
    parser.add_argument("--national", action="store_true", help="also the national set (--scale national)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--work", type=Path, default=Path("/tmp/orggraph-growth"))
    parser.add_argument("--keep", action="store_true", help="leave the last synthetic set loaded")
    parser.add_argument(
        "--generator", type=Path, default=ROOT / "scripts" / "generate_synthetic.py", help="another generator version"
    )
    args = parser.parse_args()
    sizes: list[tuple[str, list[str]]] = []
    for size in filter(None, args.sizes.split(",")):
        cities, counties = size.split("x")
        sizes.append((size, ["--cities", cities, "--counties", counties]))
    if args.national:
        sizes.append(("national", ["--scale", "national"]))
    rows = []
    for name, generator_args in sizes:
        out = args.work / name
        subprocess.run(
            [sys.executable, str(args.generator), *generator_args, "--seed", str(args.seed)] + ["--out", str(out)],
            check=True,
            capture_output=True,
        )
        env = {**os.environ, "SEED_DIR": str(out)}
        wipe()
        first, stderr = timed([*ORGGRAPH, "seed", "--allow-deletions"], env)
        records = planned(stderr)
        again, _ = timed([*ORGGRAPH, "seed", "--allow-deletions"], env)
        check, _ = timed([*ORGGRAPH, "seed", "--check"], env)
        rows.append((name, records, first, again, check))
        print(
            f"{name}: {records} records, first load {first:.1f} s, re-load {again:.1f} s, check {check:.1f} s",
            file=sys.stderr,
        )
    print(
        "| data set | records (nodes + relationships) | first load s | per 1,000 | re-load s | per 1,000 | "
        "seed --check s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, records, first, again, check in rows:
        per = 1000 / max(records, 1)
        cells = [f"{records:,}", f"{first:.1f}", f"{first * per:.2f}", f"{again:.1f}", f"{again * per:.2f}"]
        print(f"| {name} | {' | '.join(cells)} | {check:.1f} |")
    if not args.keep:
        wipe()
        subprocess.run([*ORGGRAPH, "seed", "--allow-deletions"], check=True, capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

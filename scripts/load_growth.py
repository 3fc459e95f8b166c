"""How loading grows with the data: first load, re-load of the same files, re-load with --full,
`seed --check` and the batch correspondence check of every parent, for synthetic data sets of
several sizes, as a user runs them (each command in a process of its own), with time per 1,000
records and the loader's peak memory.

Each set is the synthetic province (CxM) or nation with the real seed inside it, generated and
reused exactly as `scripts/benchmark.py --dataset NAME` does (its `prepare`), so
`scripts/benchmark.py --dataset NAME --no-load` can time the queries on the graph a run leaves
(`--keep`). The first load starts from an empty graph and an empty record cache (it clears
ORGGRAPH_CACHE_DIR/seed-records); the later commands find the cache filled.

Runs against the configured Neo4j (the local server by default) and REPLACES its graph: use a
database of its own. Reloads the real seed at the end unless --keep.

    .venv/bin/python scripts/load_growth.py --sizes 15x8,60x8,99x12 [--national] [--keep]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph_service.config import load_settings  # noqa: E402
from scripts.benchmark import prepare  # noqa: E402

ORGGRAPH = [str(Path(sys.executable).parent / "orggraph")]  # the command a user runs
TIME = "/usr/bin/time"  # for the peak memory of each command (GNU time, -f %M)


def wipe() -> None:
    settings = load_settings()
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    with GraphDatabase.driver(settings.effective_neo4j_uri, auth=auth) as driver, driver.session() as session:
        # relationships first, in small transactions: DETACH DELETE of 10,000 nodes at once took a
        # dense node's hundreds of thousands of relationships into one transaction, over the
        # memory pool of a 2 GB heap at national size
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


@dataclass
class Run:
    seconds: float
    peak_mb: float
    stderr: str


def timed(args: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> Run:
    prefix = [TIME, "-f", "peak-kb %M"] if Path(TIME).exists() else []
    started = time.perf_counter()
    done = subprocess.run([*prefix, *args], env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    peak = re.search(r"peak-kb (\d+)", done.stderr)
    return Run(elapsed, int(peak[1]) / 1024 if peak else 0.0, done.stderr)


def planned(stderr: str) -> int:
    """Nodes + relationships planned, from the loader's first progress line."""
    found = re.search(r"(\d+) nodes, (\d+) relationships planned", stderr)
    return int(found[1]) + int(found[2]) if found else 0


def roots(folder: Path) -> str:
    """The top-level jurisdictions (provinces) of a generated folder: its PP0000 directories."""
    codes = sorted(m[1] for p in folder.iterdir() if p.is_dir() and (m := re.match(r"(\d\d0000)", p.name)))
    return ",".join(dict.fromkeys(codes))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", default="15x8,60x8", help="cities x counties, comma-separated")
    parser.add_argument("--national", action="store_true", help="also the national set (--scale national)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--work", type=Path, default=Path("/tmp/orggraph-bench"), help="shared with benchmark.py")
    parser.add_argument("--keep", action="store_true", help="leave the last synthetic set loaded")
    args = parser.parse_args()
    names = [*filter(None, args.sizes.split(",")), *(["national"] if args.national else [])]
    columns = ["first load", "re-load", "re-load --full", "seed --check", "batch check"]
    rows = []
    for name in names:
        folder = prepare(name, args.work, args.seed)
        env = {**os.environ, "SEED_DIR": str(folder)}
        # a first load as on a fresh machine: no validated file in the record cache
        shutil.rmtree(load_settings().orggraph_cache_dir / "seed-records", ignore_errors=True)
        wipe()
        runs = [timed([*ORGGRAPH, "seed", "--allow-deletions"], env)]
        records = planned(runs[0].stderr)
        runs.append(timed([*ORGGRAPH, "seed", "--allow-deletions"], env))
        runs.append(timed([*ORGGRAPH, "seed", "--allow-deletions", "--full"], env))
        runs.append(timed([*ORGGRAPH, "seed", "--check"], env))
        batch = [
            *ORGGRAPH,
            "check-correspondence",
            "--all-levels",
            roots(folder),
            "--format",
            "jsonl",
            "-o",
            os.devnull,
        ]
        runs.append(timed(batch, env, ok=(0, 1, 3)))  # 1: gaps found, 3: unknowns: the data has both
        rows.append((name, records, runs))
        print(
            f"{name}: {records:,} records; "
            + "; ".join(f"{c} {r.seconds:.1f} s ({r.peak_mb:,.0f} MB)" for c, r in zip(columns, runs, strict=True)),
            file=sys.stderr,
        )
    print(
        "| data set | records (nodes + relationships) | "
        + " | ".join(f"{c} s" for c in columns)
        + " | first load s per 1,000 | loader peak MB |"
    )
    print("|---|---:|" + "---:|" * (len(columns) + 2))
    for name, records, runs in rows:
        cells = [f"{r.seconds:.1f}" for r in runs]
        per = runs[0].seconds * 1000 / max(records, 1)
        print(f"| {name} | {records:,} | {' | '.join(cells)} | {per:.2f} | {max(r.peak_mb for r in runs[:4]):,.0f} |")
    if not args.keep:
        wipe()
        subprocess.run([*ORGGRAPH, "seed", "--allow-deletions"], check=True, capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

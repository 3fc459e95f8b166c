"""The peer benchmark in one command: orggraph next to @neo4j/graphql on the same Neo4j.

    .venv/bin/python bench/peer/run.py [--rounds 150] [--requests 400] [--concurrency 8]
                                       [--cached-factor 4] [--no-cache-column]
                                       [--orggraph-source DIR] [--out FILE]

1. Neo4j: the configured one (NEO4J_URI); unset, the project's local server, started if it is
   not running (it is never stopped here). The schema is applied and seed/ loaded (idempotent).
2. The peer's npm packages, installed in bench/peer/node_modules when missing (`npm ci`).
3. The peer (`node server.mjs`) and orggraph (`orggraph serve`, or with --orggraph-source the
   checkout DIR served by this venv's Python, DIR's package first on the path) in child
   processes on free loopback ports; waits for orggraph's /readyz and for the peer to answer.
   When the checkout has a result cache (graph_service/caching/), orggraph is served twice: with
   RESULT_CACHE_BYTES=0 for the "orggraph" column, as it answers uncached, and with its cache on
   for the "orggraph-cached" column and the revalidation rows (GET, GET with If-None-Match).
4. check.py (stops here unless every answer is identical), bench.py (latency, throughput),
   roundtrips.py (statements and db hits per request; skipped, with the reason, when the
   checkout's internals do not fit it).
5. Prints a header (commit, date, CPUs, load) and the tables; --out FILE writes the same text
   to FILE and bench.py's figures as JSON next to it (FILE with the suffix .json).
The child processes it started are always stopped; the Neo4j server never is.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from graph_service.config import load_settings  # noqa: E402
from graph_service.neo4j_local import LocalNeo4j, free_port  # noqa: E402
from scripts.served import ORGGRAPH, ServedApi  # noqa: E402

PYTHON = sys.executable  # the project's venv: run this script with .venv/bin/python
SKIPPED = 3  # roundtrips.py's exit status when the checkout's internals do not fit it
READY_TIMEOUT = 180.0  # s; orggraph's /readyz waits for its warm-up, slow on a cold JVM
PEER_TIMEOUT = 90.0
NPM_TIMEOUT = 900.0
CACHE_BYTES = 64 * 1024 * 1024  # the orggraph-cached process's RESULT_CACHE_BYTES (the default)
STEP_TIMEOUT = 900.0  # check.py, roundtrips.py, the seed; bench.py gets --max-seconds more


class Output:
    """What the run prints, kept for --out."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def say(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.extend(text.split("\n"))

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")


def stream(
    out: Output, command: Sequence[str], *, cwd: Path, env: dict[str, str], timeout: float, indent: str = ""
) -> int:
    """Run a command to its end, echoing its output line by line; killed after `timeout` s."""
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    watchdog = threading.Timer(timeout, process.kill)
    watchdog.start()
    try:
        assert process.stdout is not None
        for line in process.stdout:  # ends when the process closes its output
            out.say(indent + line.rstrip("\n"))
        code = process.wait()
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
    if code < 0:
        out.say(f"{indent}(stopped after {timeout:.0f} s)" if code == -9 else f"{indent}(killed by signal {-code})")
    return code


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class Abort(Exception):
    """The run cannot go on; the message says why."""


def git_commit(source: Path) -> str:
    try:
        commit = subprocess.run(
            ["git", "-C", str(source), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "-C", str(source), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"
    return commit + (" + uncommitted changes" if changed else "")


def package_version(name: str) -> str:
    try:
        data = json.loads((HERE / "node_modules" / name / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "?"
    return str(data.get("version", "?"))


def ensure_node_modules(out: Output) -> None:
    if (HERE / "node_modules").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise Abort("node and npm are needed for the peer (Node 20 or newer)")
    command = [npm, "ci"] if (HERE / "package-lock.json").exists() else [npm, "install"]
    out.say(f"installing the peer's packages: npm {' '.join(command[1:])} in {HERE} ...")
    code = stream(
        out, [*command, "--no-audit", "--no-fund"], cwd=HERE, env=dict(os.environ), timeout=NPM_TIMEOUT, indent="  "
    )
    if code != 0:
        shutil.rmtree(HERE / "node_modules", ignore_errors=True)  # a half install would be taken as done
        raise Abort(f"npm failed (exit {code})")


def start_peer(env: dict[str, str], log: IO[bytes]) -> ServedApi:
    """`node server.mjs` on a free loopback port (a child process and its URL, like orggraph's)."""
    port = free_port()
    process = subprocess.Popen(
        ["node", "server.mjs"], cwd=HERE, env={**env, "PEER_PORT": str(port)}, stdout=log, stderr=subprocess.STDOUT
    )
    return ServedApi(process, f"http://127.0.0.1:{port}/")


def wait_for_peer(peer: ServedApi, log: Path) -> None:
    url = peer.url
    deadline = time.monotonic() + PEER_TIMEOUT
    while time.monotonic() < deadline and peer.process.poll() is None:
        try:
            response = httpx.post(url, json={"query": "{ __typename }"}, timeout=5)
            if response.status_code == 200 and response.json().get("data"):
                return
        except (httpx.TransportError, ValueError):
            pass
        time.sleep(0.3)
    raise Abort(f"the peer did not answer at {url}; its output:\n{tail(log)}")


def start_orggraph(source: Path, env: dict[str, str], log: IO[bytes], *, cache_bytes: int | None = None) -> ServedApi:
    """`orggraph serve` of this project, or of the checkout `source` (its package first on the path);
    `cache_bytes` sets RESULT_CACHE_BYTES (0: the result cache off)."""
    port = free_port()
    environment = {**env, "API_HOST": "127.0.0.1", "API_PORT": str(port), "LOG_LEVEL": "warning"}
    if cache_bytes is not None:
        environment["RESULT_CACHE_BYTES"] = str(cache_bytes)
    if source == ROOT:
        command = [str(ORGGRAPH), "serve"]
    else:  # the same trick as scripts/outage.py's serve()
        environment["PYTHONPATH"] = str(source)
        command = [PYTHON, "-c", "from graph_service.cli import main; main()", "serve"]
    process = subprocess.Popen(command, cwd=source, env=environment, stdout=log, stderr=subprocess.STDOUT)
    return ServedApi(process, f"http://127.0.0.1:{port}")


def wait_ready(api: ServedApi, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline and api.process.poll() is None:
        try:
            if httpx.get(f"{api.url}/readyz", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    state = f"exited with {api.process.returncode}" if api.process.poll() is not None else "still not ready"
    raise Abort(f"orggraph did not become ready at {api.url}/readyz ({state}); its output:\n{tail(log)}")


def neo4j_version(uri: str, user: str, password: str) -> str:
    from neo4j import GraphDatabase

    try:
        with GraphDatabase.driver(uri, auth=(user, password), connection_timeout=5) as driver:
            records, _, _ = driver.execute_query(
                "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition", routing_="r"
            )
            return f"{records[0]['v']} {records[0]['edition']}"
    except Exception as exc:  # only a label in the header
        return f"? ({type(exc).__name__})"


def command_output(command: Sequence[str]) -> str:
    try:
        return subprocess.run(list(command), capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rounds", type=int, default=150, help="sequential rounds (after --warmup)")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--requests", type=int, default=400, help="throughput: requests per system and question")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--cached-factor", type=int, default=4, help="the cached systems send this many times more requests"
    )
    parser.add_argument(
        "--no-cache-column",
        action="store_true",
        help="serve orggraph once, as configured (no second process with its result cache on)",
    )
    parser.add_argument("--max-seconds", type=float, default=1800, help="bench.py stops after this long")
    parser.add_argument("--orggraph-source", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    parser.add_argument("--out", type=Path, help="write the report here (and bench.py's JSON beside it)")
    args = parser.parse_args()
    source: Path = args.orggraph_source.resolve()
    if not (source / "graph_service" / "cli.py").is_file():
        raise SystemExit(f"{source} is not an orggraph checkout (no graph_service/cli.py)")
    out = Output()
    try:
        return run(out, args, source)
    except Abort as exc:
        out.say(f"error: {exc}")
        return 2
    finally:
        if args.out is not None:
            out.write(args.out.resolve())
            print(f"written to {args.out}", flush=True)


def run(out: Output, args: argparse.Namespace, source: Path) -> int:
    with contextlib.chdir(ROOT):  # the project's .env, as `orggraph` reads it
        settings = load_settings()
    neo4j_pid = None
    if settings.neo4j_uri is None:
        local = LocalNeo4j.from_settings(settings, log=lambda text: out.say(f"local Neo4j: {text}"))
        neo4j_pid = local.start().pid
    uri = settings.effective_neo4j_uri
    password = settings.neo4j_password.get_secret_value()
    env = {
        **os.environ,
        "NEO4J_URI": uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": password,
        "NEO4J_DATABASE": settings.neo4j_database,
        "RATE_LIMIT_PER_KEY": "0",  # the benchmark's bursts are not abuse
        "RATE_LIMIT_PER_ADDRESS": "0",
    }
    for step in ("migrate", "seed"):
        code = stream(out, [str(ORGGRAPH), step], cwd=ROOT, env=env, timeout=STEP_TIMEOUT, indent=f"{step}: ")
        if code != 0:
            raise Abort(f"`orggraph {step}` failed (exit {code})")
    ensure_node_modules(out)

    load = os.getloadavg()
    out.say("")
    out.say("# Peer benchmark: orggraph next to @neo4j/graphql on the same Neo4j")
    out.say(f"date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M:%S UTC')}")
    out.say(f"orggraph source: {source} at commit {git_commit(source)}")
    out.say(
        f"peer: @neo4j/graphql {package_version('@neo4j/graphql')}, @apollo/server "
        f"{package_version('@apollo/server')}, Node {command_output(['node', '--version'])}"
    )
    out.say(f"Neo4j {neo4j_version(uri, settings.neo4j_user, password)} at {uri}; Python {platform.python_version()}")
    out.say(f"machine: {os.cpu_count()} CPUs; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1/5/15 min)")
    cache_column = (source / "graph_service" / "caching").is_dir() and not args.no_cache_column
    out.say(
        f"run: --rounds {args.rounds} --warmup {args.warmup} --requests {args.requests} "
        f"--concurrency {args.concurrency}" + (f" --cached-factor {args.cached_factor}" if cache_column else "")
    )

    started: list[ServedApi] = []
    with tempfile.TemporaryDirectory(prefix="peer-bench-") as logs:
        peer_log, orggraph_log = Path(logs) / "peer.log", Path(logs) / "orggraph.log"
        cached_log = Path(logs) / "orggraph-cached.log"
        try:
            with (
                peer_log.open("wb") as peer_out,
                orggraph_log.open("wb") as orggraph_out,
                cached_log.open("wb") as cached_out,
            ):
                peer = start_peer(env, peer_out)
                started.append(peer)
                api = start_orggraph(source, env, orggraph_out, cache_bytes=0 if cache_column else None)
                started.append(api)
                cached = None
                if cache_column:
                    cached = start_orggraph(source, env, cached_out, cache_bytes=CACHE_BYTES)
                    started.append(cached)
                wait_for_peer(peer, peer_log)
                wait_ready(api, orggraph_log)
                if cached is not None:
                    wait_ready(cached, cached_log)
                label = " (RESULT_CACHE_BYTES=0)" if cache_column else ""
                out.say(f"orggraph at {api.url}/graphql (pid {api.process.pid}){label}")
                if cached is not None:
                    out.say(
                        f"orggraph-cached at {cached.url}/graphql (pid {cached.process.pid}; "
                        f"RESULT_CACHE_BYTES={CACHE_BYTES})"
                    )
                out.say(f"peer at {peer.url} (pid {peer.process.pid})")
                urls = {"ORGGRAPH_URL": f"{api.url}/graphql", "PEER_URL": peer.url}
                # bench.py accounts each process's CPU per request (Neo4j's only when it runs here)
                pids = {"orggraph": api.process.pid, "peer": peer.process.pid}
                if cached is not None:
                    urls["ORGGRAPH_CACHED_URL"] = f"{cached.url}/graphql"
                    pids["orggraph-cached"] = cached.process.pid
                if neo4j_pid is not None:
                    pids["neo4j"] = neo4j_pid
                urls["BENCH_PIDS"] = ",".join(f"{name}={pid}" for name, pid in pids.items())
                code = run_steps(out, args, source, {**env, **urls, "ORGGRAPH_ROOT": str(source)})
                logs_of = [(peer, peer_log), (api, orggraph_log)] + ([(cached, cached_log)] if cached else [])
                for served, log in logs_of:  # a server that died during the run says why
                    if served.process.poll() is not None:
                        out.say(f"{served.url} (pid {served.process.pid}) exited with {served.process.returncode}:")
                        out.say(tail(log))
                return code
        finally:
            for served in reversed(started):  # only what this run started; never Neo4j
                served.stop()


def run_steps(out: Output, args: argparse.Namespace, source: Path, env: dict[str, str]) -> int:
    python = [PYTHON, "-X", "utf8"]
    out.say("\n## Same answers (check.py)")
    code = stream(out, [*python, str(HERE / "check.py")], cwd=HERE, env=env, timeout=STEP_TIMEOUT)
    if code != 0:
        out.say(
            f"check.py failed (exit {code}): the systems do not give the same answers (or one failed), "
            "so their timings would not compare the same work; not timing them. Fix queries/orggraph_*.graphql "
            "or the canonical forms in cases.py when orggraph's API changed shape."
        )
        return 1

    out.say("\n## Latency and throughput (bench.py)")
    bench = [
        *python,
        str(HERE / "bench.py"),
        f"--rounds={args.rounds}",
        f"--warmup={args.warmup}",
        f"--requests={args.requests}",
        f"--concurrency={args.concurrency}",
        f"--cached-factor={args.cached_factor}",
        f"--max-seconds={args.max_seconds}",
    ]
    if args.out:
        report = args.out.resolve()
        figures = report.with_suffix(".json") if report.suffix != ".json" else report.with_suffix(".bench.json")
        figures.parent.mkdir(parents=True, exist_ok=True)
        bench.append(f"--out={figures}")
    code = stream(out, bench, cwd=HERE, env=env, timeout=args.max_seconds + 300)
    if code != 0:
        out.say(f"bench.py failed (exit {code})")
        return 1

    out.say("\n## Statements and database hits per request (roundtrips.py)")
    code = stream(
        out,
        [*python, str(HERE / "roundtrips.py")],
        cwd=HERE,
        env=env,
        timeout=STEP_TIMEOUT,
    )
    if code == SKIPPED:
        out.say(f"(roundtrips skipped for {source}; the tables above stand)")
    elif code != 0:
        out.say(f"(roundtrips.py failed with exit {code} for {source}: skipped; the tables above stand)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

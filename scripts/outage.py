"""What clients see while Neo4j stops, is away and starts again, measured from outside.

    .venv/bin/python scripts/outage.py [--cycles 2] [--down 10] [--clients 2] [--source DIR]

Starts a throw-away local Neo4j (its own home and port), loads the seed, serves the API from
this checkout (or from the checkout DIR, to compare with another version) in a child process,
and keeps `--clients` clients asking a small mix of questions. Each cycle stops Neo4j, leaves
it down `--down` seconds, and starts it again. Prints, per phase (stopping, down, starting,
after): answers by outcome with p50/p95/max latency; any answer that is neither data nor
UNAVAILABLE; and the recovery time: from Neo4j answering a query again (asked every 50 ms by a
driver of this script) to the API's first answer with data. See docs/operations.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from neo4j import GraphDatabase

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph_service.config import load_settings  # noqa: E402
from graph_service.neo4j_local import LocalNeo4j, free_port  # noqa: E402
from scripts.served import ORGGRAPH, ROOT, percentile  # noqa: E402

PASSWORD = "orggraph-outage-probe"
QUESTIONS = [
    "{ serverInfo { neo4jVersion } }",
    '{ body(id: "620700.natural_resources", asOf: "2019-12-24") { name sections { name } } }',
    '{ search(text: "消防", first: 5) { kind body { id } } }',
]


@dataclass
class Answer:
    at: float
    latency_ms: float
    outcome: str  # "data", an error code, or "HTTP <status>"


@dataclass
class Timeline:
    answers: list[Answer] = field(default_factory=list)
    marks: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    stop: threading.Event = field(default_factory=threading.Event)


def ask(client: httpx.Client, query: str) -> str:
    try:
        response = client.post("/graphql", json={"query": query})
    except httpx.TransportError as exc:
        return f"transport {type(exc).__name__}"
    if response.status_code >= 500:
        return f"HTTP {response.status_code}"
    body = response.json()
    errors = body.get("errors") or []
    if errors:
        return str((errors[0].get("extensions") or {}).get("code", "uncoded"))
    return "data"


def client_loop(url: str, timeline: Timeline, offset: int) -> None:
    with httpx.Client(base_url=url, timeout=60) as client:
        n = offset
        while not timeline.stop.is_set():
            started = time.monotonic()
            outcome = ask(client, QUESTIONS[n % len(QUESTIONS)])
            timeline.answers.append(Answer(started, (time.monotonic() - started) * 1000, outcome))
            n += 1
            time.sleep(0.02)


def serve(source: Path, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    environment = {**os.environ, **env, "API_PORT": str(port), "LOG_LEVEL": "warning"}
    if source == ROOT:
        command = [str(ORGGRAPH), "serve"]
    else:  # another checkout's package, ahead of this one's on the path
        environment["PYTHONPATH"] = str(source)
        command = [sys.executable, "-c", "from graph_service.cli import main; main()", "serve"]
    return subprocess.Popen(command, env=environment, cwd=source)


def wait_for_database(port: int, timeout: float = 120) -> None:
    """Until Neo4j answers a query on its database (asked every 50 ms by a driver of its own):
    the moment from which the API's recovery is measured."""
    deadline = time.monotonic() + timeout
    with GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=("neo4j", PASSWORD)) as driver:
        while time.monotonic() < deadline:
            try:
                with driver.session(database="neo4j") as session:
                    session.run("RETURN 1").consume()
                return
            except Exception:  # not yet: refused, starting, unavailable
                time.sleep(0.05)
    raise SystemExit("Neo4j did not answer queries after its start")


def wait_ready(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("the API did not become ready")


def report(timeline: Timeline) -> None:
    events = sorted((when, name) for name, times in timeline.marks.items() for when in times)

    def phase(at: float) -> str:
        current = "before"
        for when, name in events:
            if at >= when:
                current = name
        return current

    table: dict[tuple[str, str], list[float]] = defaultdict(list)
    for answer in timeline.answers:
        table[(phase(answer.at), answer.outcome)].append(answer.latency_ms)
    print(f"{'phase':<10}{'outcome':<24}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    order = ["before", "stopping", "down", "starting", "after"]
    for (name, outcome), samples in sorted(table.items(), key=lambda item: (order.index(item[0][0]), item[0][1])):
        print(
            f"{name:<10}{outcome:<24}{len(samples):>6}{percentile(samples, 0.5):>9.1f}"
            f"{percentile(samples, 0.95):>9.1f}{max(samples):>9.1f}"
        )
    unexpected = [a for a in timeline.answers if a.outcome not in ("data", "UNAVAILABLE")]
    print(
        f"answers other than data or UNAVAILABLE: {len(unexpected)}"
        + (f" ({', '.join(sorted({a.outcome for a in unexpected}))})" if unexpected else "")
    )
    for ready in timeline.marks["after"]:
        first = next((a for a in timeline.answers if a.at >= ready and a.outcome == "data"), None)
        if first is None:
            print(f"Neo4j ready at +{ready - events[0][0]:.1f} s: no data answer after it")
            continue
        # the API lets requests through again from the first one that got data; how long that
        # one took is Neo4j's own cold start (a new JVM plans and compiles every query anew)
        later = [a.latency_ms for a in timeline.answers if ready + 5 <= a.at < ready + 15 and a.outcome == "data"]
        print(
            f"Neo4j ready at +{ready - events[0][0]:.1f} s: the API passed requests again {first.at - ready:.2f} s "
            f"later; that first answer took {first.latency_ms / 1000:.2f} s; 5 to 15 s after, data p95 "
            f"{percentile(later, 0.95):.0f} ms"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cycles", type=int, default=2)
    parser.add_argument("--down", type=float, default=10.0, help="seconds Neo4j stays down each cycle")
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout whose API is served")
    args = parser.parse_args()

    settings = load_settings()
    with tempfile.TemporaryDirectory(prefix="orggraph-outage-") as home:
        neo4j = LocalNeo4j(
            home=Path(home),
            jar_dir=settings.neo4j_jar_dir,
            bolt_port=free_port(),
            password=PASSWORD,
            heap="512m",
            pagecache="128m",
            java_home=settings.java_home,
            log=lambda message: print(f"[neo4j] {message}", file=sys.stderr),
        )
        neo4j.start()
        env = {"NEO4J_URI": f"bolt://127.0.0.1:{neo4j.bolt_port}", "NEO4J_PASSWORD": PASSWORD}
        subprocess.run([str(ORGGRAPH), "seed"], env={**os.environ, **env}, check=True, cwd=ROOT)
        port = free_port()
        api = serve(args.source.resolve(), env, port)
        url = f"http://127.0.0.1:{port}"
        timeline = Timeline()
        try:
            wait_ready(url)
            threads = [threading.Thread(target=client_loop, args=(url, timeline, i)) for i in range(args.clients)]
            for thread in threads:
                thread.start()
            time.sleep(5)  # warm: the first queries on a new JVM are slow
            timeline.marks["before"].append(time.monotonic())
            for _ in range(args.cycles):
                timeline.marks["stopping"].append(time.monotonic())
                neo4j.stop()
                timeline.marks["down"].append(time.monotonic())
                time.sleep(args.down)
                timeline.marks["starting"].append(time.monotonic())
                neo4j.start()  # returns once Bolt answers a handshake; the database may still be starting
                wait_for_database(neo4j.bolt_port)
                timeline.marks["after"].append(time.monotonic())
                time.sleep(15)
            timeline.stop.set()
            for thread in threads:
                thread.join(60)
        finally:
            timeline.stop.set()
            api.terminate()
            api.wait(15)
            neo4j.stop()
        report(timeline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

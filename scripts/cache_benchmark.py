"""The result cache seen from a client: a request repeated identically next to the same query with
a new `asOf` each time (never a cache hit), and the wire bytes of a large answer in each coding.

    .venv/bin/python scripts/cache_benchmark.py [--rounds 200] [--warmup 10] [--no-uncached]
                                                [--url URL [--uncached-url URL]] [--out FILE]

Without --url it serves the API itself, twice (`orggraph serve` in child processes on loopback
ports, against the configured Neo4j; the local server is started when NEO4J_URI is unset): once
as configured with its result cache on (RESULT_CACHE_BYTES=64 MB unless set otherwise) and, unless
--no-uncached, once with RESULT_CACHE_BYTES=0, as the service answered before the cache (it still
validates with ETags). Both serve the same Neo4j, so the second process is the "before" of the
same run.

1. Repeated vs new asOf, sequential: in each of `--rounds` rounds (after `--warmup`) every query
   of QUERIES is sent once repeated (the same text and variables every time: `asOf` 2019-12-24)
   and once with a date never sent before (2020-01-01 plus the round's number of days, so the
   answers are the same size and the work the same), to each served process, in an order that
   rotates every round. Two forms: `asOf` as a variable (one document text, as a front end sends
   it) and `asOf` written into the document (a new text each time, so the service parses and
   validates it again as well). Printed: p50 and p95 of each, and the ratio new / repeated of the
   p50s (issue 24's target, cache on: at least 5x; before the cache it was 2.0x, from Neo4j's
   own caches).
2. Wire bytes: the README's org-tree-city-and-counties example (the city and its six counties'
   trees, the largest README answer) asked with Accept-Encoding identity, gzip, br and zstd, twice
   each (the first compressed by the middleware, the second a hit sent from the entry's
   compressed copy): the bytes on the wire and their share of identity (target: gzip <= 25%);
   each decoded answer is checked to be the identity answer.

All requests go to 127.0.0.1; every loop is bounded by --rounds; nothing is written to the graph.
Figures are printed, not asserted: this is a measurement.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gzip
import os
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import brotli
import httpx
import orjson
import zstandard

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph_service.config import load_settings  # noqa: E402
from graph_service.neo4j_local import LocalNeo4j, free_port  # noqa: E402
from scripts.lean_http import LeanHttp  # noqa: E402
from scripts.served import ORGGRAPH, ROOT, ServedApi, percentile  # noqa: E402

REPEATED = "2019-12-24"
FIRST_NEW = dt.date(2020, 1, 1)
LAST_NEW = dt.date(2023, 12, 31)  # the seed's state after the 2019 reform holds until then
CODINGS = ("identity", "gzip", "br", "zstd")
EXAMPLE = re.compile(r"<!-- example: ([\w-]+) -->\s*```graphql\n(.*?)```", re.DOTALL)
WIRE_EXAMPLE = "org-tree-city-and-counties"


@dataclass(frozen=True)
class Query:
    name: str
    text: str  # with `$asOf` where the date goes, declared as `($asOf: Date!)` in its header


QUERIES = [
    # the README's org-chart-2019 example: the city's whole chart with sections (19 KB answered)
    Query(
        "orgChart",
        """query Chart($asOf: Date!) {
  orgChart(jurisdiction: "620700", asOf: $asOf) {
    jurisdiction { name }
    groups {
      kind count
      bodies {
        id name shortName requirement
        nameplates { name }
        sections { id name staffing { quota } }
        managedBodies { id name kind }
        jointOffices { id name }
      }
    }
    commissions { id name office { name host { id name } } lead { id name } members { id } }
  }
}""",
    ),
    # one body, what the explorer's side panel asks first
    Query(
        "body",
        """query Body($asOf: Date!) {
  body(id: "620700.natural_resources", asOf: $asOf) { id name kind functions { code } sections { id name } }
}""",
    ),
    # the README's counterparts-in-every-county example
    Query(
        "counterparts",
        """query Counterparts($asOf: Date!) {
  counterparts(bodyId: "620700.natural_resources", direction: DOWN, asOf: $asOf) {
    body { name }
    answers { jurisdiction { code name } found reason matches { match sharedFunctions body { id name } } }
  }
}""",
    ),
]
FORMS = ("variable", "literal")
MODES = ("repeated", "new asOf")


def payload(query: Query, form: str, day: str) -> bytes:
    if form == "variable":
        return orjson.dumps({"query": query.text, "variables": {"asOf": day}})
    header, _, body = query.text.partition("{")
    literal = header.split("(")[0] + "{" + body.replace("$asOf", f'"{day}"')
    return orjson.dumps({"query": literal, "variables": {}})


def new_day(round_number: int) -> str:
    day = FIRST_NEW + dt.timedelta(days=round_number)
    if day > LAST_NEW:
        raise SystemExit(f"too many rounds: the new dates would pass {LAST_NEW}")
    return day.isoformat()


async def sequential(servers: dict[str, str], rounds: int, warmup: int) -> dict[tuple[str, str, str, str], list[float]]:
    """Latencies in ms by (query, form, server, mode), interleaved and rotating per round."""
    samples: dict[tuple[str, str, str, str], list[float]] = defaultdict(list)
    http = LeanHttp(timeout=60)
    combos = [(server, form, mode) for server in servers for form in FORMS for mode in MODES]
    try:
        for r in range(warmup + rounds):
            shift = r % len(combos)
            for query in QUERIES:
                for server, form, mode in combos[shift:] + combos[:shift]:
                    day = REPEATED if mode == "repeated" else new_day(r)
                    body = payload(query, form, day)
                    started = time.perf_counter()
                    status, answer = await http.post(servers[server], body)
                    elapsed = (time.perf_counter() - started) * 1000
                    decoded: dict[str, Any] = orjson.loads(answer)
                    if status != 200 or decoded.get("errors") or not decoded.get("data"):
                        raise SystemExit(f"{query.name} ({form}, {server}, {day}): {status} {answer[:300]!r}")
                    if r >= warmup:
                        samples[(query.name, form, server, mode)].append(elapsed)
    finally:
        await http.aclose()
    return samples


def decode(body: bytes, coding: str) -> bytes:
    if coding == "gzip":
        return gzip.decompress(body)
    if coding == "br":
        decoded: bytes = brotli.decompress(body)
        return decoded
    if coding == "zstd":
        return zstandard.ZstdDecompressor().decompressobj().decompress(body)
    return body


def wire_bytes(url: str) -> list[tuple[str, str, int, str]]:
    """(coding, miss or hit, bytes on the wire, Content-Encoding) for the README's tree example."""
    examples = dict(EXAMPLE.findall((ROOT / "README.md").read_text(encoding="utf-8")))
    query = examples[WIRE_EXAMPLE]
    rows: list[tuple[str, str, int, str]] = []
    identity: bytes | None = None
    with httpx.Client(timeout=60) as client:
        for coding in CODINGS:
            # a comment never sent before makes the first request of each coding a miss (the key
            # holds the document's text)
            text = f"# wire bytes, {coding}, {time.time_ns()}\n{query}"
            for attempt in ("miss", "hit"):
                request = {"query": text, "variables": {}}
                with client.stream("POST", url, json=request, headers={"accept-encoding": coding}) as response:
                    raw = b"".join(response.iter_raw())
                    encoding = response.headers.get("content-encoding", "identity")
                if response.status_code != 200:
                    raise SystemExit(f"{WIRE_EXAMPLE} ({coding}): {response.status_code}")
                body = decode(raw, encoding)
                answer = orjson.loads(body)
                if answer.get("errors"):
                    raise SystemExit(f"{WIRE_EXAMPLE} ({coding}): {body[:300]!r}")
                if identity is None:
                    identity = orjson.dumps(answer["data"])
                elif orjson.dumps(answer["data"]) != identity:
                    raise SystemExit(f"{WIRE_EXAMPLE} ({coding}, {attempt}): not the identity answer")
                rows.append((coding, attempt, len(raw), encoding))
    return rows


def report(
    samples: dict[tuple[str, str, str, str], list[float]],
    servers: dict[str, str],
    wire: list[tuple[str, str, int, str]],
    args: argparse.Namespace,
) -> list[str]:
    lines = [
        f"Repeated vs new asOf, sequential: {args.rounds} rounds after {args.warmup} warm-ups; every query, form, "
        "server and mode once a round, interleaved, order rotating; ms",
        f"{'query':<14}{'form':<10}{'server':<11}{'repeated p50':>13}{'p95':>8}{'new asOf p50':>14}{'p95':>8}"
        f"{'new/repeated':>14}",
    ]
    for query in QUERIES:
        for form in FORMS:
            for server in servers:
                rep = samples[(query.name, form, server, "repeated")]
                new = samples[(query.name, form, server, "new asOf")]
                ratio = statistics.median(new) / statistics.median(rep)
                lines.append(
                    f"{query.name:<14}{form:<10}{server:<11}{statistics.median(rep):>13.2f}"
                    f"{percentile(rep, 0.95):>8.2f}{statistics.median(new):>14.2f}{percentile(new, 0.95):>8.2f}"
                    f"{ratio:>13.1f}x"
                )
    identity = next(size for coding, attempt, size, _ in wire if coding == "identity" and attempt == "miss")
    lines += [
        "",
        f"Wire bytes of README's {WIRE_EXAMPLE} (cache on; the miss compressed by the middleware, the hit sent "
        "from the entry's compressed copy)",
        f"{'Accept-Encoding':<17}{'request':<9}{'Content-Encoding':<18}{'bytes':>9}{'of identity':>13}",
    ]
    for coding, attempt, size, encoding in wire:
        note = "  (not offered by this server: sent as identity)" if encoding != coding else ""
        lines.append(f"{coding:<17}{attempt:<9}{encoding:<18}{size:>9,}{100 * size / identity:>12.1f}%{note}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--url", help="a running API with its cache on (default: serve one here)")
    parser.add_argument("--uncached-url", help="with --url: a running API with RESULT_CACHE_BYTES=0")
    parser.add_argument("--no-uncached", action="store_true", help="do not serve the RESULT_CACHE_BYTES=0 process")
    parser.add_argument("--out", type=Path, help="write the tables here too")
    args = parser.parse_args()
    if not 1 <= args.rounds or args.warmup < 0:
        parser.error("--rounds must be at least 1 and --warmup at least 0")
    new_day(args.rounds + args.warmup - 1)  # refuses too many rounds before anything starts
    for url in filter(None, (args.url, args.uncached_url)):
        if urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
            parser.error(f"only loopback targets: {url}")

    started: list[ServedApi] = []
    servers: dict[str, str] = {}
    try:
        if args.url is None:
            settings = load_settings()
            if settings.uses_local_neo4j:
                LocalNeo4j.from_settings(settings, log=lambda m: print(m, file=sys.stderr)).start()
            subprocess.run([str(ORGGRAPH), "seed"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
            cached = ServedApi.start(free_port(), timeout=180)
            started.append(cached)
            servers["cache on"] = cached.url + "/graphql"
            if not args.no_uncached:
                uncached = ServedApi.start(free_port(), {"RESULT_CACHE_BYTES": "0"}, timeout=180)
                started.append(uncached)
                servers["cache off"] = uncached.url + "/graphql"
        else:
            servers["cache on"] = args.url.rstrip("/") + (
                "" if args.url.rstrip("/").endswith("/graphql") else "/graphql"
            )
            if args.uncached_url:
                base = args.uncached_url.rstrip("/")
                servers["cache off"] = base if base.endswith("/graphql") else base + "/graphql"
        load_before = os.getloadavg()
        wall = time.monotonic()
        samples = asyncio.run(sequential(servers, args.rounds, args.warmup))
        wire = wire_bytes(servers["cache on"])
        load_after = os.getloadavg()
    finally:
        for served in reversed(started):
            served.stop()
    lines = [
        f"# Result cache from a client ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M UTC}; "
        f"{os.cpu_count()} CPUs; load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after; "
        f"{time.monotonic() - wall:.0f} s)",
        *report(samples, servers, wire, args),
    ]
    print("\n".join(lines))
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

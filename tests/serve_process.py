"""`orggraph serve` as a child process, for tests that need the real command (several worker
processes, signals, its logs): its environment for the test Neo4j, and the wait until it answers."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable

import httpx

from tests.neo4j_provider import Neo4jTarget

#: settings a developer's shell may hold that would change what the child does
_FOREIGN = ("OTEL_", "PROMETHEUS_", "ORGGRAPH_TRACING")


def serve_env(target: Neo4jTarget, port: int, **settings: str) -> dict[str, str]:
    """The environment of `orggraph serve` on `port` against the test Neo4j, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_FOREIGN)}
    env.update(
        NEO4J_URI=target.uri,
        NEO4J_USER=target.user,
        NEO4J_PASSWORD=target.password,
        NEO4J_DATABASE=target.database,
        API_PORT=str(port),
        WARM_UP="false",
    )
    env.update(settings)
    return env


def wait_until_answering(
    url: str,
    process: subprocess.Popen[bytes] | subprocess.Popen[str],
    *,
    path: str = "/readyz",
    timeout: float = 90,
    explain: Callable[[], str] = lambda: "",
) -> None:
    """Return once GET url+path is 200; fail (with `explain()`) if the process exits or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{url}{path}", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert process.poll() is None, f"orggraph serve exited ({process.returncode}) {explain()}"
        assert time.monotonic() < deadline, f"orggraph serve did not answer {path} in {timeout:g} s {explain()}"
        time.sleep(0.2)

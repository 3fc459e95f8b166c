"""SIGTERM stops the served API within seconds, even while hostile requests arrive."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from graph_service.cli import SHUTDOWN_GRACE_SECONDS
from graph_service.neo4j_local import free_port
from tests.neo4j_provider import Neo4jTarget
from tests.robustness.test_request_limits import fragment_fan_out
from tests.serve_process import serve_env, wait_until_answering

ORGGRAPH = Path(sys.executable).parent / "orggraph"


def test_sigterm_stops_the_server_promptly(neo4j_target: Neo4jTarget, tmp_path: Path) -> None:
    port = free_port()
    # with the warm-up on, as a served API starts: SIGTERM may land while it runs
    env = serve_env(neo4j_target, port, LOG_LEVEL="info", WARM_UP="true")
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen([str(ORGGRAPH), "serve"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
    url = f"http://127.0.0.1:{port}"
    stop = threading.Event()
    try:
        wait_until_answering(
            url, server, path="/healthz", timeout=60, explain=lambda: (tmp_path / "serve.log").read_text()
        )

        def hostile() -> None:
            with httpx.Client(timeout=5) as client:
                while not stop.is_set():
                    try:
                        client.post(f"{url}/graphql", json={"query": fragment_fan_out(40)})
                    except httpx.TransportError:
                        return

        senders = [threading.Thread(target=hostile, daemon=True) for _ in range(3)]
        for sender in senders:
            sender.start()
        time.sleep(1)
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=SHUTDOWN_GRACE_SECONDS + 10)
        took = time.monotonic() - started
        output = (tmp_path / "serve.log").read_text()
        # uvicorn shuts down gracefully (the lifespan closes the driver), then re-raises the signal
        assert code in (0, -signal.SIGTERM), output
        assert "Application shutdown complete" in output, output
        assert took < SHUTDOWN_GRACE_SECONDS + 5
    finally:
        stop.set()
        if server.poll() is None:
            server.kill()
            server.wait()
        log.close()

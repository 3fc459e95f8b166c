"""A stand-in Docker Engine for the tests' testcontainers branch, on a machine without Docker.

It answers the Engine API calls that testcontainers and the Docker SDK make to run one
container (version, ping, image inspect, container create/start/inspect/list/logs/delete,
network list), records every request, and publishes the container's port as a port that
already serves: the tests' own Neo4j. So the provider's real code runs end to end (engine
detection, the container's create request, the log wait, the mapped-port lookup, the
connection URL, a driver connecting through it, the removal), and only the container itself
is not there. It speaks HTTP on 127.0.0.1 (DOCKER_HOST=tcp://…), which testcontainers reads as
a local engine inside or outside a container alike.

The answers follow the Engine API's shapes (https://docs.docker.com/reference/api/engine/);
only the fields these clients read are filled in.
"""

from __future__ import annotations

import json
import re
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

API_VERSION = "1.45"
#: what Neo4j's image prints once Bolt and HTTP listen; testcontainers' Neo4j module waits for it
NEO4J_READY_LOG = "2026-01-01 00:00:00.000+0000 INFO  Remote interface available at http://localhost:7474/\n"


@dataclass
class Recorded:
    method: str
    path: str  # without the /v1.NN prefix
    query: dict[str, list[str]]
    body: Any


@dataclass
class EngineState:
    publish: dict[int, int]  # container port -> host port (127.0.0.1)
    logs: str
    exits_at_start: bool
    requests: list[Recorded] = field(default_factory=list)
    containers: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def calls(self, method: str, pattern: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and re.fullmatch(pattern, r.path)]


def _inspect(container_id: str, create: dict[str, Any], status: str, publish: dict[int, int]) -> dict[str, Any]:
    running = status == "running"
    ports = {
        port: ([{"HostIp": "127.0.0.1", "HostPort": str(publish[int(port.split("/")[0])])}] if running else None)
        for port in create.get("ExposedPorts", {})
        if int(port.split("/")[0]) in publish
    }
    return {
        "Id": container_id,
        "Name": "/" + create.get("_name", container_id[:12]),
        "Image": "sha256:" + "0" * 64,
        "State": {
            "Status": status,
            "Running": running,
            "ExitCode": 1 if status == "exited" else 0,
            "Error": "",
            "StartedAt": "2026-01-01T00:00:00Z",
        },
        "Config": {
            "Image": create.get("Image"),
            "Env": create.get("Env", []),
            "Labels": create.get("Labels", {}),
            "ExposedPorts": create.get("ExposedPorts", {}),
            "Tty": bool(create.get("Tty", False)),
        },
        "HostConfig": {**create.get("HostConfig", {}), "NetworkMode": "bridge"},
        "NetworkSettings": {
            "Ports": ports,
            # the engine is this host: its bridge gateway is where published ports answer
            "Networks": {"bridge": {"Gateway": "127.0.0.1", "IPAddress": "127.0.0.1"}},
        },
    }


def _multiplexed(stream: int, text: str) -> bytes:
    """The Engine's framing of a non-TTY container's output: stream id, 3 zero bytes, length."""
    data = text.encode()
    return struct.pack(">BxxxI", stream, len(data)) + data if data else b""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # requests are recorded in the state instead

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_DELETE(self) -> None:
        self._route("DELETE")

    def _route(self, method: str) -> None:
        state = self.server.state
        url = urlsplit(self.path)
        path = re.sub(r"^/v1\.\d+", "", url.path)
        query = parse_qs(url.query)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw and "json" in (self.headers.get("Content-Type") or "") else None
        with state.lock:
            state.requests.append(Recorded(method, path, query, body))
            self._answer(state, method, path, query, body)

    def _answer(self, state: EngineState, method: str, path: str, query: dict[str, list[str]], body: Any) -> None:
        if path == "/_ping":
            return self._send(200, b"OK", "text/plain")
        if path == "/version":
            return self._json(
                200,
                {
                    "Version": "27.0.0",
                    "ApiVersion": API_VERSION,
                    "MinAPIVersion": "1.24",
                    "Os": "linux",
                    "Arch": "amd64",
                    "Platform": {"Name": "OrgGraph test stand-in"},
                },
            )
        if path == "/networks" and method == "GET":
            return self._json(200, [])
        if re.fullmatch(r"/images/.+/json", path):
            return self._json(200, {"Id": "sha256:" + "0" * 64, "RepoTags": [path[len("/images/") : -len("/json")]]})
        if path == "/containers/create" and method == "POST":
            container_id = f"{len(state.containers) + 1:064x}"
            state.containers[container_id] = {
                "create": {**(body or {}), "_name": (query.get("name") or [""])[0]},
                "status": "created",
            }
            return self._json(201, {"Id": container_id, "Warnings": []})
        if path == "/containers/json":
            wanted = json.loads((query.get("filters") or ["{}"])[0]).get("id", [])
            listed = [
                _inspect(cid, c["create"], c["status"], state.publish)
                for cid, c in state.containers.items()
                if not wanted or cid in wanted or any(cid.startswith(w) for w in wanted)
            ]
            return self._json(200, listed)
        match = re.fullmatch(r"/containers/([0-9a-f]+)(/[a-z]+)?", path)
        if not match or match.group(1) not in state.containers:
            return self._json(404, {"message": f"No such container or route: {path}"})
        container_id, action = match.group(1), match.group(2)
        container = state.containers[container_id]
        if action == "/json" and method == "GET":
            return self._json(200, _inspect(container_id, container["create"], container["status"], state.publish))
        if action == "/start" and method == "POST":
            container["status"] = "exited" if state.exits_at_start else "running"
            return self._send(204, b"", None)
        if action == "/logs" and method == "GET":
            out = state.logs if query.get("stdout") == ["1"] else ""
            return self._send(200, _multiplexed(1, out), "application/vnd.docker.multiplexed-stream")
        if action is None and method == "DELETE":
            del state.containers[container_id]
            return self._send(204, b"", None)
        return self._json(404, {"message": f"not served by the stand-in: {method} {path}"})

    def _json(self, status: int, payload: Any) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json")

    def _send(self, status: int, data: bytes, content_type: str | None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Api-Version", API_VERSION)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data:
            self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: EngineState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


@contextmanager
def docker_engine_standin(
    *, publish: dict[int, int], logs: str = NEO4J_READY_LOG, exits_at_start: bool = False
) -> Iterator[tuple[str, EngineState]]:
    """Serve the stand-in engine; yields its DOCKER_HOST and the state it records."""
    state = EngineState(publish=publish, logs=logs, exits_at_start=exits_at_start)
    server = _Server(state)
    thread = threading.Thread(target=server.serve_forever, name="docker-engine-standin", daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

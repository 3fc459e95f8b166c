"""The app served by uvicorn in a thread on a free loopback port, for tests that need a real
HTTP server (a browser, the CLI's --url)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI

from graph_service.app import create_app
from graph_service.config import Settings
from graph_service.neo4j_local import free_port


@contextmanager
def served_app(settings: Settings, app: FastAPI | None = None, **options: Any) -> Iterator[str]:
    """Serve the app (by default create_app(settings)) while the block runs; yields its base
    URL, e.g. http://127.0.0.1:PORT. `options`: more of uvicorn.Config's arguments."""
    port = free_port()
    config = uvicorn.Config(
        app or create_app(settings), host="127.0.0.1", port=port, **{"log_level": "warning", **options}
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)

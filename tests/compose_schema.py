"""The Compose Specification's JSON Schema, taken from the maintained package that carries it:
compose-go (github.com/compose-spec/compose-go), the library Docker Compose itself parses
compose files with, at a pinned version from the Go module proxy. Not a copied file: the
module's zip is downloaded once, checked against its pinned sha256, and kept under
ORGGRAPH_CACHE_DIR."""

from __future__ import annotations

import hashlib
import json
import os
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

from graph_service.config import load_settings

MODULE = "github.com/compose-spec/compose-go/v2"
VERSION = "v2.16.2"
#: sha256 of the module zip the Go proxy served for VERSION (pinned when chosen; the proxy's
#: zips are immutable, so another digest means another file)
ZIP_SHA256 = "75410c9723430b920592093014fc53641f6207e01b52c016c848ba62bf2da805"
SCHEMA_PATH = f"{MODULE}@{VERSION}/schema/compose-spec.json"


def compose_schema() -> dict[str, Any]:
    archive = _module_zip()
    with zipfile.ZipFile(archive) as module:
        loaded: dict[str, Any] = json.loads(module.read(SCHEMA_PATH))
    return loaded


def _module_zip() -> Path:
    cache = load_settings(_env_file=None).orggraph_cache_dir / "compose-go"
    archive = cache / f"{VERSION}.zip"
    if archive.exists() and _sha256(archive) == ZIP_SHA256:
        return archive
    proxy = os.environ.get("GOPROXY", "https://proxy.golang.org").split(",")[0].rstrip("/")
    url = f"{proxy}/{MODULE}/@v/{VERSION}.zip"
    cache.mkdir(parents=True, exist_ok=True)
    partial = archive.with_suffix(".partial")
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (a fixed https URL)
        partial.write_bytes(response.read())
    digest = _sha256(partial)
    if digest != ZIP_SHA256:
        partial.unlink()
        raise RuntimeError(f"{url} has sha256 {digest}, not the pinned {ZIP_SHA256}")
    partial.replace(archive)
    return archive


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

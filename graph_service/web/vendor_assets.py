"""The JavaScript packages GraphiQL needs, served from assets/node_modules (installed from the
npm registry by `./orggraph` with `npm ci`, pinned by assets/package-lock.json), never from a
CDN. Only the files listed here are served, under a URL naming the package's version."""

from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from graph_service.paths import PROJECT_ROOT
from graph_service.web.static_files import IMMUTABLE, StaticFile

log = logging.getLogger(__name__)

NODE_MODULES = PROJECT_ROOT / "assets" / "node_modules"
PREFIX = "/assets/vendor"
_INSTALL_HINT = " (./orggraph up or ./orggraph test installs it with npm ci)"

#: name used by the pages -> (package, file inside the package): the whole allow-list
FILES: dict[str, tuple[str, str]] = {
    "react.js": ("react", "umd/react.production.min.js"),
    "react-dom.js": ("react-dom", "umd/react-dom.production.min.js"),
    "graphiql.js": ("graphiql", "graphiql.min.js"),
    "graphiql.css": ("graphiql", "graphiql.min.css"),
}


@dataclass(frozen=True)
class VendorAssets:
    urls: dict[str, str]  # name -> URL path
    files: dict[str, StaticFile]  # URL path -> file


def _version(package: str, root: Path) -> str | None:
    try:
        version = json.loads((root / package / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None
    return str(version)


@functools.cache
def vendor_assets(root: Path = NODE_MODULES) -> VendorAssets:
    urls: dict[str, str] = {}
    files: dict[str, StaticFile] = {}
    for name, (package, inner) in FILES.items():
        version = _version(package, root)
        if version is None:
            log.warning("%s is not installed in %s: GraphiQL will not load (./orggraph up installs it)", package, root)
            version = "missing"
        url = f"{PREFIX}/{package}@{version}/{inner.rsplit('/', 1)[-1]}"
        urls[name] = url
        files[url] = StaticFile(root / package / inner, cache_control=IMMUTABLE, missing_hint=_INSTALL_HINT)
    return VendorAssets(urls=urls, files=files)

"""The explorer page at /explore: plain JavaScript modules, a stylesheet and the GraphQL
documents it sends (explorer/queries/), all files of graph_service/web/explorer/, served
under a Content-Security-Policy of 'self' only (no inline script or style)."""

from __future__ import annotations

from pathlib import Path

from graph_service.web.static_files import MEDIA_TYPES, REVALIDATE, StaticFile

EXPLORER_DIR = Path(__file__).parent / "explorer"
PREFIX = "/explore"

POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)


def explorer_files(directory: Path = EXPLORER_DIR) -> dict[str, StaticFile]:
    """URL path -> file, for every servable file of the explorer's folder (listed once, at start)."""
    files: dict[str, StaticFile] = {}
    for path in sorted(directory.rglob("*")):
        if path.is_file() and path.suffix in MEDIA_TYPES:
            headers = {"Content-Security-Policy": POLICY} if path.suffix == ".html" else None
            files[f"{PREFIX}/{path.relative_to(directory).as_posix()}"] = StaticFile(
                path, cache_control=REVALIDATE, headers=headers
            )
    page = files[f"{PREFIX}/index.html"]
    files[PREFIX] = files[f"{PREFIX}/"] = page
    return files

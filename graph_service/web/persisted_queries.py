"""Persisted queries: a client sends a document's sha256 instead of its text.

Three modes (PERSISTED_QUERIES):

- `automatic` (default): Apollo's automatic persisted queries. A hash the worker has seen is
  run; an unknown one answers PERSISTED_QUERY_NOT_FOUND, and the client sends hash and text
  together once, which the worker checks (the hash must be the text's sha256) and remembers in a
  bounded least-recently-used cache. Each worker keeps its own cache: a miss on another replica
  costs one more round trip, never a wrong answer, so the API stays stateless.
- `allowlist`: only the documents of a manifest (PERSISTED_QUERIES_FILE) run, by hash, by
  `documentId` or by their exact text; any other document is refused
  (PERSISTED_QUERY_NOT_ALLOWED). For production front ends that ship their queries.
- `off`: documents only as text; a hash answers PERSISTED_QUERY_NOT_SUPPORTED.

Manifests: Apollo's persisted query manifest (`{"format": "apollo-persisted-query-manifest",
"version": 1, "operations": [{"id", "body", ...}]}`, ids the bodies' sha256) or Relay's
(`{"<id>": "<document>"}`). `orggraph persisted-manifest` writes the first from .graphql files.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from graph_service.errors import ConfigurationError
from graph_service.web.problems import HttpProblem

Mode = Literal["automatic", "allowlist", "off"]
APOLLO_MANIFEST_FORMAT = "apollo-persisted-query-manifest"
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class ManifestError(ConfigurationError):
    """A manifest that cannot be used: the message names the file and the entry at fault."""


@dataclass(frozen=True)
class PersistedRef:
    """What a request named instead of (or beside) its text."""

    sha256: str | None = None  # extensions.persistedQuery.sha256Hash
    document_id: str | None = None  # `documentId` (GraphQL over HTTP's persisted documents)


def sha256_of(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def read_ref(payload: Mapping[str, Any]) -> PersistedRef | None:
    """The persisted-query reference of a request body (or GET parameters), checked for shape."""
    document_id = payload.get("documentId")
    if document_id is not None and (not isinstance(document_id, str) or not document_id.strip()):
        raise HttpProblem(400, "BAD_REQUEST", "`documentId` must be a non-empty string")
    extensions = payload.get("extensions")
    if extensions is None:
        return PersistedRef(document_id=document_id) if document_id else None
    if not isinstance(extensions, dict):
        raise HttpProblem(400, "BAD_REQUEST", "`extensions` must be a JSON object")
    persisted = extensions.get("persistedQuery")
    if persisted is None:
        return PersistedRef(document_id=document_id) if document_id else None
    if not isinstance(persisted, dict):
        raise HttpProblem(400, "BAD_REQUEST", "`extensions.persistedQuery` must be a JSON object")
    if persisted.get("version") != 1:
        raise HttpProblem(
            400, "PERSISTED_QUERY_VERSION_UNSUPPORTED", "only version 1 of `extensions.persistedQuery` is supported"
        )
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not _SHA256_HEX.fullmatch(digest.lower()):
        raise HttpProblem(
            400, "BAD_REQUEST", "`extensions.persistedQuery.sha256Hash` must be 64 hexadecimal digits (a sha256)"
        )
    return PersistedRef(sha256=digest.lower(), document_id=document_id)


class _LruCache:
    """hash -> document, at most `size` entries; shared by the worker's requests."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            document = self._entries.get(key)
            if document is not None:
                self._entries.move_to_end(key)
            return document

    def put(self, key: str, document: str) -> None:
        with self._lock:
            self._entries[key] = document
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


class PersistedQueries:
    """Turns a request's text and/or reference into the document to run, per the mode."""

    def __init__(self, mode: Mode, *, cache_size: int = 1000, manifest: Mapping[str, str] | None = None) -> None:
        if mode == "allowlist" and not manifest:
            raise ManifestError("PERSISTED_QUERIES=allowlist needs a manifest with at least one document")
        self.mode = mode
        self.cache = _LruCache(cache_size)
        self.allowed: dict[str, str] = dict(manifest or {})  # id or sha256 -> document
        self._allowed_texts = {sha256_of(document) for document in self.allowed.values()}

    def resolve(self, query: str | None, ref: PersistedRef | None) -> tuple[str, str | None]:
        """The document to run, and the hash to remember once it has run without request
        errors (automatic mode, text and hash sent together), else None."""
        if self.mode == "off":
            if ref is not None:
                raise HttpProblem(
                    400, "PERSISTED_QUERY_NOT_SUPPORTED", "persisted queries are switched off here: send the query"
                )
            return _text(query), None
        if self.mode == "allowlist":
            return self._allowlisted(query, ref), None
        return self._automatic(query, ref)

    def remember(self, digest: str, document: str) -> None:
        self.cache.put(digest, document)

    def _automatic(self, query: str | None, ref: PersistedRef | None) -> tuple[str, str | None]:
        if ref is None:
            return _text(query), None
        if ref.document_id is not None and ref.sha256 is None:
            raise HttpProblem(
                400,
                "PERSISTED_QUERY_NOT_SUPPORTED",
                "`documentId` names documents of an allow-list (PERSISTED_QUERIES=allowlist); "
                "send `extensions.persistedQuery` or the query",
            )
        assert ref.sha256 is not None
        if query is None:
            cached = self.cache.get(ref.sha256)
            if cached is None:
                raise _not_found()
            return cached, None
        if sha256_of(query) != ref.sha256:
            raise HttpProblem(
                400, "PERSISTED_QUERY_HASH_MISMATCH", "`extensions.persistedQuery.sha256Hash` is not the query's sha256"
            )
        return query, ref.sha256

    def _allowlisted(self, query: str | None, ref: PersistedRef | None) -> str:
        if query is not None:
            if ref is not None and ref.sha256 is not None and sha256_of(query) != ref.sha256:
                raise HttpProblem(
                    400,
                    "PERSISTED_QUERY_HASH_MISMATCH",
                    "`extensions.persistedQuery.sha256Hash` is not the query's sha256",
                )
            if sha256_of(query) not in self._allowed_texts:
                raise HttpProblem(
                    400,
                    "PERSISTED_QUERY_NOT_ALLOWED",
                    "this server runs only the documents of its allow-list (PERSISTED_QUERIES=allowlist)",
                )
            return query
        if ref is None:
            raise _text_missing()
        key = ref.document_id if ref.document_id is not None else ref.sha256
        document = self.allowed.get(key or "")
        if document is None:
            raise _not_found()
        return document


def _text(query: str | None) -> str:
    if query is None:
        raise _text_missing()
    return query


def _text_missing() -> HttpProblem:
    return HttpProblem(400, "BAD_REQUEST", "the request has no `query`: send a GraphQL document as a string")


def _not_found() -> HttpProblem:
    # Apollo's clients recognise this message and code and send the query with its hash
    return HttpProblem(400, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")


def load_manifest(path: Path) -> dict[str, str]:
    """id -> document from an Apollo or Relay manifest; every Apollo id must be its body's sha256."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ManifestError(f"cannot read the persisted query manifest {path}: {exc}") from None
    if not isinstance(raw, dict):
        raise ManifestError(f"{path}: a manifest is a JSON object")
    if "format" not in raw:  # Relay: {"<id>": "<document>"}
        if not all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in raw.items()):
            raise ManifestError(f"{path}: a Relay manifest maps ids to documents (strings)")
        return dict(raw)
    if raw.get("format") != APOLLO_MANIFEST_FORMAT or raw.get("version") != 1:
        raise ManifestError(f"{path}: expected format {APOLLO_MANIFEST_FORMAT!r} version 1")
    operations = raw.get("operations")
    if not isinstance(operations, list):
        raise ManifestError(f"{path}: `operations` must be a list")
    documents: dict[str, str] = {}
    for index, operation in enumerate(operations):
        body = operation.get("body") if isinstance(operation, dict) else None
        identifier = operation.get("id") if isinstance(operation, dict) else None
        if not isinstance(body, str) or not isinstance(identifier, str):
            raise ManifestError(f"{path}: operations[{index}] needs a string `id` and `body`")
        if sha256_of(body) != identifier.lower():
            raise ManifestError(f"{path}: operations[{index}] ({identifier}) is not the sha256 of its body")
        documents[identifier.lower()] = body
    return documents


def apollo_manifest(documents: Mapping[str, str]) -> dict[str, Any]:
    """An Apollo manifest of operation name -> document (one operation per document)."""
    return {
        "format": APOLLO_MANIFEST_FORMAT,
        "version": 1,
        "operations": [
            {"id": sha256_of(body), "name": name, "type": _operation_type(body), "body": body}
            for name, body in sorted(documents.items())
        ],
    }


def _operation_type(body: str) -> str:
    match = re.search(r"^\s*(query|mutation|subscription)\b", body, re.MULTILINE)
    return match.group(1) if match else "query"

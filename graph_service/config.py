"""One settings object, read from environment variables (and an optional `.env` file).

Every knob the service, the CLI and the local Neo4j manager use lives here, so a user
has one place to look. Each CLI command builds it once with `load_settings()` and passes
it down; nothing reads the environment at import time.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph_service.errors import ConfigurationError
from graph_service.paths import PROJECT_ROOT, SEED_DIR

if TYPE_CHECKING:
    from graph_service.ingest.record_cache import RecordCache

#: The Neo4j release this project pins everywhere: Maven jars, docker-compose, testcontainers.
NEO4J_VERSION = "5.26.19"
NEO4J_DOCKER_IMAGE = f"neo4j:{NEO4J_VERSION}-community"

#: The password the local development server gets when none is configured. It only ever
#: guards a server bound to loopback; `ORGGRAPH_ENV=production` refuses it.
DEV_PASSWORD = "orggraph-dev-password"

_MEMORY_SIZE = r"^[0-9]+[kKmMgG]?$"


def _default_cache_dir() -> Path:
    return Path.home() / ".cache" / "orggraph"


class Settings(BaseSettings):
    """Configuration of the service; each field is the environment variable of its name."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False)

    orggraph_env: Literal["development", "production"] = "development"

    # --- the database -------------------------------------------------------------------
    neo4j_uri: str | None = Field(
        default=None,
        description="Bolt URI of a running Neo4j. Unset: the project's own local server.",
    )
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr(DEV_PASSWORD)
    neo4j_database: str = "neo4j"
    neo4j_connection_timeout: float = Field(default=5.0, gt=0)
    # how long the driver retries a failed transaction: short, so a request fails fast while
    # the database is down instead of hanging the client
    neo4j_max_retry_time: float = Field(default=2.0, ge=0)

    # --- the API ------------------------------------------------------------------------
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    # uvicorn worker processes: one Python process serves one core (docs/operations.md, "Workers")
    api_workers: int = Field(default=1, ge=1, le=64)
    graphiql_enabled: bool = True
    # browser origins allowed to call the API (CORS): comma-separated, e.g.
    # "https://charts.example.org,http://localhost:5173"; empty: none; "*": any. Unset: the
    # loopback origins in development, none in production (graph_service/web/cors.py)
    cors_origins: str | None = None
    # more request headers those pages may send, comma-separated (e.g. "sentry-trace"), beside
    # the standard ones allowed anyway (graph_service/web/cors.py: GraphQL clients' headers, the
    # key headers, W3C trace context and baggage)
    cors_allow_headers: str = ""
    introspection_enabled: bool = True
    # API keys: "name:role:sha256-hex-of-the-key" entries, comma-separated (see docs/curation.md;
    # `orggraph new-api-key NAME ROLE` makes one). Roles: reader, editor, admin.
    api_keys: str = ""
    reads_require_key: bool = False
    # ask Neo4j the service's usual questions once after start-up, so that users do not pay for
    # its cold JVM and empty plan cache; /readyz waits for it
    warm_up: bool = True
    # persisted queries (graph_service/web/persisted_queries.py, docs/api.md): automatic (APQ:
    # a hash the worker has seen, in an LRU of PERSISTED_QUERY_CACHE_SIZE), allowlist (only the
    # documents of the manifest PERSISTED_QUERIES_FILE run) or off
    persisted_queries: Literal["automatic", "allowlist", "off"] = "automatic"
    persisted_queries_file: Path | None = None
    persisted_query_cache_size: int = Field(default=1000, ge=1, le=1_000_000)
    # signs the X-OrgGraph-Bookmark header (read-your-writes, docs/scaling.md); every replica needs
    # the same one. Unset: a key derived from NEO4J_PASSWORD, which the replicas share anyway
    bookmark_secret: SecretStr | None = None
    # --- caching (docs/operations.md, "Caching") ------------------------------------------
    # answers to queries kept in each process, by everything that decides them and the graph's
    # version (graph_service/caching): bytes in all (0: off), and the largest answer kept
    result_cache_bytes: int = Field(default=64 * 1024 * 1024, ge=0)
    result_cache_max_entry_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)
    # Cache-Control of a GET query's answer to a client without a key. The default lets browsers
    # and shared caches keep the answer but revalidate it (If-None-Match: a 304, nothing runs)
    # every time, so none serves an answer older than the graph; e.g.
    # "public, max-age=60, stale-while-revalidate=300" lets a CDN answer alone for a minute, at
    # the price of answers up to that old after a write. With a key: "private, no-cache".
    http_cache_control: str = Field(default="public, no-cache", pattern=r"^[!-~]+( [!-~]+)*$")
    # brotli or gzip for answers over COMPRESSION_MIN_BYTES, as the client accepts
    # (graph_service/web/compression.py); a proxy in front that compresses may make it false
    compression_enabled: bool = True
    compression_min_bytes: int = Field(default=1024, ge=0)
    api_docs_enabled: bool = False  # FastAPI's /docs, /redoc and /openapi.json (they describe only the probes)

    # --- what one request may cost (docs/operations.md) -----------------------------------
    max_request_bytes: int = Field(default=64 * 1024, ge=1024)
    max_string_length: int = Field(default=2000, ge=100)  # any string argument or variable
    max_query_cost: int = Field(default=10_000, ge=100)
    max_query_depth: int = Field(default=8, ge=1)
    max_query_aliases: int = Field(default=30, ge=0)
    max_query_tokens: int = Field(default=2000, ge=100)
    # seconds; the Neo4j transaction is stopped too. Generous: the first queries after Neo4j starts
    # run on a cold JVM (the first `counterparts` took 19 s here, then 0.2 s)
    request_timeout: float = Field(default=30.0, gt=0)
    # token buckets, in requests per minute (0: off), per API key and per client address
    rate_limit_per_key: float = Field(default=0, ge=0)
    rate_limit_per_address: float = Field(default=0, ge=0)
    rate_limit_burst: int = Field(default=20, ge=1)
    # --- the change feed's subscriptions (docs/change-feed.md) ---------------------------
    # how often each process's poller asks Neo4j for changes after the last it saw (seconds)
    change_feed_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    # open subscriptions one websocket connection, and one worker process, may hold
    subscriptions_per_connection: int = Field(default=10, ge=1)
    subscriptions_per_process: int = Field(default=1000, ge=1)
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    seed_dir: Path = SEED_DIR
    # a seed load removing more nodes than this needs --allow-deletions
    seed_max_deletions: int = Field(default=25, ge=0)
    # validated seed files kept by their bytes under ORGGRAPH_CACHE_DIR/seed-records, so a file
    # read before is not parsed again (graph_service/ingest/record_cache.py); false: off
    seed_cache: bool = True

    # --- observability (docs/observability.md) -------------------------------------------
    # auto: JSON lines unless stderr is a terminal; json; text
    log_format: Literal["auto", "json", "text"] = "auto"
    metrics_enabled: bool = True  # Prometheus metrics at /metrics
    metrics_require_key: bool = False  # /metrics only with a valid API key (any role)
    # distinct GraphQL operation names a process keeps as metric labels; later ones: "other"
    metrics_max_operations: int = Field(default=100, ge=1, le=10_000)
    # several uvicorn workers: where prometheus_client's processes share their values
    # (`orggraph serve` makes one when API_WORKERS > 1 and this is unset)
    prometheus_multiproc_dir: Path | None = None
    # OpenTelemetry tracing: on when ORGGRAPH_TRACING=true or an OTLP endpoint is set
    orggraph_tracing: bool = False
    otel_exporter_otlp_endpoint: str | None = None
    otel_exporter_otlp_traces_endpoint: str | None = None
    otel_service_name: str = "orggraph"

    # --- the local Neo4j server (used when NEO4J_URI is unset) -------------------------
    local_neo4j_home: Path = PROJECT_ROOT / ".neo4j"
    local_neo4j_bolt_port: int = Field(default=7687, ge=1, le=65535)
    # Sized for a 2-core, 24 GB machine and a graph of thousands of nodes: see docs/neo4j-local.md.
    local_neo4j_heap: str = Field(default="1g", pattern=_MEMORY_SIZE)
    local_neo4j_pagecache: str = Field(default="512m", pattern=_MEMORY_SIZE)
    local_neo4j_start_timeout: float = Field(default=120.0, gt=0)
    orggraph_cache_dir: Path = Field(default_factory=_default_cache_dir)
    java_home: Path | None = None

    @field_validator("neo4j_uri")
    @classmethod
    def _uri_has_a_known_scheme(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        schemes = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")
        if not value.startswith(schemes):
            raise ValueError(f"must start with one of {', '.join(schemes)}; got {value!r}")
        return value

    @field_validator("api_keys")
    @classmethod
    def _api_keys_parse(cls, value: str) -> str:
        parse_api_keys(value)  # raises ValueError with the entry at fault
        return value

    @field_validator("cors_origins")
    @classmethod
    def _cors_origins_are_origins(cls, value: str | None) -> str | None:
        if value is not None:
            _origins(value)  # raises ValueError naming the entry at fault
        return value

    @field_validator("cors_allow_headers")
    @classmethod
    def _cors_headers_are_header_names(cls, value: str) -> str:
        _header_names(value)  # raises ValueError naming the entry at fault
        return value

    @property
    def cors_allow_header_list(self) -> tuple[str, ...]:
        return _header_names(self.cors_allow_headers)

    @property
    def cors_origin_list(self) -> tuple[str, ...]:
        return _origins(self.cors_origins or "")

    @property
    def api_key_table(self) -> dict[str, ApiKey]:
        """sha256 hex digest -> the key's owner and role."""
        return {key.digest: key for key in parse_api_keys(self.api_keys)}

    @model_validator(mode="after")
    def _allowlist_has_a_manifest(self) -> Settings:
        if self.persisted_queries == "allowlist" and self.persisted_queries_file is None:
            raise ValueError("PERSISTED_QUERIES=allowlist needs PERSISTED_QUERIES_FILE (a manifest of the documents)")
        return self

    @model_validator(mode="after")
    def _no_dev_password_in_production(self) -> Settings:
        if self.orggraph_env == "production" and self.neo4j_password.get_secret_value() == DEV_PASSWORD:
            raise ValueError("NEO4J_PASSWORD must be set in production (the development default is refused)")
        return self

    @property
    def bookmark_secret_value(self) -> str:
        return (self.bookmark_secret or self.neo4j_password).get_secret_value()

    @property
    def tracing_enabled(self) -> bool:
        return self.orggraph_tracing or bool(
            self.otel_exporter_otlp_endpoint or self.otel_exporter_otlp_traces_endpoint
        )

    @property
    def uses_local_neo4j(self) -> bool:
        """True when no NEO4J_URI is configured, so the project's own server is used."""
        return self.neo4j_uri is None

    @property
    def effective_neo4j_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.local_neo4j_bolt_port}"

    @property
    def neo4j_jar_dir(self) -> Path:
        """Where the Neo4j jars are cached, shared by every clone on this machine."""
        return self.orggraph_cache_dir / f"neo4j-{NEO4J_VERSION}" / "lib"

    @property
    def seed_record_cache(self) -> RecordCache | None:
        # imported here: the record models would otherwise load in every process that reads settings
        from graph_service.ingest.record_cache import RecordCache

        return RecordCache(self.orggraph_cache_dir / "seed-records") if self.seed_cache else None


class Role(enum.IntEnum):
    """What a key may do; a higher role may do what a lower one may."""

    READER = 1
    EDITOR = 2
    ADMIN = 3


@dataclasses.dataclass(frozen=True)
class ApiKey:
    name: str
    role: Role
    digest: str


def parse_api_keys(text: str) -> list[ApiKey]:
    keys = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        parts = entry.split(":")
        if len(parts) != 3:
            raise ValueError(f"entry {entry[:40]!r} is not name:role:sha256")
        name, role, digest = parts
        if role.upper() not in Role.__members__:
            raise ValueError(f"entry {name!r}: role must be reader, editor or admin, not {role!r}")
        if not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise ValueError(f"entry {name!r}: the key must be given as its sha256 hex digest (64 hex digits)")
        keys.append(ApiKey(name=name, role=Role[role.upper()], digest=digest))
    return keys


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning validation failures into one readable ConfigurationError."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = ".".join(str(part) for part in err["loc"]).upper() or "settings"
            problems.append(f"  {name}: {err['msg']}")
        raise ConfigurationError("invalid configuration:\n" + "\n".join(problems)) from exc


_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?|https?://\[[0-9A-Fa-f:]+\](:\d{1,5})?")


_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # an HTTP token (RFC 9110)


def _header_names(value: str) -> tuple[str, ...]:
    """The header names of a CORS_ALLOW_HEADERS value, lower-cased (browsers send them so)."""
    entries = tuple(entry.strip().lower() for entry in value.split(",") if entry.strip())
    for entry in entries:
        if not _HEADER_NAME.fullmatch(entry):
            raise ValueError(f"{entry!r} is not an HTTP header name")
    return entries


def _origins(value: str) -> tuple[str, ...]:
    """The origins of a CORS_ORIGINS value: `*`, or scheme://host[:port] entries (no path, no
    trailing slash: a browser's Origin header never has one, so such an entry would never match)."""
    entries = tuple(entry.strip() for entry in value.split(",") if entry.strip())
    for entry in entries:
        if entry != "*" and not _ORIGIN.fullmatch(entry):
            raise ValueError(f"{entry!r} is not an origin (scheme://host[:port], or *)")
    return entries

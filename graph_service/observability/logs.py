"""Log lines: one JSON object per line (LOG_FORMAT=json), or one readable line (text), both with
the request id and, where known, the GraphQL operation (graph_service.observability.context).

`orggraph serve` hands logging_config() to uvicorn, so the service's loggers and uvicorn's own,
its access log included, write through the same formatter, in every worker process.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from typing import Any

import orjson

from graph_service.config import Settings
from graph_service.observability import context

#: the positional arguments of uvicorn's access log record, named
_ACCESS_FIELDS = ("client", "method", "path", "http_version", "status")


class JsonFormatter(logging.Formatter):
    """time (UTC, ISO 8601), level, logger, message, request_id, operation, and for uvicorn's
    access log its fields; an exception's traceback as `exception`."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if (request_id := context.request_id.get()) is not None:
            entry["request_id"] = request_id
        if (operation := context.operation.get()) is not None:
            entry["operation"] = operation
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) == 5:
            entry.update(zip(_ACCESS_FIELDS, record.args, strict=True))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return orjson.dumps(entry, default=str).decode()


class TextFormatter(logging.Formatter):
    """`time level logger [request id operation]: message`, for a person at a terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request)s]: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        request_id = context.request_id.get()
        operation = context.operation.get()
        record.request = " ".join(part for part in (request_id, operation) if part) or "-"
        return super().format(record)


def uses_json(settings: Settings) -> bool:
    """LOG_FORMAT=auto: JSON unless stderr is a terminal (a person reading it)."""
    if settings.log_format == "auto":
        return not sys.stderr.isatty()
    return settings.log_format == "json"


def logging_config(settings: Settings) -> dict[str, Any]:
    """A logging.config.dictConfig() dict: one stderr handler with our formatter, which the
    service's loggers and uvicorn's reach by propagating to the root."""
    formatter = JsonFormatter if uses_json(settings) else TextFormatter
    level = settings.log_level.upper()
    passes_on = {"handlers": [], "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"orggraph": {"()": f"{formatter.__module__}.{formatter.__qualname__}"}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "orggraph", "stream": "ext://sys.stderr"}
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "uvicorn": {**passes_on, "level": level},
            "uvicorn.error": {**passes_on, "level": level},
            "uvicorn.access": {**passes_on, "level": level},
        },
    }

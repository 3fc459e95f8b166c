"""The export formats by name: what each is called, its media type and file name, and the
bytes it writes."""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from graph_service.exports.common import chunked
from graph_service.exports.jsonld import jsonld_chunks
from graph_service.exports.popolo import popolo_chunks
from graph_service.exports.reader import ExportReader
from graph_service.exports.scope import ExportScope
from graph_service.exports.tables import zip_chunks


class ExportFormat(enum.StrEnum):
    ORG_JSONLD = "org-jsonld"
    POPOLO = "popolo"
    CSV = "csv"


@dataclass(frozen=True)
class FormatInfo:
    media_type: str
    suffix: str
    chunks: Callable[[ExportReader], AsyncIterator[bytes]]


FORMATS: dict[ExportFormat, FormatInfo] = {
    ExportFormat.ORG_JSONLD: FormatInfo("application/ld+json", ".jsonld", jsonld_chunks),
    ExportFormat.POPOLO: FormatInfo("application/json", ".popolo.json", popolo_chunks),
    # one stream holds the five tables as a zip; the CLI can write them to a folder instead
    ExportFormat.CSV: FormatInfo("application/zip", ".csv.zip", zip_chunks),
}


def file_name(form: ExportFormat, scope: ExportScope) -> str:
    return f"orggraph-{scope.label}{FORMATS[form].suffix}"


def export_chunks(form: ExportFormat, reader: ExportReader) -> AsyncIterator[bytes]:
    """The export as chunks of about 64 KB, read page by page as they are consumed."""
    return chunked(FORMATS[form].chunks(reader))

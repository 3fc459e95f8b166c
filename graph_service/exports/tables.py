"""CSV: one table per kind with a header row, the columns declared here and nowhere else.

RFC 4180 (comma, CRLF line ends, double quotes where needed), UTF-8 without a BOM. Lists are
joined with `|` (ids and codes never contain one). A folder gets one file per table; stdout
and HTTP get a zip of the same files, written as the rows arrive (a zip's entries need no
sizes up front when written to a stream).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from graph_service.exports.reader import ExportReader, Kind

Row = dict[str, Any]
Column = tuple[str, Callable[[Row], Any]]


def _field(name: str) -> Callable[[Row], Any]:
    return lambda row: row.get(name)


def _joined(name: str) -> Callable[[Row], Any]:
    return lambda row: "|".join(str(value) for value in row.get(name) or [])


def _validity() -> list[Column]:
    return [
        (column, _field(key))
        for column, key in (
            ("valid_from", "validFrom"),
            ("valid_from_precision", "validFromPrecision"),
            ("valid_from_earliest", "validFromEarliest"),
            ("valid_from_latest", "validFromLatest"),
            ("valid_to", "validTo"),
            ("valid_to_precision", "validToPrecision"),
            ("valid_to_earliest", "validToEarliest"),
            ("valid_to_latest", "validToLatest"),
        )
    ]


_PROVENANCE: list[Column] = [
    ("confidence", _field("confidence")),
    ("inferred_parts", _joined("inferredParts")),
    ("sources", _joined("sources")),
    ("note", _field("note")),
]

#: the tables, their kinds and their columns, in this order (stable: a changed order is a
#: breaking change of the format)
TABLES: dict[str, tuple[Kind, list[Column]]] = {
    "bodies": (
        Kind.BODIES,
        [
            ("id", _field("id")),
            ("name", _field("name")),
            ("short_name", _field("shortName")),
            ("aliases", _joined("aliases")),
            ("former_names", _joined("formerNames")),
            ("kind", _field("kind")),
            ("requirement", _field("requirement")),
            ("jurisdiction", _field("jurisdiction")),
            ("parent", _field("parent")),
            ("managed_by", _field("managedBy")),
            ("functions", _joined("functions")),
            ("existence", lambda row: "certain" if row["certain"] else "possible"),
            *_validity(),
            *_PROVENANCE,
        ],
    ),
    "duties": (
        Kind.DUTIES,
        [
            ("id", _field("id")),
            ("text", _field("text")),
            ("text_en", _field("textEn")),
            ("function", _field("function")),
            *_PROVENANCE,
        ],
    ),
    "holdings": (
        Kind.HOLDINGS,
        [
            ("body", _field("body")),
            ("duty", _field("duty")),
            ("order", _field("order")),
            ("shared", lambda row: "true" if row["shared"] else "false"),
            ("existence", lambda row: "certain" if row["certain"] else "possible"),
            *_validity(),
            *_PROVENANCE,
        ],
    ),
    "events": (
        Kind.EVENTS,
        [
            ("id", _field("id")),
            ("type", _field("type")),
            ("jurisdiction", _field("jurisdiction")),
            ("date", _field("date")),
            ("date_precision", _field("datePrecision")),
            ("date_earliest", _field("dateEarliest")),
            ("date_latest", _field("dateLatest")),
            ("original", _joined("original")),
            ("duties_from", _joined("dutiesFrom")),
            ("resulting", _joined("resulting")),
            ("duties_moved", _joined("duties")),
            ("duties_lapse", lambda row: "true" if row["dutiesLapse"] else "false"),
            ("count", _field("count")),
            ("document", _field("document")),
            ("description", _field("description")),
            *_PROVENANCE,
        ],
    ),
    "correspondences": (
        Kind.CORRESPONDENCES,
        [
            ("lower", _field("lower")),
            ("upper", _field("upper")),
            ("match", _field("match")),
            ("functions", _joined("functions")),
            *_PROVENANCE,
        ],
    ),
}


def header(table: str) -> list[str]:
    return [name for name, _ in TABLES[table][1]]


async def table_lines(reader: ExportReader, table: str) -> AsyncIterator[bytes]:
    """One table as UTF-8 CSV, the header first, then a few rows per piece."""
    kind, columns = TABLES[table]
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header(table))
    async for row in reader.rows(kind):
        writer.writerow(["" if (value := get(row)) is None else value for _, get in columns])
        if text.tell() >= 16 * 1024:
            yield text.getvalue().encode()
            text.seek(0)
            text.truncate()
    yield text.getvalue().encode()


async def write_folder(reader: ExportReader, folder: Path) -> list[Path]:
    """The tables as files in a folder (created if need be); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        path = folder / f"{table}.csv"
        with path.open("wb") as out:
            async for piece in table_lines(reader, table):
                out.write(piece)
        written.append(path)
    return written


class _Drain(io.RawIOBase):
    """A write-only stream the zip writes into and the exporter empties after each piece."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.buffer += data
        return len(data)

    def take(self) -> bytes:
        data = bytes(self.buffer)
        self.buffer.clear()
        return data


async def zip_chunks(reader: ExportReader) -> AsyncIterator[bytes]:
    """The tables as one zip (deflated), streamed: bytes come out as the rows are read."""
    drain = _Drain()
    with zipfile.ZipFile(drain, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            with archive.open(f"{table}.csv", "w", force_zip64=True) as entry:
                async for piece in table_lines(reader, table):
                    entry.write(piece)
                    if data := drain.take():
                        yield data
            yield drain.take()
    yield drain.take()

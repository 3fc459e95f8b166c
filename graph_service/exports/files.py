"""Where the CLI writes an export: a file, a folder of CSV tables, or stdout."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import BinaryIO

from graph_service.exports.reader import ExportReader
from graph_service.exports.run import ExportFormat, export_chunks
from graph_service.exports.tables import write_folder


async def write_export(form: ExportFormat, reader: ExportReader, output: Path | None, stdout: BinaryIO) -> str:
    """Write the export; returns where it went. A file is written under a `.partial` name and
    renamed when complete, so a failed export never looks like a finished one. CSV to a path
    that does not end in .zip is a folder of tables."""
    if output is None:
        async for chunk in export_chunks(form, reader):
            stdout.write(chunk)
        stdout.flush()
        return "stdout"
    if form is ExportFormat.CSV and output.suffix != ".zip":
        partial = output.with_name(output.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        await write_folder(reader, partial)
        shutil.rmtree(output, ignore_errors=True)
        partial.rename(output)
        return f"{output}/ (bodies, duties, holdings, events, correspondences .csv)"
    partial = output.with_name(output.name + ".partial")
    with partial.open("wb") as out:
        async for chunk in export_chunks(form, reader):
            out.write(chunk)
    partial.replace(output)
    return str(output)

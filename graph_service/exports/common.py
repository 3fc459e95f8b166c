"""Small pieces every format uses: IRIs of exported records, and chunking of the output."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import quote

from graph_service.exports.vocabulary import ID

CHUNK_BYTES = 64 * 1024


def iri(kind: str, *parts: str) -> str:
    """The IRI of an exported record, e.g. https://orggraph.example/id/body/620700.finance (ids are
    percent-encoded: a nameplate's name is Chinese)."""
    return ID + kind + "/" + "/".join(quote(part, safe="._-~") for part in parts)


def holding_order(rid: str) -> str:
    """The holding's number within its body and duty: the `#n` that ends its rid."""
    return rid.rpartition("#")[2] or "0"


async def chunked(pieces: AsyncIterator[bytes], size: int = CHUNK_BYTES) -> AsyncIterator[bytes]:
    """Join small pieces into chunks of about `size` bytes (fewer writes, fewer HTTP frames)."""
    buffer = bytearray()
    async for piece in pieces:
        buffer += piece
        if len(buffer) >= size:
            yield bytes(buffer)
            buffer.clear()
    if buffer:
        yield bytes(buffer)

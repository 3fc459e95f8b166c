"""A lean HTTP/1.1 client for the benchmark's load: keep-alive POSTs of pre-encoded JSON.

httpx spends about 4.5 ms of CPU per request on this machine (bench/peer/README.md), more than
the servers under test. With 2 cores shared by the load generator, both servers and
Neo4j, that cost capped both systems' throughput alike and hid the difference between them. This
client writes prebuilt request bytes and reads the answer by Content-Length or chunked framing,
nothing more: enough for two loopback GraphQL servers, not a general HTTP client.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from urllib.parse import urlsplit

READ_LIMIT = 1 << 24  # bytes; the largest answer in cases.py is ~20 KB


class HttpError(Exception):
    """The server answered something this client does not read (or closed the connection)."""


class _Closed(Exception):
    """The connection closed before the first byte of an answer."""


@dataclass
class _Target:
    host: str
    port: int
    head: bytes  # the request line and headers up to Content-Length's value
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = field(default_factory=list)


class LeanHttp:
    """POST bodies to loopback URLs over a pool of kept-alive connections per URL."""

    def __init__(self, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._targets: dict[str, _Target] = {}

    def _target(self, url: str) -> _Target:
        target = self._targets.get(url)
        if target is None:
            parts = urlsplit(url)
            if parts.scheme != "http" or parts.hostname is None:
                raise ValueError(f"only http:// URLs: {url}")
            path = parts.path or "/"
            head = (
                f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
                "Accept: application/json\r\nContent-Length: "
            ).encode()
            target = _Target(parts.hostname, parts.port or 80, head)
            self._targets[url] = target
        return target

    async def post(self, url: str, body: bytes) -> tuple[int, bytes]:
        """The status and the body of the answer to POSTing `body` (JSON) to `url`."""
        target = self._target(url)
        request = target.head + str(len(body)).encode() + b"\r\n\r\n" + body
        while target.idle:
            # A kept-alive connection the server has since closed (its idle timeout, 5 s for both
            # servers) fails before any answer: these are reads, so send again on another one.
            reader, writer = target.idle.pop()
            try:
                return await self._exchange(target, reader, writer, request)
            except (_Closed, ConnectionError):
                continue
        reader, writer = await asyncio.open_connection(target.host, target.port, limit=READ_LIMIT)
        try:
            return await self._exchange(target, reader, writer, request)
        except _Closed as error:
            raise HttpError("the server closed a new connection without answering") from error

    async def _exchange(
        self, target: _Target, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
    ) -> tuple[int, bytes]:
        try:
            writer.write(request)
            status, answer, keep = await asyncio.wait_for(_read_response(reader), self.timeout)
        except BaseException:
            writer.close()
            raise
        if keep:
            target.idle.append((reader, writer))
        else:
            writer.close()
        return status, answer

    async def aclose(self) -> None:
        for target in self._targets.values():
            for _, writer in target.idle:
                writer.close()
            target.idle.clear()


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as error:
        if not error.partial:
            raise _Closed from error
        raise HttpError("the connection closed in the middle of an answer") from error
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    keep = headers.get("connection", "").lower() != "close"
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"])), keep
    if headers.get("transfer-encoding", "").lower() == "chunked":
        parts: list[bytes] = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")  # no trailers from these servers
                return status, b"".join(parts), keep
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
    raise HttpError(f"an answer without Content-Length or chunked framing (status {status})")

"""Lean HTTP/1.1 GETs for the benchmark's revalidation rows: prebuilt requests over kept-alive
loopback connections, answers read with their headers, 304s included.

scripts/lean_http.py only POSTs and returns the status and the body; a conditional GET needs the
ETag of the first answer and gets a 304 with neither Content-Length nor a body (RFC 9110, 15.4.5),
which that reader refuses. The same economy otherwise: the request bytes are built once, the
answer is framed by Content-Length or chunked encoding, nothing else is parsed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import orjson

READ_LIMIT = 1 << 24
NO_BODY = frozenset({204, 304})


class HttpError(Exception):
    """An answer this client does not read, or a connection closed in the middle of one."""


class _Closed(Exception):
    """The connection closed before the first byte of an answer (a kept-alive one timed out)."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes


@dataclass
class _Pool:
    host: str
    port: int
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = field(default_factory=list)


@dataclass(frozen=True)
class Prepared:
    """A GET's bytes, built once, and the connection pool it goes over."""

    pool: _Pool
    request: bytes


class LeanGet:
    def __init__(self, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._pools: dict[tuple[str, int], _Pool] = {}

    def prepare(
        self, url: str, query: str, variables: dict[str, object], headers: dict[str, str] | None = None
    ) -> Prepared:
        """GET `url`?query=…&variables=… (GraphQL over HTTP's GET), with `headers` besides Host and Accept."""
        parts = urlsplit(url)
        if parts.scheme != "http" or parts.hostname is None:
            raise ValueError(f"only http:// URLs: {url}")
        port = parts.port or 80
        pool = self._pools.setdefault((parts.hostname, port), _Pool(parts.hostname, port))
        target = (parts.path or "/") + "?" + urlencode({"query": query, "variables": orjson.dumps(variables).decode()})
        lines = [f"GET {target} HTTP/1.1", f"Host: {parts.netloc}", "Accept: application/json"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        return Prepared(pool, ("\r\n".join(lines) + "\r\n\r\n").encode())

    async def send(self, prepared: Prepared) -> Answer:
        pool = prepared.pool
        while pool.idle:
            reader, writer = pool.idle.pop()
            try:
                return await self._exchange(pool, reader, writer, prepared.request)
            except (_Closed, ConnectionError):
                continue  # closed by the server while idle: a GET is safe to send again
        reader, writer = await asyncio.open_connection(pool.host, pool.port, limit=READ_LIMIT)
        try:
            return await self._exchange(pool, reader, writer, prepared.request)
        except _Closed as error:
            raise HttpError("the server closed a new connection without answering") from error

    async def _exchange(
        self, pool: _Pool, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
    ) -> Answer:
        try:
            writer.write(request)
            answer, keep = await asyncio.wait_for(_read(reader), self.timeout)
        except BaseException:
            writer.close()
            raise
        if keep:
            pool.idle.append((reader, writer))
        else:
            writer.close()
        return answer

    async def aclose(self) -> None:
        for pool in self._pools.values():
            for _, writer in pool.idle:
                writer.close()
            pool.idle.clear()


async def _read(reader: asyncio.StreamReader) -> tuple[Answer, bool]:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as error:
        if not error.partial:
            raise _Closed from error
        raise HttpError("the connection closed in the middle of an answer") from error
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    keep = headers.get("connection", "").lower() != "close"
    if status in NO_BODY or 100 <= status < 200:
        return Answer(status, headers, b""), keep
    if "content-length" in headers:
        return Answer(status, headers, await reader.readexactly(int(headers["content-length"]))), keep
    if headers.get("transfer-encoding", "").lower() == "chunked":
        parts: list[bytes] = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                return Answer(status, headers, b"".join(parts)), keep
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
    raise HttpError(f"an answer without Content-Length or chunked framing (status {status})")

"""A handle on one Neo4j database: the driver, the database name and the registry of queries."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from neo4j import (
    READ_ACCESS,
    AsyncDriver,
    AsyncManagedTransaction,
    Bookmarks,
    Query,
    Record,
    RoutingControl,
    unit_of_work,
)

from graph_service.config import Settings
from graph_service.db.breaker import CircuitBreaker
from graph_service.db.causal import current_scope
from graph_service.db.cypher import CypherRegistry, QueryName, get_registry
from graph_service.db.driver import DatabaseUnreachableError, create_driver, translated_errors
from graph_service.observability.statements import statement

T = TypeVar("T")
CLOSE_GRACE_SECONDS = 5.0


def _settled(task: asyncio.Task[Any]) -> None:
    """Retrieve a shielded read's outcome, so one nobody awaits any more is not reported as
    "never retrieved" (its request has answered already, with its own error)."""
    if not task.cancelled():
        task.exception()


@dataclass
class Database:
    """What the data layer needs to run a query; created once per process (or test)."""

    driver: AsyncDriver
    name: str
    uri: str
    queries: CypherRegistry = field(default_factory=get_registry)
    #: round trips made through this handle for reads and writes (schema statements, run in the
    #: background at start-up, are not counted): lets tests prove a request stays bounded
    round_trips: int = 0
    #: the longest a transaction may run, enforced by Neo4j itself (the API sets REQUEST_TIMEOUT;
    #: the CLI's seed loads are not limited)
    timeout: float | None = None
    breaker: CircuitBreaker = field(default_factory=CircuitBreaker)
    #: when a list, every composed statement read_text runs is appended to it as
    #: (name, text, params): scripts/benchmark.py times those statements on their own
    recorder: list[tuple[str, str, dict[str, Any]]] | None = None
    #: reads still running after their request was cancelled (see read_text)
    in_flight: set[asyncio.Task[list[dict[str, Any]]]] = field(default_factory=set)

    @classmethod
    def from_settings(cls, settings: Settings, *, timeout: float | None = None) -> Database:
        return cls(
            driver=create_driver(settings),
            name=settings.neo4j_database,
            uri=settings.effective_neo4j_uri,
            timeout=timeout,
        )

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Fail at once while the breaker is open; translate the driver's errors, and open the
        breaker when Neo4j cannot be reached at all."""
        self.breaker.check(self.uri)
        try:
            with translated_errors(self.uri):
                yield
        except DatabaseUnreachableError as exc:
            self.breaker.trip(str(exc.__cause__ or exc).splitlines()[0][:200], self._probe)
            raise

    async def read(self, name: QueryName, **params: Any) -> list[Record]:
        """Run a registered read query in one round trip (a managed, retried transaction)."""
        return await self._execute(self.queries[name], params, RoutingControl.READ)

    async def read_in_background(self, name: QueryName, **params: Any) -> list[Record]:
        """A read of the process's own (the graph-version poll), outside every request: not
        counted in `round_trips`, which tells what requests cost."""
        return await self._execute(
            self.queries[name], params, RoutingControl.READ, counted=False, kind="read", traced=False
        )

    async def read_text(self, name: str, text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run a statement the read compiler composed (graph_service.read) in one round trip,
        as an auto-commit read: a managed transaction adds a COMMIT message and about 0.75 ms of
        the driver's CPU per request, and a read has nothing to commit or retry (a lost
        connection answers UNAVAILABLE and opens the breaker). `name` (its root field) is what
        Neo4j's query log shows."""
        self.round_trips += 1
        if self.recorder is not None:
            self.recorder.append((name, text, params))
        # Shielded from cancellation (a sibling root field failed, the request timed out): the
        # driver leaks the socket of a connection cancelled while it opens, so a cancelled read
        # finishes on its own, bounded by the transaction timeout, and close() waits for it.
        task = asyncio.create_task(self._read_text(name, text, params))
        self.in_flight.add(task)
        task.add_done_callback(_settled)
        task.add_done_callback(self.in_flight.discard)
        return await asyncio.shield(task)

    async def _read_text(self, name: str, text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        query = Query(text, metadata={"query": name}, timeout=self.timeout)
        scope = current_scope()
        bookmarks = scope.given if scope is not None else None  # the client's last write (causal.py)
        with self.errors(), statement(name, "read", self.name, self.uri):
            async with self.driver.session(
                database=self.name, default_access_mode=READ_ACCESS, bookmarks=bookmarks
            ) as session:
                result = await session.run(query, params)
                return [record.data() async for record in result]

    async def write(self, name: QueryName, **params: Any) -> list[Record]:
        """Run a registered write query as one transaction."""
        return await self._execute(self.queries[name], params, RoutingControl.WRITE)

    async def in_write_transaction(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        """Run several queries as one all-or-nothing transaction (retried on transient errors,
        so `work` must not have side effects outside the transaction)."""

        @unit_of_work(timeout=self.timeout)
        async def run(tx: AsyncManagedTransaction) -> T:
            return await work(Transaction(tx, self))

        scope = current_scope()
        with self.errors():
            async with self.driver.session(
                database=self.name, bookmarks=scope.given if scope is not None else None
            ) as session:
                done = await session.execute_write(run)
                if scope is not None:  # handed to the client: its next request reads this write
                    scope.written = await session.last_bookmarks()
                return done

    async def run_schema(self, text: str) -> None:
        """Run a schema statement read from cypher/schema/ (never built from input)."""
        await self._execute(Query(text), {}, RoutingControl.WRITE, counted=False, limited=False)

    async def _execute(
        self,
        query: Query,
        params: dict[str, Any],
        routing: RoutingControl,
        *,
        counted: bool = True,
        limited: bool = True,
        kind: str | None = None,
        traced: bool = True,
    ) -> list[Record]:
        if counted:
            self.round_trips += 1
        if self.timeout is not None and limited:  # schema statements may take their time
            query = Query(query.text, metadata=query.metadata, timeout=self.timeout)
        name = query.metadata.get("query", "schema") if query.metadata else "schema"
        if kind is None:
            kind = "schema" if not counted else "read" if routing == RoutingControl.READ else "write"
        scope = current_scope()
        # within a request that sent or makes a bookmark, the request's own manager (causal.py);
        # else the driver's, which keeps one process's reads after its writes
        causal = scope is not None and (scope.given is not None or routing == RoutingControl.WRITE)
        with self.errors(), statement(name, kind, self.name, self.uri, traced=traced):
            if not causal:
                result = await self.driver.execute_query(
                    query, parameters_=params, database_=self.name, routing_=routing
                )
            else:
                assert scope is not None
                result = await self.driver.execute_query(
                    query, parameters_=params, database_=self.name, routing_=routing, bookmark_manager_=scope.manager
                )
                if routing == RoutingControl.WRITE:
                    scope.written = Bookmarks.from_raw_values(await scope.manager.get_bookmarks())
        return list(result.records)

    async def verify(self) -> None:
        """Raise DatabaseUnavailableError or DatabaseAuthError unless Neo4j answers us."""
        with self.errors():
            await self.driver.verify_connectivity()
            # verify_connectivity does not always authenticate: run a query to be sure
            await self.driver.execute_query("RETURN 1", database_=self.name, routing_=RoutingControl.READ)

    async def _probe(self) -> None:
        """One query, no retries: does the database answer now? (the breaker's probe)"""
        with translated_errors(self.uri):
            async with self.driver.session(database=self.name) as session:
                result = await session.run("RETURN 1")
                await result.consume()

    async def close(self) -> None:
        if self.in_flight:  # reads whose requests were cancelled: let them close their sessions
            await asyncio.wait(set(self.in_flight), timeout=CLOSE_GRACE_SECONDS)
        await self.breaker.close()
        await self.driver.close()
        # the driver closes its sockets in the background (the transport closes on the loop's
        # next turns): give the loop those turns, so none is left open if it stops right after
        for _ in range(3):
            await asyncio.sleep(0)


class Transaction:
    """A write transaction in progress: runs registered queries, counting round trips."""

    def __init__(self, tx: AsyncManagedTransaction, db: Database) -> None:
        self._tx = tx
        self._db = db

    async def run(self, name: QueryName, **params: Any) -> list[Record]:
        self._db.round_trips += 1
        # a managed transaction runs plain text; its queries are named by the transaction's caller
        with statement(name, "write", self._db.name, self._db.uri):
            result = await self._tx.run(self._db.queries.text(name), params)
            return [record async for record in result]

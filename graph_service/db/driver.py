"""The async Neo4j driver: creating it, and translating its errors at the boundary."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from neo4j import AsyncDriver, AsyncGraphDatabase
from neo4j import exceptions as neo4j_errors

from graph_service.config import Settings
from graph_service.errors import (
    BadUserInputError,
    ConflictError,
    DatabaseAuthError,
    DatabaseUnavailableError,
    QueryTimeoutError,
)


class DatabaseUnreachableError(DatabaseUnavailableError):
    """No connection to Neo4j at all (refused, reset, shutting down, starting): the kind of
    unavailability that opens the circuit breaker (graph_service.db.breaker)."""


def create_driver(settings: Settings) -> AsyncDriver:
    """One driver per process; it pools connections and reconnects after an outage."""
    return AsyncGraphDatabase.driver(
        settings.effective_neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        connection_timeout=settings.neo4j_connection_timeout,
        # fail fast while the database is down instead of retrying for 30 s per request
        connection_acquisition_timeout=settings.neo4j_connection_timeout * 2,
        max_transaction_retry_time=settings.neo4j_max_retry_time,
        user_agent="orggraph",
        # "index already exists" and similar notes would flood the log on every start
        notifications_min_severity="WARNING",
        # "property key does not exist" on a database the seed has not filled yet: expected
        notifications_disabled_classifications=["UNRECOGNIZED"],
    )


_BAD_BOOKMARK = ("Neo.ClientError.Transaction.InvalidBookmark", "Neo.ClientError.Transaction.InvalidBookmarkMixture")
_TIMED_OUT = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
)


@contextmanager
def translated_errors(uri: str) -> Iterator[None]:
    """Turn the driver's exceptions into the service's own (see graph_service.errors)."""
    try:
        yield
    except neo4j_errors.AuthError as exc:
        raise DatabaseAuthError(
            f"Neo4j at {uri} refused the credentials: check NEO4J_USER and NEO4J_PASSWORD ({exc.message})"
        ) from exc
    except neo4j_errors.ConstraintError as exc:
        raise ConflictError(f"the write conflicts with existing data: {exc.message}") from exc
    except neo4j_errors.ClientError as exc:
        if exc.code in _TIMED_OUT:
            raise QueryTimeoutError("the request ran longer than REQUEST_TIMEOUT and was stopped") from exc
        if exc.code in _BAD_BOOKMARK:  # signed by us, but for another database (one since re-created)
            raise BadUserInputError(f"the X-OrgGraph-Bookmark is not one of this database's: {exc.message}") from exc
        if exc.code == "Neo.ClientError.Database.DatabaseNotFound":
            raise DatabaseUnavailableError(f"Neo4j at {uri} has no such database (check NEO4J_DATABASE)") from exc
        raise
    except (neo4j_errors.DatabaseUnavailable, neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
        raise DatabaseUnreachableError(f"Neo4j at {uri} is unavailable ({_first_line(exc)})") from exc
    except OSError as exc:
        raise DatabaseUnreachableError(f"Neo4j at {uri} is unavailable ({_first_line(exc)})") from exc
    except (neo4j_errors.TransientError, neo4j_errors.ConnectionPoolError) as exc:
        # still failing after the driver's retries (a lock, a full pool, a shutdown in progress)
        raise DatabaseUnavailableError(f"Neo4j at {uri} could not serve the request ({_first_line(exc)})") from exc


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__

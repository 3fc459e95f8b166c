"""The service's errors: one root class and small subclasses.

    OrgGraphError                 code INTERNAL_SERVER_ERROR
    ├── ConfigurationError        BAD_CONFIGURATION: settings missing or invalid
    ├── BadUserInputError         BAD_USER_INPUT: a request or file the service refuses
    ├── NotFoundError             NOT_FOUND: an id that names nothing
    ├── ConflictError             CONFLICT: a write that lost a race or breaks a constraint
    ├── DatabaseUnavailableError  UNAVAILABLE: Neo4j does not answer
    ├── QueryTimeoutError         TIMEOUT: a request ran longer than REQUEST_TIMEOUT
    ├── DatabaseAuthError         UNAVAILABLE (to clients): Neo4j refused the service's credentials
    ├── UnauthenticatedError      UNAUTHENTICATED: the request's API key is missing or unknown
    ├── ForbiddenError            FORBIDDEN: the key's role may not do this
    ├── SubscriptionLimitError    TOO_MANY_SUBSCRIPTIONS: a process holds as many as it may
    └── LocalNeo4jError           LOCAL_NEO4J: the project's own Neo4j server could not be
                                  installed, started or stopped

`code` is what the GraphQL layer puts in `extensions.code`, with `public_message` (the
message minus anything internal, such as the database's address); the CLI prints the full
message on stderr and exits non-zero. Domain code raises these, never HTTP errors.
"""

from __future__ import annotations

from pydantic import ValidationError


class OrgGraphError(Exception):
    """Root of every error the service raises on purpose."""

    code = "INTERNAL_SERVER_ERROR"

    @property
    def public_message(self) -> str:
        """What an API client may read; the full message (str) goes to the log and the CLI."""
        return str(self)


class ConfigurationError(OrgGraphError):
    code = "BAD_CONFIGURATION"


class BadUserInputError(OrgGraphError):
    code = "BAD_USER_INPUT"


class NotFoundError(OrgGraphError):
    code = "NOT_FOUND"


class ConflictError(OrgGraphError):
    code = "CONFLICT"


class DatabaseUnavailableError(OrgGraphError):
    code = "UNAVAILABLE"

    @property
    def public_message(self) -> str:
        return "the database is unavailable; try again in a few seconds"


class QueryTimeoutError(OrgGraphError):
    code = "TIMEOUT"


class DatabaseAuthError(OrgGraphError):
    # the service's own credentials were refused: for a client, the service is unavailable
    code = "UNAVAILABLE"

    @property
    def public_message(self) -> str:
        return "the service cannot reach its database; the operator has been told (see the server log)"


class LocalNeo4jError(OrgGraphError):
    code = "LOCAL_NEO4J"


class UnauthenticatedError(OrgGraphError):
    code = "UNAUTHENTICATED"


class ForbiddenError(OrgGraphError):
    code = "FORBIDDEN"


class SubscriptionLimitError(OrgGraphError):
    code = "TOO_MANY_SUBSCRIPTIONS"


def validation_messages(exc: ValidationError, *, with_location: bool = False) -> list[str]:
    """pydantic's messages without its "Value error, " prefix, optionally led by the field path."""
    messages = []
    for err in exc.errors():
        message = str(err["msg"]).removeprefix("Value error, ")
        if with_location:
            message = f"{'.'.join(str(part) for part in err['loc'])}: {message}"
        messages.append(message)
    return messages

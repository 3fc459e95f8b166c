"""Who may send a GraphQL request: the API key (graph_service.auth), READS_REQUIRE_KEY, the
wait after wrong keys and the rate limits, checked for every method before the body is read."""

from __future__ import annotations

from starlette.requests import Request

from graph_service.auth import Principal, authenticate
from graph_service.config import Settings
from graph_service.errors import UnauthenticatedError
from graph_service.web.problems import HttpProblem
from graph_service.web.rate_limits import TokenBuckets, WrongKeyBackoff, retry_after


class AccessControl:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.backoff = WrongKeyBackoff()
        self.per_key = TokenBuckets(settings.rate_limit_per_key, settings.rate_limit_burst)
        self.per_address = TokenBuckets(settings.rate_limit_per_address, settings.rate_limit_burst)

    def admit(self, request: Request) -> Principal:
        """The request's principal, or an HttpProblem (401 or 429) saying why not."""
        address = request.client.host if request.client else "unknown"
        authorization = request.headers.get("authorization")
        api_key = request.headers.get("x-api-key")
        presents_key = authorization is not None or api_key is not None
        if presents_key and (wait := self.backoff.wait(address)) is not None:
            raise _too_many(f"too many wrong API keys from this address; try again in {retry_after(wait)} s", wait)
        try:
            principal = authenticate(self.settings, authorization, api_key)
        except UnauthenticatedError as exc:
            self.backoff.record_failure(address)
            raise HttpProblem(401, exc.code, str(exc), {"WWW-Authenticate": "Bearer"}) from None
        if principal.role is None and self.settings.reads_require_key:
            raise HttpProblem(
                401,
                "UNAUTHENTICATED",
                "this service needs an API key to read (Authorization: Bearer <key>)",
                {"WWW-Authenticate": "Bearer"},
            )
        if principal.role is not None and (wait := self.per_key.take(principal.name)) is not None:
            raise _too_many(f"the rate limit of this API key is reached; try again in {retry_after(wait)} s", wait)
        if (wait := self.per_address.take(address)) is not None:
            raise _too_many(f"the rate limit of this address is reached; try again in {retry_after(wait)} s", wait)
        return principal


def _too_many(message: str, wait: float) -> HttpProblem:
    return HttpProblem(429, "RATE_LIMITED", message, {"Retry-After": retry_after(wait)})

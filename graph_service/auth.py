"""Who is asking: API keys (stored as sha256 digests in the settings) mapped to roles.

A request may carry its key as `Authorization: Bearer <key>` or `X-API-Key: <key>`.
No key: anonymous, which may read unless READS_REQUIRE_KEY is set. An unknown key is
refused (never treated as anonymous). Writes need an editor key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from graph_service.config import Role, Settings
from graph_service.errors import ForbiddenError, UnauthenticatedError


@dataclass(frozen=True)
class Principal:
    name: str
    role: Role | None  # None: anonymous

    @property
    def label(self) -> str:
        return self.name if self.role else "anonymous"


ANONYMOUS = Principal(name="anonymous", role=None)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    """A random key with 256 bits of entropy (so a plain sha256 digest is a safe way to store it)."""
    return "og_" + secrets.token_urlsafe(32)


def authenticate(settings: Settings, authorization: str | None, api_key: str | None) -> Principal:
    """The key's principal; ANONYMOUS when no key is sent. A malformed header, two different
    keys or an unknown key is refused, never taken as anonymous."""
    presented = _presented_key(authorization, api_key)
    if presented is None:
        return ANONYMOUS
    wanted = digest(presented)
    for known, key in settings.api_key_table.items():
        if hmac.compare_digest(known, wanted):
            return Principal(name=key.name, role=key.role)
    raise UnauthenticatedError("the API key is not valid")


def _presented_key(authorization: str | None, api_key: str | None) -> str | None:
    bearer = None
    if authorization is not None:
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise UnauthenticatedError("the Authorization header must be `Bearer <key>`")
        bearer = token.strip()
    if api_key is not None and not api_key.strip():
        raise UnauthenticatedError("the X-API-Key header is empty")
    if bearer is not None and api_key is not None and bearer != api_key.strip():
        raise UnauthenticatedError("the Authorization and X-API-Key headers carry different keys")
    return bearer if bearer is not None else (api_key.strip() if api_key is not None else None)


def require(principal: Principal, role: Role, action: str) -> None:
    if principal.role is None:
        raise UnauthenticatedError(f"{action} needs an API key with the {role.name.lower()} role")
    if principal.role < role:
        raise ForbiddenError(
            f"{action} needs the {role.name.lower()} role; this key is a {principal.role.name.lower()}"
        )

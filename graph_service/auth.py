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
    presented = api_key
    if authorization and authorization.lower().startswith("bearer "):
        presented = authorization[7:].strip()
    if not presented:
        return ANONYMOUS
    wanted = digest(presented)
    for known, key in settings.api_key_table.items():
        if hmac.compare_digest(known, wanted):
            return Principal(name=key.name, role=key.role)
    raise UnauthenticatedError("the API key is not valid")


def require(principal: Principal, role: Role, action: str) -> None:
    if principal.role is None:
        raise UnauthenticatedError(f"{action} needs an API key with the {role.name.lower()} role")
    if principal.role < role:
        raise ForbiddenError(
            f"{action} needs the {role.name.lower()} role; this key is a {principal.role.name.lower()}"
        )

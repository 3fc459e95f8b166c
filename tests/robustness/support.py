"""What every answer must be, however bad the request: below 500, JSON (or the GraphiQL page),
every error with a message and an `extensions.code`, nothing internal in a message, and no
INTERNAL_SERVER_ERROR (a masked defect still is a defect)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx2 as httpx

from graph_service.auth import digest

EDITOR = "key-robustness-editor"
EDITOR_KEYS = f"robust:editor:{digest(EDITOR)}"
_INTERNAL = re.compile(r"Traceback|File \"[^\"]*\.py\"")
#: strings no message may contain: the database's address (the suite's fixtures add it)
SECRETS: set[str] = set()


@dataclass
class Tally:
    requests: int = 0
    by_family: Counter[str] = field(default_factory=Counter)
    by_status: Counter[int] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        families = ", ".join(f"{name} {n:,}" for name, n in sorted(self.by_family.items()))
        statuses = ", ".join(f"{status}: {n:,}" for status, n in sorted(self.by_status.items()))
        codes = ", ".join(f"{code} {n:,}" for code, n in self.codes.most_common())
        return f"robustness: {self.requests:,} requests ({families}); HTTP {statuses}; error codes: {codes or 'none'}"


TALLY = Tally()


@dataclass(frozen=True)
class SeedIds:
    ids: list[str]


def check_answer(response: httpx.Response, family: str) -> dict[str, Any]:
    """Assert the invariants and count the answer; returns the JSON body ({} for HTML)."""
    TALLY.requests += 1
    TALLY.by_family[family] += 1
    TALLY.by_status[response.status_code] += 1
    assert response.status_code < 500, f"{response.status_code}: {response.text[:500]}"
    content_type = response.headers.get("content-type", "")
    if content_type.startswith("text/html"):
        return {}
    assert content_type.startswith("application/json"), f"{content_type}: {response.text[:200]}"
    body = response.json()
    assert isinstance(body, dict), body
    if response.status_code == 200:
        assert "data" in body or "errors" in body, body
    else:
        assert body.get("errors"), f"a {response.status_code} without errors: {body}"
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert isinstance(code, str) and code, f"an error without a code: {error}"
        assert isinstance(error.get("message"), str) and error["message"], error
        assert not _INTERNAL.search(error["message"]), f"a stack trace in a message: {error['message']}"
        assert not any(secret in error["message"] for secret in SECRETS), f"an address in: {error['message']}"
        assert code != "INTERNAL_SERVER_ERROR", f"a masked defect: {error}"
        TALLY.codes[code] += 1
    return body

"""Turning a user's search text into a safe full-text query, and saying what matched."""

from __future__ import annotations

import re

from graph_service.errors import BadUserInputError

# Lucene's query syntax characters: escaped so user text is always searched literally.
_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')
MAX_LENGTH = 100


def lucene_query(text: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise BadUserInputError("search text is empty")
    if len(cleaned) > MAX_LENGTH:
        raise BadUserInputError(f"search text is longer than {MAX_LENGTH} characters")
    # CJK text is split into bigrams by the analyzer; quoting keeps the user's phrase together
    return '"' + _SPECIAL.sub(r"\\\1", cleaned) + '"'


def matched_text(query: str, candidates: list[str]) -> str:
    """The name (or alias, nameplate, duty text) that best contains the query."""
    needle = " ".join(query.split())
    for candidate in candidates:
        if needle in candidate:
            return candidate
    # otherwise the candidate sharing the most characters with the query
    return max(candidates, key=lambda c: len(set(c) & set(needle)), default="")

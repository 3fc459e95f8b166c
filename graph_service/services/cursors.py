"""Opaque keyset cursors: the sort key and id of the last row, encoded.

A cursor names a position in the order (name, id), not an offset, so rows added before
the page do not shift it.
"""

from __future__ import annotations

import base64
import json

from graph_service.errors import BadUserInputError

_PREFIX = "k1:"


def encode(name: str, ident: str) -> str:
    raw = json.dumps([name, ident], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(_PREFIX.encode() + raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[str, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.urlsafe_b64decode(padded.encode()).decode()
        if not raw.startswith(_PREFIX):
            raise ValueError("unknown cursor version")
        position = json.loads(raw[len(_PREFIX) :])
        if not (isinstance(position, list) and len(position) == 2 and all(isinstance(p, str) for p in position)):
            raise ValueError("bad cursor content")
        name, ident = position
    except ValueError as exc:  # bad base64, UTF-8 or JSON are all ValueErrors
        raise BadUserInputError(f"`after` is not a cursor this API issued ({exc})") from None
    return name, ident

"""The feed's opaque cursors: a change's sequence number, encoded.

Distinct from the paging cursors (graph_service.services.cursors): a paging cursor names a
position in a sorted list, this one a point in the history of writes.
"""

from __future__ import annotations

import base64

from graph_service.errors import BadUserInputError

_PREFIX = "seq:"
_MAX_SEQ = 2**63 - 1
_MAX_DIGITS = len(str(_MAX_SEQ))


def encode(seq: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{seq}".encode()).decode().rstrip("=")


def decode(cursor: str, argument: str = "since") -> int:
    """The sequence number a cursor names; BAD_USER_INPUT for anything this API did not issue."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.urlsafe_b64decode(padded.encode()).decode("ascii")
        digits = raw.removeprefix(_PREFIX)
        # one spelling per position: the prefix, digits without a leading zero, nothing else
        valid = (
            raw.startswith(_PREFIX)
            and digits.isdigit()
            and len(digits) <= _MAX_DIGITS
            and int(digits) <= _MAX_SEQ  # a Neo4j integer
            and encode(int(digits)) == cursor.rstrip("=")
        )
    except ValueError:  # bad base64 and bad ASCII are ValueErrors too
        valid = False
    if not valid:
        raise BadUserInputError(
            f"`{argument}` is not a change-feed cursor this API issued: give null, or an `endCursor` or "
            "`cursor` from `changeFeed` or `changeApplied`"
        )
    return int(digits)

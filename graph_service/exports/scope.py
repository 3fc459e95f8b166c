"""What an export covers: the jurisdictions asked for (and those under them) on a date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from graph_service.db.cypher import QueryName
from graph_service.db.database import Database
from graph_service.errors import BadUserInputError, NotFoundError

_CODE = re.compile(r"[0-9]{6}([0-9]{3})?")  # GB/T 2260 (a town: nine digits), as the seed's
MAX_ROOTS = 100


@dataclass(frozen=True)
class ExportScope:
    roots: tuple[str, ...]  # the codes asked for
    codes: tuple[str, ...]  # every jurisdiction in scope, sorted
    as_of: dt.date
    with_descendants: bool

    @property
    def label(self) -> str:
        """For file names: the roots, the date, and "+" when descendants are included."""
        return f"{'_'.join(self.roots)}{'+' if self.with_descendants else ''}_{self.as_of.isoformat()}"


def parse_roots(text: str) -> tuple[str, ...]:
    """Comma-separated jurisdiction codes, each checked (BadUserInputError when malformed)."""
    roots = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not roots:
        raise BadUserInputError("jurisdiction: give a code, e.g. 620700 (several: comma-separated)")
    if len(roots) > MAX_ROOTS:
        raise BadUserInputError(f"jurisdiction: at most {MAX_ROOTS} codes, not {len(roots)}")
    for code in roots:
        if not _CODE.fullmatch(code):
            raise BadUserInputError(f"jurisdiction: {code[:40]!r} is not a code (six or nine digits, e.g. 620700)")
    return roots


async def resolve_scope(db: Database, roots: tuple[str, ...], *, as_of: dt.date, with_descendants: bool) -> ExportScope:
    """The scope, in one round trip; NotFoundError names the roots the graph does not know."""
    [record] = await db.read(QueryName.EXPORT_SCOPE, roots=list(roots), withDescendants=with_descendants)
    if record["missing"]:
        raise NotFoundError(f"no jurisdiction with code {', '.join(record['missing'])}")
    return ExportScope(roots=roots, codes=tuple(record["codes"]), as_of=as_of, with_descendants=with_descendants)

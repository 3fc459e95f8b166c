"""Per-request DataLoaders: every related object a resolver needs is fetched in one batched
query per kind (and per as-of date), however many items a list holds.

Built fresh for each request by the context getter; never shared between requests, so
no request sees another's cache.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from strawberry.dataloader import DataLoader

from graph_service.db import api_repository as repo
from graph_service.db.database import Database

Row = dict[str, Any]
BodyKey = tuple[str, dt.date]  # (body id, as-of date)


def _keyed(fetch: Callable[[Sequence[str]], Awaitable[dict[str, Row | None]]]) -> DataLoader[str, Row | None]:
    async def load(keys: list[str]) -> list[Row | None]:
        found = await fetch(keys)
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


@dataclass
class Loaders:
    bodies: DataLoader[BodyKey, Row | None]
    documents: DataLoader[str, Row | None]
    jurisdictions: DataLoader[str, Row | None]
    duties: DataLoader[str, Row | None]
    events: DataLoader[str, Row | None]
    history: DataLoader[str, list[Row]]
    ancestors: DataLoader[str, list[str]]
    descendants: DataLoader[repo.DescendantsKey, list[str]]

    @classmethod
    def for_request(cls, db: Database) -> Loaders:
        async def load_bodies(keys: list[BodyKey]) -> list[Row | None]:
            by_date: dict[dt.date, list[str]] = defaultdict(list)
            for ident, as_of in keys:
                by_date[as_of].append(ident)
            found: dict[BodyKey, Row | None] = {}
            for as_of, ids in by_date.items():  # one query per distinct date (almost always one)
                for ident, row in (await repo.bodies_by_ids(db, ids, as_of)).items():
                    found[(ident, as_of)] = row
            return [found.get(key) for key in keys]

        async def load_history(ids: list[str]) -> list[list[Row]]:
            found = await repo.audit_by_bodies(db, ids)
            return [found.get(ident, []) for ident in ids]

        async def load_ancestors(codes: list[str]) -> list[list[str]]:
            found = await repo.ancestors(db, codes)
            return [found.get(code, []) for code in codes]

        async def load_descendants(keys: list[repo.DescendantsKey]) -> list[list[str]]:
            found = await repo.descendants(db, keys)
            return [found.get(key, []) for key in keys]

        return cls(
            bodies=DataLoader(load_fn=load_bodies),
            documents=_keyed(lambda ids: repo.documents_by_ids(db, ids)),
            jurisdictions=_keyed(lambda codes: repo.jurisdictions_by_codes(db, codes)),
            duties=_keyed(lambda ids: repo.duties_by_ids(db, ids)),
            events=_keyed(lambda ids: repo.events_by_ids(db, ids)),
            history=DataLoader(load_fn=load_history),
            ancestors=DataLoader(load_fn=load_ancestors),
            descendants=DataLoader(load_fn=load_descendants),
        )

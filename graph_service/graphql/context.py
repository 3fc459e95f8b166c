"""The per-request GraphQL context."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from strawberry.fastapi import BaseContext
from strawberry.types import Info as StrawberryInfo
from strawberry.types.graphql import OperationType

from graph_service.auth import ANONYMOUS, Principal
from graph_service.config import Settings
from graph_service.db.database import Database
from graph_service.feed.poller import ChangePoller
from graph_service.read.compile import Compiler


@dataclass
class Context(BaseContext):
    db: Database
    settings: Settings
    compiler: Compiler  # shared by all requests: it keeps composed statements by selection
    today: dt.date  # the default as-of date, fixed for the whole request
    principal: Principal = ANONYMOUS
    changes: ChangePoller | None = None  # the process's change-feed poller (subscriptions only)
    #: the type of the operation run, once the document validated (the result cache keeps queries only)
    operation_type: OperationType | None = None
    #: false when a resolver answered from outside the graph (`serverInfo`): the answer is not
    #: cached, since the graph's version does not say when it changes
    cacheable: bool = True

    def __post_init__(self) -> None:
        super().__init__()

    @classmethod
    def for_request(
        cls, db: Database, settings: Settings, compiler: Compiler, principal: Principal = ANONYMOUS
    ) -> Context:
        return cls(db=db, settings=settings, compiler=compiler, today=dt.date.today(), principal=principal)


Info = StrawberryInfo[Context, None]

"""The per-request GraphQL context. Anything request-scoped (DataLoaders) is built here."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.fastapi import BaseContext
from strawberry.types import Info as StrawberryInfo

from graph_service.config import Settings
from graph_service.db.database import Database


@dataclass
class Context(BaseContext):
    db: Database
    settings: Settings

    def __post_init__(self) -> None:
        super().__init__()


Info = StrawberryInfo[Context, None]

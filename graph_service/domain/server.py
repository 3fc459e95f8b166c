"""Facts about the database server itself."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ServerInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    version: str
    edition: str


class SchemaState(BaseModel):
    """Which of the constraints and indexes in cypher/schema/ exist and are usable."""

    model_config = ConfigDict(frozen=True)

    expected: frozenset[str]
    online: frozenset[str]

    @property
    def missing(self) -> list[str]:
        return sorted(self.expected - self.online)

    @property
    def complete(self) -> bool:
        return not self.missing

"""The root Subscription type: the change feed pushed over a websocket (docs/change-feed.md)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from graph_service.errors import BadUserInputError
from graph_service.feed import cursor as change_cursor
from graph_service.graphql.context import Info
from graph_service.graphql.types.feed import FeedEntry


@strawberry.type(description="Changes pushed as they are committed (graphql-transport-ws at /graphql).")
class Subscription:
    @strawberry.subscription(
        description="Each write as it is committed: reform events recorded and retracted, and seed loads "
        "that changed the graph, in commit order. With `since` (a cursor from `changeFeed` or an earlier "
        "entry), first everything after it, so a client resumes without a gap; without, from now on."
    )
    async def change_applied(
        self,
        info: Info,
        since: Annotated[
            str | None, strawberry.argument(description="Resume after this cursor; null: from now on.")
        ] = None,
    ) -> AsyncGenerator[FeedEntry, None]:
        after = change_cursor.decode(since) if since is not None else None
        poller = info.context.changes
        if poller is None:  # only the websocket route gives one; HTTP refuses subscriptions before this
            raise BadUserInputError("subscriptions are served over the websocket at /graphql (graphql-transport-ws)")
        async for row in poller.subscribe(after):
            yield FeedEntry.from_row(row)

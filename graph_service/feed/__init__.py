"""The change feed: what changed since a cursor, and the subscriptions that push it (docs/change-feed.md)."""

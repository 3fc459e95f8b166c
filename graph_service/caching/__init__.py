"""Answers served without running them again: the graph's version, the result cache, and the
HTTP validators and cache headers built from both (docs/operations.md, "Caching")."""

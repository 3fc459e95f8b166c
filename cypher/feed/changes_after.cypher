// The change feed: the entries after a sequence number, in sequence order (an index seek on
// Change(seq)). Curated records and retractions are AuditEntry nodes, seed loads SeedLoadEntry.
// Parameters: after (a sequence number; 0: from the beginning), limit.
// Returns: entry (map), a row each.
MATCH (c:Change)
WHERE c.seq > $after
WITH c ORDER BY c.seq LIMIT $limit
RETURN c {
  .seq, .id, .action, .at, .actor, .role, .document, .eventId, .summary, .retractedBy,
  .created, .updated, .removed, bodyIds: coalesce(c.bodyIds, [])
} AS entry

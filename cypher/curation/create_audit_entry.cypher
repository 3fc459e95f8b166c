// Record who did what, when, under which document: the audit trail is data. The entry is also a
// change of the feed (docs/change-feed.md): it takes the next sequence number from the counter,
// whose write lock, held to commit, makes sequence order commit order.
// Parameters: entry (map of the entry's properties; `at` and `seq` are set here).
// Returns: entry (map).
MERGE (c:ChangeCounter {id: 'changes'})
SET c.seq = coalesce(c.seq, 0) + 1
CREATE (a:AuditEntry:Change)
SET a = $entry, a.at = datetime(), a.seq = c.seq
RETURN a {.*} AS entry

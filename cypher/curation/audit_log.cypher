// Audit entries, newest first, optionally about one body or one event.
// Parameters: bodyId (or null), eventId (or null), limit.
// Returns: entry (map without the snapshot).
MATCH (a:AuditEntry)
WHERE ($bodyId IS NULL OR $bodyId IN a.bodyIds) AND ($eventId IS NULL OR a.eventId = $eventId)
RETURN a {.*, snapshot: null} AS entry
ORDER BY a.at DESC, a.id
LIMIT $limit

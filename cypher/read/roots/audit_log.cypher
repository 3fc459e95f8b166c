// Query.auditLog: edits made through the API, newest first, optionally of one body or event.
// Slots: entry (AuditEntry, n=a). Parameters: bodyId, eventId (each or null), limit, today.
// Returns: entry, a row each.
MATCH (a:AuditEntry)
WHERE ($bodyId IS NULL OR $bodyId IN a.bodyIds) AND ($eventId IS NULL OR a.eventId = $eventId)
WITH a ORDER BY a.at DESC, a.id LIMIT $limit
RETURN {proj_entry} AS entry

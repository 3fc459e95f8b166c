// The audit entry that recorded an event, if any (for idempotency and retraction).
// Parameters: eventId.
// Returns: entry (map) or no row.
MATCH (a:AuditEntry {eventId: $eventId, action: 'record'})
RETURN a {.*} AS entry

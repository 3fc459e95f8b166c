// Mark an audit entry as retracted by another.
// Parameters: eventId, retractedBy (the retraction's audit id).
// Returns: eventId.
MATCH (a:AuditEntry {eventId: $eventId, action: 'record'})
SET a.retractedBy = $retractedBy
RETURN a.eventId AS eventId

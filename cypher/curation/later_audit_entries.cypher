// Edits recorded after an entry that touched any of the same nodes and are still in force:
// retracting the earlier one would undo theirs too.
// Parameters: at (datetime of the entry), uids (list).
// Returns: eventId.
MATCH (a:AuditEntry {action: 'record'})
WHERE a.at > $at AND a.retractedBy IS NULL AND any(uid IN a.uids WHERE uid IN $uids)
RETURN a.eventId AS eventId ORDER BY a.at

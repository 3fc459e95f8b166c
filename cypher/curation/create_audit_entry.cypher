// Record who did what, when, under which document: the audit trail is data.
// Parameters: entry (map of the entry's properties; `at` is set here).
// Returns: entry (map).
CREATE (a:AuditEntry)
SET a = $entry, a.at = datetime()
RETURN a {.*} AS entry

// Audit entries about each of some bodies, newest first (a body's history, batched).
// Parameters: ids (list of body ids).
// Returns: id, entries (list of maps without the snapshot).
UNWIND $ids AS id
RETURN id, COLLECT {
  MATCH (a:AuditEntry) WHERE id IN a.bodyIds
  RETURN a {.*, snapshot: null} ORDER BY a.at DESC
} AS entries

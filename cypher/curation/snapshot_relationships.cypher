// Relationships as they are now, to restore them if the edit is retracted.
// Parameters: rows (list of {rid, start}).
// Returns: rid, type, start, end, props (null when it does not exist).
UNWIND $rows AS row
OPTIONAL MATCH (:Record {uid: row.start})-[r]->(b:Record) WHERE r.rid = row.rid
RETURN row.rid AS rid, type(r) AS type, row.start AS start, b.uid AS end, properties(r) AS props

// Create or replace seed nodes. The label comes from the loader's fixed set of node kinds
// (Jurisdiction, Body, Duty, ...), never from file content.
// Parameters: rows: list of {uid, label, props} (props hold every property, uid included).
// Returns: written (count).
UNWIND $rows AS row
MERGE (n:Record {uid: row.uid})
// the version belongs to curation (optimistic concurrency): it only moves forward
WITH n, row, n.version AS version
SET n = row.props
SET n.version = coalesce(row.props.version, version)
SET n:$(row.label)
RETURN count(*) AS written

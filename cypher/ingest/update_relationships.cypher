// Replace the properties of seed relationships whose ends stay the same, found from their
// start node (the sparse end: a body, an event, a figure) by their rid.
// Parameters: rows: list of {rid, start, props}.
// Returns: written (count).
UNWIND $rows AS row
MATCH (:Record {uid: row.start})-[r]->()
WHERE r.rid = row.rid
SET r = row.props
RETURN count(*) AS written

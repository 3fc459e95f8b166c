// Delete seed relationships that the files no longer hold.
// Parameters: rows: list of {start: uid of the start node, rid}.
// Returns: deleted (count).
UNWIND $rows AS row
MATCH (:Record {uid: row.start})-[r]->()
WHERE r.rid = row.rid AND r.origin = 'seed'
DELETE r
RETURN count(*) AS deleted

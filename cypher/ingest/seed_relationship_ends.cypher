// The type and ends of seed relationships the files no longer hold (to delete them, from their
// start node, and count them by type). Read only when some go: it reads every seed relationship.
// Parameters: rids: list of rids.
// Returns: rid, type, start (uid), end (uid): a row each.
MATCH (a:Record)-[r]->(b:Record)
WHERE r.origin = 'seed' AND r.rid IN $rids
RETURN r.rid AS rid, type(r) AS type, a.uid AS start, b.uid AS end

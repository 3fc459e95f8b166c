// Every relationship the seed loader owns, to diff against the files.
// Parameters: none.
// Returns: rid, type, start (uid), end (uid), props (map of all properties).
MATCH (a:Record)-[r]->(b:Record)
WHERE r.origin = 'seed'
RETURN r.rid AS rid, type(r) AS type, a.uid AS start, b.uid AS end, properties(r) AS props

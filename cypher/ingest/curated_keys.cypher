// Nodes and relationships written by others than the seed loader (curators, through the API):
// the loader leaves them as they are, even where a seed record has the same key.
// Parameters: none.
// Returns: kind ('node' or 'rel'), key (uid or rid).
MATCH (n:Record) WHERE n.origin IS NOT NULL AND n.origin <> 'seed'
RETURN 'node' AS kind, n.uid AS key
UNION ALL
MATCH (:Record)-[r]->(:Record) WHERE r.origin IS NOT NULL AND r.origin <> 'seed' AND r.rid IS NOT NULL
RETURN 'rel' AS kind, r.rid AS key

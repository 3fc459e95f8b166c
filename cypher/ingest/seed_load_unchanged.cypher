// Whether nothing changed since the last seed load finished: the same seed folder (its digest:
// every file's bytes and the loader's code), the same node and relationship counts (from the
// count store: a hand edit that adds or removes anything shows), no curated change since (an
// audit entry), and no interrupted load. Then a re-load has nothing to write and skips the diff
// (`orggraph seed --full` compares every record anyway).
// Parameters: setDigest.
// Returns: one row when nothing changed: records (what that load planned), finishedAt; else none.
MATCH (l:SeedLoad {id: 'seed'})
WHERE l.state = 'done' AND l.setDigest = $setDigest
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
WITH l, nodes, relationships
WHERE l.nodes = nodes AND l.relationships = relationships
  AND NOT EXISTS { MATCH (a:AuditEntry) WHERE a.at >= l.finishedAt }
RETURN l.records AS records, toString(l.finishedAt) AS finishedAt

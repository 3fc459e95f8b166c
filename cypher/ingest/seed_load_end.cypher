// Mark the seed load finished (every batch committed, or a later load found nothing left), with
// what a later load needs to tell that nothing changed since: the digest of the seed folder as
// loaded and the graph's node and relationship counts after it (read from the count store).
// Parameters: setDigest, records (nodes + relationships the seed planned).
// Returns: finishedAt.
MERGE (l:SeedLoad {id: 'seed'})
SET l.state = 'done', l.finishedAt = datetime(), l.setDigest = $setDigest, l.records = $records
WITH l
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
SET l.nodes = nodes, l.relationships = relationships
RETURN toString(l.finishedAt) AS finishedAt

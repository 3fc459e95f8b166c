// Mark the seed load finished: every batch committed (or a later load found nothing left).
// Parameters: none.
// Returns: finishedAt.
MERGE (l:SeedLoad {id: 'seed'})
SET l.state = 'done', l.finishedAt = datetime()
RETURN toString(l.finishedAt) AS finishedAt

// Mark a batch-by-batch seed load as running (committed before its first batch), so an
// interruption can be told: the next load reports it and completes the graph.
// Parameters: writes (how many writes the load plans).
// Returns: startedAt.
MERGE (l:SeedLoad {id: 'seed'})
SET l.state = 'running', l.startedAt = datetime(), l.writes = $writes, l.finishedAt = null
RETURN toString(l.startedAt) AS startedAt

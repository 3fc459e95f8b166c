// A seed load that committed batch by batch and did not finish (its marker still says running).
// Parameters: none.
// Returns: startedAt (datetime), writes (the writes it planned), or no row.
MATCH (l:SeedLoad {state: 'running'})
RETURN toString(l.startedAt) AS startedAt, l.writes AS writes

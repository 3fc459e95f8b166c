// The sequence number of the latest change committed (0 when there is none): where a new
// subscription poller starts.
// Parameters: none.
// Returns: seq.
OPTIONAL MATCH (c:ChangeCounter {id: 'changes'})
RETURN coalesce(c.seq, 0) AS seq

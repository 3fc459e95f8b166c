// The graph's version for the result cache (graph_service/caching/version.py): the latest
// change's sequence number and commit time. Every write through the service (a seed load, a
// curated event, a retraction, an import) takes a sequence number; the time tells a graph that
// was emptied and loaded again, whose numbers start over, from the one before.
// Parameters: none.
// Returns: seq, at (string, null when there is no change).
OPTIONAL MATCH (c:ChangeCounter {id: 'changes'})
OPTIONAL MATCH (e:Change {seq: c.seq})
RETURN coalesce(c.seq, 0) AS seq, toString(e.at) AS at

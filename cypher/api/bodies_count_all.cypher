// How many bodies certainly existed on $asOf, with no filter: read from the timeline the seed
// loader keeps (cypher/ingest/body_count_timeline.cypher), one node whatever the graph's size.
// Without a timeline, or when a curated change (an audit entry) is newer than it, total is null
// and the caller counts the bodies (bodies_count.cypher): a second statement, not a second branch
// here, since the planner ran a branch's scan even when its condition was false (499,669 db hits
// at national size).
// Parameters: asOf.
// Returns: total (or null).
OPTIONAL MATCH (t:BodyCount {id: 'bodies'})
WHERE NOT EXISTS { MATCH (a:AuditEntry) WHERE a.at >= t.computedAt }
RETURN CASE WHEN t IS NULL THEN null
  ELSE coalesce(last([i IN range(0, size(t.days) - 1) WHERE t.days[i] <= $asOf | t.counts[i]]), 0)
  END AS total

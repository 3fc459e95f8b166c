// How many bodies certainly existed on $asOf, with no filter: read from the timeline the seed
// loader keeps (cypher/ingest/body_count_timeline.cypher), one node whatever the graph's size.
// While there is no timeline, or a curated change (an audit entry) is newer than it, the bodies
// are counted one by one, as bodies_count.cypher does.
// Parameters: asOf.
// Returns: total.
OPTIONAL MATCH (t:BodyCount {id: 'bodies'})
WITH t, t IS NOT NULL AND NOT EXISTS { MATCH (a:AuditEntry) WHERE a.at >= t.computedAt } AS fresh
CALL (t, fresh) {
  WITH t WHERE fresh
  RETURN coalesce(last([i IN range(0, size(t.days) - 1) WHERE t.days[i] <= $asOf | t.counts[i]]), 0) AS total
  UNION
  WITH fresh WHERE NOT fresh
  MATCH (b:Body)
  WHERE (b.validFromLatest IS NULL OR b.validFromLatest <= $asOf)
    AND (b.validToEarliest IS NULL OR b.validToEarliest > $asOf)
  // grouped by `fresh`: no row at all (rather than a 0) when the timeline answered
  WITH fresh, count(b) AS total
  RETURN total
}
RETURN coalesce(sum(total), 0) AS total

// Keep the count of bodies that certainly existed on each day as a timeline: `days` (ascending)
// and `counts` (counts[i] holds from days[i] until the next day). A body counts from its
// validFromLatest (or always) until its validToEarliest (or forever), exactly the `certain` rule
// of cypher/read/rules.cypher; a body whose end may precede its start never counts. The
// unfiltered `bodies { totalCount }` then reads one node, whatever the size of the graph
// (api/bodies_count_all.cypher). Recomputed after a load that wrote anything, or when missing,
// or when a curated change (an audit entry) is newer than it.
// Parameters: changed (whether the load wrote anything).
// Returns: days (how many days the timeline holds), or no row when it was kept as it was.
OPTIONAL MATCH (kept:BodyCount {id: 'bodies'})
WITH kept
WHERE kept IS NULL OR $changed OR EXISTS { MATCH (a:AuditEntry) WHERE a.at >= kept.computedAt }
CALL () {
  MATCH (b:Body)
  WHERE b.validFromLatest IS NULL OR b.validToEarliest IS NULL OR b.validToEarliest > b.validFromLatest
  RETURN coalesce(b.validFromLatest, date('0001-01-01')) AS day, 1 AS delta
  UNION ALL
  MATCH (b:Body)
  WHERE b.validToEarliest IS NOT NULL AND (b.validFromLatest IS NULL OR b.validToEarliest > b.validFromLatest)
  RETURN b.validToEarliest AS day, -1 AS delta
}
// grouped by `kept` too: when the timeline is kept, no row goes on (an ungrouped collect would
// make one with empty lists and overwrite it)
WITH kept, day, sum(delta) AS change ORDER BY day
WITH kept, collect(day) AS days, collect(change) AS changes
WITH days, reduce(running = [], change IN changes | running + [coalesce(last(running), 0) + change]) AS counts
MERGE (t:BodyCount {id: 'bodies'})
SET t.days = days, t.counts = counts, t.computedAt = datetime()
RETURN size(days) AS days

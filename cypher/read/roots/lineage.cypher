// Query.lineage: what a body came from (predecessors) or what became of it (successors), as
// paths through reform events of at most $depth steps, and each step (event, the body nearer
// the start, the body reached) projected: a predecessor as it was before the event (its first
// possible day), a successor as it was after it (its last); the nearer body the other way round.
// Slots: body (Body, n=b, asof=$today), event (ReformEvent, n=e), from and to (Body, n=f / n=t).
// Parameters: bodyId, direction ('predecessors' or 'successors'), depth, today.
// Returns: one row, or none for an unknown id: body, paths (list of {eventIds, bodyIds}), steps
// (list of {eventId, fromId, toId, event, from, to}).
MATCH (b:Body {id: $bodyId})
WITH b, COLLECT {
  CALL (b) {
    MATCH (b) (()<-[:RESULTING]-(e:ReformEvent)-[:ORIGINAL]->(n:Body)){1,10}
    WHERE $direction = 'predecessors'
    RETURN [x IN e | x.id] AS eventIds, [x IN n | x.id] AS bodyIds
    UNION
    MATCH (b) (()<-[:ORIGINAL]-(e:ReformEvent)-[:RESULTING]->(n:Body)){1,10}
    WHERE $direction = 'successors'
    RETURN [x IN e | x.id] AS eventIds, [x IN n | x.id] AS bodyIds
  }
  WITH eventIds, bodyIds WHERE size(eventIds) <= $depth
  RETURN {eventIds: eventIds, bodyIds: bodyIds}
} AS paths
RETURN {proj_body} AS body, paths,
  COLLECT {
    UNWIND paths AS p
    UNWIND range(0, size(p.eventIds) - 1) AS i
    WITH p.eventIds[i] AS eventId, CASE i WHEN 0 THEN b.id ELSE p.bodyIds[i - 1] END AS fromId, p.bodyIds[i] AS toId
    WHERE fromId <> toId
    WITH DISTINCT eventId, fromId, toId
    MATCH (e:ReformEvent {id: eventId}), (f:Body {id: fromId}), (t:Body {id: toId})
    WITH e, f, t,
         CASE $direction WHEN 'predecessors' THEN e.dateLatest ELSE e.dateEarliest END AS fromOn,
         CASE $direction WHEN 'predecessors' THEN e.dateEarliest ELSE e.dateLatest END AS toOn
    RETURN {eventId: e.id, fromId: f.id, toId: t.id, event: {proj_event}, from: {proj_from}, to: {proj_to}}
  } AS steps

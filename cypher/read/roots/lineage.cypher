// Query.lineage: what a body came from (predecessors) or what became of it (successors), as
// paths through reform events of at most $depth steps, and each step (event, the body nearer
// the start, the body reached) projected: a predecessor as it was before the event (its first
// possible day), a successor as it was after it (its last); the nearer body the other way round.
// $scope 'succession' follows only ORIGINAL relationships of role 'predecessor' (bodies the event
// ended or re-formed; a relationship without a role, written before roles existed, counts as
// one); 'with_duty_transfers' also those of role 'duties_only'. Each step's
// relation, read from the earlier body (the original) to the later (the resulting), by the rules
// of docs/model.md ("Lineage relations"): duties_only -> transferred_duties_to; a renamed event
// -> renamed_to; a split -> split_into; the later body itself original (re-formed), or two or
// more ended predecessors -> merged_into; else (one ended predecessor) continued_as.
// Slots: body (Body, n=b, asof=$today), event (ReformEvent, n=e), from and to (Body, n=f / n=t).
// Parameters: bodyId, direction ('predecessors' or 'successors'), scope ('succession' or
// 'with_duty_transfers'), depth, today.
// Returns: one row, or none for an unknown id: body, paths (list of {eventIds, bodyIds}), steps
// (list of {eventId, fromId, toId, relation, fromName, toName, event, from, to}).
MATCH (b:Body {id: $bodyId})
WITH b, COLLECT {
  CALL (b) {
    MATCH (b) (()<-[:RESULTING]-(e:ReformEvent)-[o:ORIGINAL]->(n:Body)
               WHERE $scope = 'with_duty_transfers' OR coalesce(o.role, 'predecessor') = 'predecessor'){1,10}
    WHERE $direction = 'predecessors'
    RETURN [x IN e | x.id] AS eventIds, [x IN n | x.id] AS bodyIds
    UNION
    MATCH (b) (()<-[o:ORIGINAL]-(e:ReformEvent)-[:RESULTING]->(n:Body)
               WHERE $scope = 'with_duty_transfers' OR coalesce(o.role, 'predecessor') = 'predecessor'){1,10}
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
         CASE $direction WHEN 'predecessors' THEN t ELSE f END AS earlier,
         CASE $direction WHEN 'predecessors' THEN f ELSE t END AS later
    WITH e, f, t,
         CASE
           WHEN EXISTS { (e)-[o:ORIGINAL]->(earlier) WHERE o.role = 'duties_only' } THEN 'transferred_duties_to'
           WHEN e.type = 'renamed' THEN 'renamed_to'
           WHEN e.type = 'split' THEN 'split_into'
           WHEN EXISTS { (e)-[:ORIGINAL]->(later) }
             OR COUNT { (e)-[o:ORIGINAL]->(p:Body) WHERE coalesce(o.role, 'predecessor') = 'predecessor' AND NOT (e)-[:RESULTING]->(p) } >= 2
             THEN 'merged_into'
           ELSE 'continued_as'
         END AS relation,
         CASE $direction WHEN 'predecessors' THEN e.dateLatest ELSE e.dateEarliest END AS fromOn,
         CASE $direction WHEN 'predecessors' THEN e.dateEarliest ELSE e.dateLatest END AS toOn
    RETURN {eventId: e.id, fromId: f.id, toId: t.id, relation: relation, fromName: f.name, toName: t.name,
            event: {proj_event}, from: {proj_from}, to: {proj_to}}
  } AS steps

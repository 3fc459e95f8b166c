// Predecessors or successors of a body through reform events, up to a depth, in one traversal.
// A path alternates bodies and events: body <-RESULTING- event -ORIGINAL-> predecessor (or
// ORIGINAL/RESULTING the other way for successors). The pattern's bound is 10; $depth cuts it.
// Parameters: bodyId, direction ('predecessors' or 'successors'), depth (1..10).
// Returns: one row per path: eventIds (list, nearest first), bodyIds (list: the body reached at each step).
MATCH (b:Body {id: $bodyId})
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
RETURN eventIds, bodyIds

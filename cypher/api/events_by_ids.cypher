// Reform events by id, with the ids of their bodies, duties and document.
// Parameters: ids (list of event ids).
// Returns: id, event (map or null).
UNWIND $ids AS id
OPTIONAL MATCH (e:ReformEvent {id: id})
RETURN id, CASE WHEN e IS NULL THEN null ELSE e {
  .*,
  originalIds: COLLECT { MATCH (e)-[:ORIGINAL]->(b:Body) RETURN b.id ORDER BY b.id },
  resultingIds: COLLECT { MATCH (e)-[:RESULTING]->(b:Body) RETURN b.id ORDER BY b.id },
  dutyIds: COLLECT { MATCH (e)-[:MOVES]->(d:Duty) RETURN d.id ORDER BY d.id }
} END AS event

// A duty's holders in order, and the events that moved it: those that MOVE it, and those
// that turned one of its holders into another (ORIGINAL one holder, RESULTING another).
// Parameters: dutyId.
// Returns: id, holdings (list of maps with bodyId), eventIds (ordered by date); no row if unknown.
MATCH (d:Duty {id: $dutyId})
RETURN d.id AS id,
  COLLECT { MATCH (b:Body)-[h:HOLDS]->(d) RETURN h {.*, bodyId: b.id} ORDER BY h.order } AS holdings,
  COLLECT {
    MATCH (e:ReformEvent)
    WHERE EXISTS { MATCH (e)-[:MOVES]->(d) }
       OR (EXISTS { MATCH (e)-[:ORIGINAL]->(:Body)-[:HOLDS]->(d) }
           AND EXISTS { MATCH (e)-[:RESULTING]->(:Body)-[:HOLDS]->(d) })
    RETURN e.id ORDER BY e.dateEarliest, e.id
  } AS eventIds

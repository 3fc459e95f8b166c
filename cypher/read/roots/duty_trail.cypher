// Query.dutyTrail: a duty, its holdings in order, and what pairing its moves with their events
// needs (graph_service/services/duty_trail.py).
// Slots: duty (Duty, n=d), holding (Holding, n=h, holder=b), from and to (Body, n=f / n=t, asof=on:
// a move's bodies as they were when the new holding started, or today), event (ReformEvent, n=e).
// Parameters: dutyId, today.
// Returns: one row, or none for an unknown id: duty, holdings (list of {bodyId,
// validFromEarliest, projection}), moves (list of {index, from, to}: the bodies of the holdings
// index-1 and index), events (list of {id, dateEarliest, originalIds, resultingIds, projection}).
MATCH (d:Duty {id: $dutyId})
WITH d, COLLECT { MATCH (b:Body)-[h:HOLDS]->(d) RETURN {h: h, b: b} ORDER BY h.order } AS held
RETURN {proj_duty} AS duty,
  COLLECT {
    UNWIND range(0, size(held) - 1) AS i
    WITH i, held[i].h AS h, held[i].b AS b
    RETURN {bodyId: b.id, validFromEarliest: h.validFromEarliest, projection: {proj_holding}} ORDER BY i
  } AS holdings,
  COLLECT {
    UNWIND range(1, size(held) - 1) AS i
    WITH i, held[i - 1].b AS f, held[i].b AS t, coalesce(held[i].h.validFromLatest, $today) AS on
    RETURN {index: i, from: {proj_from}, to: {proj_to}} ORDER BY i
  } AS moves,
  COLLECT {
    // from the duty outwards: the events that move it, or that end a holder of it into another
    // holder of it (a scan of every event grew with the country: 2,099 at 15 x 8)
    CALL (d) {
      MATCH (e:ReformEvent)-[:MOVES]->(d)
      RETURN e
      UNION
      MATCH (e:ReformEvent)-[:ORIGINAL]->(:Body)-[:HOLDS]->(d)
      WHERE EXISTS { MATCH (e)-[:RESULTING]->(:Body)-[:HOLDS]->(d) }
      RETURN e
    }
    RETURN {
      id: e.id, dateEarliest: e.dateEarliest,
      originalIds: COLLECT { MATCH (e)-[:ORIGINAL]->(o:Body) RETURN o.id },
      resultingIds: COLLECT { MATCH (e)-[:RESULTING]->(r:Body) RETURN r.id },
      projection: {proj_event}
    } ORDER BY e.dateEarliest, e.id
  } AS events

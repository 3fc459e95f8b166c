// For one lower jurisdiction on a date: each function its level requires, and the bodies
// there that certainly existed and cover it (several fields in one body = a merge), plus the
// merge and formation events that made them, with their predecessors (not the bodies that only
// handed over duties: docs/model.md, Lineage relations).
// Parameters: jurisdiction (code), asOf (date).
// Returns: function (code), functionName, bodies (list of {id, name, kind, functions, confidence}),
//          events (list of {id, type, date, original, confidence}).
MATCH (j:Jurisdiction {code: $jurisdiction})
MATCH (f:Function) WHERE j.level IN f.requiredAt
OPTIONAL MATCH (b:Body)-[:COVERS]->(f)
WHERE b.jurisdiction = j.code
  AND (b.validFromLatest IS NULL OR b.validFromLatest <= $asOf)
  AND (b.validToEarliest IS NULL OR b.validToEarliest > $asOf)
WITH j, f, collect(b) AS bodies
RETURN f.code AS function, f.name AS functionName,
       [b IN bodies | b {.id, .name, .kind, .functions, .confidence}] AS bodies,
       COLLECT {
         UNWIND bodies AS b
         MATCH (e:ReformEvent)-[:RESULTING]->(b)
         WHERE e.type IN ['merged', 'formed', 'reformed', 'replaced']
         WITH DISTINCT e
         RETURN e {.id, .type, .date, .confidence,
                   original: COLLECT {
                     MATCH (e)-[r:ORIGINAL]->(o:Body) WHERE coalesce(r.role, 'predecessor') = 'predecessor'
                     RETURN o.name
                   }}
       } AS events
ORDER BY function

// Figures a source gives for a jurisdiction (numbers without the list behind them),
// each with the documents that support it.
// Parameters: jurisdiction (GB/T 2260 code).
// Returns: id, metric, value, description, asOf, confidence, event (id or null),
//          documents (list of {id, title, date, issuer}).
MATCH (f:Figure)-[:ABOUT]->(:Jurisdiction {code: $jurisdiction})
OPTIONAL MATCH (f)-[:OF_EVENT]->(e:ReformEvent)
RETURN f.id AS id, f.metric AS metric, f.value AS value, f.description AS description,
       f.asOf AS asOf, f.confidence AS confidence, e.id AS event,
       COLLECT { MATCH (d:Document) WHERE d.id IN f.sources RETURN d {.id, .title, .date, .issuer} } AS documents
ORDER BY metric

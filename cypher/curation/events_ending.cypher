// The stored records of the events that end some bodies (an ORIGINAL of role 'predecessor' to a
// body the event does not also result in): a body ends once (graph_service/ingest/validate.py).
// Parameters: bodyIds (list).
// Returns: uid, record (JSON).
MATCH (e:ReformEvent)-[o:ORIGINAL]->(b:Body)
WHERE b.id IN $bodyIds AND o.role = 'predecessor' AND NOT (e)-[:RESULTING]->(b) AND e.record IS NOT NULL
RETURN DISTINCT e.uid AS uid, e.record AS record

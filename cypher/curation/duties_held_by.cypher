// Duties that some bodies hold (or held), with their stored records: an abolition must say
// where they go.
// Parameters: bodyIds (list).
// Returns: uid, record (JSON).
MATCH (b:Body)-[:HOLDS]->(d:Duty) WHERE b.id IN $bodyIds
RETURN DISTINCT d.uid AS uid, d.record AS record

// One page of the reform events of the jurisdictions in scope that possibly happened by
// $asOf (their first possible day is on or before it; undated ones too), by uid.
// Parameters: codes (a group of the codes in scope, sorted), asOf (date), after (uid, '' for the first page), limit.
// Returns: key (uid), row (map: the event's fields, original bodies (all roles), those that
//          only handed over duties, resulting bodies, moved duties, provenance).
MATCH (j:Jurisdiction)<-[:IN_JURISDICTION]-(e:ReformEvent)
WHERE j.code IN $codes AND e.uid > $after
  AND (e.dateEarliest IS NULL OR e.dateEarliest <= $asOf)
WITH e ORDER BY e.uid LIMIT $limit
RETURN e.uid AS key,
       e {
         .id, .type, .jurisdiction, .description, .count, .document, .confidence, .note,
         .date, .datePrecision,
         dateEarliest: toString(e.dateEarliest), dateLatest: toString(e.dateLatest),
         dutiesLapse: coalesce(e.dutiesLapse, false),
         original: COLLECT { MATCH (e)-[:ORIGINAL]->(b:Body) RETURN b.id ORDER BY b.id },
         dutiesFrom: COLLECT { MATCH (e)-[r:ORIGINAL]->(b:Body) WHERE r.role = 'duties_only' RETURN b.id ORDER BY b.id },
         resulting: COLLECT { MATCH (e)-[:RESULTING]->(b:Body) RETURN b.id ORDER BY b.id },
         duties: COLLECT { MATCH (e)-[:MOVES]->(d:Duty) RETURN d.id ORDER BY d.id },
         inferredParts: coalesce(e.inferredParts, []),
         sources: coalesce(e.sources, []),
         citationSources: coalesce(e.citationSources, []),
         citationLocators: coalesce(e.citationLocators, []),
         citationQuotes: coalesce(e.citationQuotes, [])
       } AS row

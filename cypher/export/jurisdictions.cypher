// One page of the jurisdictions in scope, by code (keyset: codes after $after).
// Parameters: codes (a group of the codes in scope, sorted), after (code, '' for the first page), limit.
// Returns: key (code), row (map: code, name, nameEn, level, parent, confidence, note,
//          inferredParts, sources, citations).
MATCH (j:Jurisdiction)
WHERE j.code IN $codes AND j.code > $after
WITH j ORDER BY j.code LIMIT $limit
RETURN j.code AS key,
       j {
         .code, .name, .nameEn, .level, .confidence, .note,
         parent: head(COLLECT { MATCH (j)-[:PART_OF]->(p:Jurisdiction) RETURN p.code }),
         inferredParts: coalesce(j.inferredParts, []),
         sources: coalesce(j.sources, []),
         citationSources: coalesce(j.citationSources, []),
         citationLocators: coalesce(j.citationLocators, []),
         citationQuotes: coalesce(j.citationQuotes, [])
       } AS row

// One page of the duties held by the bodies in scope on $asOf (holdings as in
// export/holdings), by uid.
// Parameters: codes (list), asOf (date), after (uid, '' for the first page), limit.
// Returns: key (uid), row (map: id, text, textEn, function, provenance).
MATCH (b:Body)-[h:HOLDS]->(d:Duty)
WHERE b.jurisdiction IN $codes
  AND (b.validFromEarliest IS NULL OR b.validFromEarliest <= $asOf)
  AND (b.validToLatest IS NULL OR b.validToLatest >= $asOf)
  AND (h.validFromEarliest IS NULL OR h.validFromEarliest <= $asOf)
  AND (h.validToLatest IS NULL OR h.validToLatest >= $asOf)
  AND d.uid > $after
WITH DISTINCT d ORDER BY d.uid LIMIT $limit
RETURN d.uid AS key,
       d {
         .id, .text, .textEn, .confidence, .note,
         function: head(COLLECT { MATCH (d)-[:IN_FIELD]->(f:Function) RETURN f.code }),
         inferredParts: coalesce(d.inferredParts, []),
         sources: coalesce(d.sources, []),
         citationSources: coalesce(d.citationSources, []),
         citationLocators: coalesce(d.citationLocators, []),
         citationQuotes: coalesce(d.citationQuotes, [])
       } AS row

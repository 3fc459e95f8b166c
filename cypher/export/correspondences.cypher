// One page of the recorded correspondences (CORRESPONDS_TO, lower body -> upper body) whose
// lower body is in scope (as in export/bodies), by the relationship's rid.
// Parameters: codes (a group of the codes in scope, sorted), asOf (date), after (rid, '' for the first page), limit.
// Returns: key (rid), row (map: lower, upper, match, functions, provenance).
MATCH (b:Body)-[c:CORRESPONDS_TO]->(u:Body)
WHERE b.jurisdiction IN $codes AND c.rid > $after
  AND (b.validFromEarliest IS NULL OR b.validFromEarliest <= $asOf)
  AND (b.validToLatest IS NULL OR b.validToLatest >= $asOf)
WITH b, c, u ORDER BY c.rid LIMIT $limit
RETURN c.rid AS key,
       c {
         .rid, .match, .confidence, .note,
         lower: b.id, upper: u.id,
         functions: coalesce(c.functions, []),
         inferredParts: coalesce(c.inferredParts, []),
         sources: coalesce(c.sources, []),
         citationSources: coalesce(c.citationSources, []),
         citationLocators: coalesce(c.citationLocators, []),
         citationQuotes: coalesce(c.citationQuotes, [])
       } AS row

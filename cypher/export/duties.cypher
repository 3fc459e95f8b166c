// One page of the duties held on $asOf by the bodies of a group of the jurisdictions in scope
// (holdings as in export/holdings), by uid. A duty held in several groups is written once, with
// the group of its first holder's jurisdiction (groups are consecutive runs of sorted codes).
// Parameters: codes (the group's codes, sorted), scope (every code in scope), asOf (date),
//             after (uid, '' for the first page), limit.
// Returns: key (uid), row (map: id, text, textEn, function, provenance).
MATCH (b:Body)-[h:HOLDS]->(d:Duty)
WHERE b.jurisdiction IN $codes
  AND (b.validFromEarliest IS NULL OR b.validFromEarliest <= $asOf)
  AND (b.validToLatest IS NULL OR b.validToLatest >= $asOf)
  AND (h.validFromEarliest IS NULL OR h.validFromEarliest <= $asOf)
  AND (h.validToLatest IS NULL OR h.validToLatest >= $asOf)
  AND d.uid > $after
WITH DISTINCT d
WHERE NOT EXISTS {
  MATCH (o:Body)-[g:HOLDS]->(d)
  WHERE o.jurisdiction IN $scope AND o.jurisdiction < $codes[0]
    AND (o.validFromEarliest IS NULL OR o.validFromEarliest <= $asOf)
    AND (o.validToLatest IS NULL OR o.validToLatest >= $asOf)
    AND (g.validFromEarliest IS NULL OR g.validFromEarliest <= $asOf)
    AND (g.validToLatest IS NULL OR g.validToLatest >= $asOf)
}
WITH d ORDER BY d.uid LIMIT $limit
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

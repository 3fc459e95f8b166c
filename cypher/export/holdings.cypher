// One page of the holdings of the bodies in scope (bodies as in export/bodies) that possibly
// held on $asOf, by the relationship's rid.
// Parameters: codes (a group of the codes in scope, sorted), asOf (date), after (rid, '' for the first page), limit.
// Returns: key (rid), row (map: body, duty, order, validity, shared, certain, provenance).
MATCH (b:Body)-[h:HOLDS]->(d:Duty)
WHERE b.jurisdiction IN $codes
  AND (b.validFromEarliest IS NULL OR b.validFromEarliest <= $asOf)
  AND (b.validToLatest IS NULL OR b.validToLatest >= $asOf)
  AND (h.validFromEarliest IS NULL OR h.validFromEarliest <= $asOf)
  AND (h.validToLatest IS NULL OR h.validToLatest >= $asOf)
  AND h.rid > $after
WITH b, h, d ORDER BY h.rid LIMIT $limit
RETURN h.rid AS key,
       h {
         .rid, .order, .confidence, .note,
         .validFrom, .validFromPrecision, .validTo, .validToPrecision,
         validFromEarliest: toString(h.validFromEarliest), validFromLatest: toString(h.validFromLatest),
         validToEarliest: toString(h.validToEarliest), validToLatest: toString(h.validToLatest),
         certain: (h.validFromLatest IS NULL OR h.validFromLatest <= $asOf)
           AND (h.validToEarliest IS NULL OR h.validToEarliest > $asOf),
         shared: coalesce(h.shared, false),
         body: b.id, duty: d.id,
         inferredParts: coalesce(h.inferredParts, []),
         sources: coalesce(h.sources, []),
         citationSources: coalesce(h.citationSources, []),
         citationLocators: coalesce(h.citationLocators, []),
         citationQuotes: coalesce(h.citationQuotes, [])
       } AS row

// Duties whose text contains a string and/or held by a body on a date, with their holders then.
// Parameters: text (or null), holder (body id or null), asOf, limit.
// Returns: id, holderIds (bodies holding it on asOf).
MATCH (d:Duty)
WHERE ($text IS NULL OR toLower(d.searchText) CONTAINS toLower($text))
WITH d, COLLECT {
  MATCH (b:Body)-[h:HOLDS]->(d)
  WHERE (h.validFromLatest IS NULL OR h.validFromLatest <= $asOf)
    AND (h.validToEarliest IS NULL OR h.validToEarliest > $asOf)
  RETURN b.id ORDER BY b.id
} AS holderIds
WHERE $holder IS NULL OR $holder IN holderIds
RETURN d.id AS id, holderIds
ORDER BY id
LIMIT $limit

// How many bodies of a jurisdiction match the filters of Query.bodies (a count; no rows are
// collected), seeking the Body(jurisdiction) index: the cost follows the jurisdiction's size.
// Parameters: jurisdiction, kinds, functionCode, asOf (as in read/roots/bodies_in_jurisdiction).
// Returns: total.
MATCH (b:Body)
WHERE b.jurisdiction = $jurisdiction
  AND ($kinds IS NULL OR b.kind IN $kinds)
  AND ($functionCode IS NULL OR $functionCode IN b.functions)
  AND (b.validFromLatest IS NULL OR b.validFromLatest <= $asOf)
  AND (b.validToEarliest IS NULL OR b.validToEarliest > $asOf)
RETURN count(b) AS total

// How many bodies match the filters of bodies_page (a count; no rows are collected).
// Parameters: jurisdiction, kinds, functionCode, asOf (as in bodies_page).
// Returns: total.
MATCH (b:Body)
WHERE ($jurisdiction IS NULL OR b.jurisdiction = $jurisdiction)
  AND ($kinds IS NULL OR b.kind IN $kinds)
  AND ($functionCode IS NULL OR $functionCode IN b.functions)
  AND (b.validFromLatest IS NULL OR b.validFromLatest <= $asOf)
  AND (b.validToEarliest IS NULL OR b.validToEarliest > $asOf)
RETURN count(b) AS total

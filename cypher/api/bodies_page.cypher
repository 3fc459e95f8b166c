// One page of bodies, filtered, ordered by (name, id), after a keyset cursor.
// Parameters: jurisdiction (code or null), kinds (list or null), functionCode (or null),
//             asOf (date), afterName and afterId (the cursor's sort key and id, or null), limit.
// Returns: id, name.
MATCH (b:Body)
WHERE ($jurisdiction IS NULL OR b.jurisdiction = $jurisdiction)
  AND ($kinds IS NULL OR b.kind IN $kinds)
  AND ($functionCode IS NULL OR $functionCode IN b.functions)
  AND (b.validFromLatest IS NULL OR b.validFromLatest <= $asOf)
  AND (b.validToEarliest IS NULL OR b.validToEarliest > $asOf)
  AND ($afterId IS NULL OR b.name > $afterName OR (b.name = $afterName AND b.id > $afterId))
RETURN b.id AS id, b.name AS name
ORDER BY b.name, b.id
LIMIT $limit

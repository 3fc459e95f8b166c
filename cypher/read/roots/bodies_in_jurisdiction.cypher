// Query.bodies with a jurisdiction: a page of its bodies that certainly existed on $asOf, filtered, ordered by name
// then id, after the keyset position ($afterName, $afterId). Slots: node (Body, n=b, asof=$asOf).
// Parameters: jurisdiction, kinds, functionCode (each or null), asOf, afterName, afterId (or
// null), limit, today. Returns: name, id, node, a row each.
// The equality on jurisdiction and the range on name seek the Body(jurisdiction, name) index: the
// cost follows the jurisdiction's size, not the country's.
MATCH (b:Body)
WHERE b.jurisdiction = $jurisdiction AND b.name >= coalesce($afterName, '')
  AND ($kinds IS NULL OR b.kind IN $kinds)
  AND ($functionCode IS NULL OR $functionCode IN b.functions)
  AND {certain(b)}
  AND ($afterId IS NULL OR b.name > $afterName OR (b.name = $afterName AND b.id > $afterId))
WITH b ORDER BY b.name, b.id LIMIT $limit
RETURN b.name AS name, b.id AS id, {proj_node} AS node

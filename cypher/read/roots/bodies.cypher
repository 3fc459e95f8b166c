// Query.bodies: a page of the bodies that certainly existed on $asOf, filtered, ordered by name
// then id, after the keyset position ($afterName, $afterId). Slots: node (Body, n=b, asof=$asOf).
// Parameters: jurisdiction, kinds, functionCode (each or null), asOf, afterName, afterId (or
// null), limit, today. Returns: name, id, node, a row each.
// `b.name >= ...` holds for every body; it lets the planner walk the Body(name) index in order and
// stop after $limit rows instead of sorting every body. With a jurisdiction, the resolver sends
// bodies_in_jurisdiction.cypher instead (the (jurisdiction, name) index).
MATCH (b:Body)
WHERE b.name >= coalesce($afterName, '')
  AND ($jurisdiction IS NULL OR b.jurisdiction = $jurisdiction)
  AND ($kinds IS NULL OR b.kind IN $kinds)
  AND ($functionCode IS NULL OR $functionCode IN b.functions)
  AND {certain(b)}
  AND ($afterId IS NULL OR b.name > $afterName OR (b.name = $afterName AND b.id > $afterId))
WITH b ORDER BY b.name, b.id LIMIT $limit
RETURN b.name AS name, b.id AS id, {proj_node} AS node

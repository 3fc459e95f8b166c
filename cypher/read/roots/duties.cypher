// Query.duties: duties by text (a substring of the Chinese or English text) and/or by a body
// holding them on $asOf, by id, at most $limit. With a holder, only its duties are read (through
// its HOLDS relationships), not every duty.
// Slots: hit (DutyHit, n=d, asof=$asOf). Parameters: text, holder (each or null), asOf, limit,
// today. Returns: hit, a row each.
CALL () {
  MATCH (:Body {id: $holder})-[h:HOLDS]->(d:Duty) WHERE {certain(h)}
  RETURN DISTINCT d
  UNION
  // the conditions before the MATCH: with a holder, no Duty is scanned; with a text, the
  // duty_search_text index finds the duties holding it (searchText is stored lower-cased)
  WITH 1 AS everything WHERE $holder IS NULL AND $text IS NOT NULL
  MATCH (d:Duty) WHERE d.searchText CONTAINS toLower($text)
  RETURN d
  UNION
  WITH 1 AS everything WHERE $holder IS NULL AND $text IS NULL
  MATCH (d:Duty)
  RETURN d
}
WITH d WHERE $text IS NULL OR d.searchText CONTAINS toLower($text)
WITH d ORDER BY d.id LIMIT $limit
RETURN {proj_hit} AS hit

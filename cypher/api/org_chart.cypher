// The bodies of a jurisdiction on a date, for the org chart: the top-level bodies (sections and
// teams that are part of a body appear under it), and those that only possibly existed then.
// Parameters: jurisdiction (code), asOf.
// Returns: code (null row if unknown), bodies (list of {id, kind}), uncertain (list of {id, kind}).
MATCH (j:Jurisdiction {code: $jurisdiction})
RETURN j.code AS code,
  COLLECT {
    MATCH (b:Body) WHERE b.jurisdiction = j.code AND b.kind <> 'internal_section'
      AND NOT EXISTS { MATCH (b)-[:PART_OF]->(:Body) }
      AND (b.validFromLatest IS NULL OR b.validFromLatest <= $asOf)
      AND (b.validToEarliest IS NULL OR b.validToEarliest > $asOf)
    RETURN {id: b.id, kind: b.kind} AS item ORDER BY b.kind, b.name, b.id
  } AS bodies,
  COLLECT {
    MATCH (b:Body) WHERE b.jurisdiction = j.code AND b.kind <> 'internal_section'
      AND NOT EXISTS { MATCH (b)-[:PART_OF]->(:Body) }
      AND NOT ((b.validFromLatest IS NULL OR b.validFromLatest <= $asOf)
               AND (b.validToEarliest IS NULL OR b.validToEarliest > $asOf))
      AND (b.validFromEarliest IS NULL OR b.validFromEarliest <= $asOf)
      AND (b.validToLatest IS NULL OR b.validToLatest >= $asOf)
    RETURN {id: b.id, kind: b.kind} AS item ORDER BY b.kind, b.name, b.id
  } AS uncertain

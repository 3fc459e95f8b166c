// Query.jurisdictions: optionally of one level and/or directly under one parent, by code.
// Slots: jurisdiction (Jurisdiction, n=j). Parameters: level, parent (or null), today.
// Returns: jurisdiction, a row each.
MATCH (j:Jurisdiction)
WHERE ($level IS NULL OR j.level = $level)
  AND ($parent IS NULL OR EXISTS { MATCH (j)-[:PART_OF]->(:Jurisdiction {code: $parent}) })
WITH j ORDER BY j.code
RETURN {proj_jurisdiction} AS jurisdiction

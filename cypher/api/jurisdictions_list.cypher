// Jurisdictions, optionally of one level and/or directly under one parent, by code.
// Parameters: level (string or null), parent (code or null).
// Returns: code.
MATCH (j:Jurisdiction)
WHERE ($level IS NULL OR j.level = $level)
  AND ($parent IS NULL OR EXISTS { MATCH (j)-[:PART_OF]->(:Jurisdiction {code: $parent}) })
RETURN j.code AS code
ORDER BY code

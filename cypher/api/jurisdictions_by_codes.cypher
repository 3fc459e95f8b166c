// Jurisdictions by code, with their parent's code.
// Parameters: codes (list of codes).
// Returns: code, jurisdiction (map with parentCode, or null).
UNWIND $codes AS code
OPTIONAL MATCH (j:Jurisdiction {code: code})
RETURN code, CASE WHEN j IS NULL THEN null ELSE j {
  .*, parentCode: head(COLLECT { MATCH (j)-[:PART_OF]->(p:Jurisdiction) RETURN p.code })
} END AS jurisdiction

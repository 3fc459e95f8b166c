// The jurisdictions above one, nearest first (the hierarchy is at most 10 deep).
// Parameters: code.
// Returns: code, distance.
MATCH p = (:Jurisdiction {code: $code})-[:PART_OF*1..10]->(a:Jurisdiction)
RETURN a.code AS code, length(p) AS distance
ORDER BY distance

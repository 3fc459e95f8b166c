// The jurisdictions above each of some, nearest first (the hierarchy is at most 10 deep).
// Parameters: codes (list).
// Returns: code, ancestors (list of codes, nearest first).
UNWIND $codes AS code
RETURN code, COLLECT {
  MATCH p = (:Jurisdiction {code: code})-[:PART_OF*1..10]->(a:Jurisdiction)
  RETURN a.code ORDER BY length(p)
} AS ancestors

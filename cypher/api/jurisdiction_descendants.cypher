// The jurisdictions below one, down to a depth (1 = children), in one traversal.
// The pattern's bound is the hierarchy's maximum (10); $depth cuts it shorter.
// Parameters: code, depth (1..10), level (string or null).
// Returns: code, distance.
MATCH p = (d:Jurisdiction)-[:PART_OF*1..10]->(:Jurisdiction {code: $code})
WHERE length(p) <= $depth AND ($level IS NULL OR d.level = $level)
RETURN d.code AS code, length(p) AS distance
ORDER BY distance, code

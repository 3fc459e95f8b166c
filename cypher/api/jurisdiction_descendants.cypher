// The jurisdictions below each of some, down to a depth (1 = children), in one traversal each.
// The pattern's bound is the hierarchy's maximum (10); a row's depth cuts it shorter.
// Parameters: rows (list of {code, depth (1..10), level (string or null)}).
// Returns: code, depth, level, descendants (list of codes, nearest first).
UNWIND $rows AS row
RETURN row.code AS code, row.depth AS depth, row.level AS level, COLLECT {
  MATCH p = (d:Jurisdiction)-[:PART_OF*1..10]->(:Jurisdiction {code: row.code})
  WHERE length(p) <= row.depth AND (row.level IS NULL OR d.level = row.level)
  RETURN d.code ORDER BY length(p), d.code
} AS descendants

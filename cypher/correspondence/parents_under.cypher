// Every jurisdiction at or under some roots that has jurisdictions directly under it: the
// parents `check-correspondence --all-levels ROOT[,ROOT...]` reports on (a province, each of its
// cities, and so on down, every level at once), by code.
// Parameters: roots (list of codes).
// Returns: one row per known root (none for an unknown one): root (code), parents (list of codes, by code).
UNWIND $roots AS rootCode
MATCH (r:Jurisdiction {code: rootCode})
RETURN r.code AS root,
  COLLECT {
    MATCH (p:Jurisdiction)-[:PART_OF]->*(r)
    WHERE EXISTS { (:Jurisdiction)-[:PART_OF]->(p) }
    RETURN DISTINCT p.code AS code ORDER BY code
  } AS parents

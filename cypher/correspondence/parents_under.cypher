// Every jurisdiction at or under a root that has jurisdictions directly under it: the parents
// `check-correspondence --all-levels ROOT` reports on (a province, each of its cities, and so
// on down, every level at once), by code.
// Parameters: root (code).
// Returns: one row (none if the root is unknown): root (code), parents (list of codes, by code).
MATCH (r:Jurisdiction {code: $root})
RETURN r.code AS root,
  COLLECT {
    MATCH (p:Jurisdiction)-[:PART_OF]->*(r)
    WHERE EXISTS { (:Jurisdiction)-[:PART_OF]->(p) }
    RETURN DISTINCT p.code AS code ORDER BY code
  } AS parents

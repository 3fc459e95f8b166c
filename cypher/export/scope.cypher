// The jurisdictions an export covers: the roots asked for and, when withDescendants, every
// jurisdiction under them (docs/exports.md, Scope). Unknown roots are reported, not dropped.
// Parameters: roots (list of codes), withDescendants (boolean).
// Returns: one row: codes (sorted list of codes in scope), missing (roots that name nothing).
UNWIND $roots AS root
OPTIONAL MATCH (j:Jurisdiction {code: root})
WITH collect(j) AS found, [r IN $roots WHERE NOT EXISTS { MATCH (:Jurisdiction {code: r}) }] AS missing
RETURN COLLECT {
         UNWIND found AS j
         CALL (j) {
           RETURN j.code AS code
           UNION
           MATCH (d:Jurisdiction)-[:PART_OF*1..10]->(j) WHERE $withDescendants
           RETURN d.code AS code
         }
         WITH DISTINCT code RETURN code ORDER BY code
       } AS codes,
       missing

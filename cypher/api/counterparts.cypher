// Candidate counterparts of a body in other jurisdictions, as of a date: bodies of the same
// group (organs, commissions, teams, institutions, sections) that share a function code, or
// that a document links (CORRESPONDS_TO), or that manage it or are managed by it.
// The service classifies each candidate (exact / merged / vertical).
// Parameters: bodyId, jurisdiction (a target code or null), direction ('down', 'up', 'both'), asOf.
// Returns: one row per target jurisdiction: code, name, level, candidates (list of maps),
//          exceptions (documents allowing a missing field there); no row if the body is unknown.
MATCH (b:Body {id: $bodyId})
MATCH (home:Jurisdiction {code: b.jurisdiction})
WITH b, home,
     CASE WHEN b.kind IN ['commission', 'law_enforcement_team', 'public_institution', 'internal_section']
          THEN b.kind ELSE 'organ' END AS grp
MATCH (t:Jurisdiction)
WHERE t <> home
  AND CASE WHEN $jurisdiction IS NOT NULL THEN t.code = $jurisdiction
      ELSE ($direction IN ['down', 'both'] AND EXISTS { MATCH (t)-[:PART_OF]->(home) })
        OR ($direction IN ['up', 'both'] AND EXISTS { MATCH (home)-[:PART_OF*1..10]->(t) })
      END
RETURN t.code AS code, t.name AS name, t.level AS level,
  EXISTS { MATCH (home)-[:PART_OF*1..10]->(t) } AS above,
  COLLECT {
    MATCH (c:Body)
    WHERE c.jurisdiction = t.code
      AND (c.validFromLatest IS NULL OR c.validFromLatest <= $asOf)
      AND (c.validToEarliest IS NULL OR c.validToEarliest > $asOf)
      AND CASE WHEN c.kind IN ['commission', 'law_enforcement_team', 'public_institution', 'internal_section']
               THEN c.kind ELSE 'organ' END = grp
      AND (any(f IN c.functions WHERE f IN b.functions)
           OR EXISTS { MATCH (c)-[:CORRESPONDS_TO]-(b) }
           OR EXISTS { MATCH (c)-[:MANAGED_BY]->(b) }
           OR EXISTS { MATCH (b)-[:MANAGED_BY]->(c) })
    RETURN c {
      .id, .name, .kind, .functions,
      explicit: head(COLLECT { MATCH (c)-[x:CORRESPONDS_TO]-(b) RETURN x {.match, .functions, .sources, .confidence} }),
      managedLink: EXISTS { MATCH (c)-[:MANAGED_BY]->(b) } OR EXISTS { MATCH (b)-[:MANAGED_BY]->(c) }
    } ORDER BY c.name
  } AS candidates,
  COLLECT {
    MATCH (x:CorrespondenceException)-[:APPLIES_TO]->(t)
    WHERE x.function IN b.functions
    RETURN x {.id, .function, .description, .sources}
  } AS exceptions
ORDER BY above DESC, level, code

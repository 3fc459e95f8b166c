// Query.counterparts: a body's candidates at other levels on $asOf, with what the classification
// needs (graph_service/services/counterparts.py) and the projections the client asked for.
// Candidates: bodies of the same group of kinds that certainly existed, share a function code,
// are linked by a document (CORRESPONDS_TO) or manage or are managed by the body.
// Slots: body (Body, n=b), jurisdiction (Jurisdiction, n=t), candidate (Body, n=c),
//        match_document (Document, n=d), allowed_document (Document, n=d); bodies as of $asOf.
// Parameters: bodyId, jurisdiction (or null: look up and/or down), direction ('up', 'down',
// 'both'), asOf, today.
// Returns: one row: bodyFound, jurisdictionFound, body, functions, requiredAt (each field's
// code and the levels the function catalogue requires it at), targets (a map each:
// code, name, level, above, jurisdiction, candidates, exceptions).
OPTIONAL MATCH (b:Body {id: $bodyId})
OPTIONAL MATCH (home:Jurisdiction {code: b.jurisdiction})
WITH b, home,
     CASE WHEN b.kind IN ['commission', 'law_enforcement_team', 'public_institution', 'internal_section']
          THEN b.kind ELSE 'organ' END AS grp
RETURN b IS NOT NULL AS bodyFound,
  ($jurisdiction IS NULL OR EXISTS { MATCH (:Jurisdiction {code: $jurisdiction}) }) AS jurisdictionFound,
  CASE WHEN b IS NULL THEN null ELSE {proj_body} END AS body,
  coalesce(b.functions, []) AS functions,
  COLLECT { MATCH (f:Function) WHERE f.code IN b.functions RETURN {code: f.code, requiredAt: coalesce(f.requiredAt, [])} }
    AS requiredAt,
  COLLECT {
    // the targets reached from the body's jurisdiction (or the one asked for), not found among
    // all jurisdictions: a scan of every one grew with the country (3,200 at national size)
    CALL (home) {
      MATCH (t:Jurisdiction {code: $jurisdiction})
      RETURN t
      UNION
      WITH home WHERE $jurisdiction IS NULL AND $direction IN ['down', 'both']
      MATCH (t:Jurisdiction)-[:PART_OF]->(home)
      RETURN t
      UNION
      WITH home WHERE $jurisdiction IS NULL AND $direction IN ['up', 'both']
      MATCH (home)-[:PART_OF*1..10]->(t:Jurisdiction)
      RETURN t
    }
    WITH t WHERE b IS NOT NULL AND t <> home
    WITH t, EXISTS { MATCH (home)-[:PART_OF*1..10]->(t) } AS above
    ORDER BY above DESC, t.level, t.code
    RETURN {
      code: t.code, name: t.name, level: t.level, above: above,
      jurisdiction: {proj_jurisdiction},
      candidates: COLLECT {
        MATCH (c:Body)
        WHERE c.jurisdiction = t.code AND {certain(c)}
          AND CASE WHEN c.kind IN ['commission', 'law_enforcement_team', 'public_institution', 'internal_section']
                   THEN c.kind ELSE 'organ' END = grp
          AND (any(f IN c.functions WHERE f IN b.functions)
               OR EXISTS { MATCH (c)-[:CORRESPONDS_TO]-(b) }
               OR EXISTS { MATCH (c)-[:MANAGED_BY]->(b) }
               OR EXISTS { MATCH (b)-[:MANAGED_BY]->(c) })
        RETURN {
          id: c.id, functions: coalesce(c.functions, []),
          explicit: head(COLLECT {
            MATCH (c)-[x:CORRESPONDS_TO]-(b)
            RETURN x {.match, .functions, .sources, .confidence, .note, documents: COLLECT {
              UNWIND range(0, size(coalesce(x.sources, [])) - 1) AS i
              MATCH (d:Document {id: x.sources[i]})
              RETURN {proj_match_document} ORDER BY i
            }}
          }),
          managedLink: EXISTS { MATCH (c)-[:MANAGED_BY]->(b) } OR EXISTS { MATCH (b)-[:MANAGED_BY]->(c) },
          projection: {proj_candidate}
        } ORDER BY c.name
      },
      exceptions: COLLECT {
        MATCH (x:CorrespondenceException)-[:APPLIES_TO]->(t)
        WHERE x.function IN b.functions
        RETURN x {.id, .description, .sources}
      },
      documents: COLLECT {
        MATCH (x:CorrespondenceException)-[:APPLIES_TO]->(t)
        WHERE x.function IN b.functions
        UNWIND x.sources AS source
        WITH DISTINCT source
        MATCH (d:Document {id: source})
        RETURN {id: d.id, projection: {proj_allowed_document}}
      }
    }
  } AS targets

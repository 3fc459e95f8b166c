// One page of the bodies of the jurisdictions in scope that possibly existed on $asOf (their
// dates allow it; `certain` says whether they certainly did: docs/model.md, Dates), by uid.
// Parameters: codes (a group of the codes in scope, sorted), asOf (date), after (uid, '' for the first page), limit.
// Returns: key (uid), row (map: the body's fields, its parent, manager, joint offices,
//          commission office, leads, memberOf, functions, nameplates possibly valid on $asOf,
//          children possibly existing on $asOf, duties certainly held on $asOf, the events it
//          was original or resulting in, and its provenance).
MATCH (b:Body)
WHERE b.jurisdiction IN $codes AND b.uid > $after
  AND (b.validFromEarliest IS NULL OR b.validFromEarliest <= $asOf)
  AND (b.validToLatest IS NULL OR b.validToLatest >= $asOf)
WITH b ORDER BY b.uid LIMIT $limit
RETURN b.uid AS key,
       b {
         .id, .name, .shortName, .kind, .requirement, .jurisdiction, .confidence, .note,
         .validFrom, .validFromPrecision, .validTo, .validToPrecision,
         validFromEarliest: toString(b.validFromEarliest), validFromLatest: toString(b.validFromLatest),
         validToEarliest: toString(b.validToEarliest), validToLatest: toString(b.validToLatest),
         certain: (b.validFromLatest IS NULL OR b.validFromLatest <= $asOf)
           AND (b.validToEarliest IS NULL OR b.validToEarliest > $asOf),
         aliases: coalesce(b.aliases, []),
         formerNames: coalesce(b.formerNames, []),
         externalIds: coalesce(b.externalIds, []),
         functions: COLLECT { MATCH (b)-[:COVERS]->(f:Function) RETURN f.code ORDER BY f.code },
         parent: head(COLLECT { MATCH (b)-[:PART_OF]->(p:Body) RETURN p.id }),
         managedBy: head(COLLECT { MATCH (b)-[:MANAGED_BY]->(m:Body) RETURN m.id }),
         jointOffices: COLLECT { MATCH (b)-[:JOINT_OFFICE_WITH]-(o:Body) RETURN DISTINCT o.id AS id ORDER BY id },
         officeIn: head(COLLECT { MATCH (b)-[r:OFFICE_IN]->(h:Body) RETURN {body: h.id, name: r.officeName} }),
         leads: COLLECT { MATCH (b)-[:LEADS]->(c:Body) RETURN c.id ORDER BY c.id },
         memberOf: COLLECT { MATCH (b)-[:MEMBER_OF]->(c:Body) RETURN c.id ORDER BY c.id },
         children: COLLECT {
           MATCH (c:Body)-[:PART_OF]->(b)
           WHERE (c.validFromEarliest IS NULL OR c.validFromEarliest <= $asOf)
             AND (c.validToLatest IS NULL OR c.validToLatest >= $asOf)
           RETURN c.id ORDER BY c.id
         },
         duties: COLLECT {
           MATCH (b)-[h:HOLDS]->(d:Duty)
           WHERE (h.validFromLatest IS NULL OR h.validFromLatest <= $asOf)
             AND (h.validToEarliest IS NULL OR h.validToEarliest > $asOf)
           RETURN DISTINCT d.id AS id ORDER BY id
         },
         resultedFrom: COLLECT { MATCH (e:ReformEvent)-[:RESULTING]->(b) RETURN e.id ORDER BY e.id },
         changedBy: COLLECT { MATCH (e:ReformEvent)-[:ORIGINAL]->(b) RETURN e.id ORDER BY e.id },
         nameplates: COLLECT {
           MATCH (b)-[:HAS_NAMEPLATE]->(n:Nameplate)
           WHERE (n.validFromEarliest IS NULL OR n.validFromEarliest <= $asOf)
             AND (n.validToLatest IS NULL OR n.validToLatest >= $asOf)
           RETURN n {
             .uid, .name, .validFrom, .validFromPrecision, .validTo, .validToPrecision, .confidence, .note,
             inferredParts: coalesce(n.inferredParts, []), sources: coalesce(n.sources, [])
           } ORDER BY n.name
         },
         sourceDocuments: COLLECT {
           UNWIND range(0, size(coalesce(b.sources, [])) - 1) AS i
           MATCH (d:Document {id: b.sources[i]})
           RETURN d {.id, .title, .url} ORDER BY i
         },
         inferredParts: coalesce(b.inferredParts, []),
         sources: coalesce(b.sources, []),
         citationSources: coalesce(b.citationSources, []),
         citationLocators: coalesce(b.citationLocators, []),
         citationQuotes: coalesce(b.citationQuotes, [])
       } AS row

// Chinese full-text search over names, short names, aliases, former names, nameplates and
// duties (index search_text, CJK analyzer), ranked by score. Bodies (and the bodies of
// nameplates) must exist on asOf and be of one of the kinds if kinds are given; duties must
// have a holder on asOf (of those kinds, if given).
// Parameters: query (Lucene syntax, escaped by the caller), kinds (list or null), asOf, limit.
// Returns: label ('Body', 'Nameplate' or 'Duty'), names (the texts the node was indexed under,
//          most specific first), score, bodyId, dutyId.
CALL db.index.fulltext.queryNodes('search_text', $query) YIELD node, score
WITH node, score,
  CASE WHEN node:Body THEN node
       WHEN node:Nameplate THEN head(COLLECT { MATCH (o:Body)-[:HAS_NAMEPLATE]->(node) RETURN o })
  END AS body
WHERE CASE WHEN body IS NOT NULL THEN
        ($kinds IS NULL OR body.kind IN $kinds)
        AND (body.validFromLatest IS NULL OR body.validFromLatest <= $asOf)
        AND (body.validToEarliest IS NULL OR body.validToEarliest > $asOf)
      ELSE EXISTS {
        MATCH (h:Body)-[r:HOLDS]->(node)
        WHERE ($kinds IS NULL OR h.kind IN $kinds)
          AND (r.validFromLatest IS NULL OR r.validFromLatest <= $asOf)
          AND (r.validToEarliest IS NULL OR r.validToEarliest > $asOf)
      } END
RETURN [l IN labels(node) WHERE l <> 'Record'][0] AS label, score,
       CASE WHEN node:Duty THEN [node.text, node.textEn]
            WHEN node:Nameplate THEN [node.name]
            ELSE [node.name, node.shortName] + coalesce(node.aliases, []) + coalesce(node.formerNames, [])
                 + COLLECT { MATCH (node)-[:HAS_NAMEPLATE]->(n:Nameplate) RETURN n.name }
       END AS names,
       body.id AS bodyId, CASE WHEN node:Duty THEN node.id END AS dutyId
ORDER BY score DESC, coalesce(bodyId, dutyId)
LIMIT $limit

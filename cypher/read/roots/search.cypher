// Query.search: Chinese full-text search over names, short names, aliases, former names,
// nameplates and duties. A hit on a nameplate stands for the body carrying it. Bodies must have
// certainly existed on $asOf (duties: be held then), of $kinds if given.
// Slots: body (Body, n=body, asof=$asOf), duty (Duty, n=node).
// Parameters: query (Lucene, escaped), kinds (or null), asOf, limit, today.
// Returns: label, score, names (the texts that may have matched), body, duty, a row each.
CALL db.index.fulltext.queryNodes('search_text', $query) YIELD node, score
WITH node, score,
  CASE WHEN node:Body THEN node
       WHEN node:Nameplate THEN head(COLLECT { MATCH (o:Body)-[:HAS_NAMEPLATE]->(node) RETURN o })
  END AS body
WHERE CASE WHEN body IS NOT NULL THEN
        ($kinds IS NULL OR body.kind IN $kinds) AND {certain(body)}
      ELSE EXISTS {
        MATCH (h:Body)-[r:HOLDS]->(node)
        WHERE ($kinds IS NULL OR h.kind IN $kinds) AND {certain(r)}
      } END
WITH node, score, body
ORDER BY score DESC, coalesce(body.id, CASE WHEN node:Duty THEN node.id END)
LIMIT $limit
RETURN [l IN labels(node) WHERE l <> 'Record'][0] AS label, score,
  CASE WHEN node:Duty THEN [node.text, node.textEn]
       WHEN node:Nameplate THEN [node.name]
       ELSE [node.name, node.shortName] + coalesce(node.aliases, []) + coalesce(node.formerNames, [])
            + COLLECT { MATCH (node)-[:HAS_NAMEPLATE]->(p:Nameplate) RETURN p.name }
  END AS names,
  CASE WHEN body IS NULL THEN null ELSE {proj_body} END AS body,
  CASE WHEN node:Duty THEN {proj_duty} END AS duty

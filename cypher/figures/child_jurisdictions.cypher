// The jurisdictions directly under one, by level, with the documents behind them.
// Parameters: parent (code).
// Returns: level, count, names (list), documents (list of {id, title}).
MATCH (child:Jurisdiction)-[:PART_OF]->(:Jurisdiction {code: $parent})
WITH child.level AS level, collect(child) AS children
RETURN level, size(children) AS count, [c IN children | c.name] AS names,
       COLLECT {
         UNWIND children AS c UNWIND c.sources AS source
         WITH DISTINCT source
         MATCH (d:Document {id: source})
         RETURN d {.id, .title}
       } AS documents
ORDER BY level

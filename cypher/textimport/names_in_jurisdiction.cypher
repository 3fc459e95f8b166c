// What reading an imported text against the graph needs (graph_service/textimport), in one
// round trip: the jurisdiction; every body of it, living or ended (a text may name a former
// body, 原…), and every duty they hold or held, as their stored records; the catalogue of
// functions (their names are the duties' field keywords); the document, if the graph has it.
// Seeks the Body(jurisdiction) index: the cost follows the jurisdiction's size, not the graph's.
// Parameters: jurisdiction (code), document (id).
// Returns: jurisdiction, bodies (list), duties (list), functions (list), document (or null), all
// record JSON; no row for an unknown jurisdiction.
MATCH (j:Jurisdiction {code: $jurisdiction})
CALL (j) {
  MATCH (b:Body)
  WHERE b.jurisdiction = j.code
  RETURN collect(b.record) AS bodies
}
CALL (j) {
  MATCH (b:Body)-[:HOLDS]->(d:Duty)
  WHERE b.jurisdiction = j.code
  RETURN collect(DISTINCT d.record) AS duties
}
CALL () {
  MATCH (f:Function)
  RETURN collect(f.record) AS functions
}
OPTIONAL MATCH (doc:Document {id: $document})
RETURN j.record AS jurisdiction, bodies, duties, functions, doc.record AS document

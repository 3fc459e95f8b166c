// Put relationships back as a snapshot had them, or remove the ones an edit created (retraction).
// Parameters: rows (list of {rid, start, end, type, props}; props null: the edit created it).
// Returns: done (count).
UNWIND $rows AS row
OPTIONAL MATCH (:Record {uid: row.start})-[r]->() WHERE r.rid = row.rid
CALL (row, r) {
  WITH row, r WHERE row.props IS NULL AND r IS NOT NULL
  DELETE r
}
CALL (row) {
  WITH row WHERE row.props IS NOT NULL
  MATCH (a:Record {uid: row.start})
  MATCH (b:Record {uid: row.end})
  MERGE (a)-[x:$(row.type) {rid: row.rid}]->(b)
  SET x = row.props
}
RETURN count(*) AS done

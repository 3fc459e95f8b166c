// Documents by id.
// Parameters: ids (list of document ids).
// Returns: id, document (map or null).
UNWIND $ids AS id
OPTIONAL MATCH (d:Document {id: id})
RETURN id, d {.*} AS document

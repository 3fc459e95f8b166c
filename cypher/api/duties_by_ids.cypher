// Duties by id, with their field.
// Parameters: ids (list of duty ids).
// Returns: id, duty (map or null).
UNWIND $ids AS id
OPTIONAL MATCH (d:Duty {id: id})
RETURN id, CASE WHEN d IS NULL THEN null ELSE d {
  .*, functionRef: head(COLLECT { MATCH (d)-[:IN_FIELD]->(f:Function) RETURN f {.code, .name, .nameEn} })
} END AS duty

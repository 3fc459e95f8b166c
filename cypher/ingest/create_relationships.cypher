// Create seed relationships the diff found missing, between existing nodes. CREATE, not MERGE:
// MERGE would look for the relationship among all of a dense node's (a Function covered by
// thousands of bodies), and the diff has already proved it absent. The type comes from the
// loader's fixed set (PART_OF, HOLDS, ...), never from file content.
// Parameters: rows: list of {rid, type, start, end, props} (start/end are node uids).
// Returns: written (count).
UNWIND $rows AS row
MATCH (a:Record {uid: row.start})
MATCH (b:Record {uid: row.end})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(*) AS written

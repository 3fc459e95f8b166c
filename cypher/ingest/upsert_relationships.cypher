// Create or replace seed relationships between existing nodes. The type comes from the
// loader's fixed set (PART_OF, HOLDS, ...), never from file content.
// Parameters: rows: list of {rid, type, start, end, props} (start/end are node uids).
// Returns: written (count).
UNWIND $rows AS row
MATCH (a:Record {uid: row.start})
MATCH (b:Record {uid: row.end})
MERGE (a)-[r:$(row.type) {rid: row.rid}]->(b)
SET r = row.props
RETURN count(*) AS written

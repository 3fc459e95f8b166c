// Put nodes back as a snapshot had them (retraction).
// Parameters: rows (list of {uid, label, props}).
// Returns: restored (count).
UNWIND $rows AS row
MERGE (n:Record {uid: row.uid})
SET n = row.props
SET n:$(row.label)
RETURN count(*) AS restored

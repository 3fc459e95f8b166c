// Create seed nodes the diff found missing (the uid constraint refuses a duplicate, so a
// wrong diff fails loudly instead of writing twice). The label comes from the loader's fixed set
// of node kinds (Jurisdiction, Body, Duty, ...), never from file content.
// Parameters: rows: list of {uid, label, props} (props hold every property, uid included).
// Returns: written (count).
UNWIND $rows AS row
CREATE (n:Record)
SET n = row.props
SET n:$(row.label)
RETURN count(*) AS written
